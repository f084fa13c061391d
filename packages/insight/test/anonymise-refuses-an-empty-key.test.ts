import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, FIXTURE, tempDir } from './helpers/records.js';

describe('anonymise refuses an empty key', () => {
  it('exits 2 for --key "" (an unset variable) instead of using a random key, and writes nothing', async () => {
    const dir = tempDir();
    const r = await cli(['anonymise', FIXTURE, join(dir, 'out.log'), '--key', '']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('logbook anonymise: --key is empty (an unset variable?)');
    expect(existsSync(join(dir, 'out.log'))).toBe(false);
  });

  it('gives the same copy twice with the same key', async () => {
    const dir = tempDir();
    for (const out of ['a.log', 'b.log'])
      expect((await cli(['anonymise', FIXTURE, join(dir, out), '--key', 'k3y-for-both-runs'])).code).toBe(0);
    expect(readFileSync(join(dir, 'a.log'), 'utf8')).toBe(readFileSync(join(dir, 'b.log'), 'utf8'));
  });
});
