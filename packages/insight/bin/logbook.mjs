#!/usr/bin/env node
// The `logbook` command. This launcher is committed, unlike dist/, so that npm can link the command when it
// installs the workspace — before the build that `prepare` runs has written dist/cli.js.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'logbook: this package is not built yet (dist/cli.js is missing). Run `npm run build` at the repository root.\n',
  );
  process.exit(1);
}
const { runCli } = await import(cli.href);
runCli();
