import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import type { Browser } from 'playwright-core';
import { propertyRuns } from '../../../test/support/property-runs.js';
import type { Report } from '../src/report/build-report.js';
import { renderHtml } from '../src/render/html.js';
import { safeText } from '../src/render/escape.js';
import { readableTarget } from '../src/render/readable-target.js';
import { rulesBySeverity } from '../src/render/rules-by-severity.js';
import { hostileText, RAW_CONTROL } from './support/hostile-text.js';
import { siteReport, withLogText } from './support/hostile-report.js';
import { XSS_PAYLOADS } from './support/xss-payloads.js';
import { launchBrowser } from './support/browser.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const isElement = (n: Node): n is Element => 'tagName' in n;
const children = (n: Node): Node[] => ('childNodes' in n ? n.childNodes : []);

function elements(n: Node, out: Element[] = []): Element[] {
  if (isElement(n)) out.push(n);
  for (const c of children(n)) elements(c, out);
  return out;
}

/** The text a reader sees in an element, as the parser decoded it. */
function textOf(n: Node): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterMap['textNode']).value;
  return children(n).map(textOf).join('');
}

/** The document's elements and their attribute names, in order: what markup in log text would change. */
const shape = (html: string): string[] =>
  elements(parse(html)).map((e) => `${e.tagName}[${e.attrs.map((a) => a.name).join(' ')}]`);

/** The cells of the section headed `title`, by column label, row by row. */
function rowsOf(html: string, title: string): Record<string, string>[] {
  const section = elements(parse(html)).find(
    (e) =>
      e.tagName === 'section' &&
      children(e).some((c) => isElement(c) && c.tagName === 'h2' && textOf(c) === title),
  );
  if (!section) throw new Error(`no section ${title}`);
  return elements(section)
    .filter((e) => e.tagName === 'tr' && children(e).some((c) => isElement(c) && c.tagName === 'td'))
    .map((tr) =>
      Object.fromEntries(
        children(tr)
          .filter(isElement)
          .map((td) => [td.attrs.find((a) => a.name === 'data-label')?.value ?? '', textOf(td)]),
      ),
    );
}

let base: Report;
beforeAll(async () => {
  base = await siteReport();
}, 60_000);

describe('the HTML report shows hostile log text as text', () => {
  it('no element, attribute or script comes from log text; what is shown is the text; the CSP is the only one', () => {
    const texts = fc.array(fc.oneof(hostileText(), fc.constantFrom(...XSS_PAYLOADS)), {
      minLength: 1,
      maxLength: 20,
    });
    fc.assert(
      fc.property(texts, (texts) => {
        const report = withLogText(base, texts);
        const html = renderHtml(report);
        // The same report with harmless text in every place has the very same elements and attributes.
        expect(shape(html)).toEqual(
          shape(
            renderHtml(
              withLogText(
                base,
                texts.map(() => 'x'),
              ),
            ),
          ),
        );
        const all = elements(parse(html));
        expect(all.filter((e) => e.tagName === 'script')).toEqual([]);
        expect(
          all.flatMap((e) => e.attrs.filter((a) => /^on|^(href|src|srcdoc|formaction)$/i.test(a.name))),
        ).toEqual([]);
        const csp = all.filter((e) => e.tagName === 'meta' && e.attrs.some((a) => a.name === 'http-equiv'));
        expect(csp.map((e) => e.attrs.find((a) => a.name === 'content')?.value)).toEqual([
          "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        ]);
        // No raw control character reaches the page either (a bidi override would reorder what is read).
        expect(RAW_CONTROL.exec(textOf(parse(html)))).toBeNull();
        // The text a person reads in the cells is the log text (with controls shown as escapes).
        const attackers = rowsOf(html, 'Attackers');
        expect(attackers.length).toBe(report.attackers.length);
        report.attackers.forEach((a, i) => {
          expect(attackers[i]).toMatchObject({
            verdict: safeText(a.verdict),
            ip: safeText(a.ip),
            'user agent': safeText(a.ua ?? '-'),
            tool: safeText(a.tool ?? ''),
            // gravest first, by name within a severity (a rule id from the log is unknown: last)
            rules: safeText(rulesBySeverity(a.rules).join(', ')),
            examples: safeText(a.examples.map(readableTarget).join(' · ')),
          });
        });
        const tickets = rowsOf(html, 'Crashes (tickets)');
        report.tickets.forEach((t, i) => {
          expect(tickets[i]).toMatchObject({
            fingerprint: safeText(t.fingerprint),
            error: safeText(t.error ?? ''),
          });
        });
        const crawlers = rowsOf(html, 'Crawlers');
        report.crawlers.forEach((c, i) => expect(crawlers[i]).toMatchObject({ crawler: safeText(c.name) }));
      }),
      propertyRuns(25),
    );
  });
});

interface Probe {
  __violations?: string[];
  __ran?: boolean;
  document: {
    addEventListener(type: string, f: (e: { violatedDirective: string }) => void): void;
    querySelectorAll(s: string): ArrayLike<unknown>;
  };
}

describe('the HTML report in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('runs no script and creates no element from generated hostile log text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'html-hostile-'));
    // A few generated cases, each with payloads that would set a flag if they ran.
    const cases = fc.sample(fc.array(hostileText(), { minLength: 3, maxLength: 8 }), { numRuns: 3, seed: 7 });
    for (const [n, generated] of cases.entries()) {
      const texts = [
        ...generated,
        '<img src=x onerror="window.__ran=true">',
        '"><script>window.__ran=true</script>',
        '<svg onload="window.__ran=true">',
      ];
      const file = join(dir, `report-${n}.html`);
      writeFileSync(file, renderHtml(withLogText(base, texts)));
      const page = await browser.newPage();
      // Injected by the browser itself, ahead of the page and outside its CSP: it counts what the CSP refused.
      await page.addInitScript(() => {
        const g = globalThis as unknown as Probe;
        g.__violations = [];
        g.document.addEventListener('securitypolicyviolation', (e) =>
          g.__violations!.push(e.violatedDirective),
        );
      });
      await page.goto(pathToFileURL(file).href);
      const seen = await page.evaluate(() => {
        const g = globalThis as unknown as Probe;
        return {
          ran: g.__ran === true,
          violations: g.__violations,
          injected: g.document.querySelectorAll(
            'script, img, iframe, object, embed, svg svg, foreignObject, [onerror], [onload]',
          ).length,
        };
      });
      await page.close();
      // Not merely blocked by the CSP: never markup at all, so the CSP had nothing to refuse.
      expect(seen).toEqual({ ran: false, violations: [], injected: 0 });
    }
  }, 60_000);
});
