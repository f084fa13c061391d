// Debian packages that tests need (Chromium, rsyslog, nginx, ...), installed from Debian's archive when missing.

import { spawnSync } from 'node:child_process';

/**
 * Runs apt-get with `args`, one install at a time: test files run side by side, and on a fresh machine several of
 * them may install at once. apt-get fails at once when another holds its lock, so our own installs queue on a lock
 * file (flock), and one started by something else is waited for (DPkg::Lock::Timeout).
 */
function aptGet(args: readonly string[]): boolean {
  const run = spawnSync(
    'flock',
    ['/tmp/logbook-tests-apt.lock', 'apt-get', '-o', 'DPkg::Lock::Timeout=600', ...args],
    { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
  );
  return run.status === 0;
}

/**
 * Installs the first of `alternatives` that Debian has (e.g. `nginx-light`, then `nginx`), reading the package lists
 * first when the plain install fails (a fresh machine may have none). Returns whether one was installed; the caller
 * checks for what it needs and says how to install it.
 */
export function aptInstall(...alternatives: string[]): boolean {
  const installOne = (): boolean => alternatives.some((pkg) => aptGet(['install', '-y', pkg]));
  if (installOne()) return true;
  return aptGet(['update']) && installOne();
}
