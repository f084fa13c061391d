import { existsSync } from 'node:fs';
import { rowsWithColumns } from '../db.js';
import { csvRecord } from '../render/csv.js';
import { safeText } from '../render/escape.js';
import { textTable } from '../render/text-table.js';
import { load, styleFor, SOURCE_OPTIONS, UsageError, type Io, type Values, type Command } from './common.js';

export const sqlCommand: Command = {
  name: 'sql',
  summary: 'ad-hoc SQL over the records table and the requests/events views',
  usage: `logbook sql "SELECT ..." [sources...] [--json | --csv]

Tables: records (every record; access-log lines become http.request rows), requests (event = 'http.request'),
events (all). Columns: ts, level, channel, event, msg, message, req_id, method, path, route, query, status,
duration_ms, bytes, ip, ua, referer, auth_required, vhost, kind, client_name, browser, os, device, client_reason,
signals, user_id, user_name, user_email, session, error (JSON), incident (JSON), fingerprint, incident_ref, src.

  --json            print rows as JSON
  --csv             print rows as CSV with a header line (text that starts like a spreadsheet formula gets a ')
  --format F, --request-time U, --strict, --no-color as for report`,
  options: {
    format: SOURCE_OPTIONS.format,
    'request-time': SOURCE_OPTIONS['request-time'],
    strict: SOURCE_OPTIONS.strict,
    color: SOURCE_OPTIONS.color,
    'no-color': SOURCE_OPTIONS['no-color'],
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
  },
  async run(io: Io, positionals: string[], v: Values): Promise<number> {
    const [query, ...sources] = positionals;
    if (!query)
      throw new UsageError(
        'give a query, e.g. logbook sql "SELECT kind, count(*) FROM requests GROUP BY 1" logs/',
      );
    // `logbook sql logs/` forgot the query: say so, rather than read ./logs and report that it is missing.
    if (sources.length === 0 && !/\s/.test(query) && existsSync(query))
      throw new UsageError(
        `${query} is a file or folder, not a query: give the query first, e.g. logbook sql "SELECT count(*) FROM requests" ${query}`,
      );
    if (v.json && v.csv) throw new UsageError('give --json or --csv, not both.');
    const loaded = await load(io, sources, v);
    try {
      let result, cols: string[];
      try {
        ({ rows: result, columns: cols } = await rowsWithColumns(loaded, query));
      } catch (e) {
        // DuckDB quotes the value it could not convert, and that value came from a log: shown inert, lines kept.
        const message = (e as Error).message.split('\n').map(safeText).join('\n');
        io.stderr.write(`logbook sql: SQL error: ${message}\n`);
        return 1;
      }
      if (v.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (v.csv) {
        io.stdout.write(csvRecord(cols));
        for (const r of result) io.stdout.write(csvRecord(cols.map((c) => r[c])));
      } else {
        io.stdout.write(
          `${textTable(
            cols.map((c) => ({ title: c, flex: true })),
            result.map((r) =>
              cols.map((c) => (typeof r[c] === 'object' && r[c] !== null ? JSON.stringify(r[c]) : r[c])),
            ),
            io.stdout.columns ?? 120,
            styleFor(io, v),
          )}\n(${result.length} row${result.length === 1 ? '' : 's'})\n`,
        );
      }
      return 0;
    } finally {
      loaded.close();
    }
  },
};
