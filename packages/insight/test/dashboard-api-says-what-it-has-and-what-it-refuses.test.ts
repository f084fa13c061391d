// What a script (or the dashboard's own page) gets from each address of the dashboard's API: what is loaded and
// followed, each refusal with its status and its words, and the event stream's first frame.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { join } from 'node:path';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { knownFilterKeys } from '../src/serve/url-filters.js';
import { tempDir } from './helpers/records.js';
import { writeLog } from './support/site-logs.js';

const note = { v: 1, time: '2026-11-22T11:00:00.000Z', level: 'INFO', message: 'cache warmed' };

/** Status, headers and body of one request (fetch cannot send every method and shows no HEAD body). */
function ask(
  d: Dashboard,
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: d.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the dashboard API', () => {
  let d: Dashboard;
  let file: string;
  beforeAll(async () => {
    file = writeLog(join(tempDir('dashboard-api-'), 'app.jsonl'), [note]);
    d = await startDashboard({ sources: [file], port: 0, pollMs: 3_600_000 });
  });
  afterAll(async () => {
    await d?.close();
  });

  it('/api/meta says what is loaded, from where, by which filter keys, and whether it is followed', async () => {
    const meta = await ask(d, '/api/meta');
    expect(meta.status).toBe(200);
    expect(JSON.parse(meta.body)).toEqual({
      version: 0,
      total: 1,
      files: [{ file, format: 'jsonl', gzip: false, records: 1 }],
      sources: [file],
      filter_keys: knownFilterKeys(),
      follow: true,
    });
  });

  it('/api/events opens with the version and total, and a retry time for a reconnect', async () => {
    const first = await new Promise<{ type: string; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: d.port, path: '/api/events' }, (res) => {
        res.once('data', (c: Buffer) => {
          resolve({ type: String(res.headers['content-type']), text: c.toString() });
          req.destroy();
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(first).toEqual({
      type: 'text/event-stream; charset=utf-8',
      text: 'retry: 2000\nevent: hello\ndata: {"version":0,"total":1}\n\n',
    });
  });

  it('refuses each address it does not serve with its status and its words', async () => {
    const refusals: [string, string, number, string][] = [
      ['PUT', '/api/meta', 405, 'Method not allowed.'],
      ['GET', '/api/nothing', 404, 'No such API.'],
      ['POST', '/api/meta', 404, 'No such action.'],
      ['GET', '/api/record/999', 404, 'No such record.'],
      ['GET', '/api/incident/E-ZZZZZZ', 404, 'No incident E-ZZZZZZ in these logs.'],
      [
        'GET',
        '/api/incident/crash%20at%20checkout',
        400,
        '"crash at checkout" is not an incident reference: they look like E-7K2Q9F (E-, then six letters or digits).',
      ],
      ['GET', '/api/records?before=soon', 400, 'before=soon: not a cursor from an earlier page.'],
      ['GET', '/no-such-page.html', 404, 'Not found.'],
    ];
    for (const [method, path, status, error] of refusals) {
      const res = await ask(d, path, method);
      expect([res.status, JSON.parse(res.body)], `${method} ${path}`).toEqual([status, { error }]);
    }
    expect((await ask(d, '/api/meta', 'PUT')).headers.allow).toBe('GET, HEAD, POST');
  });

  it('answers HEAD as GET, without a body', async () => {
    const head = await ask(d, '/api/meta', 'HEAD');
    expect([head.status, head.body]).toEqual([200, '']);
  });
});
