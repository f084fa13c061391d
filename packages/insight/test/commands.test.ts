import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { waitUntil } from '../../../test/support/wait-until.js';
import { cli, FIXTURE, generateRecords, tempDir, webRequest, writeJsonl } from './helpers/records.js';
import { RAW_CONTROL } from './support/hostile-text.js';

const EVIL_UA = 'Mozilla/5.0 \u001b[2J\u001b]0;pwned\u0007<script>alert(1)</script>';

function evilLog(): string {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'access.log'),
    `192.0.2.66 - - [21/Nov/2026:10:00:00 +0000] "GET /wp-login.php HTTP/1.1" 404 5 "-" "${EVIL_UA}"\n` +
      `192.0.2.66 - - [21/Nov/2026:10:00:01 +0000] "GET /<img src=x> HTTP/1.1" 404 5 "-" "${EVIL_UA}"\n`,
  );
  return dir;
}

describe('condense', () => {
  it('prints one line per scenario with counts, ids folded', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), generateRecords({ users: 5 }).records);
    const r = await cli(['condense', dir, '--json']);
    const sc = JSON.parse(r.out) as { scenario: string; count: number; kind: string }[];
    expect(sc.find((s) => s.scenario === 'GET /report/:id 200')?.count).toBe(15);
    expect(sc.find((s) => s.scenario === 'GET /old-page 404')?.count).toBe(5);
    const total = sc.reduce((n, s) => n + s.count, 0);
    expect(total).toBe(generateRecords({ users: 5 }).records.length);
    const text = await cli(['condense', FIXTURE, '--no-color', '--limit', '5']);
    expect(text.out.split('\n').filter((l) => l.includes(' × '))).toHaveLength(5);
    // Cut by --limit, the heading says of how many scenarios and records (the fixture: 9,999 readable lines).
    expect(text.out.split('\n')[0]).toMatch(
      /^the 5 most frequent scenarios of [\d,]+, covering [\d,]+ of 9,999 records \(--limit 5\)$/,
    );
    const all = await cli(['condense', dir, '--no-color']);
    expect(all.out.split('\n')[0]).toBe(
      `${sc.length} scenarios covering ${total.toLocaleString('en-US')} records`,
    );
  });

  it('shows an access record once in its example: method, path and status, the reason, the quoted user agent', async () => {
    const dir = tempDir();
    const bot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
    const rec = webRequest(
      1,
      { path: '/lectures/1', status: 401, ua: bot },
      { kind: 'crawler', name: 'Googlebot' },
    );
    // The message as @logbook/web writes it, saying who (the example shows the address and user agent itself).
    rec.message =
      'GET /lectures/1 → 401 in 4 ms for Googlebot from 66.249.66.1: crawler on auth-only page (Googlebot)';
    // An address with colons, and a message as web wrote it before it said who.
    const v6 = webRequest(2, { path: '/nowhere', status: 404, ip: '2001:db8::7', ua: 'Firefox' });
    v6.message = 'GET /nowhere → 404 in 2 ms for Firefox 133 on Linux from 2001:db8::7: not found';
    const old = webRequest(3, { path: '/gone', status: 404, ua: 'Firefox' });
    old.message = 'GET /gone → 404 in 2 ms: not found';
    writeJsonl(join(dir, 'app.jsonl'), [rec, v6, old]);
    const text = await cli(['condense', dir, '--no-color']);
    expect(text.out).toContain(`GET /lectures/1 401 — crawler on auth-only page (Googlebot) "${bot}"`);
    expect(text.out).toContain('2001:db8::7 GET /nowhere 404 — not found "Firefox"');
    expect(text.out).toContain('GET /gone 404 — not found "Firefox"');
    expect(text.out).not.toContain('→');
    expect(text.out).not.toContain(' from ');
  });

  it('gives each scenario its level, event, status, kind and first and last time, and colours failures', async () => {
    const dir = tempDir();
    const order = (i: number, path: string, status: number): ReturnType<typeof webRequest> =>
      webRequest(i, { path, status });
    const message = (level: string, msg: string): object => ({
      v: 1,
      time: '2026-11-21T09:00:06.000Z',
      level,
      channel: 'app',
      msg,
      message: msg,
    });
    writeJsonl(join(dir, 'app.jsonl'), [
      message('ERROR', 'payment failed'),
      message('WARNING', 'stock low'),
      message('CRITICAL', 'disk full'),
      order(1, '/orders/12', 200),
      order(2, '/orders/13', 200),
      order(3, '/orders/14', 500),
      order(4, '/orders/15', 404),
      order(5, '/orders/16', 200),
    ]);
    const sc = (JSON.parse((await cli(['condense', dir, '--json'])).out) as Record<string, unknown>[]).filter(
      (x) => x['event'] === 'http.request',
    );
    expect(sc.map(({ example: _, ...rest }) => rest)).toEqual([
      {
        scenario: 'GET /orders/:n 200',
        count: 3,
        level: 'INFO',
        event: 'http.request',
        status: 200,
        kind: 'unknown',
        first_seen: '2026-11-21T09:00:01.000Z',
        last_seen: '2026-11-21T09:00:05.000Z',
      },
      {
        scenario: 'GET /orders/:n 404',
        count: 1,
        level: 'INFO',
        event: 'http.request',
        status: 404,
        kind: 'unknown',
        first_seen: '2026-11-21T09:00:04.000Z',
        last_seen: '2026-11-21T09:00:04.000Z',
      },
      {
        scenario: 'GET /orders/:n 500',
        count: 1,
        level: 'INFO',
        event: 'http.request',
        status: 500,
        kind: 'unknown',
        first_seen: '2026-11-21T09:00:03.000Z',
        last_seen: '2026-11-21T09:00:03.000Z',
      },
    ]);
    // the earliest request is the example
    expect(sc[0]!['example']).toContain('/orders/12 200');
    const coloured = (await cli(['condense', dir, '--color'])).out;
    expect(coloured).toContain('\u001b[31mGET /orders/:n 500');
    expect(coloured).toContain('\u001b[33mGET /orders/:n 404');
    expect(coloured).not.toContain('\u001b[31mGET /orders/:n 200');
    expect(coloured).not.toContain('\u001b[33mGET /orders/:n 200');
    expect(coloured).toContain('\u001b[31mERROR app payment failed');
    expect(coloured).toContain('\u001b[33mWARNING app stock low');
    expect(coloured).toContain('\u001b[31mCRITICAL app disk full');
  });
});

describe('report on nothing', () => {
  it('gives an empty report for an empty folder or an empty file, saying when no log file was found', async () => {
    const empty = tempDir();
    const text = await cli(['report', empty, '--no-color']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('0 requests · 0 clients');
    expect(text.out).not.toContain('no durations recorded'); // no access log was read
    expect(text.err).toContain(`Found no log files in ${empty}.`);
    const withEmptyFile = tempDir();
    writeFileSync(join(withEmptyFile, 'app.jsonl'), '');
    const json = await cli(['report', withEmptyFile, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out) as { totals: { requests: number }; sources: { format: string }[] };
    expect(report.totals.requests).toBe(0);
    expect(report.sources.map((s) => s.format)).toEqual(['empty']);
    expect(json.err).toBe('');
  });
});

describe('sql', () => {
  it('runs ad-hoc SQL over the requests view', async () => {
    const r = await cli([
      'sql',
      'SELECT kind, count(*)::INT AS n FROM requests GROUP BY 1 ORDER BY n DESC',
      FIXTURE,
      '--json',
    ]);
    const rows = JSON.parse(r.out) as { kind: string; n: number }[];
    expect(rows.reduce((s, x) => s + x.n, 0)).toBe(9999);
    expect(rows[0]!.kind).toBe('human');
    const bad = await cli(['sql', 'SELEC nonsense', FIXTURE]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('SQL error');
  });

  it('shows a log value quoted in an SQL error inert, keeping the lines of the error', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [
      {
        v: 1,
        time: '2026-11-22T10:00:00.000Z',
        level: 'INFO',
        channel: 'http',
        msg: 'request',
        message: 'request',
        event: 'http.request',
        request: { method: 'GET', path: '/a\u001b]0;owned\u0007', status: 200, ip: '192.0.2.1' },
      },
    ]);
    const r = await cli(['sql', 'SELECT CAST(path AS INTEGER) FROM requests', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("Could not convert string '/a\\x1b]0;owned\\x07' to INT32");
    expect(r.err).not.toMatch(RAW_CONTROL);
    expect(r.err).toContain('\nLINE 1: SELECT CAST');
  });

  it('shows the documented tables and nothing left over from loading', async () => {
    const r = await cli([
      'sql',
      'SELECT table_name FROM information_schema.tables ORDER BY 1',
      FIXTURE,
      '--json',
    ]);
    const names = (JSON.parse(r.out) as { table_name: string }[]).map((t) => t.table_name);
    expect(names).toEqual(['events', 'records', 'requests']);
  });
});

describe('terminal safety and HTML', () => {
  it('never lets a user agent emit escape sequences into the terminal', async () => {
    const dir = evilLog();
    for (const args of [
      ['report', dir, '--color'],
      ['condense', dir, '--color'],
      ['tail', dir, '--color'],
      ['sql', 'SELECT ua FROM requests', dir],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      expect(r.out).not.toContain('\u001b[2J');
      expect(r.out).not.toContain('\u001b]0');
      expect(r.out).not.toContain('\u0007');
    }
    const colour = await cli(['report', dir, '--color', '--width', '400']);
    expect(colour.out).toContain('\u001b[1m'); // our own colour still works
    expect(colour.out).toContain('\\x1b[2J');
    const plain = await cli(['report', dir]);
    expect(plain.out).not.toContain('\u001b');
  });

  it('writes one self-contained HTML file with everything escaped', async () => {
    const dir = evilLog();
    const file = join(dir, 'report.html');
    const r = await cli(['report', dir, '--html', file]);
    expect(r.code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img src=x>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/(src|href)="https?:/);
    // This log's requests all fall in one minute: a sentence says so instead of a one-bar chart (the charts of a
    // longer log are checked on the shared Apache log in docs-commands-run).
    expect(html).toMatch(/All requests fall in one minute: [\d-]+ [\d:]+ UTC\./);
  });

  it('refuses an --html path in a folder that does not exist before reading any log', async () => {
    const missing = join(tempDir(), 'no-such-folder', 'report.html');
    const r = await cli(['report', 'no-such-log-either', '--html', missing]);
    expect(r.code).toBe(1);
    // the output path is judged first: the message is about it, not about the missing log
    expect(r.err).toContain(`the folder ${join(missing, '..')} does not exist`);
  });
});

describe('tail', () => {
  it('prints the last lines classified and follows new ones with --filter', async () => {
    const dir = tempDir();
    const log = join(dir, 'access.log');
    writeFileSync(log, readFileSync(FIXTURE, 'utf8').split('\n').slice(0, 50).join('\n') + '\n');
    const last = await cli(['tail', dir, '-n', '3', '--no-color']);
    expect(last.out.trim().split('\n')).toHaveLength(3);
    expect(last.out).toMatch(/human|crawler/);

    const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const child = spawn(
      process.execPath,
      [bin, 'tail', '-f', dir, '-n', '0', '--filter', 'path=/wp-*', '--interval', '50'],
      { env: { ...process.env, NO_COLOR: '1' } },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const seen = (): string => `stdout:\n${out}\nstderr:\n${err}`;
    try {
      await waitUntil('tail -f to say it is following', () => err.includes('following'), { seen });
      expect(err).toContain('following 1 file;');
      appendFileSync(
        log,
        `192.0.2.5 - - [21/Nov/2026:10:00:00 +0000] "GET /index.html HTTP/1.1" 200 5 "-" "curl/8.0"\n`,
      );
      appendFileSync(
        log,
        `192.0.2.6 - - [21/Nov/2026:10:00:01 +0000] "GET /wp-login.php HTTP/1.1" 404 5 "-" "Mozilla/5.0 (Windows NT 6.1; rv:4.0) Gecko/20100101 Firefox/4.0"\n`,
      );
      const printed = (): boolean => out.includes('/wp-login.php');
      await waitUntil('tail -f to print the appended /wp-login.php line', printed, { seen });
    } finally {
      child.kill();
    }
    expect(out).toContain('404 GET /wp-login.php');
    expect(out).toContain('wordpress-probe');
    expect(out).not.toContain('/index.html');
  });

  it('starts with the live log of a folder, not also the rotated file beside it', async () => {
    const dir = tempDir();
    const at = (n: number): string =>
      `192.0.2.${n} - - [21/Nov/2026:10:00:0${n} +0000] "GET /p${n} HTTP/1.1" 200 5 "-" "curl/8.0"\n`;
    writeFileSync(join(dir, 'access.log.1'), at(1) + at(2));
    writeFileSync(join(dir, 'access.log'), at(3) + at(4));
    const yesterday = new Date(Date.now() - 86_400_000);
    utimesSync(join(dir, 'access.log.1'), yesterday, yesterday);
    const out = (await cli(['tail', dir, '-n', '5', '--no-color'])).out.trim().split('\n');
    expect(out.map((l) => /GET (\S+)/.exec(l)?.[1])).toEqual(['/p3', '/p4']);
  });

  it('shows a user action as its event and message, with the request and user it came from', async () => {
    const dir = tempDir();
    const client = { kind: 'human', browser: 'Firefox 144', os: 'Linux' };
    const login = {
      ...webRequest(1, { method: 'POST', path: '/login', status: undefined, duration_ms: undefined }, client),
      level: 'NOTICE',
      channel: 'app',
      msg: 'User {user} logged in',
      message: 'User u-66ebe48f logged in',
      event: 'user.login',
      fields: { user: 'u-66ebe48f' },
      user: { id: 'u-66ebe48f' },
    };
    const access = {
      ...webRequest(2, { method: 'POST', path: '/login', status: 303 }, client),
      user: login.user,
    };
    writeJsonl(join(dir, 'app.jsonl'), [login, access]);
    const lines = (await cli(['tail', dir, '--no-color'])).out.trim().split('\n');
    expect(lines).toEqual([
      '2026-11-21 09:00:01.000 NOTICE user.login User u-66ebe48f logged in · POST /login human:Firefox 144 192.0.2.1 u-66ebe48f',
      '2026-11-21 09:00:02.000 303 POST /login 4.0 ms human:Firefox 144 192.0.2.1 u-66ebe48f',
    ]);
  });
});

describe('command line', () => {
  it('gives help per command and exits 2 on unknown flags, commands and bad values', async () => {
    expect((await cli(['report', '--help'])).out).toContain('Usage: logbook report');
    const flag = await cli(['report', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('unknown option --bogus.');
    expect((await cli(['frobnicate'])).code).toBe(2);
    const filt = await cli(['report', FIXTURE, '--filter', 'colour=red']);
    expect(filt.code).toBe(2);
    expect(filt.err).toContain('unknown key "colour"');
    const since = await cli(['report', FIXTURE, '--since', 'yesterday-ish']);
    expect(since.code).toBe(2);
    expect(since.err).toContain('not a date');
    expect((await cli(['report', FIXTURE, '--limit', '-3'])).code).toBe(2);
  });
});
