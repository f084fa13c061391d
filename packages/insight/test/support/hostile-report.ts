import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSources } from '../../src/sources/load.js';
import { buildReport, type Report } from '../../src/report/build-report.js';
import { appendLog, requestRecord, siteLogs, writeLog } from './site-logs.js';

/**
 * A report of a generated site's log (crawlers, tools, attackers, crashes, broken links, slow routes, a skipped
 * line), so every section of the renderers has rows.
 */
export async function siteReport(): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-report-'));
  const file = join(dir, 'app.jsonl');
  const end = Date.parse('2026-11-22T12:00:00Z');
  writeLog(file, siteLogs({ seed: 5, visitors: 40, end }).records);
  // Tools (the Automation section).
  appendLog(
    file,
    ['curl/8.5.0', 'python-requests/2.31', ''].map((ua, i) =>
      requestRecord({
        time: end - i * 60_000,
        ip: `192.0.2.${20 + i}`,
        ua,
        path: '/api/items',
        kind: 'unknown',
      }),
    ),
  );
  appendFileSync(file, '{"cut off in the middle\n');
  const loaded = await loadSources([dir]);
  try {
    return await buildReport(
      loaded,
      { where: ['level!=DEBUG'] },
      {
        sources: loaded.files,
        skipped: loaded.skipped,
      },
    );
  } finally {
    loaded.close();
  }
}

/** Values the report makes itself (times, states, sizes), not text from the logs. */
const NOT_LOG_TEXT = new Set([
  'generated_at',
  'from',
  'to',
  'first_seen',
  'last_seen',
  'solved_at',
  'bucket',
  'size',
  'state',
  'format',
  'by',
  'since',
  'until',
  'version',
]);

/**
 * The report with every piece of log text in it (names, paths, user agents, referers, IPs, verdicts, rule ids,
 * errors, file names, skip reasons, filter terms) replaced by `texts`, taken in turn.
 */
export function withLogText(report: Report, texts: readonly string[]): Report {
  let i = 0;
  const next = (): string => texts[i++ % texts.length]!;
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return NOT_LOG_TEXT.has(key) ? v : next();
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(report, '') as Report;
}
