import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { dashboardSession } from './support/dashboard-session.js';
import { requestRecord } from './support/site-logs.js';
import { settled, type PageGlobals } from './support/browser.js';
import { hostileText, RAW_CONTROL } from './support/hostile-text.js';

/** Elements and attributes the dashboard never makes from data: any of them on the page was injected. */
const INJECTED =
  'script:not([src]), iframe, object, embed, img, svg:not(.chart *), math, [onerror], [onload], [onclick], [srcdoc]';

const END = Date.parse('2026-11-22T12:00:00Z');
// Generated with the project's seed settings' generator, a fixed seed here: a dozen hostile records, plus ones
// whose markup would set a flag if it ran, and a bidi mark the old escaping missed.
const texts = fc.sample(hostileText(), { numRuns: 12, seed: 11 }).map((t) => t.slice(0, 300));
const hostile = [...texts, '<img src=x onerror="window.__ran=1">', 'evil\u061cgpj.exe'];

interface Probe extends PageGlobals {
  __ran?: number;
  document: PageGlobals['document'] & { querySelectorAll(s: string): ArrayLike<unknown> };
}

describe('the dashboard shows generated hostile records as text', () => {
  const s = dashboardSession({
    name: 'dashboard-hostile-',
    records: () =>
      hostile.map((t, i) =>
        requestRecord({
          time: END - i * 60_000,
          ip: `192.0.2.${10 + i}`,
          ua: `UA ${t}`,
          path: `/p/${t}`,
          referer: `https://example.org/${t}`,
          status: 404,
          kind: 'unknown',
          user: { id: `u-${t}` },
        }),
      ),
  });

  it('in the requests view: nothing injected, nothing run, no raw control character, escapes shown', async () => {
    await s.page.goto(`${s.dashboard.url}?view=requests`);
    await settled(s.page);
    const seen = await s.page.evaluate((sel) => {
      const g = globalThis as unknown as Probe;
      return {
        ran: g.__ran ?? 0,
        injected: g.document.querySelectorAll(sel).length,
        text: g.document.body.innerText,
      };
    }, INJECTED);
    expect({ ran: seen.ran, injected: seen.injected }).toEqual({ ran: 0, injected: 0 });
    // innerText puts a tab between table cells itself; none comes from the logs (they would show as \x09).
    expect(RAW_CONTROL.exec(seen.text.replaceAll('\t', ' '))).toBeNull();
    // The bidi mark is shown as its code (it was drawn raw before, reversing what follows it).
    expect(seen.text).toContain('evil\\u061cgpj.exe');
    expect(seen.text).toContain('<img src=x onerror="window.__ran=1">');
  });

  it('the API gives the records back as sent (escaping is the page’s job, not the data’s)', async () => {
    const res = await fetch(new URL('/api/records?limit=500', s.dashboard.url));
    const page = (await res.json()) as { records: { path: string | null }[] };
    const paths = new Set(page.records.map((r) => r.path));
    // A lone surrogate is read from the JSON log as U+FFFD (it is no character), so the API cannot send it back.
    const missing = hostile.filter((t) => !paths.has(`/p/${t}`.replace(/\p{Surrogate}/gu, '\ufffd')));
    expect(missing).toEqual([]);
  });
});
