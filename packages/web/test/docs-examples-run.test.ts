// Runs each framework example of docs/web.md's "Adding it" as a user would paste it: in its own process, in a
// fresh working folder, with the port changed to 0. The example must start, log app.start with its address to
// ./logs/app.jsonl, and record a WordPress probe sent to it — so the ten-line snippets cannot drift from the code.
// The "WebSocket upgrades" snippets run the same way, each inside the framework example it continues: a client
// must get the example's greeting and the log one 101 record.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { openWebSocket } from './websocket-client.js';

const here = dirname(fileURLToPath(import.meta.url));
const doc = readFileSync(join(here, '../../../docs/web.md'), 'utf8');
// Under the workspace's node_modules: the examples' imports resolve to the workspace's packages and
// frameworks from there, and linters and formatters (run while the tests run) leave it alone.
const scratch = join(here, '../../../node_modules/.cache/logbook-web-doc-examples');

interface Example {
  framework: string;
  code: string;
}

function section(title: string): string {
  const found = doc.split(/^## /m).find((part) => part.startsWith(title));
  if (found === undefined) throw new Error(`docs/web.md has no "## ${title}" section`);
  return found;
}

/** The ```ts block under each `### framework` heading of the "Adding it" section. */
function addingExamples(): Example[] {
  return section('Adding it')
    .split(/^### /m)
    .slice(1)
    .map((part) => {
      const code = /```ts\n([\s\S]*?)```/.exec(part)?.[1];
      if (code === undefined)
        throw new Error(`docs/web.md: no ts example under "### ${part.split('\n')[0]}"`);
      return { framework: part.split('\n')[0]!.trim(), code };
    });
}

/**
 * The ```ts blocks of the "WebSocket upgrades" section, each put into the "Adding it" example it continues: the
 * `ws` listener after the node:http example (it uses its `server` and `logbook`), the @fastify/websocket routes in
 * place of the Fastify example's plugin registration (the block registers the plugin itself, first).
 */
function websocketExamples(adding: readonly Example[]): Example[] {
  const blocks = [...section('WebSocket upgrades').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const base = (framework: string): string => {
    const found = adding.find((e) => e.framework === framework);
    if (found === undefined) throw new Error(`docs/web.md: no "### ${framework}" example to continue`);
    return found.code;
  };
  const registration = 'await app.register(logbook.fastify);\n';
  return blocks.map((block) => {
    if (!block.includes(registration))
      return { framework: 'node:http with ws', code: base('node:http') + block };
    const fastify = base('Fastify 5');
    if (!fastify.includes(registration))
      throw new Error(
        `docs/web.md: the Fastify example no longer has "${registration.trim()}" to put routes after`,
      );
    return { framework: 'Fastify with @fastify/websocket', code: fastify.replace(registration, block) };
  });
}

type Line = Record<string, unknown> & { event?: string; fields?: Record<string, unknown> };

function records(folder: string): Line[] {
  const file = join(folder, 'logs/app.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line);
}

/** Polls the example's log until `find` returns something, or fails with what the process printed. */
async function waitFor<T>(folder: string, child: ChildProcess, output: () => string, find: (r: Line[]) => T) {
  for (let waited = 0; waited < 15_000; waited += 50) {
    const found = find(records(folder));
    if (found !== undefined) return found;
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `the example did not log what was expected (exit code ${child.exitCode}); it printed:\n${output()}`,
  );
}

const children: ChildProcess[] = [];
const folders: string[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

interface RunningExample {
  folder: string;
  child: ChildProcess;
  printed: () => string;
  address: string;
}

/** Starts an example as a user would paste it (port 3000 made 0), in a fresh folder; waits for its app.start. */
async function startExample(code: string, name: string): Promise<RunningExample> {
  expect(code, 'the example listens on port 3000').toContain('3000');
  mkdirSync(scratch, { recursive: true });
  const file = join(scratch, `${name}.mjs`);
  const js = ts.transpileModule(code.replaceAll('3000', '0'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  writeFileSync(file, js);
  const folder = mkdtempSync(join(tmpdir(), 'logbook-web-doc-'));
  folders.push(folder);
  const child = spawn(process.execPath, [file], {
    cwd: folder,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const printed = () => output;
  const address = await waitFor(folder, child, printed, (lines) => {
    const start = lines.find((r) => r.event === 'app.start');
    return start?.fields?.address as string | undefined;
  });
  expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  return { folder, child, printed, address };
}

describe('docs/web.md: adding Logbook to each framework', () => {
  const examples = addingExamples();

  it('shows node:http, Express, Fastify, Hono and Koa, each in under ten lines of code', () => {
    expect(examples.map((e) => e.framework)).toEqual([
      'node:http',
      'Express 5',
      'Fastify 5',
      'Hono 4 on @hono/node-server',
      'Koa',
    ]);
    for (const { framework, code } of examples) {
      const lines = code.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('// …'));
      expect(lines.length, framework).toBeLessThan(10);
    }
  });

  it('type-check as written under the strictest settings apps use (exactOptionalPropertyTypes too)', () => {
    const folder = join(scratch, 'strict');
    mkdirSync(folder, { recursive: true });
    const files = [...examples, ...websocketExamples(examples)].map(({ code }, index) => {
      const file = join(folder, `example-${index + 1}.ts`);
      writeFileSync(file, code);
      return file;
    });
    // What @tsconfig/strictest sets, with the module settings of an ESM app on Node.
    const program = ts.createProgram(files, {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      noImplicitReturns: true,
      noPropertyAccessFromIndexSignature: true,
      noFallthroughCasesInSwitch: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: ['node'],
      skipLibCheck: true,
      noEmit: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file === undefined ? '' : `${d.file.fileName.slice(folder.length + 1)}: `;
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0];
    });
    expect(problems).toEqual([]);
  }, 60_000); // a whole program with the frameworks' types: seconds on a shared machine

  examples.forEach(({ framework, code }, index) => {
    it(`the ${framework} example starts, logs app.start and records the WordPress probe sent to it`, async () => {
      const { folder, child, printed, address } = await startExample(code, `example-${index + 1}`);

      const response = await fetch(`${address}/wp-login.php`, {
        headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 6.1; rv:4.0) Gecko/20100101 Firefox/4.0' },
      });
      await response.text();
      const requestId = response.headers.get('x-request-id');
      expect(requestId, 'the response echoes the request id').toBeTruthy();

      const access = await waitFor(folder, child, printed, (lines) =>
        lines.find(
          (r) => r.event === 'http.request' && (r.request as { id?: string } | undefined)?.id === requestId,
        ),
      );
      const request = access.request as { path: string; status: number };
      expect(request.path).toBe('/wp-login.php');
      expect(request.status).toBe(response.status);
      if (response.status === 404) {
        // The frameworks' own 404: a probe for a WordPress this site does not run.
        expect(access.level).toBe('NOTICE');
        expect(access.signals).toContain('wordpress-probe');
        expect(access.message).toContain('wordpress probe');
      } else {
        // The node:http example answers every path: a site that serves /wp-login.php is not probed by asking for it.
        expect(response.status).toBe(200);
        expect(access.level).toBe('INFO');
        expect(access.signals ?? []).not.toContain('wordpress-probe');
      }
      child.kill('SIGTERM');
    });
  });
});

describe('docs/web.md: WebSocket upgrades', () => {
  const examples = websocketExamples(addingExamples());
  const paths: Record<string, { path: string; route?: string }> = {
    'node:http with ws': { path: '/live' },
    'Fastify with @fastify/websocket': { path: '/live/lobby', route: '/live/:room' },
  };

  it('shows ws on node:http and @fastify/websocket', () => {
    expect(examples.map((e) => e.framework)).toEqual(Object.keys(paths));
  });

  examples.forEach(({ framework, code }, index) => {
    it(`the ${framework} example answers the handshake, sends its greeting and records one 101`, async () => {
      const { path, route } = paths[framework]!;
      const { folder, child, printed, address } = await startExample(code, `websocket-${index + 1}`);
      const ua = 'Mozilla/5.0 (X11; Linux x86_64; rv:144.0) Gecko/20100101 Firefox/144.0';
      const received = await openWebSocket(address, path, { 'user-agent': ua });
      expect(received, printed()).toBe('hi');

      const access = await waitFor(folder, child, printed, (lines) =>
        lines.find((r) => r.event === 'http.request' && (r.request as { path?: string }).path === path),
      );
      expect(access.level).toBe('INFO');
      expect(access.message).toMatch(new RegExp(`^GET ${path} → 101 in [\\d.]+ ms`));
      expect(access.request).toMatchObject({
        method: 'GET',
        path,
        status: 101,
        bytes: 0,
        ...(route ? { route } : {}),
      });
      expect(records(folder).filter((r) => r.event === 'http.request')).toHaveLength(1);
      child.kill('SIGTERM');
    });
  });
});

describe("packages/web/README.md's example", () => {
  it('records a scanner asking for /wp-login.php as the README says', async () => {
    const readme = readFileSync(join(here, '../README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    if (code === undefined) throw new Error('packages/web/README.md has no ts example');
    const { folder, child, printed, address } = await startExample(code, 'readme');
    const response = await fetch(`${address}/wp-login.php`, {
      headers: { 'user-agent': 'WPScan v3.8.25 (https://wpscan.com/wordpress-security-scanner)' },
    });
    await response.text();
    const id = response.headers.get('x-request-id');
    const access = await waitFor(folder, child, printed, (lines) =>
      lines.find((r) => r.event === 'http.request' && (r.request as { id?: string }).id === id),
    );
    // What the README promises for its own example: no WordPress signals from a site that answers 200.
    expect(readme.replace(/\s+/g, ' ')).toContain('This example answers every path with 200');
    expect(response.status).toBe(200);
    expect((access.request as { status: number }).status).toBe(200);
    expect((access.client as { kind: string }).kind).toBe('scanner');
    expect(access.signals).toEqual(['scanner-user-agent']);
    child.kill('SIGTERM');
  });
});
