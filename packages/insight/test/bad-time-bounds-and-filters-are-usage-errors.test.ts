import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { cli, FIXTURE, generateRecords, tempDir, writeJsonl } from './helpers/records.js';

describe('bad time bounds and filters are usage errors', () => {
  it('rejects what Date.parse would guess at (5, May 5, 30 February) and names the fix, with the usage', async () => {
    const outOfRange = ['2015-00', '2015-13', '2015-05-00', '2015-05-17T10:60', '2015-05-17T10:00:60'];
    for (const since of ['5', 'May 5', '2015-02-30', '2015-05-17T24:00', '2015', ...outOfRange]) {
      const r = await cli(['report', FIXTURE, '--since', since]);
      expect(r.code, since).toBe(2);
      expect(r.err).toContain(`--since ${since}: not a date. Use an ISO date such as 2026-11-21`);
      expect(r.err).toContain('Usage: logbook report');
    }
  });

  it('still takes a month, a date, a date and time with or without a zone, and a span', async () => {
    const month = JSON.parse((await cli(['report', FIXTURE, '--since', '2015-05', '--json'])).out) as {
      totals: { requests: number };
    };
    expect(month.totals.requests).toBe(9999);
    const r = await cli([
      'report',
      FIXTURE,
      '--since',
      '2015-05-19 10:00',
      '--until',
      '2015-05-19T12:00+01:00',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('2015-05-19 10:');
    expect((await cli(['report', FIXTURE, '--since', '7d', '--json'])).code).toBe(0);
    // the last moment of a year is a bound: each field's own range ends there
    const last = await cli([
      'report',
      FIXTURE,
      '--since',
      '2014-12-31T23:59:59',
      '--until',
      '2015-01-31',
      '--json',
    ]);
    expect(last.code, last.err).toBe(0);
  });

  it('rejects a --since that is not before --until instead of printing an empty report', async () => {
    const r = await cli(['report', FIXTURE, '--since', '2015-05-19', '--until', '2015-05-18']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--since 2015-05-19 is not before --until 2015-05-18: no record can match');
    expect(r.out).toBe('');
    const same = await cli(['report', FIXTURE, '--since', '2015-05-19', '--until', '2015-05-19T00:00Z']);
    expect(same.code).toBe(2);
    expect(same.err).toContain('is not before --until 2015-05-19T00:00Z: no record can match');
  });

  it('rejects a filter with no value', async () => {
    const r = await cli(['report', FIXTURE, '--filter', 'ip=']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--filter ip=: no value after "=". Give one, e.g. ip=203.0.113.9');
    expect(r.err).toContain('Usage: logbook report');
  });

  it('tail checks --filter as report does, and understands the same values', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), generateRecords({ users: 3 }).records);
    for (const bad of ['colour=red', 'status=abc', 'client=robot', 'ip=']) {
      const r = await cli(['tail', dir, '--filter', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.err).toContain(`--filter ${bad}:`);
    }
    const bots = await cli(['tail', dir, '-n', '1000', '--filter', 'client=bot', '--no-color']);
    expect(bots.code).toBe(0);
    const lines = bots.out.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toContain(' crawler');
    const crash = await cli(['tail', dir, '-n', '1000', '--filter', 'ticket=fp-search-null', '--no-color']);
    expect(crash.out.trimEnd().split('\n')).toHaveLength(1);
    expect(crash.out).toContain('/search');
  });
});
