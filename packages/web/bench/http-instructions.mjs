#!/usr/bin/env node
// Server instructions per request, counted by callgrind: steadier than req/s on a shared machine.
// `node packages/web/bench/http-instructions.mjs [modes…] [--requests 6000] [--warmup 20000]`
// Modes (default all): bare, als (bare inside one AsyncLocalStorage), web-only (the middleware with no
// handler that writes), logbook (access records to a file, as in the http bench), pino-http.
// The server (http.mjs --serve MODE) runs under valgrind with V8 single-threaded (background compiler
// threads would make the counts vary); a plain client in this process sends keep-alive requests over
// 4 connections. Counters are zeroed after the warm-up and dumped after the measured requests;
// --keep leaves the dumps for callgrind_annotate.
// Needs valgrind (Debian: apt-get install valgrind) and the built packages (npm run build).

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ALL = ['bare', 'als', 'web-only', 'logbook', 'pino-http'];

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`--${name} needs a positive whole number, e.g. --${name} ${fallback}`);
    process.exit(2);
  }
  return value;
}

function send(port, agent, count) {
  let started = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    const next = () => {
      if (started === count) return;
      started++;
      const req = request({ host: '127.0.0.1', port, path: '/hello', agent }, (res) => {
        res.resume();
        res.on('end', () => {
          done++;
          if (done === count) resolve();
          else next();
        });
      });
      req.on('error', reject);
      req.end();
    };
    for (let i = 0; i < 4; i++) next();
  });
}

function control(flag, pid) {
  const result = spawnSync('callgrind_control', [flag, String(pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`callgrind_control ${flag} failed: ${result.stderr}`);
}

async function measure(mode, dir, warmup, requests) {
  const file = join(dir, `${mode}.jsonl`);
  const out = join(dir, `callgrind.${mode}`);
  const server = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${out}.%p`,
      '--dump-instr=no',
      process.execPath,
      '--single-threaded',
      // --keep: a perf map (/tmp/perf-PID.map) names the JIT code addresses in the dumps.
      ...(process.argv.includes('--keep') ? ['--perf-basic-prof'] : []),
      fileURLToPath(new URL('./http.mjs', import.meta.url)),
      '--serve',
      mode,
      file,
    ],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOGBOOK_BENCH_FLUSH_INTERVAL: '500' },
    },
  );
  let stderr = '';
  server.stderr.on('data', (chunk) => (stderr += chunk));
  const port = await new Promise((resolve, reject) => {
    let buffered = '';
    server.stdout.on('data', (chunk) => {
      buffered += chunk;
      if (buffered.includes('\n')) resolve(JSON.parse(buffered.split('\n')[0]).port);
    });
    server.once('exit', (code) => reject(new Error(`${mode} server exited (${code}): ${stderr}`)));
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  await send(port, agent, warmup);
  control('-z', server.pid);
  await send(port, agent, requests);
  control('-d', server.pid);
  agent.destroy();
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGINT');
  await exited;
  const dumps = readdirSync(dir).filter(
    (name) => name.startsWith(`callgrind.${mode}.`) && name.endsWith('.1'),
  );
  if (dumps.length !== 1) throw new Error(`no callgrind dump for ${mode}: ${readdirSync(dir).join(', ')}`);
  const dump = join(dir, dumps[0]);
  const total = Number(/^(?:summary|totals):\s+(\d+)/m.exec(readFileSync(dump, 'utf8'))?.[1]);
  // Optimising compilation that still happens in the measured window (on the main thread here, on a
  // background thread in a normal run) is shown apart, and so is garbage collection.
  const annotated = spawnSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', dump], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  }).stdout;
  const inclusive = (name) => {
    const line = annotated.split('\n').find((l) => l.includes(name));
    return line === undefined ? 0 : Number(line.trim().split(/\s+/)[0].replace(/,/g, ''));
  };
  const compile = inclusive('Compiler::CompileOptimized(');
  const gc = inclusive('Heap::CollectGarbage(');
  // A full mark-compact in the window (about one run in five) marks incrementally in tasks of its own,
  // outside CollectGarbage: such a run reads 10-15k higher and says so.
  const marking = inclusive('IncrementalMarkingJob::Task::RunInternal(');
  const per = (n) => Math.round(n / requests);
  return {
    total: per(total),
    compile: per(compile),
    gc: per(gc),
    marking: per(marking),
    net: per(total - compile),
  };
}

async function main() {
  const modes = process.argv.slice(2).filter((a, i, all) => ALL.includes(a) && !all[i - 1]?.startsWith('--'));
  const warmup = option('warmup', 20000);
  const requests = option('requests', 6000);
  const dir = mkdtempSync(join(tmpdir(), 'logbook-http-instructions-'));
  const results = {};
  try {
    for (const mode of modes.length > 0 ? modes : ALL) {
      results[mode] = await measure(mode, dir, warmup, requests);
      const r = results[mode];
      console.log(
        `${mode}: ${r.net} instructions per request without optimising compilation ` +
          `(total ${r.total}; compiling ${r.compile}, GC ${r.gc}, incremental marking ${r.marking})` +
          (r.marking > 1000 ? ' — a full mark-compact ran in the window: run again to compare' : ''),
      );
    }
  } finally {
    // --keep: leave the callgrind dumps for callgrind_annotate.
    if (process.argv.includes('--keep')) console.log(`callgrind dumps kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ suite: 'http-instructions', warmup, requests, ...results }));
}

await main();
