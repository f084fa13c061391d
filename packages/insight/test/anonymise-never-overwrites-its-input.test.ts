import { describe, it, expect } from 'vitest';
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { cli, FIXTURE, tempDir } from './helpers/records.js';

describe('anonymise never overwrites its input', () => {
  it('refuses an OUT that is IN, by the same name, a symlink or a hard link, and leaves the log whole', async () => {
    const dir = tempDir();
    const log = join(dir, 'access.log');
    copyFileSync(FIXTURE, log);
    symlinkSync(log, join(dir, 'link.log'));
    linkSync(log, join(dir, 'hard.log'));
    const original = readFileSync(FIXTURE, 'utf8');
    for (const out of [log, join(dir, 'link.log'), join(dir, 'hard.log'), './access.log']) {
      const r = await cli(['anonymise', log, out], dir);
      expect(r.code, out).toBe(2);
      expect(r.err).toContain('is the same file as IN');
      expect(readFileSync(log, 'utf8')).toBe(original);
    }
  });

  it('refuses the same folder and a folder inside IN, and a folder as OUT for a file', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'logs'));
    copyFileSync(FIXTURE, join(dir, 'logs', 'access.log'));
    const same = await cli(['anonymise', 'logs', 'logs/'], dir);
    expect(same.code).toBe(2);
    expect(same.err).toContain('is the same folder as IN');
    const inside = await cli(['anonymise', 'logs', 'logs/shared'], dir);
    expect(inside.code).toBe(2);
    expect(inside.err).toContain('is inside IN logs');
    expect(existsSync(join(dir, 'logs', 'shared'))).toBe(false);
    const intoFolder = await cli(['anonymise', 'logs/access.log', 'logs'], dir);
    expect(intoFolder.code).toBe(2);
    expect(intoFolder.err).toContain('is a folder');
    expect(readFileSync(join(dir, 'logs', 'access.log'), 'utf8')).toBe(readFileSync(FIXTURE, 'utf8'));
  });

  it('says in one line that a missing IN does not exist', async () => {
    const r = await cli(['anonymise', 'no-such.log', 'out.log'], tempDir());
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'logbook anonymise: Cannot read no-such.log: no such file or folder. Pass the log file or folder to copy.\n',
    );
  });
});
