// The launcher behind `npm start`: builds the workspace when the compiled site is missing or older than
// its sources (a fresh clone after `npm ci` is already built by the root `prepare` script), then runs it.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const entry = join(here, 'dist', 'start.js');
// tsc rewrites its build info whenever it emits, so its time says when the sources were last compiled.
const buildInfo = join(here, 'dist', '.tsbuildinfo');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (
  !existsSync(entry) ||
  !existsSync(buildInfo) ||
  statSync(buildInfo).mtimeMs < newestSource(join(here, 'src'))
) {
  process.stdout.write('Building the workspace (tsc -b)…\n');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const built = spawnSync(process.execPath, [tsc, '-b', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  if (built.status !== 0) {
    process.stderr.write('The build failed (see above). Run `npm run build` to see it again.\n');
    process.exit(1);
  }
}

await import(entry);
