// The dashboard keeps reports and client verdicts until records arrive. What it follows must reach every part of the
// report (a new attacker in the attackers panel, its requests in the counts, the total in /api/meta), and two time
// windows asked one after the other are two reports, not the first one twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import type { Change } from '../src/serve/live-logs.js';
import { tempDir } from './helpers/records.js';
import { appendLog, requestRecord, writeLog } from './support/site-logs.js';

const HOUR = 3_600_000;
const start = Date.parse('2026-11-22T08:00:00.000Z');
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const PROBER = '203.0.113.99';

interface ReportBody {
  version: number;
  report: { totals: { requests: number }; attackers: { ip: string; verdict: string; requests: number }[] };
}

async function get<T>(d: Dashboard, path: string): Promise<T> {
  const res = await fetch(new URL(path, d.url));
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('the dashboard, as it follows its logs', () => {
  const dir = tempDir('dashboard-followed-');
  const file = join(dir, 'app.jsonl');
  let d: Dashboard;

  beforeAll(async () => {
    // Six requests, one an hour from 08:00 to 13:00.
    writeLog(
      file,
      Array.from({ length: 6 }, (_, i) =>
        requestRecord({ time: start + i * HOUR, ip: `198.51.100.${i + 1}`, ua: UA, path: `/page-${i}` }),
      ),
    );
    d = await startDashboard({ sources: [dir], port: 0 });
  });
  afterAll(async () => {
    await d?.close();
  });

  it('asks for two time windows one after the other and gets each its own report', async () => {
    const since = (iso: string): Promise<ReportBody> =>
      get<ReportBody>(d, `/api/report?since=${encodeURIComponent(iso)}`);
    const until = (iso: string): Promise<ReportBody> =>
      get<ReportBody>(d, `/api/report?until=${encodeURIComponent(iso)}`);
    expect((await since('2026-11-22T10:00:00Z')).report.totals.requests).toBe(4);
    expect((await since('2026-11-22T12:00:00Z')).report.totals.requests).toBe(2);
    expect((await until('2026-11-22T10:00:00Z')).report.totals.requests).toBe(2);
    expect((await until('2026-11-22T12:00:00Z')).report.totals.requests).toBe(4);
  });

  it('shows a prober that arrives while it follows among the attackers, and counts its requests', async () => {
    const before = await get<ReportBody>(d, '/api/report');
    expect(before.report.totals.requests).toBe(6);
    expect(before.report.attackers).toEqual([]);
    const changed = new Promise<Change>((resolve) => d.live.once('change', resolve));
    appendLog(
      file,
      ['/wp-login.php', '/wp-admin/setup-config.php', '/.env', '/.git/config'].map((path, i) =>
        requestRecord({
          time: start + 7 * HOUR + i * 1000,
          ip: PROBER,
          ua: UA,
          path,
          status: 404,
          kind: 'scanner',
          signals: [path.startsWith('/wp') ? 'wordpress-probe' : 'sensitive-file'],
        }),
      ),
    );
    expect(await changed).toEqual({ version: before.version + 1, added: 4, total: 10 });
    expect(await get<{ version: number; total: number }>(d, '/api/meta')).toMatchObject({
      version: before.version + 1,
      total: 10,
    });
    const after = await get<ReportBody>(d, '/api/report');
    expect(after.version).toBe(before.version + 1);
    expect(after.report.totals.requests).toBe(10);
    // Its verdict is the tracker's, over its requests as followed (not the bare 'scanner' of a client unjudged).
    expect(after.report.attackers).toMatchObject([
      { ip: PROBER, verdict: 'sensitive-file-scan', requests: 4 },
    ]);
  });
});
