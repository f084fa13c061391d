import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, generateRecords, tempDir, writeJsonl } from './helpers/records.js';
import type { Ticket } from '../src/report/tickets.js';

const listed = async (dir: string, ...more: string[]): Promise<Ticket[]> => {
  const r = await cli(['tickets', dir, '--json', ...more]);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Ticket[];
};
const stateOf = (dir: string): { solved: Record<string, { solved_at: string; note?: string }> } =>
  JSON.parse(readFileSync(join(dir, '.logbook', 'tickets.json'), 'utf8'));

describe('tickets solve and reopen', () => {
  it('keep a note and the time, take a unique prefix, and refuse one that is not unique', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), generateRecords({ users: 3 }).records);
    const fingerprints = (await listed(dir)).map((t) => t.fingerprint).sort();
    expect(fingerprints).toEqual(['fp-checkout-total', 'fp-search-null']);

    const both = await cli(['tickets', 'solve', 'fp-', dir]);
    expect(both.code).toBe(1);
    expect(both.err).toContain('fp- matches 2 tickets; give more characters');

    const before = new Date().toISOString();
    const solve = await cli(['tickets', 'solve', 'fp-search', dir, '--note', 'fixed in 1.2']);
    expect(solve.code, solve.err).toBe(0);
    const kept = stateOf(dir).solved['fp-search-null']!;
    expect(kept.note).toBe('fixed in 1.2');
    expect(kept.solved_at >= before && kept.solved_at <= new Date().toISOString()).toBe(true);
    expect((await listed(dir)).find((t) => t.fingerprint === 'fp-search-null')).toMatchObject({
      state: 'solved',
      solved: true,
      solved_at: kept.solved_at,
    });

    const reopen = await cli(['tickets', 'reopen', 'fp-search', dir]);
    expect(reopen.code, reopen.err).toBe(0);
    expect(reopen.out).toContain('Reopened fp-search-null');
    expect(stateOf(dir).solved).toEqual({});
    expect((await listed(dir)).find((t) => t.fingerprint === 'fp-search-null')).toMatchObject({
      state: 'open',
      solved: false,
      solved_at: null,
    });
  });

  it('reopen finds a solved ticket that the filter leaves out of the list', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), generateRecords({ users: 3 }).records);
    expect((await cli(['tickets', 'solve', 'fp-checkout', dir])).code).toBe(0);
    const reopen = await cli(['tickets', 'reopen', 'fp-check', dir, '--filter', 'ticket=fp-search-null']);
    expect(reopen.code, reopen.err).toBe(0);
    expect(reopen.out).toContain('Reopened fp-checkout-total');
    expect(stateOf(dir).solved).toEqual({});
  });

  it('a folder given where the fingerprint goes is named as the mistake', async () => {
    const dir = tempDir();
    const r = await cli(['tickets', 'solve', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${dir} is a file or folder, not a fingerprint: give the FINGERPRINT first`);
  });
});
