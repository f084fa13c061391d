import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { cli, tempDir, webRequest, writeJsonl, type Rec } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

const BOT = 'Mozilla/5.0 (compatible; ExampleBot/2.1; +https://bot.example/)';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** A request from `ip` + `ua`, with the client as the middleware classified it at that moment. */
const request = (i: number, ip: string, ua: string, status: number, client: object): Rec =>
  webRequest(i, { ip, ua, status }, client);

const human = { kind: 'human', browser: 'Firefox 133', os: 'Linux' };
const crawler = (name: string): object => ({ kind: 'crawler', name });
const unknown = (reason: string): object => ({ kind: 'unknown', name: 'ExampleBot', reason });

describe('client counts in the report are distinct clients (ip + user agent)', () => {
  let report: Report;
  beforeAll(async () => {
    const dir = tempDir();
    // One client (198.51.100.1 + BOT) recorded under two kinds, two crawler names and two unknown reasons over
    // time (the middleware's view of it changed); two more clients recorded one way each.
    writeJsonl(join(dir, 'app.jsonl'), [
      request(0, '198.51.100.1', BOT, 200, human),
      request(1, '198.51.100.1', BOT, 200, crawler('ExampleBot')),
      request(2, '198.51.100.1', BOT, 404, crawler('ExampleBot')),
      request(3, '198.51.100.1', BOT, 200, crawler('Example Bot')),
      request(4, '198.51.100.1', BOT, 500, unknown('automation: first reason')),
      request(5, '198.51.100.1', BOT, 200, unknown('automation: second reason')),
      request(6, '198.51.100.2', BOT, 301, crawler('ExampleBot')),
      request(7, '203.0.113.9', FIREFOX, 200, human),
    ]);
    const r = await cli(['report', dir, '--json']);
    expect(r.err).toBe('');
    report = JSON.parse(r.out) as Report;
  });

  it('counts a client once overall, however many ways it was recorded', () => {
    expect(report.totals).toMatchObject({ requests: 8, clients: 3, errors: 1 });
  });

  it('counts a client once per kind, per crawler name and per unknown reason it was recorded under', () => {
    expect(report.clients.humans).toEqual({ hits: 2, clients: 2, attackers: 0 });
    expect(report.clients.crawlers).toMatchObject({ hits: 4, clients: 2 });
    expect(report.clients.crawlers.by_name).toEqual([
      { name: 'ExampleBot', hits: 3, clients: 2 },
      { name: 'Example Bot', hits: 1, clients: 1 },
    ]);
    expect(report.clients.unknown).toMatchObject({ hits: 2, clients: 1 });
    expect(report.clients.unknown.by_name).toEqual([
      { name: 'ExampleBot', reason: 'automation: first reason', hits: 1, clients: 1 },
      { name: 'ExampleBot', reason: 'automation: second reason', hits: 1, clients: 1 },
    ]);
  });

  it('gives each crawler its distinct clients and status classes', () => {
    expect(report.crawlers.map((c) => [c.name, c.hits, c.clients, c.statuses])).toEqual([
      ['ExampleBot', 3, 2, { '2xx': 1, '3xx': 1, '4xx': 1, '5xx': 0 }],
      ['Example Bot', 1, 1, { '2xx': 1, '3xx': 0, '4xx': 0, '5xx': 0 }],
    ]);
  });
});
