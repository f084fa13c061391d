import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { siteLogs, writeLog, checkRecord, iso, type SiteRecord } from './support/site-logs.js';
import { launchBrowser, screenshot, settled, type PageGlobals } from './support/browser.js';
import { XSS_PAYLOADS } from './support/xss-payloads.js';

/**
 * Elements the dashboard itself never creates, and attributes it never sets (its one form is the filter box; the
 * chart library sizes and colours its own elements, in the chart and its legend, through CSSOM): any match means
 * injected markup.
 */
const INJECTED =
  'script:not([src]), iframe, object, embed, svg, math, img, video, audio, source, details, marquee, base, ' +
  'form:not(#add-filter), textarea, select, isindex, x, style, meta[http-equiv], a[href], [autofocus], [onerror], ' +
  '[onload], [onclick], [onfocus], [ontoggle], [onstart], [onbegin], [formaction], [srcdoc], [style]:not(.chart *, .u-legend *)';

interface ProbeGlobals extends PageGlobals {
  __xssViolations?: string[];
  document: PageGlobals['document'] & {
    querySelectorAll(sel: string): ArrayLike<{ tagName: string; outerHTML: string }>;
    getElementsByTagName(t: string): ArrayLike<{ attributes: ArrayLike<{ name: string }>; tagName: string }>;
  };
}

describe('dashboard against log content written to attack it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-xss-'));
  let d: Dashboard;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    const site = siteLogs({ seed: 9, visitors: 10 });
    const now = Date.now();
    // One request per payload, newest of all, with the payload in the user agent, path, referer and user name.
    const hostile = XSS_PAYLOADS.map((p, i): SiteRecord =>
      checkRecord({
        v: 1,
        host: 'shop-1',
        pid: 4100,
        time: iso(now + i * 1000),
        level: 'WARNING',
        channel: 'http',
        msg: '{method} {path} {status}',
        message: `GET ${p} 404`,
        event: 'http.request',
        request: {
          id: `req-x${i}`,
          method: 'GET',
          path: `/p/${p}`,
          // Percent-encoded as sent; the attackers panel shows its examples decoded, so the payload comes back.
          query: `q=${encodeURIComponent(p)}`,
          status: 404,
          duration_ms: 3,
          ip: `192.0.2.${100 + i}`,
          ua: `UA ${p}`,
          referer: `https://evil.example/${p}`,
        },
        // Odd ones are unknown clients, so the payload also reaches the automation panel as name and reason.
        client:
          i % 2 === 0
            ? { kind: 'scanner', name: `tool ${p}` }
            : { kind: 'unknown', name: `tool ${p}`, reason: `reason ${p}` },
        user: { id: `x-${i}`, name: `Name ${p}` },
        signals: ['xss'],
      }),
    );
    writeLog(join(dir, 'app.jsonl'), [...site.records, ...hostile]);
    d = await startDashboard({ sources: [dir], port: 0, follow: false });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.addInitScript(() => {
      const g = globalThis as unknown as ProbeGlobals & {
        addEventListener(t: string, f: (e: { violatedDirective: string }) => void): void;
      };
      g.__xssViolations = [];
      g.addEventListener('securitypolicyviolation', (e) => g.__xssViolations!.push(e.violatedDirective));
    });
  });
  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  const injected = (): Promise<string[]> =>
    page.evaluate((sel) => {
      const g = globalThis as unknown as ProbeGlobals;
      const found = Array.from(g.document.querySelectorAll(sel)).map((e) => e.outerHTML.slice(0, 80));
      for (const e of Array.from(g.document.getElementsByTagName('*')))
        for (const a of Array.from(e.attributes))
          if (/^on/i.test(a.name)) found.push(`${e.tagName} ${a.name}`);
      return found;
    }, INJECTED);
  const visibleText = (): Promise<string> =>
    page.evaluate(() => (globalThis as unknown as ProbeGlobals).document.body.innerText);
  const violations = (): Promise<string[]> =>
    page.evaluate(() => (globalThis as unknown as ProbeGlobals).__xssViolations ?? []);

  it(`uses at least 30 distinct payloads`, () => {
    expect(new Set(XSS_PAYLOADS).size).toBeGreaterThanOrEqual(30);
  });

  it('requests view: every payload shows as text in user agent, path, referer and user name; nothing runs', async () => {
    await page.goto(`${d.url}?view=requests&f=${encodeURIComponent('rule=xss')}`);
    await settled(page);
    await page.waitForTimeout(500); // give any injected handler (autofocus, onload) a chance to fire
    const text = await visibleText();
    for (const p of XSS_PAYLOADS) {
      expect(text, p).toContain(`/p/${p}`);
      expect(text, p).toContain(`UA ${p}`);
      expect(text, p).toContain(`https://evil.example/${p}`);
      expect(text, p).toContain(`Name ${p}`);
    }
    expect(await injected()).toEqual([]);
    await screenshot(page, 'dashboard-xss-requests');
  });

  it('overview and record details: payloads in every panel stay text', async () => {
    await page.goto(d.url);
    await settled(page);
    await page.waitForTimeout(500);
    const text = await visibleText();
    // Attackers list the user agents and paths; not-found lists the paths.
    for (const p of XSS_PAYLOADS.filter((_, i) => i % 2 === 0)) expect(text, p).toContain(`UA ${p}`);
    for (const p of XSS_PAYLOADS) expect(text, p).toContain(`/p/${p}`);
    const attackers = await page.locator('#panel-attackers').innerText();
    for (const p of XSS_PAYLOADS) expect(attackers, p).toContain(`/p/${p}?q=${p}`);
    // The automation panel lists the unknown clients by name with their reasons.
    const automation = await page.locator('#panel-automation').innerText();
    for (const p of XSS_PAYLOADS.filter((_, i) => i % 2 === 1)) {
      expect(automation, p).toContain(`tool ${p}`);
      expect(automation, p).toContain(`reason ${p}`);
    }
    expect(await injected()).toEqual([]);

    await page.goto(`${d.url}?view=requests&f=${encodeURIComponent('rule=xss')}`);
    await settled(page);
    for (const i of [0, 3, 10, 20]) {
      await page.locator('#records tbody tr td.time').nth(i).click();
      await page.locator('#detail:not([hidden])').waitFor();
    }
    const json = JSON.parse((await page.locator('#detail-json').textContent()) ?? '{}');
    expect(XSS_PAYLOADS).toContain(json.request.ua.slice(3));
    expect(await injected()).toEqual([]);
  });

  it('filtering on a payload value keeps it text in the chip and the URL', async () => {
    const p = XSS_PAYLOADS[3]!;
    await page.goto(`${d.url}?view=requests&f=${encodeURIComponent(`ua=UA ${p}`)}`);
    await settled(page);
    expect(await page.locator('.chip-val').textContent()).toBe(`UA ${p}`);
    expect(await page.locator('#records tbody tr').count()).toBe(1);
    expect(await injected()).toEqual([]);
  });

  it('no dialog opened and the Content-Security-Policy had nothing to block', async () => {
    expect(dialogs).toEqual([]);
    expect(await violations()).toEqual([]);
  });
});
