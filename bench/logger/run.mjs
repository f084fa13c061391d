#!/usr/bin/env node
// `npm run bench -- logger [--rounds N] [--count N]`: Logbook against pino, winston, bunyan and LogTape.
// Every case runs in a fresh process (case.mjs), round-robin over libraries, three rounds by default.
// A file row counts only if the file holds exactly `count` valid JSON lines.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const ROUNDS = option('rounds', 3);
const COUNT = option('count', 200_000);
const LIBRARIES = [
  'logbook',
  'pino-async',
  'pino-worker',
  'pino-sync',
  'winston',
  'bunyan',
  'logtape',
  'raw',
];
const MODES = ['burst', 'paced'];
const DESTINATIONS = ['file', 'devnull'];

function runCase(argv) {
  const result = spawnSync(process.execPath, [join(here, 'case.mjs'), ...argv], {
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 1 << 20,
  });
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last);
  } catch {
    return { error: `exit ${result.status} ${result.signal ?? ''} ${result.stderr.slice(0, 300)}` };
  }
}

function checkFile(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `unreadable: ${error.message}`;
  }
  if (!text.endsWith('\n')) return 'last line incomplete';
  const lines = text.slice(0, -1).split('\n');
  if (lines.length !== COUNT) return `${lines.length} lines, expected ${COUNT}`;
  for (const line of lines) {
    try {
      JSON.parse(line);
    } catch {
      return `invalid JSON line: ${line.slice(0, 80)}`;
    }
  }
  return undefined;
}

const samples = new Map(); // "mode/dest/lib" -> { ms: [], rss: [], failed: string | undefined }
const key = (mode, dest, lib) => `${mode}/${dest}/${lib}`;
for (let round = 1; round <= ROUNDS; round++) {
  for (const mode of MODES) {
    for (const dest of DESTINATIONS) {
      for (const lib of LIBRARIES) {
        const path =
          dest === 'file' ? join(tmpdir(), `logbook-bench-${process.pid}-${lib}.jsonl`) : '/dev/null';
        if (dest === 'file') rmSync(path, { force: true });
        const result = runCase([lib, path, mode, String(COUNT)]);
        const entry = samples.get(key(mode, dest, lib)) ?? { ms: [], rss: [], failed: undefined };
        samples.set(key(mode, dest, lib), entry);
        if (result.error !== undefined) entry.failed = result.error;
        else {
          const problem = dest === 'file' ? checkFile(path) : undefined;
          if (problem !== undefined) entry.failed = problem;
          entry.ms.push(result.ms);
          entry.rss.push(result.maxRssKb / 1024);
        }
        if (dest === 'file') rmSync(path, { force: true });
        process.stderr.write(
          `round ${round} ${mode} ${dest} ${lib}: ${result.error ?? `${Math.round(result.ms)} ms`}\n`,
        );
      }
    }
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
};
const stats = (mode, dest, lib) => {
  const entry = samples.get(key(mode, dest, lib));
  return {
    rps: entry.failed === undefined ? Math.round(COUNT / (median(entry.ms) / 1000)) : 0,
    rssMb: Math.round(Math.max(...entry.rss) * 10) / 10,
    failed: entry.failed,
  };
};

const disabled = { logbook: [], pino: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const lib of ['logbook', 'pino']) disabled[lib].push(runCase(['disabled', lib]).ns);
}

const rows = [['mode', 'destination', 'library', 'records/s', 'peak RSS MB', 'status']];
for (const mode of MODES) {
  for (const dest of DESTINATIONS) {
    for (const lib of LIBRARIES) {
      const s = stats(mode, dest, lib);
      rows.push([
        mode,
        dest,
        lib,
        s.rps.toLocaleString('en-US'),
        s.rssMb.toFixed(1),
        s.failed === undefined ? 'ok' : `FAILED: ${s.failed}`,
      ]);
    }
  }
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
const printRow = (row) =>
  console.log(`| ${row.map((cell, c) => String(cell).padEnd(widths[c])).join(' | ')} |`);
console.log(
  `\nLogger benchmark: ${COUNT.toLocaleString('en-US')} info records, median of ${ROUNDS} rounds, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`,
);
printRow(rows[0]);
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows.slice(1)) printRow(row);
const logbookNs = median(disabled.logbook);
const pinoNs = median(disabled.pino);
console.log(
  `\nDisabled debug call (level INFO): logbook ${logbookNs.toFixed(2)} ns, pino ${pinoNs.toFixed(2)} ns per call\n`,
);

const round2 = (value) => Math.round(value * 100) / 100;
const summary = { suite: 'logger' };
for (const mode of MODES) {
  const logbook = stats(mode, 'file', 'logbook');
  const pinoAsync = stats(mode, 'file', 'pino-async');
  const pinoWorker = stats(mode, 'file', 'pino-worker');
  const raw = stats(mode, 'file', 'raw');
  summary[mode] = {
    logbook_rps: logbook.rps,
    pino_async_rps: pinoAsync.rps,
    pino_worker_rps: pinoWorker.rps,
    raw_rps: raw.rps,
    logbook_peak_rss_mb: logbook.rssMb,
    pino_async_peak_rss_mb: pinoAsync.rssMb,
    ratio_vs_pino_async: round2(logbook.rps / pinoAsync.rps),
    ratio_vs_pino_worker: round2(logbook.rps / pinoWorker.rps),
    ratio_vs_raw: round2(logbook.rps / raw.rps),
  };
}
summary.disabled = {
  logbook_ns: round2(logbookNs),
  pino_ns: round2(pinoNs),
  ratio_vs_pino: round2(logbookNs / pinoNs),
};
console.log(JSON.stringify(summary));
