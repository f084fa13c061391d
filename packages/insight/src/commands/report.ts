import { availableParallelism } from 'node:os';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildReport } from '../report/build-report.js';
import { expandSources } from '../sources/files.js';
import { DbPool } from '../db-pool.js';
import { renderTerminal } from '../render/terminal.js';
import { renderHtml } from '../render/html.js';
import { readTicketState, stateDir } from '../ticket-state.js';
import {
  load,
  filtersOf,
  positiveInt,
  styleFor,
  SOURCE_HELP,
  SOURCE_OPTIONS,
  UsageError,
  type Io,
  type Values,
  type Command,
} from './common.js';
import { givenOrDefaultSources } from '../sources/default-sources.js';

export const reportCommand: Command = {
  name: 'report',
  summary:
    'the one-screen walk-through: overview, users, crawlers, attackers, crashes, not found, slow routes',
  usage: `logbook report [sources...] [options]

Sources: files, folders (read recursively) and globs; JSONL records and Apache/Nginx access logs, gzipped or not.
Default source: ./logs

  --json            print the report as JSON (keys documented in docs/insight.md)
  --html FILE       write a self-contained HTML report to FILE
  --site-host H     this site's host name, to tell internal referers (broken links) from others; repeatable
  --limit N         rows per table in the terminal (default 10)
  --width N         terminal width (default: the terminal's, or 100)
${SOURCE_HELP}`,
  options: {
    ...SOURCE_OPTIONS,
    json: { type: 'boolean' },
    html: { type: 'string' },
    'site-host': { type: 'string', multiple: true },
    limit: { type: 'string' },
    width: { type: 'string' },
  },
  async run(io: Io, positionals: string[], v: Values): Promise<number> {
    const limit = positiveInt(v.limit, '--limit');
    const width = positiveInt(v.width, '--width');
    const html = typeof v.html === 'string' ? resolve(io.cwd, v.html) : undefined;
    // Checked before the logs are read: a typo in the path should not cost a minute's report.
    if (html && !existsSync(dirname(html)))
      throw new Error(
        `--html ${String(v.html)}: the folder ${dirname(html)} does not exist. Create it first.`,
      );
    // Writing the HTML over one of the logs would destroy it (`logbook report --html access.log` reads ./logs).
    if (html && existsSync(html)) {
      const target = statSync(html);
      if (target.isDirectory())
        throw new UsageError(
          `--html ${String(v.html)} is a folder: give the file to write, e.g. ${join(String(v.html), 'report.html')}.`,
        );
      const sources = expandSources(givenOrDefaultSources(positionals));
      // The same file by any name: a symlink or a hard link as well.
      if (sources.map((f) => statSync(f)).some((f) => f.dev === target.dev && f.ino === target.ino))
        throw new UsageError(
          `--html ${String(v.html)} is one of the logs being read; writing the report there would destroy it. Give another file name.`,
        );
    }
    // The report reads a fixed set of columns; loading only those is faster (see LoadOptions.lean).
    const loaded = await load(io, positionals, v, { lean: true });
    // Sections run on three connections at once (one waiting on Node, e.g. for the tracker replay, leaves DuckDB's
    // threads to the others), with DuckDB's threads shared out between them instead of each statement spreading
    // over every core: the report's statements are many and short, and on two cores one thread each cost about a
    // tenth less CPU and wall time than two each (loading, done by now, keeps every thread).
    const lanes = 3;
    const pool = await DbPool.open(loaded.instance, lanes);
    await loaded.conn.run(`SET threads = ${Math.max(1, Math.round(availableParallelism() / lanes))}`);
    try {
      const report = await buildReport(loaded, filtersOf(v), {
        run: (job) => pool.run(job),
        lanes,
        sources: loaded.files,
        skipped: loaded.skipped,
        tickets: readTicketState(stateDir(loaded.inputs)),
        siteHosts: (v['site-host'] as string[] | undefined) ?? [],
      });
      if (html) {
        try {
          writeFileSync(html, renderHtml(report));
        } catch (e) {
          throw new Error(`Cannot write the HTML report to ${html}: ${(e as Error).message}`, { cause: e });
        }
        if (!v.json) io.stderr.write(`HTML report written to ${String(v.html)}\n`);
      }
      if (v.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else if (!html) {
        io.stdout.write(
          renderTerminal(report, {
            width: width ?? io.stdout.columns ?? 100,
            style: styleFor(io, v),
            ...(limit ? { limit } : {}),
          }),
        );
      }
      return 0;
    } finally {
      await pool.close();
      loaded.close();
    }
  },
};
