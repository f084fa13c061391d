import { describe, it, expect, afterAll } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, generateRecords, tempDir, writeJsonl } from './helpers/records.js';
import type { Ticket } from '../src/report/tickets.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function logs(): string {
  const dir = tempDir();
  dirs.push(dir);
  writeJsonl(join(dir, 'app.jsonl'), generateRecords({ users: 3 }).records);
  return dir;
}

const stateOf = async (...sources: string[]): Promise<Record<string, string>> => {
  const r = await cli(['tickets', ...sources, '--json']);
  expect(r.code, r.err).toBe(0);
  return Object.fromEntries((JSON.parse(r.out) as Ticket[]).map((t) => [t.fingerprint, t.state]));
};

describe('the ticket state', () => {
  it('is kept in the logs folder whether the logs are given as the folder, a file or a pattern', async () => {
    const dir = logs();
    for (const [solve, sources] of [
      [`${dir}/a*.jsonl`, [dir, join(dir, 'app.jsonl')]],
      [join(dir, 'app.jsonl'), [dir, `${dir}/ap?.jsonl`]],
    ] as const) {
      const r = await cli(['tickets', 'solve', 'fp-search', solve]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toBe(`Solved fp-search-null (state in ${join(dir, '.logbook', 'tickets.json')})\n`);
      for (const s of [solve, ...sources])
        expect(await stateOf(s), s).toEqual({ 'fp-search-null': 'solved', 'fp-checkout-total': 'open' });
      expect((await cli(['tickets', 'reopen', 'fp-search', ...sources.slice(1)])).code).toBe(0);
      expect(await stateOf(dir)).toEqual({ 'fp-search-null': 'open', 'fp-checkout-total': 'open' });
    }
  });

  it('is written whole, readable and editable by hand, with no temporary file left beside it', async () => {
    const dir = logs();
    expect((await cli(['tickets', 'solve', 'fp-checkout', dir, '--note', 'fixed'])).code).toBe(0);
    expect(readdirSync(join(dir, '.logbook'))).toEqual(['tickets.json']);
    const text = readFileSync(join(dir, '.logbook', 'tickets.json'), 'utf8');
    const state = JSON.parse(text) as { version: number; solved: Record<string, { note?: string }> };
    expect(state.version).toBe(1);
    expect(state.solved['fp-checkout-total']!.note).toBe('fixed');
    // one key a line, as a person edits it
    expect(text).toMatch(/^\{\n {2}"version": 1,\n {2}"solved": \{\n {4}"fp-checkout-total": \{\n/);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('may lack its solved list (a hand-made {}), which is read as nothing solved', async () => {
    for (const content of ['{}', '{"version": 1}']) {
      const dir = logs();
      mkdirSync(join(dir, '.logbook'));
      writeFileSync(join(dir, '.logbook', 'tickets.json'), content);
      expect(await stateOf(dir), content).toEqual({ 'fp-search-null': 'open', 'fp-checkout-total': 'open' });
    }
  });

  it('that is not JSON is named, with what to do', async () => {
    const dir = logs();
    mkdirSync(join(dir, '.logbook'));
    writeFileSync(join(dir, '.logbook', 'tickets.json'), '{"solved": {');
    const r = await cli(['tickets', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `logbook tickets: ${join(dir, '.logbook', 'tickets.json')} is not valid JSON. ` +
        'Fix it by hand or delete it (that forgets which tickets were solved).\n',
    );
  });
});
