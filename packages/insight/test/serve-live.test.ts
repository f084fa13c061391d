import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, appendFileSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { siteLogs, writeLog, appendLog, requestRecord, ATTACKER_IP } from './support/site-logs.js';
import { cli } from './helpers/records.js';

interface ReportBody {
  version: number;
  report: {
    totals: { requests: number; records: number };
    attackers: { ip: string }[];
    tickets: { fingerprint: string; state: string; count: number }[];
    clients: { scanners: { hits: number } };
  };
  series: { buckets: string[]; errors: number[]; attacks: number[]; actions: Record<string, number[]> };
}

async function get<T>(d: Dashboard, path: string): Promise<T> {
  const res = await fetch(new URL(path, d.url));
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Listens to the dashboard's event stream: `opened` once it has said hello (so a change made after it is seen),
 * `change` with the next `change` event.
 */
function nextChange(
  d: Dashboard,
  timeoutMs = 5000,
): { opened: Promise<void>; change: Promise<{ added: number; total: number }> } {
  let hello: () => void = () => undefined;
  let unopened: (e: Error) => void = () => undefined;
  const opened = new Promise<void>((resolve, reject) => {
    hello = resolve;
    unopened = reject;
  });
  const change = new Promise<{ added: number; total: number }>((resolve, reject) => {
    const ac = new AbortController();
    const timer = setTimeout(() => {
      ac.abort();
      unopened(new Error(`the event stream did not open within ${timeoutMs} ms`));
      reject(new Error(`no change event within ${timeoutMs} ms`));
    }, timeoutMs);
    void (async () => {
      const res = await fetch(new URL('/api/events', d.url), { signal: ac.signal });
      const reader = res.body!.getReader();
      let text = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
        if (text.includes('event: hello\n')) hello();
        const m = /event: change\ndata: (.*)\n\n/.exec(text);
        if (m) {
          clearTimeout(timer);
          ac.abort();
          resolve(JSON.parse(m[1]!));
          return;
        }
      }
    })().catch((e: unknown) => {
      if (ac.signal.aborted) return;
      const error = e instanceof Error ? e : new Error(String(e));
      unopened(error);
      reject(error);
    });
  });
  // Awaited only after `opened`: a failure to open is reported there, not as an unhandled rejection.
  change.catch(() => undefined);
  return { opened, change };
}

describe('logbook serve: API over followed logs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'serve-live-'));
  const file = join(dir, 'app.jsonl');
  const site = siteLogs({ seed: 3 });
  let d: Dashboard;

  beforeAll(async () => {
    writeLog(file, site.records);
    d = await startDashboard({ sources: [dir], port: 0, pollMs: 200 });
  });
  afterAll(async () => {
    await d?.close();
  });

  it('serves the same report as `logbook report --json`', async () => {
    const body = await get<ReportBody>(d, '/api/report');
    const { code, out } = await cli(['report', dir, '--json']);
    expect(code).toBe(0);
    const cliReport = JSON.parse(out);
    for (const key of [
      'totals',
      'status',
      'clients',
      'users',
      'crawlers',
      'attackers',
      'tickets',
      'not_found',
      'slow_routes',
    ]) {
      expect(body.report[key as keyof ReportBody['report']], key).toEqual(cliReport[key]);
    }
    expect(body.report.totals.records).toBe(site.records.length);
    expect(body.series.buckets.length).toBeGreaterThan(3);
    expect(body.series.errors.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
    expect(body.series.actions['user.login']!.reduce((a, b) => a + b, 0)).toBe(
      site.records.filter((r) => r.event === 'user.login').length,
    );
  });

  it('narrows every section by drill-down filters from the URL', async () => {
    const body = await get<ReportBody>(d, `/api/report?f=${encodeURIComponent(`ip=${ATTACKER_IP}`)}`);
    const expected = site.records.filter(
      (r) => (r.request as { ip?: string } | undefined)?.ip === ATTACKER_IP,
    );
    expect(body.report.totals.records).toBe(expected.length);
    expect(body.report.attackers.map((a) => a.ip)).toEqual([ATTACKER_IP]);
    expect(body.report.tickets).toEqual([]);
    const rule = await get<ReportBody>(d, `/api/report?f=${encodeURIComponent('rule=sql-injection')}`);
    expect(rule.report.totals.requests).toBe(3);
  });

  it('refuses a filter it cannot read, saying why', async () => {
    const res = await fetch(new URL(`/api/report?f=${encodeURIComponent('colour=red')}`, d.url));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/unknown key "colour"/);
  });

  it('pages through matching records newest first and shows one record in full', async () => {
    type Page = { records: { id: number; time: string; ip: string | null }[]; next?: string; total: number };
    const first = await get<Page>(d, '/api/records?limit=50');
    expect(first.total).toBe(site.records.length);
    expect(first.records).toHaveLength(50);
    const second = await get<Page>(d, `/api/records?limit=50&before=${first.next!}`);
    const times = [...first.records, ...second.records].map((r) => r.time);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set([...first.records, ...second.records].map((r) => r.id)).size).toBe(100);
    const newest = [...site.records].sort((a, b) => b.time.localeCompare(a.time))[0]!;
    expect(first.records[0]!.time).toBe(newest.time);
    const full = await get<Record<string, unknown>>(d, `/api/record/${first.records[0]!.id}`);
    expect(full.time).toBe(newest.time);
    expect(full.message).toBe(newest.message);
  });

  it('shows an incident with its cause chain, trail, session and a replay command', async () => {
    const ref = site.incidents[0]!.ref;
    const view = await get<{
      incident: {
        error: { cause: { cause: { message: string } } };
        incident: { trail: unknown[]; session_trail: unknown[] };
      };
      before: { path: string | null }[];
      replay: { command: string; curl: string };
    }>(d, `/api/incident/${ref}`);
    expect(view.incident.error.cause.cause.message).toBe('price list not loaded');
    expect(view.incident.incident.trail).toHaveLength(4);
    expect(view.incident.incident.session_trail.length).toBeGreaterThan(1);
    expect(view.before.some((b) => b.path === '/cart')).toBe(true);
    expect(view.replay.command).toBe(`logbook replay ${ref} --target http://127.0.0.1:3000 ${dir}`);
    expect(view.replay.curl).toContain('curl');
    expect((await fetch(new URL('/api/incident/E-NOPE00', d.url))).status).toBe(404);
  });

  it('solves and reopens a ticket through POST, keeping state where `logbook tickets` reads it', async () => {
    const post = (action: string, headers: Record<string, string>): Promise<Response> =>
      fetch(new URL(`/api/tickets/fp-search-null/${action}`, d.url), { method: 'POST', headers });
    const solved = await post('solve', { 'x-logbook-request': '1' });
    expect(solved.status).toBe(200);
    expect(((await solved.json()) as { ticket: { state: string } }).ticket.state).toBe('solved');
    const state = JSON.parse(readFileSync(join(dir, '.logbook', 'tickets.json'), 'utf8'));
    expect(Object.keys(state.solved)).toEqual(['fp-search-null']);
    const listed = await cli(['tickets', dir, '--json']);
    expect(
      JSON.parse(listed.out).find((t: { fingerprint: string }) => t.fingerprint === 'fp-search-null').state,
    ).toBe('solved');
    const reopened = await post('reopen', { 'x-logbook-request': '1' });
    expect(((await reopened.json()) as { ticket: { state: string } }).ticket.state).toBe('open');
    expect((await post('solve', { 'x-logbook-request': '1' }).then(() => post('solve', {}))).status).toBe(
      403,
    );
  });

  it('a solved ticket seen again after solving is shown as regressed', async () => {
    await fetch(new URL('/api/tickets/fp-checkout-total/solve', d.url), {
      method: 'POST',
      headers: { 'x-logbook-request': '1' },
    });
    const again = site.records.find(
      (r) =>
        r.event === 'incident' && (r.incident as { fingerprint: string }).fingerprint === 'fp-checkout-total',
    )!;
    const { opened, change } = nextChange(d);
    await opened;
    appendLog(file, [
      {
        ...again,
        time: new Date(Date.now() + 1000).toISOString(),
        incident: { ...(again.incident as object), ref: 'E-00REGR' },
      },
    ]);
    await change;
    const body = await get<ReportBody>(d, '/api/report');
    expect(body.report.tickets.find((t) => t.fingerprint === 'fp-checkout-total')!.state).toBe('regressed');
  });

  it('follows appended lines, waiting for a half-written line to be finished', async () => {
    const before = (await get<ReportBody>(d, '/api/report')).report.totals.records;
    const rec = requestRecord({ ip: '203.0.113.250', ua: 'Mozilla/5.0 live', path: '/live-1' });
    const line = JSON.stringify(rec);
    const { opened, change } = nextChange(d);
    await opened;
    appendFileSync(file, line.slice(0, 40));
    await d.live.poll(); // the follower has looked at the half line: it must not count it yet
    expect((await get<ReportBody>(d, '/api/report')).report.totals.records).toBe(before);
    appendFileSync(file, `${line.slice(40)}\n`);
    expect((await change).added).toBe(1);
    const after = await get<{ records: { path: string }[] }>(
      d,
      `/api/records?f=${encodeURIComponent('ip=203.0.113.250')}`,
    );
    expect(after.records.map((r) => r.path)).toEqual(['/live-1']);
  });

  it('picks up a new file in a followed folder and classifies unclassified access-log lines', async () => {
    const { opened, change } = nextChange(d);
    await opened;
    writeFileSync(
      join(dir, 'access.log'),
      `192.0.2.9 - - [${clf(new Date())}] "GET /wp-login.php HTTP/1.1" 404 12 "-" "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)"\n`,
    );
    await change;
    const page = await get<{ records: { path: string; kind: string; signals: string[] }[] }>(
      d,
      `/api/records?f=${encodeURIComponent('ip=192.0.2.9')}`,
    );
    expect(page.records).toHaveLength(1);
    expect(page.records[0]!.kind).toBe('scanner');
    expect(page.records[0]!.signals).toContain('wordpress-probe');
  });
});

function clf(d: Date): string {
  const mon = d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${mon}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
