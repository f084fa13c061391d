#!/usr/bin/env node
/* global document, window -- page functions run in the browser */
// `npm run bench -- dashboard [--records N] [--rounds N] [--keep]`: writes N Logbook JSONL records (default
// 1,000,000) shaped like the web middleware's (humans, crawlers, scanners, user actions, incidents), starts the
// dashboard on them, and measures in headless Debian chromium: time to first paint (navigation start → every
// panel rendered), the time a filter takes from submit to re-rendered panels, and how long a new record takes to
// show live. Last line: one JSON object with the figures (see docs/dashboard.md).
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { once } from 'node:events';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const dist = join(here, '..', 'dist', 'index.js');
const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '3' },
    keep: { type: 'boolean' },
  },
});
const RECORDS = Number(values.records);
const ROUNDS = Number(values.rounds);

if (!existsSync(dist)) {
  console.error(`Build first: ${dist} is missing (cd ${root} && npx tsc -b tsconfig.build.json).`);
  process.exit(1);
}
const { startDashboard } = await import(dist);
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const { Ajv2020 } = require('ajv/dist/2020.js');

const CHROMIUM = '/usr/bin/chromium';
function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  console.error('chromium is missing; installing Debian’s package (apt-get install -y chromium) ...');
  if (spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit' }).status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit' });
  }
  if (!existsSync(CHROMIUM)) {
    console.error(
      'Could not install chromium. Install it with: apt-get update && apt-get install -y chromium',
    );
    process.exit(1);
  }
}

// ---------- data ----------

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const BROWSERS = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Chrome 131',
    'Windows 10',
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
    'Safari 17',
    'macOS',
  ],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox 133', 'Linux'],
];
const CRAWLERS = [
  ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
  ['Bingbot', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'],
  [
    'GPTBot',
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  ],
];
const PROBES = [
  ['/wp-login.php', 'wordpress-probe'],
  ['/.env', 'sensitive-file'],
  ['/phpmyadmin/index.php', 'phpmyadmin-probe'],
  ['/products', 'sql-injection', "id=1' OR '1'='1"],
  ['/../../etc/passwd', 'path-traversal'],
];
const ACTIONS = ['user.login', 'user.logout', 'purchase', 'newsletter.subscribe', 'user.login_failed'];
const BASE = { v: 1, host: 'shop-1', pid: 4100 };
const ATTACKER = '198.51.100.66';

/** Yields records in time order over 30 days ending now. */
function* records(n) {
  const rand = rng(1);
  const end = Date.now() - 60_000;
  const start = end - 30 * 86_400_000;
  const step = (end - start) / n;
  for (let i = 0; i < n; i++) {
    const time = new Date(Math.floor(start + i * step)).toISOString();
    const r = rand();
    const id = `r${i.toString(36)}`;
    if (r < 0.04) {
      const u = Math.floor(rand() * 5000);
      const b = BROWSERS[u % 3];
      const event = ACTIONS[Math.floor(rand() * ACTIONS.length)];
      yield {
        ...BASE,
        time,
        level: event === 'user.login_failed' ? 'WARNING' : 'NOTICE',
        channel: 'auth',
        msg: `${event} {user}`,
        message: `${event} u-${u}`,
        event,
        user: { id: `u-${u}`, name: `Customer ${u}` },
        client: { kind: 'human', browser: b[1], os: b[2] },
        request: { method: 'POST', path: '/login', ip: `10.${(u >> 8) & 255}.${u & 255}.7`, ua: b[0] },
      };
    } else if (r < 0.0405) {
      const fp = rand() < 0.7 ? 'fp-checkout-total' : 'fp-search-null';
      const ref = `E-${(i % 2176782336).toString(36).toUpperCase().padStart(6, '0').slice(-6)}`;
      yield {
        ...BASE,
        time,
        level: 'ERROR',
        channel: 'http',
        msg: 'Unhandled error on {path}',
        message: 'Unhandled error on /checkout',
        event: 'incident',
        error: {
          name: 'TypeError',
          message: "Cannot read properties of undefined (reading 'total')",
          fingerprint: fp,
        },
        request: { id, method: 'POST', path: '/checkout', status: 500, ip: '10.0.0.9', ua: BROWSERS[0][0] },
        user: { id: 'u-9' },
        client: { kind: 'human' },
        incident: { ref, fingerprint: fp, trail: [], session_trail: [] },
      };
    } else if (r < 0.85) {
      const v = Math.floor(rand() * 40000);
      const b = BROWSERS[v % 3];
      const path =
        rand() < 0.5
          ? `/products/p${Math.floor(rand() * 500)}`
          : ['/', '/cart', '/account', '/search', '/old-offers'][Math.floor(rand() * 5)];
      const status = path === '/old-offers' ? 404 : 200;
      yield {
        ...BASE,
        time,
        level: status >= 400 ? 'WARNING' : 'INFO',
        channel: 'http',
        msg: '{method} {path} {status}',
        message: `GET ${path} ${status}`,
        event: 'http.request',
        request: {
          id,
          method: 'GET',
          path,
          route: path.startsWith('/products/') ? '/products/:slug' : path,
          status,
          duration_ms: Math.round(5 + rand() * 80),
          bytes: 2000,
          ip: `10.${(v >> 8) & 255}.${v & 255}.1`,
          ua: b[0],
          referer: 'https://shop.example/',
        },
        client: { kind: 'human', browser: b[1], os: b[2] },
        signals: [],
      };
    } else if (r < 0.96) {
      const c = CRAWLERS[Math.floor(rand() * 3)];
      const path = `/products/p${Math.floor(rand() * 500)}`;
      yield {
        ...BASE,
        time,
        level: 'INFO',
        channel: 'http',
        msg: '{method} {path} {status}',
        message: `GET ${path} 200`,
        event: 'http.request',
        request: {
          id,
          method: 'GET',
          path,
          status: 200,
          duration_ms: 12,
          ip: `66.249.${Math.floor(rand() * 4)}.1`,
          ua: c[1],
        },
        client: { kind: 'crawler', name: c[0] },
        signals: [],
      };
    } else {
      const p = PROBES[Math.floor(rand() * PROBES.length)];
      const ip = rand() < 0.2 ? ATTACKER : `192.0.2.${Math.floor(rand() * 200)}`;
      yield {
        ...BASE,
        time,
        level: 'WARNING',
        channel: 'http',
        msg: '{method} {path} {status}',
        message: `GET ${p[0]} 404`,
        event: 'http.request',
        request: {
          id,
          method: 'GET',
          path: p[0],
          ...(p[2] ? { query: p[2] } : {}),
          status: 404,
          duration_ms: 3,
          ip,
          ua: 'Mozilla/5.0 (Windows NT 6.1; rv:4.0) Gecko/20100101 Firefox/4.0',
        },
        client: { kind: 'scanner', name: 'prober' },
        signals: [p[1]],
      };
    }
  }
}

async function writeRecords(file, n) {
  const schema = JSON.parse(readFileSync(join(root, 'packages/logbook/schema/record.schema.json'), 'utf8'));
  const validate = new Ajv2020({ strict: false }).compile(schema);
  const out = createWriteStream(file);
  let buf = '';
  let i = 0;
  for (const rec of records(n)) {
    // Validating every record would dominate the run; every 997th is checked so a shape error cannot hide.
    if (i++ % 997 === 0 && !validate(rec))
      throw new Error(`bench record breaks the schema: ${JSON.stringify(validate.errors)}`);
    buf += `${JSON.stringify(rec)}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

// ---------- measuring ----------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};
const settled = (page, loads) =>
  page.waitForFunction(
    (n) => document.body.dataset.state === 'ready' && Number(document.body.dataset.loads ?? 0) >= n,
    loads,
    { timeout: 120_000 },
  );
const loadsOf = (page) => page.evaluate(() => Number(document.body.dataset.loads ?? 0));

const dir = mkdtempSync(join(tmpdir(), 'logbook-dashboard-bench-'));
const file = join(dir, 'app.jsonl');
let dashboard;
let browser;
try {
  ensureChromium();
  let t = performance.now();
  await writeRecords(file, RECORDS);
  const genMs = performance.now() - t;
  t = performance.now();
  dashboard = await startDashboard({ sources: [file], port: 0, pollMs: 250 });
  const loadMs = performance.now() - t;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  // First paint: navigation start (the page's time origin) → every panel rendered (set by the app). The first
  // load comes right after the server started (its report may still be warming); later ones find it cached.
  const paints = [];
  for (let i = 0; i < ROUNDS + 1; i++) {
    await page.goto(dashboard.url);
    await settled(page, 1);
    paints.push(await page.evaluate(() => window.__firstRender));
  }
  const coldPaint = paints.shift();
  const filters = [
    `ip=${ATTACKER}`,
    'client=scanner',
    'client=crawler',
    'status=404',
    'rule=sql-injection',
    'path=/products/p42',
    'route=/products/:slug',
    'user=u-77',
    'event=purchase',
    'status=5xx',
  ];
  const filterMs = [];
  for (const f of filters) {
    for (let i = 0; i < ROUNDS; i++) {
      await page.goto(dashboard.url);
      await settled(page, 1);
      const before = await loadsOf(page);
      dashboard.live.invalidate(); // measure the queries, not the report cache
      await page.fill('#filter-input', f);
      const t0 = performance.now();
      await page.press('#filter-input', 'Enter');
      await settled(page, before + 1);
      filterMs.push({ f, ms: performance.now() - t0 });
    }
  }
  // Live: a record appended to the file → its row in the requests view.
  const liveMs = [];
  await page.goto(`${dashboard.url}?view=requests`);
  await settled(page, 1);
  await page.locator('#live-text', { hasText: 'live' }).waitFor();
  for (let i = 0; i < ROUNDS; i++) {
    const path = `/bench-live-${i}`;
    const t0 = performance.now();
    appendFileSync(
      file,
      `${JSON.stringify({ ...BASE, time: new Date().toISOString(), level: 'INFO', channel: 'http', msg: '{method} {path} {status}', message: `GET ${path} 200`, event: 'http.request', request: { method: 'GET', path, status: 200, ip: '10.9.9.9', ua: 'bench' }, client: { kind: 'human' } })}\n`,
    );
    await page.locator('#records tbody tr', { hasText: path }).waitFor({ timeout: 60_000 });
    liveMs.push(performance.now() - t0);
  }

  const rows = [
    ['records', RECORDS.toLocaleString('en-US')],
    ['generate JSONL', `${(genMs / 1000).toFixed(1)} s`],
    ['server start (load + first report)', `${(loadMs / 1000).toFixed(1)} s`],
    ['first paint, right after start', `${coldPaint.toFixed(0)} ms`],
    [
      'first paint, median of later loads',
      `${median(paints).toFixed(0)} ms (${paints.map((p) => p.toFixed(0)).join(', ')})`,
    ],
  ];
  const byFilter = new Map();
  for (const { f, ms } of filterMs) byFilter.set(f, [...(byFilter.get(f) ?? []), ms]);
  for (const [f, ms] of byFilter)
    rows.push([`filter ${f}`, `${median(ms).toFixed(0)} ms (max ${Math.max(...ms).toFixed(0)})`]);
  rows.push([
    'new record shown live, median',
    `${median(liveMs).toFixed(0)} ms (max ${Math.max(...liveMs).toFixed(0)})`,
  ]);
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n| ${'what'.padEnd(w)} | figure |\n| ${'-'.repeat(w)} | --- |`);
  for (const [k, v] of rows) console.log(`| ${k.padEnd(w)} | ${v} |`);
  const all = filterMs.map((x) => x.ms);
  console.log(
    JSON.stringify({
      suite: 'dashboard',
      records: RECORDS,
      server_start_ms: Math.round(loadMs),
      first_paint_ms: Math.round(median(paints)),
      first_paint_after_start_ms: Math.round(coldPaint),
      filter_p50_ms: Math.round(median(all)),
      filter_max_ms: Math.round(Math.max(...all)),
      live_p50_ms: Math.round(median(liveMs)),
      live_max_ms: Math.round(Math.max(...liveMs)),
    }),
  );
} finally {
  await browser?.close();
  await dashboard?.close();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  else console.error(`kept ${dir}`);
}
