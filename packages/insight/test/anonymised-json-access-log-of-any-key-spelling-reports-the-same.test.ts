import { describe, it, expect } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const START = 1732200000; // 2024-11-21T14:40:00Z, as Nginx's $msec counts

const CLIENTS = ['192.0.2.7', '198.51.100.23', '2001:db8::4', '203.0.113.99'];
const USERS = ['alice', 'bob.smith', 'carol'];
const EMAILS = ['alice@example.com', 'bob.smith@mail.example.org'];

/**
 * Two servers' spellings of the same Nginx JSON log in one file: one writes `Request`, `User_Agent`, `Remote-Addr`
 * and `$msec` as a number, the other camelCase with `$msec` as a string. Enough timed requests per route for slow
 * routes, and every status class.
 */
function log(): string {
  const lines: string[] = [];
  for (let i = 0; i < 48; i++) {
    const ip = CLIENTS[i % CLIENTS.length]!;
    const user = i % 4 === 0 ? USERS[i % USERS.length]! : '-';
    const route = ['/courses/12', '/courses/13', '/search', '/login'][i % 4]!;
    const target =
      route === '/search' ? `/search?q=maths&email=${EMAILS[i % 2]}&page=${i}` : `${route}?session=s${i}`;
    const status = [200, 200, 301, 404, 500][i % 5]!;
    const seconds = (10 + ((i * 37) % 900)) / 1000;
    const at = START + i * 7 + (i % 10) / 10;
    const referer = i % 3 === 0 ? `https://mail.example/read?to=${EMAILS[i % 2]}` : '-';
    lines.push(
      JSON.stringify(
        i % 2 === 0
          ? {
              msec: Number(at.toFixed(3)),
              'Remote-Addr': ip,
              Remote_User: user,
              Request: `GET ${target} HTTP/1.1`,
              Status: status,
              Body_Bytes_Sent: 512 + i,
              Http_Referer: referer,
              User_Agent: UA,
              Request_Time: seconds.toFixed(3),
              Http_Cookie: `sid=${user}-${i}`,
            }
          : {
              Msec: at.toFixed(3),
              remoteAddr: ip,
              remoteUser: user,
              requestMethod: 'GET',
              requestUri: target,
              status: String(status),
              bytesSent: String(512 + i),
              httpReferer: referer,
              httpUserAgent: UA,
              requestTime: seconds.toFixed(3),
            },
      ),
    );
  }
  return lines.join('\n') + '\n';
}

interface Report {
  totals: object;
  status: object;
  slow_routes: { route: string }[];
  skipped: { count: number };
}

const report = async (dir: string): Promise<Report> => {
  const r = await cli(['report', dir, '--json']);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Report;
};

describe('anonymise on a JSON access log whose keys are spelled in several ways', () => {
  it('pseudonymises each key by its meaning, so the copy reports what the original does and leaks no one', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'access.json'), log());
    const out = join(dir, 'out');
    const r = await cli(['anonymise', join(dir, 'in'), out]);
    expect(r.code, r.err).toBe(0);

    const original = await report(join(dir, 'in'));
    expect(original.skipped.count).toBe(0);
    expect(original.slow_routes.length).toBeGreaterThan(0);
    const copied = await report(out);
    expect(copied.skipped.count).toBe(0);
    expect({ totals: copied.totals, status: copied.status, slow: copied.slow_routes }).toEqual({
      totals: original.totals,
      status: original.status,
      slow: original.slow_routes,
    });

    const copy = readFileSync(join(out, 'access.json'), 'utf8');
    for (const secret of [...CLIENTS, ...USERS, ...EMAILS]) expect(copy).not.toContain(secret);
    const first = JSON.parse(copy.split('\n')[0]!) as Record<string, unknown>;
    // the keys stay as spelled; the request, its time and the agent as they were, bar the tokens
    expect(first.Request).toMatch(/^GET \/courses\/12\?session=q-[0-9a-f]+ HTTP\/1\.1$/);
    expect(first.User_Agent).toBe(UA);
    expect(first.Remote_User).toMatch(/^u-[0-9a-f]+$/);
    expect(first.Http_Cookie).toBe('-');
  });
});
