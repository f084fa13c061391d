import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { formatClfTime } from '../src/sources/access-line.js';
import { cli, tempDir } from './helpers/records.js';

/** One combined line per request, `ago` milliseconds before now. */
function accessLog(requests: { ago: number; ip: string; path: string; ua?: string }[]): string {
  const dir = tempDir();
  const file = join(dir, 'access.log');
  const now = Date.now();
  writeFileSync(
    file,
    requests
      .map(
        (r) =>
          `${r.ip} - - [${formatClfTime(now - r.ago)}] "GET ${r.path} HTTP/1.1" 200 10 "-" "${r.ua ?? 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'}"`,
      )
      .join('\n') + '\n',
  );
  return file;
}

const requests = async (args: string[]): Promise<number> => {
  const r = await cli(['report', ...args, '--json']);
  expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
  return (JSON.parse(r.out) as { totals: { requests: number } }).totals.requests;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('filters select the requests they name', () => {
  it('a span such as 45m, 4h, 3d or 2w reaches back that far from now', async () => {
    const log = accessLog([
      { ago: 30 * MINUTE, ip: '198.51.100.1', path: '/a' },
      { ago: 3 * HOUR, ip: '198.51.100.2', path: '/b' },
      { ago: 2 * DAY, ip: '198.51.100.3', path: '/c' },
      { ago: 10 * DAY, ip: '198.51.100.4', path: '/d' },
      { ago: 30 * DAY, ip: '198.51.100.5', path: '/e' },
    ]);
    expect(await requests([log, '--since', '45m'])).toBe(1);
    expect(await requests([log, '--since', '4h'])).toBe(2);
    expect(await requests([log, '--since', '3d'])).toBe(3);
    expect(await requests([log, '--since', '2w'])).toBe(4);
    expect(await requests([log, '--until', '1d'])).toBe(3);
  });

  it('signal= keeps the requests that raised that signal, and ? and * are wildcards', async () => {
    const log = accessLog([
      { ago: HOUR, ip: '198.51.100.7', path: '/.env' },
      { ago: HOUR, ip: '198.51.100.7', path: '/.git/config' },
      { ago: HOUR, ip: '198.51.100.8', path: '/shop/item1' },
      { ago: HOUR, ip: '198.51.100.8', path: '/shop/item2' },
      { ago: HOUR, ip: '198.51.100.8', path: '/shop/item10' },
    ]);
    expect(await requests([log])).toBe(5);
    const env = await requests([log, '--filter', 'signal=sensitive-file']);
    expect(env).toBeGreaterThan(0);
    expect(env).toBeLessThan(5);
    expect(await requests([log, '--filter', 'signal=no-such-signal'])).toBe(0);
    expect(await requests([log, '--filter', 'path=/shop/item?'])).toBe(2);
    expect(await requests([log, '--filter', 'path=/shop/item*'])).toBe(3);
    expect(await requests([log, '--filter', 'path!=/shop/item?'])).toBe(3);
    expect(await requests([log, '--filter', 'ip=198.51.100.8'])).toBe(3);
  });

  it('a client kind may be written in capitals or as a plural', async () => {
    const log = accessLog([
      {
        ago: HOUR,
        ip: '198.51.100.9',
        path: '/',
        ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      },
      { ago: HOUR, ip: '198.51.100.10', path: '/' },
    ]);
    expect(await requests([log, '--filter', 'client=Crawlers'])).toBe(1);
    expect(await requests([log, '--filter', 'client=HUMANS'])).toBe(1);
  });
});
