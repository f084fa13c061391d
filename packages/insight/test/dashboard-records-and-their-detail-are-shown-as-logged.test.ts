// The dashboard's records view and detail view show each record as it was logged: a field the record has, under the
// record schema's name; a field it lacks, absent or null (never 0, "null" or an empty group); and pages that end
// where the records end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { tempDir } from './helpers/records.js';
import { writeLog } from './support/site-logs.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const login = {
  v: 1,
  time: '2026-11-21T09:00:00.000Z',
  level: 'NOTICE',
  channel: 'auth',
  event: 'user.login',
  msg: 'User {user} logged in',
  message: 'User ada logged in',
  user: { id: 'u-1', name: 'ada', email: 'ada@example.org' },
  session: 's-1',
};
const search = {
  v: 1,
  time: '2026-11-18T10:00:00.000Z',
  level: 'INFO',
  channel: 'http',
  event: 'http.request',
  msg: '{method} {path} {status}',
  message: 'GET /search 200',
  request: {
    id: 'req-1',
    method: 'GET',
    path: '/search',
    route: '/search',
    query: 'q=boots',
    status: 200,
    duration_ms: 12.5,
    bytes: 512,
    ip: '198.51.100.7',
    ua: FIREFOX,
    referer: 'https://example.org/',
    auth_required: true,
  },
};
const probe = {
  v: 1,
  time: '2026-11-22T10:30:00.000Z',
  level: 'WARNING',
  channel: 'http',
  event: 'http.request',
  message: 'GET /.env 404',
  request: { method: 'GET', path: '/.env', status: 404, duration_ms: 1, ip: '203.0.113.9', ua: 'curl/8.5.0' },
  client: { kind: 'scanner' },
  signals: ['env-probe'],
};
const failure = {
  v: 1,
  time: '2026-11-22T11:00:00.000Z',
  level: 'ERROR',
  message: 'cache cold',
  error: { type: 'Error', message: 'cache cold' },
};

type Summary = Record<string, unknown> & { id: number; time: string };
type Page = { records: Summary[]; next?: string; total: number };

describe('the dashboard shows records as they were logged', () => {
  let d: Dashboard;
  let file: string;
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(new URL(path, d.url));
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    file = writeLog(join(tempDir('dashboard-records-'), 'app.jsonl'), [login, search, probe, failure]);
    d = await startDashboard({ sources: [file], port: 0, follow: false });
  });
  afterAll(async () => {
    await d?.close();
  });

  /** What a summary holds of a record with no request, user or client: nulls, and no signals. */
  const nothing = {
    event: null,
    method: null,
    path: null,
    status: null,
    duration_ms: null,
    ip: null,
    ua: null,
    referer: null,
    kind: null,
    client: null,
    user: null,
    user_id: null,
    signals: [],
    incident: null,
  };

  it('lists records newest first: what each has, and null (not 0 or "null") for what it lacks', async () => {
    const page = await get<Page>('/api/records');
    expect(page.total).toBe(4);
    expect(page.next).toBeUndefined();
    expect(page.records.map(({ id: _, ...rest }) => rest)).toEqual([
      { ...nothing, time: failure.time, level: 'ERROR', message: 'cache cold' },
      {
        ...nothing,
        time: probe.time,
        level: 'WARNING',
        event: 'http.request',
        message: 'GET /.env 404',
        method: 'GET',
        path: '/.env',
        status: 404,
        duration_ms: 1,
        ip: '203.0.113.9',
        ua: 'curl/8.5.0',
        kind: 'scanner',
        signals: ['env-probe'],
      },
      {
        ...nothing,
        time: login.time,
        level: 'NOTICE',
        event: 'user.login',
        message: 'User ada logged in',
        user: 'ada',
        user_id: 'u-1',
      },
      {
        ...nothing,
        time: search.time,
        level: 'INFO',
        event: 'http.request',
        message: 'GET /search 200',
        method: 'GET',
        path: '/search',
        status: 200,
        duration_ms: 12.5,
        ip: '198.51.100.7',
        ua: FIREFOX,
        referer: 'https://example.org/',
        kind: 'human',
        client: 'Firefox 133',
      },
    ]);
  });

  it('shows a record in full under the record schema’s names, with its numbers as numbers and nothing it lacks', async () => {
    const page = await get<Page>('/api/records');
    const full = async (time: string): Promise<unknown> =>
      get(`/api/record/${page.records.find((r) => r.time === time)!.id}`);
    const { v: _v, ...searchAsShown } = search;
    expect(await full(search.time)).toEqual({
      ...searchAsShown,
      client: {
        kind: 'human',
        browser: 'Firefox 133',
        os: 'Linux',
        device: 'desktop',
        reason: 'browser user agent',
      },
      source: file,
    });
    const { v: _w, ...loginAsShown } = login;
    expect(await full(login.time)).toEqual({ ...loginAsShown, source: file });
    const { v: _x, ...probeAsShown } = probe;
    expect(await full(probe.time)).toEqual({ ...probeAsShown, source: file });
    const { v: _y, ...failureAsShown } = failure;
    expect(await full(failure.time)).toEqual({ ...failureAsShown, source: file });
  });

  it('pages end where the records end', async () => {
    const whole = await get<Page>('/api/records?limit=4');
    expect(whole.records).toHaveLength(4);
    expect(whole.next).toBeUndefined();
    const first = await get<Page>('/api/records?limit=3');
    expect(first.records.map((r) => r.time)).toEqual([failure.time, probe.time, login.time]);
    const rest = await get<Page>(`/api/records?limit=3&before=${first.next!}`);
    expect(rest.records.map((r) => r.time)).toEqual([search.time]);
    expect(rest.next).toBeUndefined();
    expect([first.total, rest.total]).toEqual([4, 4]);
  });

  it('refuses a cursor it did not give, saying so', async () => {
    for (const before of ['x1763800000000000.3', '1763800000000000.3x']) {
      const res = await fetch(new URL(`/api/records?before=${before}`, d.url));
      expect(res.status, before).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe(
        `before=${before}: not a cursor from an earlier page.`,
      );
    }
  });

  it('charts requests over more than three days per day: the hours of one day are added up', async () => {
    const { series } = await get<{ series: Record<string, unknown> }>('/api/report');
    expect(series).toMatchObject({
      size: 'day',
      buckets: ['2026-11-18T00:00:00.000Z', '2026-11-21T00:00:00.000Z', '2026-11-22T00:00:00.000Z'],
      errors: [0, 0, 1],
      attacks: [0, 0, 1],
    });
    expect((series.actions as Record<string, number[]>)['user.login']).toEqual([0, 1, 0]);
  });
});
