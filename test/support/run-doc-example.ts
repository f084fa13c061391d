// Runs one docs example as a user would: transpiled to JavaScript, written beside the package (so its imports
// resolve to the workspace's built package) and run by Node in a fresh working folder, with a preamble loaded
// first. The preamble reports what the checks read on a line `@@example {json}` at exit; that line is taken out
// of stdout and handed back parsed.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The working folder it ran in. */
  folder: string;
  pid: number | undefined;
  /** The preamble's `@@example` report, or undefined when the program did not get as far as writing it. */
  report: unknown;
}

export function runDocExample(o: {
  /** The example's TypeScript (or JavaScript) text. */
  code: string;
  /** Where its JavaScript is written (`.mjs`). */
  file: string;
  /** The preamble module loaded first (`--import`). */
  preamble: string;
  /** Prefix of the fresh working folder, under the OS temp folder. */
  folderPrefix: string;
  env?: NodeJS.ProcessEnv;
}): Promise<ExampleRun> {
  const js = ts.transpileModule(o.code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  writeFileSync(o.file, js);
  const folder = mkdtempSync(join(tmpdir(), o.folderPrefix));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', o.preamble, o.file], {
      cwd: folder,
      ...(o.env ? { env: o.env } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const report = /@@example (.*)\n/.exec(stdout)?.[1];
      resolve({
        code,
        stdout: stdout.replace(/\n?@@example .*\n/, ''),
        stderr,
        folder,
        pid: child.pid,
        report: report === undefined ? undefined : (JSON.parse(report) as unknown),
      });
    });
  });
}
