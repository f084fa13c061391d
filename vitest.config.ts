import { defineConfig } from 'vitest/config';

// One runner for every package; each package keeps its tests in packages/<name>/test, and test/ holds the
// tests of the workspace as a whole (the packages as published).
export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'bench/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One temporary folder per run, removed at its end (see the file for why).
    globalSetup: ['test/support/test-temp-root.ts'],
  },
});
