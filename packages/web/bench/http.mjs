#!/usr/bin/env node
// `npm run bench -- http [--duration 5] [--connections 50] [--repeat 3] [--autocannon]`: a node:http "hello world" under load on
// loopback, three rounds — no logging, the Logbook middleware writing access records to a file, and
// pino-http writing to a file. Each server runs in its own process; wrk (Debian: apt-get install wrk)
// drives it, or autocannon when wrk is missing or --autocannon is given.
// Imports the built packages: run `npm run build` first. The last line printed is JSON.

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HELLO = 'hello world';

function hello(_req, res) {
  res.setHeader('content-type', 'text/plain');
  res.end(HELLO);
}

// ---- server side (child process) -----------------------------------------------------------------

async function serve(mode, file) {
  let listener;
  let flush = async () => {};
  if (mode === 'bare') {
    listener = hello;
  } else if (mode === 'als') {
    // For instruction counts (http-instructions.mjs): the bare server inside one AsyncLocalStorage.
    const { AsyncLocalStorage } = await import('node:async_hooks');
    const storage = new AsyncLocalStorage();
    listener = (req, res) => storage.run(req, hello, req, res);
  } else if (mode === 'web-only') {
    // For instruction counts: the middleware with no handler that writes (the access record is still
    // built and dispatched, to the request-trail collector).
    const { createWebLogbook } = await import('@logbook/web');
    const logbook = createWebLogbook({ app: { name: 'bench', version: '1.0.0', env: 'production' } });
    listener = logbook.node(hello);
  } else if (mode === 'logbook') {
    const { FileHandler, JsonFormatter, StreamHandler } = await import('logbook');
    const { createWebLogbook } = await import('@logbook/web');
    const kind = process.env.LOGBOOK_BENCH_HANDLER ?? 'file';
    const options = { level: 'info', formatter: new JsonFormatter(), bubble: true };
    const handler =
      kind === 'stream'
        ? new StreamHandler(createWriteStream(file), { ...options, endOnClose: true })
        : new FileHandler(file, {
            ...options,
            // http-instructions.mjs runs the server ~50× slower under valgrind: a longer interval keeps
            // its batches as large as in a real run (32 Ki characters), so per-batch costs weigh the same.
            ...(process.env.LOGBOOK_BENCH_FLUSH_INTERVAL === undefined
              ? {}
              : { flushInterval: Number(process.env.LOGBOOK_BENCH_FLUSH_INTERVAL) }),
            // 'file': the library's default; 'file-thread' / 'file-main-thread' choose explicitly.
            ...(kind === 'file' ? {} : { thread: kind === 'file-thread' }),
          });
    handler.pushApplication();
    const logbook = createWebLogbook({ app: { name: 'bench', version: '1.0.0', env: 'production' } });
    listener = logbook.node(hello);
    flush = async () => {
      await handler.flush();
      await handler.close();
    };
  } else if (mode === 'pino-http') {
    const { default: pino } = await import('pino');
    const { default: pinoHttp } = await import('pino-http');
    const destination = pino.destination({ dest: file, sync: false });
    const httpLogger = pinoHttp({ logger: pino(destination) });
    listener = (req, res) => {
      httpLogger(req, res);
      hello(req, res);
    };
    flush = async () => destination.flushSync();
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const server = createServer(listener);
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
  });
  process.on('SIGINT', () => flush().then(() => process.exit(0))); // for profiling by hand: node --cpu-prof
  process.on('message', async (message) => {
    if (message !== 'stop') return;
    server.closeAllConnections();
    server.close();
    await flush();
    process.send('stopped', () => process.exit(0));
  });
}

// ---- driver (parent process) ---------------------------------------------------------------------

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} needs a positive number, e.g. --${name} ${fallback}`);
    process.exit(2);
  }
  return value;
}

async function startServer(mode, file) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', mode, file], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n')) resolve(JSON.parse(line).port);
    });
    child.once('exit', (code) =>
      reject(new Error(`${mode} server exited with code ${code} before listening`)),
    );
  });
  return {
    port,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send('stop');
      }),
  };
}

function hasWrk() {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/** wrk prints latencies as 812.00us, 6.76ms or 1.02s. */
function wrkMs(text) {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (match === null) return NaN;
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}

async function loadWithWrk(port, duration, connections) {
  const result = spawnSync(
    'wrk',
    ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', `http://127.0.0.1:${port}/hello`],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`wrk failed: ${result.stderr}`);
  const out = result.stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = wrkMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const p99 = wrkMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const total = Number(/(\d+) requests in/.exec(out)?.[1]);
  const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  return { rps, p50, p99, total, errors };
}

async function loadWithAutocannon(port, duration, connections) {
  const { default: autocannon } = await import('autocannon');
  const r = await autocannon({ url: `http://127.0.0.1:${port}/hello`, connections, duration, pipelining: 1 });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    errors: r.errors + r.non2xx,
  };
}

async function round(tool, mode, dir, duration, connections) {
  const load = tool === 'wrk' ? loadWithWrk : loadWithAutocannon;
  const file = join(dir, `${mode}.jsonl`);
  const server = await startServer(mode, file);
  await load(server.port, 2, connections); // warm-up: JIT, caches, file opened
  const result = await load(server.port, duration, connections);
  await server.stop();
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
  rmSync(file, { force: true });
  return { mode, ...result, lines };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function main() {
  const duration = option('duration', 5);
  const connections = option('connections', 50);
  const repeat = option('repeat', 3);
  const tool = process.argv.includes('--autocannon') || !hasWrk() ? 'autocannon' : 'wrk';
  const modes = ['bare', 'logbook', 'pino-http'];
  const dir = mkdtempSync(join(tmpdir(), 'logbook-http-bench-'));
  const runs = [];
  try {
    // Interleaved, so a neighbour's burst of CPU use on a shared machine hits every mode alike.
    for (let i = 0; i < repeat; i++)
      for (const mode of modes) runs.push(await round(tool, mode, dir, duration, connections));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `node:http hello world on loopback, ${tool} (1 thread), ${connections} connections, ${duration} s per run ` +
      `after 2 s warm-up, ${repeat} interleaved runs per round; Node ${process.version}`,
  );
  console.log(
    '| round | req/s (median) | req/s (runs) | p50 ms | p99 ms | errors | lines in log (last run) |',
  );
  console.log('|---|---:|---|---:|---:|---:|---:|');
  const summary = {};
  for (const mode of modes) {
    const mine = runs.filter((r) => r.mode === mode);
    const row = {
      rps: Math.round(median(mine.map((r) => r.rps))),
      p50: median(mine.map((r) => r.p50)),
      p99: median(mine.map((r) => r.p99)),
    };
    summary[mode] = row;
    console.log(
      `| ${mode} | ${row.rps} | ${mine.map((r) => Math.round(r.rps)).join(', ')} | ${row.p50} | ${row.p99} | ` +
        `${mine.reduce((n, r) => n + r.errors, 0)} | ${mine.at(-1).lines} |`,
    );
  }
  const ratio = (a, b) => Math.round((a / b) * 1000) / 1000;
  console.log(
    JSON.stringify({
      suite: 'http',
      tool,
      bare_rps: summary.bare.rps,
      logbook_rps: summary.logbook.rps,
      pino_http_rps: summary['pino-http'].rps,
      ratio_vs_bare: ratio(summary.logbook.rps, summary.bare.rps),
      ratio_vs_pino_http: ratio(summary.logbook.rps, summary['pino-http'].rps),
      bare_p99_ms: summary.bare.p99,
      logbook_p99_ms: summary.logbook.p99,
      pino_http_p99_ms: summary['pino-http'].p99,
    }),
  );
}

if (process.argv[2] === '--serve') await serve(process.argv[3], process.argv[4]);
else await main();
