// The four packages as a user gets them: packed with `npm pack`, installed from the tarballs into a fresh
// project outside this checkout (so nothing resolves through the workspace's node_modules or sources), then
// used the way the READMEs say: a strict TypeScript app compiled with skipLibCheck off, run against a real
// request, and the installed `logbook` command reading what it wrote.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = [
  { dir: 'packages/logbook', name: 'logbook' },
  { dir: 'packages/traffic', name: '@logbook/traffic' },
  { dir: 'packages/web', name: '@logbook/web' },
  { dir: 'packages/insight', name: '@logbook/insight' },
] as const;
const WPSCAN = 'WPScan v3.8.25 (https://wpscan.com/wordpress-security-scanner)';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
interface PackedFile {
  path: string;
}
interface Packed {
  name: string;
  filename: string;
  files: PackedFile[];
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const rootPackage = readJson<PackageJson>(join(ROOT, 'package.json'));
const webPackage = readJson<PackageJson>(join(ROOT, 'packages/web/package.json'));

/** The exact version the workspace pins, so the outside project is built with the same tools. */
function pinned(pkg: PackageJson, name: string): string {
  const version = pkg.devDependencies?.[name];
  if (version === undefined || !/^\d+\.\d+\.\d+/.test(version)) {
    throw new Error(
      `${pkg.name} should pin ${name} to an exact version in devDependencies (found ${version})`,
    );
  }
  return version;
}

// npm run passes its own settings on as npm_config_* variables (local prefix, workspace, ...); a nested npm
// would take them as its own and act on the workspace. Only the ones about reaching the registry are kept.
const KEEP_NPM =
  /^npm_config_(registry|cache|userconfig|globalconfig|proxy|https_proxy|noproxy|cafile|ca|strict_ssl)$/i;
const cleanEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || KEEP_NPM.test(key)),
);
delete cleanEnv.NODE_OPTIONS;

class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    message: string,
    readonly output: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

async function run(
  cmd: string,
  args: string[],
  cwd: string,
  timeoutMs = 60_000,
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await promisify(execFile)(cmd, args, {
      cwd,
      env: cleanEnv,
      maxBuffer: 64 * 1024 * 1024,
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
  } catch (error) {
    const e = error as { code?: unknown; killed?: boolean; stdout?: string; stderr?: string };
    const output = `${e.stdout ?? ''}\n${e.stderr ?? ''}`.trim();
    const how =
      e.killed === true ? `did not finish in ${timeoutMs / 1000} s` : `failed (exit ${String(e.code)})`;
    throw new CommandError(
      `\`${cmd} ${args.join(' ')}\` in ${cwd} ${how}:\n${output.slice(-4000)}`,
      output,
      e.killed === true,
    );
  }
}

/** Starts a program and resolves with its first stdout line that matches, or fails with what it printed. */
async function startAndWait(
  cmd: string,
  args: string[],
  cwd: string,
  pattern: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray; stderr: () => string }> {
  const child = spawn(cmd, args, { cwd, env: cleanEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const seen: string[] = [];
  const match = await new Promise<RegExpMatchArray>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`${cmd} ${args.join(' ')} printed nothing like ${pattern}`)),
      20_000,
    );
    lines.on('line', (line) => {
      seen.push(line);
      const m = pattern.exec(line);
      if (m !== null) {
        clearTimeout(timer);
        done(m);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(
        new Error(
          `${cmd} ${args.join(' ')} exited (${code}) before printing ${pattern}:\n${seen.join('\n')}\n${stderr}`,
        ),
      );
    });
  });
  return { child, match, stderr: () => stderr };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

/** Bare specifiers a built file loads: import/export from, import(), require(), createRequire(...)(). */
function bareImports(source: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\b(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire(?:\.resolve)?\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\)\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const m of source.matchAll(pattern)) {
      const spec = m[1]!;
      if (spec.startsWith('.') || spec.startsWith('/') || isBuiltin(spec)) continue;
      found.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return [...found].sort();
}

/**
 * Every module a served page script imports, followed from `entry` as the browser would (relative
 * `import … from './x.js'` only, which is all the dashboard uses); each must be served with status 200.
 */
async function importedModules(base: string, entry: string): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const res = await fetch(`${base}${path}`);
    expect(res.status, `${path} (imported by the dashboard's script)`).toBe(200);
    const source = await res.text();
    for (const m of source.matchAll(/\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g))
      queue.push(posix.resolve(posix.dirname(path), m[1]!));
  }
  return [...seen].sort();
}

/** The ```ts blocks of a README. */
function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

const APP_TS = `import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger, StreamHandler, setup } from 'logbook';
import { SCHEMA_VERSION, recordSchemaPath, type RecordJson } from 'logbook/schema';
import { classify, type Classification } from '@logbook/traffic';
import { createWebLogbook, currentRequestId, setRoute } from '@logbook/web';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node dist/app.js LOG_FILE');

const logging = setup({ file, console: false, config: false, app: { name: 'outside-app', version: '1.0.0' } });
// A handler of the app's own on top of the default setup: warnings and worse also go to stderr.
const alerts = new StreamHandler(process.stderr, { level: 'warning', bubble: true }).pushApplication();
const log = new Logger('outside');

const probe: Classification = classify({ method: 'GET', path: '/.env', status: 404, userAgent: 'curl/8.5.0' });
log.info('A {kind} client asking for /.env hits {signals}', { kind: probe.client.kind, signals: probe.signals.join(' ') });

const web = createWebLogbook({ app: { name: 'outside-app', version: '1.0.0' } });
const server = createServer(
  web.node((req, res) => {
    const home = req.url === '/';
    setRoute(req, home ? '/' : '/*');
    log.info('Handling {id}', { id: currentRequestId() ?? 'none' });
    res.statusCode = home ? 200 : 404;
    res.end(home ? 'hello' : 'not found');
  }),
);
server.listen(0, '127.0.0.1', () => {
  web.started(server);
  const ready: Pick<RecordJson, 'v'> & { port: number; schema: string } = {
    v: SCHEMA_VERSION,
    port: (server.address() as AddressInfo).port,
    schema: recordSchemaPath,
  };
  process.stdout.write(JSON.stringify(ready) + '\\n');
});
process.once('SIGTERM', () => {
  server.close(() => {
    web.close();
    alerts.popApplication();
    void logging.close();
  });
});
`;

// Express is JavaScript here: typing it would take @types/express, which is the Express user's business.
const EXPRESS_MJS = `import express from 'express';
import { setup } from 'logbook';
import { createWebLogbook } from '@logbook/web';

const logging = setup({ file: process.argv[2], console: false, config: false });
const web = createWebLogbook({ app: { name: 'outside-express' } });
const app = express();
app.use(web.express());
app.get('/crash', () => {
  throw new Error('the basket is empty');
});
app.use(web.expressErrors());
const server = app.listen(0, '127.0.0.1', () => {
  web.started(server);
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n');
});
process.once('SIGTERM', () => server.close(() => { web.close(); void logging.close(); }));
`;

const TSCONFIG_NODENEXT = {
  compilerOptions: {
    strict: true,
    module: 'NodeNext',
    target: 'ES2022',
    skipLibCheck: false,
    rootDir: 'src',
    outDir: 'dist',
  },
  include: ['src'],
};
const TSCONFIG_BUNDLER = {
  compilerOptions: {
    strict: true,
    module: 'ESNext',
    moduleResolution: 'Bundler',
    target: 'ES2022',
    skipLibCheck: false,
    noEmit: true,
  },
  include: ['src'],
};

// An existing CommonJS app as `tsc --init` set them up for years: module commonjs (so the classic node10
// resolution, which ignores `exports`) and esModuleInterop. Node 20.19+ loads the ESM packages with require().
const CJS_TS = `import { Logger, setup } from 'logbook';
import { SCHEMA_VERSION } from 'logbook/schema';
import { classify } from '@logbook/traffic';
import { createWebLogbook } from '@logbook/web';
import { loadSources } from '@logbook/insight';

const logging = setup({ file: false, console: false, config: false });
new Logger('cjs').info('schema {v}', { v: SCHEMA_VERSION });
const web = createWebLogbook({});
web.close();
void logging.close();
const { client } = classify({ method: 'GET', path: '/', userAgent: 'Googlebot/2.1 (+http://www.google.com/bot.html)' });
console.log(JSON.stringify({ v: SCHEMA_VERSION, kind: client.kind, loadSources: typeof loadSources }));
`;
const TSCONFIG_CJS = {
  compilerOptions: {
    strict: true,
    module: 'commonjs',
    esModuleInterop: true,
    target: 'ES2022',
    skipLibCheck: false,
    rootDir: 'src',
    outDir: 'dist',
  },
  include: ['src'],
};

let work = '';
let project = '';
let packed: Packed[] = [];
const timings: Record<string, number> = {};

async function timed<T>(label: string, job: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await job();
  } finally {
    timings[label] = Math.round(performance.now() - start);
  }
}

describe('the packages as published, installed into a project outside the workspace', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'logbook-outside-'));
    if (!relative(ROOT, work).startsWith('..'))
      throw new Error(`${work} is inside ${ROOT}: set TMPDIR elsewhere`);
    const tarballs = join(work, 'tarballs');
    project = join(work, 'app');
    mkdirSync(tarballs);
    mkdirSync(join(project, 'src'), { recursive: true });

    // Under the build lock, so another build does not rewrite dist/ while it is being packed.
    const packArgs = [
      'pack',
      '--json',
      '--pack-destination',
      tarballs,
      ...PACKAGES.flatMap((p) => ['-w', p.dir]),
    ];
    const { stdout } = await timed('npm pack', () =>
      run('flock', ['/tmp/logbook-build.lock', 'npm', ...packArgs], ROOT),
    );
    packed = JSON.parse(stdout) as Packed[];
    expect(packed.map((p) => p.name).sort()).toEqual(PACKAGES.map((p) => p.name).sort());

    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'outside-app', version: '1.0.0', private: true, type: 'module' }, null, 2),
    );
    const installArgs = [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      // Fail in seconds, not minutes of back-off, when the registry cannot be reached.
      '--fetch-retries=1',
      '--fetch-retry-mintimeout=2000',
      '--fetch-retry-maxtimeout=5000',
      ...packed.map((p) => join(tarballs, p.filename)),
      `typescript@${pinned(rootPackage, 'typescript')}`,
      `@types/node@${pinned(rootPackage, '@types/node')}`,
      `express@${pinned(webPackage, 'express')}`,
    ];
    try {
      await timed('npm install', () => run('npm', installArgs, project, 150_000));
    } catch (error) {
      const output = error instanceof CommandError ? error.output : String(error);
      const timedOut = error instanceof CommandError && error.timedOut;
      if (
        timedOut ||
        /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network/i.test(output)
      ) {
        throw new Error(
          `npm install in ${project} could not reach the npm registry${timedOut ? ' (it hung)' : ''}, so the packages could not be checked as a ` +
            `user installs them (typescript, @types/node and express come from the registry or npm's cache). Check ` +
            `the network and the registry setting (\`npm config get registry\`).\n${(error as Error).message}`,
          { cause: error },
        );
      }
      throw error;
    }
  }, 240_000);

  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
    console.log(`outside-the-workspace timings (ms): ${JSON.stringify(timings)}`);
  });

  it('ships README, LICENSE and built code, and no tests, build info or source maps to missing sources', () => {
    for (const pkg of packed) {
      const files = pkg.files.map((f) => f.path);
      expect(files, pkg.name).toEqual(
        expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']),
      );
      expect(
        files.filter((f) =>
          /(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.[cm]?[jt]sx?$|tsbuildinfo/.test(f),
        ),
        pkg.name,
      ).toEqual([]);
      const installed = join(project, 'node_modules', pkg.name);
      const missing: string[] = [];
      for (const map of files.filter((f) => f.endsWith('.map'))) {
        const { sources, sourceRoot } = readJson<{ sources: string[]; sourceRoot?: string }>(
          join(installed, map),
        );
        for (const source of sources) {
          const path = posix.normalize(posix.join(posix.dirname(map), sourceRoot ?? '', source));
          if (!files.includes(path)) missing.push(`${map} → ${path}`);
        }
      }
      expect(
        missing,
        `${pkg.name}: source maps pointing at files not in the package (when the source is gone from src/ too, the dist file is stale build output: delete dist/ and build again before packing)`,
      ).toEqual([]);
      expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(
        /^MIT License[\s\S]*the Logbook authors/,
      );
    }
  });

  it('declares every package its built code loads; logbook has no runtime dependencies', () => {
    const problems: string[] = [];
    for (const pkg of packed) {
      const installed = join(project, 'node_modules', pkg.name);
      const manifest = readJson<PackageJson>(join(installed, 'package.json'));
      const runtime = { ...manifest.dependencies, ...manifest.peerDependencies };
      for (const file of pkg.files.map((f) => f.path)) {
        const isJs = /^(dist|bin)\/.*\.m?js$/.test(file);
        const isTypes = /^dist\/.*\.d\.ts$/.test(file);
        if (!isJs && !isTypes) continue;
        for (const spec of bareImports(readFileSync(join(installed, file), 'utf8'))) {
          // Types a user's compiler reads must come with the install: a dependency, not an optional peer.
          const declared = isTypes ? manifest.dependencies?.[spec] : runtime[spec];
          if (declared === undefined)
            problems.push(`${pkg.name}: ${file} imports ${spec}, which is not declared`);
          const internal = packed.find((p) => p.name === spec);
          if (internal !== undefined && declared !== undefined) {
            const version = readJson<PackageJson>(
              join(project, 'node_modules', spec, 'package.json'),
            ).version;
            if (declared !== version)
              problems.push(`${pkg.name} wants ${spec}@${declared}, which is at ${version}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    const core = readJson<PackageJson>(join(project, 'node_modules/logbook/package.json'));
    expect(Object.keys(core.dependencies ?? {})).toEqual([]);
  });

  it('compiles a strict app (skipLibCheck off) and the README examples under NodeNext and Bundler resolution, with no framework types installed', async () => {
    expect(existsSync(join(project, 'node_modules/@types/express'))).toBe(false);
    expect(existsSync(join(project, 'node_modules/@types/koa'))).toBe(false);
    writeFileSync(join(project, 'src/app.ts'), APP_TS);
    writeFileSync(join(project, 'express.mjs'), EXPRESS_MJS);
    for (const { name } of PACKAGES) {
      const readme = readFileSync(join(project, 'node_modules', name, 'README.md'), 'utf8');
      const blocks = tsBlocks(readme);
      expect(blocks.length, `${name} README has a TypeScript example`).toBeGreaterThan(0);
      blocks.forEach((code, i) =>
        writeFileSync(join(project, 'src', `readme-${name.replace(/\W+/g, '-')}-${i}.ts`), code),
      );
    }
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG_NODENEXT, null, 2));
    writeFileSync(join(project, 'tsconfig.bundler.json'), JSON.stringify(TSCONFIG_BUNDLER, null, 2));
    const tsc = join(project, 'node_modules/.bin/tsc');
    await timed('tsc NodeNext', () => run(tsc, ['-p', 'tsconfig.json'], project));
    await timed('tsc Bundler', () => run(tsc, ['-p', 'tsconfig.bundler.json'], project));
    expect(existsSync(join(project, 'dist/app.js'))).toBe(true);
  }, 60_000);

  it('runs the compiled app: app.start, and the access record of a WordPress probe classified as a scanner', async () => {
    const log = join(project, 'logs/app.jsonl');
    const app = await timed('app run', async () => {
      const { child, match, stderr } = await startAndWait(
        'node',
        ['dist/app.js', log],
        project,
        /^\{.*"port":\d+/,
      );
      const ready = JSON.parse(match.input!) as { port: number; schema: string };
      const base = `http://127.0.0.1:${ready.port}`;
      const probe = await fetch(`${base}/wp-login.php`, { headers: { 'user-agent': WPSCAN } });
      expect(probe.status).toBe(404);
      const home = await fetch(`${base}/`, { headers: { 'user-agent': CHROME } });
      expect(await home.text()).toBe('hello');
      expect(await stop(child), stderr()).toBe(0);
      return { ready, requestId: probe.headers.get('x-request-id') };
    });

    const records = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // The schema file the package ships, found through the installed package's own path.
    expect(app.ready.schema).toBe(join(project, 'node_modules/logbook/schema/record.schema.json'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
      readJson<object>(app.ready.schema),
    );
    for (const record of records)
      expect(validate(record) ? [] : validate.errors, JSON.stringify(record)).toEqual([]);

    expect(records.find((r) => r.event === 'app.start')).toMatchObject({
      channel: 'app',
      fields: { app: 'outside-app', version: '1.0.0' },
    });
    // @logbook/traffic called directly by the app: curl asking for /.env.
    const direct = records.find((r) => r.channel === 'outside' && r.fields !== undefined) as
      { fields: { kind: string; signals: string } } | undefined;
    expect(direct?.fields.kind).toBe('unknown');
    expect(direct?.fields.signals.split(' ')).toEqual(
      expect.arrayContaining(['sensitive-file', 'tool-user-agent']),
    );
    const access = records.filter((r) => r.event === 'http.request');
    expect(access).toHaveLength(2);
    expect(access[0]).toMatchObject({
      request: {
        id: app.requestId,
        method: 'GET',
        path: '/wp-login.php',
        route: '/*',
        status: 404,
        ip: '127.0.0.1',
        ua: WPSCAN,
      },
      client: { kind: 'scanner', name: 'WPScan' },
      fields: { status: 404, verdict: 'scanner' },
      signals: expect.arrayContaining(['wordpress-probe', 'not-found-probe']),
    });
    expect(access[1]).toMatchObject({
      request: { path: '/', status: 200 },
      client: { kind: 'human', browser: 'Chrome 120' },
    });
    // The request's own records carry its id through the async context.
    expect(records.find((r) => r.message === `Handling ${app.requestId}`)).toMatchObject({
      request: { id: app.requestId },
    });
  }, 60_000);

  it('an existing CommonJS app (module commonjs, classic resolution) compiles against the packages and require()s them', async () => {
    const cjs = join(project, 'cjs');
    mkdirSync(join(cjs, 'src'), { recursive: true });
    writeFileSync(
      join(cjs, 'package.json'),
      JSON.stringify({ name: 'outside-cjs', private: true, type: 'commonjs' }),
    );
    writeFileSync(join(cjs, 'tsconfig.json'), JSON.stringify(TSCONFIG_CJS, null, 2));
    writeFileSync(join(cjs, 'src/index.ts'), CJS_TS);
    await timed('tsc CommonJS', () =>
      run(join(project, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], cjs),
    );
    expect(readFileSync(join(cjs, 'dist/index.js'), 'utf8')).toContain('require("logbook")');
    const { stdout } = await run('node', ['dist/index.js'], cjs);
    expect(JSON.parse(stdout)).toEqual({ v: 1, kind: 'crawler', loadSources: 'function' });
  }, 60_000);

  it('runs an Express app with the middleware: a crash answers 500 with an incident reference and writes the incident', async () => {
    const log = join(project, 'logs/express.jsonl');
    const { child, match, stderr } = await startAndWait(
      'node',
      ['express.mjs', log],
      project,
      /"port":(\d+)/,
    );
    const res = await fetch(`http://127.0.0.1:${match[1]}/crash`, {
      headers: { accept: 'application/json' },
    });
    const body = await res.text();
    expect(await stop(child), stderr()).toBe(0);
    expect(res.status).toBe(500);
    expect(body).not.toContain('the basket is empty'); // the visitor gets a reference, not the error
    const incident = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { event?: string; incident?: { ref?: string }; error?: { message?: string } },
      )
      .find((r) => r.event === 'incident');
    expect(incident?.error?.message).toBe('the basket is empty');
    expect(incident?.incident?.ref).toMatch(/\S/);
    expect(body).toContain(incident!.incident!.ref!);
  }, 60_000);

  it('the installed logbook command reports the probe and serves the dashboard with its assets', async () => {
    const log = join(project, 'logs/app.jsonl');
    const { stdout: help } = await run(join(project, 'node_modules/.bin/logbook'), ['--help'], project);
    expect(help).toMatch(/Usage: logbook <command>/);

    const { stdout } = await timed('npx logbook report', () =>
      run('npx', ['logbook', 'report', '--json', log], project),
    );
    const report = JSON.parse(stdout) as {
      totals: { requests: number };
      attackers: { ip: string; verdict: string; tool: string | null; examples: string[] }[];
    };
    expect(report.totals.requests).toBe(2);
    expect(report.attackers).toEqual([
      expect.objectContaining({
        ip: '127.0.0.1',
        verdict: 'scanner',
        tool: 'WPScan',
        examples: [expect.stringContaining('/wp-login.php')],
      }),
    ]);

    await timed('logbook serve', async () => {
      const bin = join(project, 'node_modules/.bin/logbook');
      const serve = await startAndWait(
        bin,
        ['serve', log, '--port', '0', '--no-follow'],
        project,
        /http:\/\/127\.0\.0\.1:\d+/,
      );
      try {
        const base = serve.match[0];
        const page = await (await fetch(`${base}/`)).text();
        const assets = [...page.matchAll(/(?:src|href)="(\/[^"]*)"/g)].map((m) => m[1]!);
        expect(assets).toEqual(expect.arrayContaining(['/app.js', '/vendor/uPlot.iife.min.js']));
        for (const asset of assets) expect((await fetch(`${base}${asset}`)).status, asset).toBe(200);
        // The page's script is made of modules (app.js imports js/*.js): every one must be in the package.
        const modules = await importedModules(base, '/app.js');
        expect(modules).toEqual(expect.arrayContaining(['/js/safe-dom.js', '/js/loading.js']));
        const api = (await (await fetch(`${base}/api/report`)).json()) as {
          report: { attackers: { examples: string[] }[] };
        };
        expect(api.report.attackers[0]?.examples).toEqual([expect.stringContaining('/wp-login.php')]);
      } finally {
        await stop(serve.child);
      }
    });
  }, 60_000);
});
