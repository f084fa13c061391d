import { describe, it, expect } from 'vitest';
import { cli, FIXTURE } from './helpers/records.js';

const requests = async (args: string[]): Promise<number> => {
  const r = await cli(['report', FIXTURE, ...args, '--json']);
  expect(r.code, r.err).toBe(0);
  return (JSON.parse(r.out) as { totals: { requests: number } }).totals.requests;
};

describe('time bounds without a zone', () => {
  it('are read as UTC, as the report shows its times, whatever zone the machine is in', async () => {
    const zone = process.env['TZ'];
    process.env['TZ'] = 'Asia/Kolkata'; // UTC+05:30: a bound read as local time would move 5½ hours
    try {
      const local = await requests(['--since', '2015-05-19T10:00', '--until', '2015-05-19 12:00']);
      const utc = await requests(['--since', '2015-05-19T10:00Z', '--until', '2015-05-19T12:00Z']);
      expect(utc).toBeGreaterThan(0);
      expect(local).toBe(utc);
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
  });
});
