import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { siteLogs, writeLog, appendLog, requestRecord, ATTACKER_IP } from './support/site-logs.js';
import { launchBrowser, screenshot, settled, loadCount } from './support/browser.js';
import { cli } from './helpers/records.js';

const num = (s: string | null): number => Number(/[\d,]+/.exec(s ?? '')?.[0]?.replaceAll(',', '') ?? NaN);

describe('dashboard in a browser, on six hours of a small shop’s logs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  const file = join(dir, 'app.jsonl');
  const site = siteLogs({ seed: 5 });
  let d: Dashboard;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    writeLog(file, site.records);
    d = await startDashboard({ sources: [dir], port: 0, pollMs: 200 });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  const metric = async (name: string): Promise<number> =>
    num(await page.locator(`[data-metric="${name}"]`).first().textContent());

  it('shows the report’s numbers, the same as `logbook report --json`', async () => {
    await page.goto(d.url);
    await settled(page);
    const { out } = await cli(['report', dir, '--json']);
    const r = JSON.parse(out);
    expect(await metric('totals.requests')).toBe(r.totals.requests);
    expect(await metric('totals.records')).toBe(r.totals.records);
    expect(await metric('totals.clients')).toBe(r.totals.clients);
    expect(await metric('clients.humans')).toBe(r.clients.humans.hits);
    expect(await metric('clients.crawlers')).toBe(r.clients.crawlers.hits);
    expect(await metric('clients.scanners')).toBe(r.clients.scanners.hits);
    expect(await metric('clients.unknown.hits')).toBe(r.clients.unknown.hits);
    // Under each kind: its clients, and how many of them the Attackers panel lists (here the shop's three
    // scanners).
    expect(r.clients.scanners.attackers).toBeGreaterThan(0);
    for (const kind of ['humans', 'crawlers', 'scanners'] as const) {
      const k = r.clients[kind] as { clients: number; attackers: number };
      const note = await page.locator(`.card:has([data-metric="clients.${kind}"]) .card-note`).textContent();
      const clients = `${k.clients.toLocaleString('en-US')} client${k.clients === 1 ? '' : 's'}`;
      expect(note, kind).toBe(
        k.attackers === 0 ? clients : `${clients} · ${k.attackers} attacker${k.attackers === 1 ? '' : 's'}`,
      );
    }
    const unknownNames = await page.locator('#panel-automation tbody tr td:first-child').allTextContents();
    expect(unknownNames).toEqual(r.clients.unknown.by_name.map((u: { name: string }) => u.name));
    for (const [cls, n] of Object.entries(r.status)) expect(await metric(`status.${cls}`), cls).toBe(n);
    for (const [a, n] of Object.entries(r.users.actions))
      expect(await metric(`users.actions.${a}`), a).toBe(n);
    expect(await metric('users.users')).toBe(r.users.users);
    expect(await metric('not_found.total')).toBe(r.not_found.total);
    const attackerIps = await page.locator('#panel-attackers tbody tr td:first-child').allTextContents();
    expect(attackerIps).toEqual(r.attackers.map((a: { ip: string }) => a.ip));
    const fps = await page
      .locator('#panel-tickets tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => (tr as unknown as { dataset: Record<string, string> }).dataset.fingerprint),
      );
    expect(fps).toEqual(r.tickets.map((t: { fingerprint: string }) => t.fingerprint));
    const crawlers = await page
      .locator('#panel-crawlers table')
      .first()
      .locator('tbody tr td:first-child')
      .allTextContents();
    expect(crawlers).toEqual(r.crawlers.map((c: { name: string }) => c.name));
    const slow = await page.locator('#panel-slow tbody tr td:first-child').allTextContents();
    expect(slow).toEqual(r.slow_routes.map((s: { route: string }) => s.route));
    expect(await page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'dashboard-overview');
  });

  it('clicking an attacker’s IP shows only its requests, in every panel and in the requests view', async () => {
    const loads = await loadCount(page);
    await page.locator(`#panel-attackers button.v[data-k="ip"][data-v="${ATTACKER_IP}"]`).click();
    await settled(page, loads + 1);
    const mine = site.records.filter((r) => (r.request as { ip?: string } | undefined)?.ip === ATTACKER_IP);
    expect(await page.locator('.chip').allTextContents()).toEqual([`ip${ATTACKER_IP}×`]);
    expect(new URL(page.url()).searchParams.getAll('f')).toEqual([`ip=${ATTACKER_IP}`]);
    expect(await metric('totals.requests')).toBe(mine.length);
    expect(await metric('clients.humans')).toBe(0);
    expect(await page.locator('#panel-attackers tbody tr').count()).toBe(1);
    expect(await page.locator('#panel-tickets tbody tr').count()).toBe(0);

    await page.locator('button[data-view="requests"]').click();
    await settled(page, loads + 2);
    const ips = await page.locator('#records tbody tr td:nth-child(7)').allTextContents();
    expect(ips).toHaveLength(mine.length);
    expect(new Set(ips)).toEqual(new Set([ATTACKER_IP]));
    const paths = await page.locator('#records tbody tr td:nth-child(5)').allTextContents();
    expect(paths.sort()).toEqual(mine.map((r) => (r.request as { path: string }).path).sort());
    await screenshot(page, 'dashboard-attacker-requests');

    // The view is a bookmark: opening its URL again shows the same.
    await page.goto(page.url());
    await settled(page);
    expect(await page.locator('#records tbody tr').count()).toBe(mine.length);

    // A record's full JSON on click.
    await page.locator('#records tbody tr td.time').first().click();
    await page.locator('#detail:not([hidden])').waitFor();
    const json = JSON.parse((await page.locator('#detail-json').textContent()) ?? '{}');
    expect(json.request.ip).toBe(ATTACKER_IP);
    expect(json.client.kind).toBe('scanner');

    // Removing the chip brings every record back.
    const before = await loadCount(page);
    await page.locator('.chip-x').click();
    await settled(page, before + 1);
    expect(await page.locator('.chip').count()).toBe(0);
    expect(num(await page.locator('#records-total').textContent())).toBe(site.records.length);
  });

  it('opens an incident with its cause chain, trail at every level, session and replay command', async () => {
    await page.goto(d.url);
    await settled(page);
    const latest = await page
      .locator('#panel-tickets tbody tr[data-fingerprint="fp-checkout-total"] [data-incident]')
      .textContent();
    const loads = await loadCount(page);
    await page
      .locator('#panel-tickets tbody tr[data-fingerprint="fp-checkout-total"] [data-incident]')
      .click();
    await settled(page, loads + 1);
    const view = page.locator('#view-incident');
    expect(await view.locator('.chain li').allTextContents()).toEqual([
      "TypeError: Cannot read properties of undefined (reading 'total')",
      'PriceError: no price for item 7',
      'Error: price list not loaded',
    ]);
    const levels = await view.locator('.lvl').allTextContents();
    expect(levels).toEqual(['DEBUG', 'INFO', 'WARNING', 'ERROR']);
    expect(await view.textContent()).toContain('/cart');
    expect(await view.locator('#replay-command').textContent()).toBe(
      `logbook replay ${latest!.trim()} --target http://127.0.0.1:3000 ${dir}`,
    );
    expect(await view.textContent()).toContain('[REDACTED]');
    expect(await view.locator('.kv').first().textContent()).toContain('/checkout');
    expect(await view.textContent()).not.toContain('[object');
    expect(await view.locator('pre.stack').textContent()).toContain(
      '\n    at total (/srv/shop/cart.js:42:17)',
    );
    await screenshot(page, 'dashboard-incident');
  });

  it('solves a ticket, and a solved ticket seen again stands out as regressed', async () => {
    await page.goto(d.url);
    await settled(page);
    const row = (fp: string) => page.locator(`#panel-tickets tbody tr[data-fingerprint="${fp}"]`);
    // Wait for what the user sees, not for a load count: a live refresh that started before the click can finish
    // while the POST is in flight and count as a load with the ticket still open.
    const badge = (fp: string, text: string) =>
      row(fp).locator('.badge', { hasText: text }).waitFor({ timeout: 20_000 });
    await row('fp-search-null').locator('.ticket-action').click();
    await badge('fp-search-null', 'solved');
    await settled(page);
    expect(await row('fp-search-null').locator('.ticket-action').textContent()).toBe('Reopen');
    const state = JSON.parse(readFileSync(join(dir, '.logbook', 'tickets.json'), 'utf8'));
    expect(Object.keys(state.solved)).toEqual(['fp-search-null']);

    await row('fp-checkout-total').locator('.ticket-action').click();
    await badge('fp-checkout-total', 'solved');
    // The same crash happens again: the dashboard hears of it live and marks the ticket.
    const crash = site.records.filter(
      (r) =>
        r.event === 'incident' && (r.incident as { fingerprint: string }).fingerprint === 'fp-checkout-total',
    )[0]!;
    appendLog(file, [
      {
        ...crash,
        time: new Date(Date.now() + 1000).toISOString(),
        incident: { ...(crash.incident as object), ref: 'E-AGAIN1' },
      },
    ]);
    await page
      .locator('#panel-tickets tr.ticket-regressed[data-fingerprint="fp-checkout-total"]')
      .waitFor({ timeout: 10_000 });
    expect(await row('fp-checkout-total').locator('.badge').textContent()).toBe('REGRESSED');
    await screenshot(page, 'dashboard-regressed');
  });

  it('shows a new record live, and holds new records back while paused', async () => {
    await page.goto(`${d.url}?view=requests`);
    await settled(page);
    await page.locator('#live-text', { hasText: 'live' }).waitFor();
    // Newer than anything already in the log (the regressed crash above is stamped a second ahead), so it is the
    // first row of the newest-first list however soon after that test this one runs.
    appendLog(file, [
      requestRecord({
        time: Date.now() + 2000,
        ip: '203.0.113.251',
        ua: 'Mozilla/5.0 live visitor',
        path: '/live-arrival',
      }),
    ]);
    const first = page.locator('#records tbody tr').first();
    await page.locator('#records tbody tr.fresh', { hasText: '/live-arrival' }).waitFor({ timeout: 10_000 });
    expect(await first.textContent()).toContain('/live-arrival');

    await page.locator('#pause').click();
    expect(await page.locator('#pause').textContent()).toBe('Resume');
    appendLog(file, [
      requestRecord({ ip: '203.0.113.252', ua: 'Mozilla/5.0 while paused', path: '/while-paused' }),
    ]);
    await page.locator('#live-text', { hasText: '1 new' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#records').textContent()).not.toContain('/while-paused');
    await page.locator('#pause').click();
    await page.locator('#records tbody tr', { hasText: '/while-paused' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'dashboard-live');
  });

  it('raised no script errors and no Content-Security-Policy violations', () => {
    expect(problems).toEqual([]);
  });
});
