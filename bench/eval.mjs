#!/usr/bin/env node
// `npm run eval -- <suite> [args]`: runs one accuracy evaluation. Each suite lives beside the code it measures.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SUITES = {
  traffic: 'packages/traffic/eval/run.mjs',
};

const [suite, ...rest] = process.argv.slice(2);
if (suite === undefined || !(suite in SUITES)) {
  console.error(`Usage: npm run eval -- <suite>\nSuites: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
const script = join(root, SUITES[suite]);
if (!existsSync(script)) {
  console.error(`The ${suite} evaluation is not written yet (${SUITES[suite]} is missing).`);
  process.exit(2);
}
const result = spawnSync(process.execPath, [script, ...rest], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
