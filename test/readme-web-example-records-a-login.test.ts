// The README's "Observing a web app in a few lines" runs as a user would paste it — in its own process and a fresh
// working folder, with its port made 0 — and does what the README says: the login is a user.login record whose
// message names the pseudonymised user, the browser, the OS and the address, and the request's access record
// carries the same user.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// Under the workspace's node_modules, so the example's imports resolve to the workspace's packages.
const SCRATCH = join(ROOT, 'node_modules/.cache/logbook-readme-example');
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36';

type Line = { event?: string; message?: string; fields?: Record<string, unknown>; user?: unknown };

function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Observing a web app in a few lines'));
  const code = section && /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('README.md has no ts example under "## Observing a web app in a few lines"');
  return code;
}

let child: ChildProcess | undefined;
const folder = mkdtempSync(join(tmpdir(), 'logbook-readme-'));
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
  rmSync(SCRATCH, { recursive: true, force: true });
});

/** Waits for a record `find` accepts in ./logs/app.jsonl, or fails saying what the example printed. */
async function record(printed: () => string, find: (r: Line) => boolean): Promise<Line> {
  const file = join(folder, 'logs/app.jsonl');
  for (let waited = 0; waited < 15_000; waited += 50) {
    const lines = existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as Line)
      : [];
    const found = lines.find(find);
    if (found) return found;
    if (child?.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the README example did not log what it promises; it printed:\n${printed()}`);
}

it("the README's Express example records a login with the user, browser, OS and address", async () => {
  const code = readmeExample();
  expect(code, 'the example listens on port 3000').toContain('listen(3000');
  mkdirSync(SCRATCH, { recursive: true });
  const file = join(SCRATCH, 'readme-web.mjs');
  const js = ts.transpileModule(code.replace('listen(3000', 'listen(0'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  writeFileSync(file, js);
  child = spawn(process.execPath, [file], { cwd: folder, env: { ...process.env, NODE_ENV: 'production' } });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const printed = (): string => output;

  const start = await record(printed, (r) => r.event === 'app.start');
  const address = start.fields?.address as string;
  expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

  const res = await fetch(`${address}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'user-agent': CHROME },
  });
  expect(res.status).toBe(302);

  const login = await record(printed, (r) => r.event === 'user.login');
  expect(login.message).toMatch(
    /^User u-[0-9a-f]{16} logged in with Chrome 141 on Windows 10 from 127\.0\.0\.1$/,
  );
  const access = await record(printed, (r) => r.event === 'http.request');
  expect(access.message).toMatch(/^POST \/login → 302 in [\d.]+ ms$/);
  expect(login.user).toEqual({ id: expect.stringMatching(/^u-[0-9a-f]{16}$/) as unknown });
  expect(access.user).toEqual(login.user);
  // Pseudonymised by default: the id the app gave ("ann") is nowhere in the log.
  expect(readFileSync(join(folder, 'logs/app.jsonl'), 'utf8')).not.toContain('"ann"');
}, 60_000);
