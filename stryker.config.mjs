import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { resolve } from 'node:path';

// Mutation testing: `npm run mutate -- --mutate packages/web/src/core/client-address.ts` changes that file's code
// one small edit at a time (a condition flipped, a string emptied, ...) and runs the tests that cover it. An edit
// no test notices ("survived") is a promise the tests do not check, or code that does nothing. Slow, so not part
// of `npm test`; see docs/architecture.md.
const mutateArg = (() => {
  const args = process.argv;
  const at = args.findIndex((arg) => arg === '--mutate' || arg === '-m');
  return at >= 0 ? args[at + 1] : undefined;
})();
if (mutateArg === undefined) {
  throw new Error(
    'Name the files to mutate, e.g. npm run mutate -- --mutate packages/logbook/src/level.ts (a comma-separated list or a glob, within one package).',
  );
}
// Only the tests of the package that holds the files run: the whole suite would take minutes per mutant.
const packageDir = /^(?:packages|examples)\/[^/]+/.exec(mutateArg)?.[0];
if (packageDir === undefined) {
  throw new Error(`--mutate ${mutateArg}: name files under packages/<name>/ or examples/<name>/.`);
}

// Each run works in its own folder, so that runs on different files side by side keep their sandboxes and
// reports apart. The tests read ../shared (fixtures, rule data) beside the checkout; the sandbox sits two folders
// deeper, so it gets a link of that name.
const readableName = mutateArg.replace(/[^\w.-]+/g, '_');
// A long list of files would make a folder name longer than the file system allows.
const runName =
  readableName.length <= 80
    ? readableName
    : `${readableName.slice(0, 60)}-${createHash('sha256').update(mutateArg).digest('hex').slice(0, 12)}`;
const tempDir = `.stryker-tmp/${runName}`;
mkdirSync(tempDir, { recursive: true });
if (!existsSync(`${tempDir}/shared`)) symlinkSync(resolve('../shared'), `${tempDir}/shared`);

export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts', dir: packageDir },
  coverageAnalysis: 'perTest',
  // The first run of a whole package's tests (insight's open Chromium and DuckDB) takes minutes on a busy machine.
  dryRunTimeoutMinutes: 30,
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'json'],
  clearTextReporter: { reportTests: false },
  tempDirName: tempDir,
  jsonReporter: { fileName: `reports/mutation/${runName}.json` },
  // .stryker-tmp: other runs' sandboxes, which a run side by side would otherwise copy into its own.
  ignorePatterns: ['.stryker-tmp', 'logs', 'reports', '.artifacts', 'bench/results', 'coverage'],
};
