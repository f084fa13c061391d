// `npx logbook` must work right after `npm ci` on a fresh clone. npm links a workspace's bin when it installs,
// before `prepare` builds dist/, so the bin has to be a committed file rather than something the build writes.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const rootDir = join(packageDir, '..', '..');

describe('the logbook command', () => {
  it('is a committed launcher, not a build output', () => {
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const target = pkg.bin.logbook!;
    expect(target.replace(/^\.\//, '').startsWith('dist/')).toBe(false);
    expect(existsSync(join(packageDir, target))).toBe(true);
    const tracked = execFileSync('git', ['ls-files', '--error-unmatch', target], {
      cwd: packageDir,
      encoding: 'utf8',
    });
    expect(tracked.trim()).toBe(target.replace(/^\.\//, ''));
  });

  it('runs through the workspace link, as npx does', () => {
    const out = execFileSync(join(rootDir, 'node_modules', '.bin', 'logbook'), ['--help'], {
      encoding: 'utf8',
    });
    expect(out).toContain('Usage: logbook <command>');
  });
});
