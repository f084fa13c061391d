#!/usr/bin/env node
// `npm run bench -- report [--lines N] [--rounds N] [--keep] [--varied]`: builds a large combined log from the real
// fixture (IPs and times varied per copy so it is not one block repeated), then times `logbook report --json`
// against Debian's GoAccess on it, and `logbook report --json` over the same data as Logbook JSONL records.
// `--varied` also gives each copy its own browser builds and asset query strings, so the log has as many distinct
// user agents and requests as months of a real site's (the plain copies repeat the fixture's 5,166).
// Last line: one JSON object with the figures (see docs/insight.md).
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tmpdir } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const cliPath = join(here, '..', 'dist', 'cli.js');
// The shared Apache log lives beside the checkout (../shared), wherever the checkout is.
const FIXTURE = fileURLToPath(
  new URL('../../../../shared/fixtures/elastic-apache-access/access.log', import.meta.url),
);

const { values } = parseArgs({
  // `npm run bench -- report -- --rounds 3` hands a leading `--` through; the options follow it.
  args: process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--')),
  options: {
    lines: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '3' },
    keep: { type: 'boolean' },
    varied: { type: 'boolean' },
    dir: { type: 'string' },
  },
});
const LINES = Number(values.lines);
const ROUNDS = Number(values.rounds);

if (!existsSync(cliPath)) {
  console.error(`Build first: ${cliPath} is missing (cd ${root} && npx tsc -b tsconfig.build.json).`);
  process.exit(1);
}
const { parseAccessLine, formatClfTime } = await import(join(here, '..', 'dist', 'index.js'));
const { classify, crawlerNetworkOf } = await import('@logbook/traffic');

function ensureGoaccess() {
  if (spawnSync('goaccess', ['--version']).status === 0) return;
  console.error('goaccess is missing; installing Debian’s package (apt-get install -y goaccess) ...');
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', 'goaccess'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('Could not install goaccess. Install it with: apt-get install -y goaccess');
    process.exit(1);
  }
}

/** A copy's own browser builds (Chrome/41.0 → Chrome/41.7 in copy 7) and cache-busting query strings on assets. */
function vary(line, copy) {
  return line
    .replace(
      /(Chrome|Firefox|Safari|MSIE|Version|bot)\/(\d+)(\.\d+)?/g,
      (m, n, a, b) => `${n}/${a}.${copy}${b ?? ''}`,
    )
    .replace(
      /"(GET|POST|HEAD) ([^ ?"]+)( HTTP)/,
      (m, v, p, h) => `"${v} ${p}${/\.(css|js|png|jpg)$/.test(p) ? `?v=${copy}` : ''}${h}`,
    );
}

/** Copies of the fixture with each copy's IPs and times shifted, as combined log and as Logbook JSONL. */
async function buildInputs(dir) {
  const src = readFileSync(FIXTURE, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const parsed = src.map((l) => ({ line: l, a: parseAccessLine(l) }));
  const log = createWriteStream(join(dir, 'access.log'));
  const jsonl = createWriteStream(join(dir, 'app.jsonl'));
  const classCache = new Map();
  let written = 0;
  let records = 0;
  let copy = 0;
  const DAY = 86_400_000;
  while (written < LINES) {
    const outLog = [];
    const outJson = [];
    for (const entry of parsed) {
      if (written >= LINES) break;
      const line = values.varied ? vary(entry.line, copy) : entry.line;
      const a = values.varied ? parseAccessLine(line) : entry.a;
      const sp = line.indexOf(' ');
      const ip = line.slice(0, sp).split('.');
      // Googlebot and bingbot keep their operators' addresses, as on a real site (else each copy would fake them).
      if (ip.length === 4 && crawlerNetworkOf(line.slice(0, sp)) === undefined) {
        ip[2] = String((Number(ip[2]) + copy * 7) % 256);
        ip[3] = String((Number(ip[3]) + copy * 13) % 256);
      }
      const newIp = ip.join('.');
      const br = line.indexOf('[');
      const shift = copy * 4 * DAY + (copy % 60) * 1000;
      const time = a ? a.time + shift : Date.parse('2015-05-17T00:00:00Z') + shift;
      outLog.push(`${newIp}${line.slice(sp, br + 1)}${formatClfTime(time)}${line.slice(br + 27)}`);
      written++;
      if (a) {
        const key = `${a.method}\u0000${a.path}\u0000${a.query ?? ''}\u0000${a.status}\u0000${a.ua ?? ''}`;
        let c = classCache.get(key);
        if (!c) {
          c = classify({
            method: a.method,
            path: a.path,
            query: a.query,
            status: a.status,
            userAgent: a.ua,
            time: a.time,
          });
          classCache.set(key, c);
        }
        const client = { kind: c.client.kind };
        for (const k of ['name', 'browser', 'os', 'device']) if (c.client[k]) client[k] = c.client[k];
        const request = {
          id: `r${records.toString(36)}`,
          method: a.method,
          path: a.path,
          status: a.status,
          ip: newIp,
        };
        if (a.query !== undefined) request.query = a.query;
        if (a.bytes !== undefined) request.bytes = a.bytes;
        if (a.ua !== undefined) request.ua = a.ua;
        if (a.referer !== undefined) request.referer = a.referer;
        request.duration_ms = (records % 97) + 0.5;
        const rec = {
          v: 1,
          time: new Date(time).toISOString(),
          level: a.status >= 500 ? 'ERROR' : 'INFO',
          channel: 'http',
          msg: '{method} {path} {status}',
          message: `${a.method} ${a.path} ${a.status}`,
          event: 'http.request',
          request,
          client,
        };
        if (c.signals.length > 0) rec.signals = c.signals;
        rec.host = 'web-1';
        rec.pid = 4242;
        outJson.push(JSON.stringify(rec));
        records++;
      }
    }
    if (!log.write(outLog.join('\n') + '\n')) await once(log, 'drain');
    if (!jsonl.write(outJson.join('\n') + '\n')) await once(jsonl, 'drain');
    copy++;
  }
  log.end();
  jsonl.end();
  await Promise.all([once(log, 'close'), once(jsonl, 'close')]);
  return { lines: written, records };
}

/** Runs a command under /usr/bin/time; returns wall seconds and peak RSS in MB. */
function timed(cmd, args, opts = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    ...opts,
  });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}`);
  const last = r.stderr.trim().split('\n').pop().trim().split(' ');
  return { s: Number(last[0]), rssMb: Number(last[1]) / 1024, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

ensureGoaccess();
if (!existsSync('/usr/bin/time')) {
  console.error('/usr/bin/time is missing: apt-get install -y time');
  process.exit(1);
}
const dir = values.dir ?? join(tmpdir(), 'logbook-bench-report');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
console.error(`building ${LINES.toLocaleString('en-US')} lines in ${dir} ...`);
const { lines, records } = await buildInputs(dir);
const logFile = join(dir, 'access.log');
const jsonFile = join(dir, 'app.jsonl');
console.error(
  `access.log ${(statSync(logFile).size / 1e6).toFixed(0)} MB, app.jsonl ${(statSync(jsonFile).size / 1e6).toFixed(0)} MB`,
);

if (ROUNDS === 0) {
  // --rounds 0 --keep: only write the inputs (for profiling by hand).
  console.error(`inputs kept in ${dir}`);
  process.exit(0);
}
const rows = [];
const logbook = [];
const goaccess = [];
const jsonRuns = [];
let requestsSeen = 0;
for (let round = 1; round <= ROUNDS; round++) {
  const l = timed(process.execPath, [cliPath, 'report', '--json', logFile]);
  requestsSeen = JSON.parse(l.stdout).totals.requests;
  logbook.push(l);
  const g = timed('goaccess', [logFile, '--log-format=COMBINED', '-o', join(dir, 'out.json')]);
  goaccess.push(g);
  const j = timed(process.execPath, [cliPath, 'report', '--json', jsonFile]);
  jsonRuns.push(j);
  rows.push([round, l.s, g.s, j.s, l.rssMb, j.rssMb]);
  console.error(
    `round ${round}: logbook ${l.s}s (${l.rssMb.toFixed(0)} MB), goaccess ${g.s}s, logbook on JSONL ${j.s}s (${j.rssMb.toFixed(0)} MB)`,
  );
}
const logbookS = median(logbook.map((x) => x.s));
const goaccessS = median(goaccess.map((x) => x.s));
const jsonS = median(jsonRuns.map((x) => x.s));
const peak = Math.max(...logbook.map((x) => x.rssMb), ...jsonRuns.map((x) => x.rssMb));
console.log(
  '| round | logbook report (s) | goaccess (s) | logbook on JSONL (s) | RSS access (MB) | RSS JSONL (MB) |',
);
console.log('|---|---|---|---|---|---|');
for (const r of rows)
  console.log(`| ${r[0]} | ${r[1]} | ${r[2]} | ${r[3]} | ${r[4].toFixed(0)} | ${r[5].toFixed(0)} |`);
console.log(`requests counted by logbook: ${requestsSeen} of ${lines} lines`);

// One more run of each with LOGBOOK_TIMING=1: where the time goes (wall and CPU of all threads per stage).
// "start-up and exit" is the rest of the wall time: Node, module loading, writing the JSON, closing DuckDB.
const profile = (file) => {
  const r = timed(process.execPath, [cliPath, 'report', '--json', file], {
    env: { ...process.env, LOGBOOK_TIMING: '1' },
  });
  const stages = new Map();
  for (const m of r.stderr.matchAll(/\[timing\] (.+) (\d+) ms \(cpu (\d+) ms\)/g)) {
    const had = stages.get(m[1]) ?? { wall: 0, cpu: 0 };
    stages.set(m[1], { wall: had.wall + Number(m[2]), cpu: had.cpu + Number(m[3]) });
  }
  const inStages = [...stages.values()].reduce((n, x) => n + x.wall, 0);
  stages.set('start-up and exit', { wall: Math.round(r.s * 1000 - inStages), cpu: NaN });
  stages.set('total', { wall: Math.round(r.s * 1000), cpu: NaN });
  return stages;
};
const pa = profile(logFile);
const pj = profile(jsonFile);
console.log('\n| stage | access log wall (ms) | CPU (ms) | JSONL wall (ms) | CPU (ms) |');
console.log('|---|---|---|---|---|');
for (const name of new Set([...pa.keys(), ...pj.keys()])) {
  const cell = (x, k) => (x?.[k] === undefined || Number.isNaN(x[k]) ? '' : x[k]);
  console.log(
    `| ${name} | ${cell(pa.get(name), 'wall')} | ${cell(pa.get(name), 'cpu')} | ${cell(pj.get(name), 'wall')} | ${cell(pj.get(name), 'cpu')} |`,
  );
}
if (!values.keep) rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    suite: 'report',
    lines,
    logbook_s: logbookS,
    goaccess_s: goaccessS,
    speedup_vs_goaccess: Math.round((goaccessS / logbookS) * 100) / 100,
    logbook_peak_rss_mb: Math.round(peak),
    jsonl_records_per_s: Math.round(records / jsonS),
    ...(values.varied ? { varied: true } : {}),
  }),
);
