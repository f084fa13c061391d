// Root reads any file, so the CLI runs as root without the capabilities that let it (util-linux setpriv), or,
// when the tests run as another user, as that user.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURE, tempDir } from './helpers/records.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function runWithoutReadOverride(args: string[]): { code: number | null; err: string } {
  const root = process.getuid?.() === 0;
  if (root && !existsSync('/usr/bin/setpriv'))
    throw new Error(
      'This test needs setpriv to run as root without CAP_DAC_OVERRIDE: apt-get install util-linux',
    );
  const [cmd, ...pre] = root
    ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', process.execPath]
    : [process.execPath];
  const r = spawnSync(cmd, [...pre, CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, err: r.stderr };
}

describe('an unreadable log is named with what to do', () => {
  it('fails with one line naming the file or folder, not a bare EACCES', () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run the build (npm run build) first.`);
    const dir = tempDir();
    mkdirSync(join(dir, 'logs'));
    copyFileSync(FIXTURE, join(dir, 'logs', 'access.log'));
    copyFileSync(FIXTURE, join(dir, 'logs', 'secret.log'));
    chmodSync(join(dir, 'logs', 'secret.log'), 0o000);
    const advice =
      'permission denied. Run logbook as a user who may read it (for /var/log, often the adm group), or leave it out.\n';
    for (const command of ['report', 'tail', 'sql']) {
      const args = command === 'sql' ? ['sql', 'SELECT 1', join(dir, 'logs')] : [command, join(dir, 'logs')];
      const r = runWithoutReadOverride(args);
      expect(r.code, command).toBe(1);
      expect(r.err).toBe(`logbook ${command}: Cannot read ${join(dir, 'logs', 'secret.log')}: ${advice}`);
    }
    mkdirSync(join(dir, 'closed'));
    chmodSync(join(dir, 'closed'), 0o000);
    const folder = runWithoutReadOverride(['report', join(dir, 'closed')]);
    expect(folder.code).toBe(1);
    expect(folder.err).toBe(`logbook report: Cannot read ${join(dir, 'closed')}: ${advice}`);
  });
});
