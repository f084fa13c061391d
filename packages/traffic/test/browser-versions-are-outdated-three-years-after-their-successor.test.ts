import { describe, expect, it } from 'vitest';
import { classify } from '../src/index.js';

// `outdated-browser`: the successor of the claimed version has been out for more than three years (of 365.25 days)
// at the request's own time. Release times come from src/data/browser-releases.ts: an anchor's date at midnight
// UTC, interpolated between anchors, extrapolated past the last one at the last anchors' pace.
const chrome = (major: number): string =>
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;

function outdatedAt(userAgent: string, iso: string): boolean {
  return classify({
    method: 'GET',
    path: '/',
    status: 200,
    userAgent,
    time: Date.parse(iso),
  }).signals.includes('outdated-browser');
}

describe('a browser version', () => {
  it('is outdated three years after its successor came out: Chrome 119 after Chrome 120 (anchor 2023-12-05)', () => {
    // 2023-12-05 + 1,095.75 days = 2026-12-04 18:00 UTC.
    expect(outdatedAt(chrome(119), '2026-12-04T17:00:00Z')).toBe(false);
    expect(outdatedAt(chrome(119), '2026-12-04T19:00:00Z')).toBe(true);
  });

  it('between anchors takes an interpolated date: Chrome 135 is 5/8 of the way from 130 to 138', () => {
    // 2024-10-15 + 5/8 of 224 days = 2025-03-04; three years on, 2028-03-03 18:00 UTC.
    expect(outdatedAt(chrome(134), '2028-03-03T17:00:00Z')).toBe(false);
    expect(outdatedAt(chrome(134), '2028-03-03T19:00:00Z')).toBe(true);
  });

  it('past the last anchor takes the last anchors’ pace: Chrome 141 is 3/8 of 224 days after Chrome 138', () => {
    // 2025-05-27 + 84 days = 2025-08-19; three years on, 2028-08-18 18:00 UTC.
    expect(outdatedAt(chrome(140), '2028-08-18T17:00:00Z')).toBe(false);
    expect(outdatedAt(chrome(140), '2028-08-18T19:00:00Z')).toBe(true);
  });

  it('of another family is judged by its own table: Firefox 4 after Firefox 5', () => {
    const firefox4 = 'Mozilla/5.0 (Windows NT 6.1; rv:2.0) Gecko/20100101 Firefox/4.0';
    // Firefox 5: 2011-06-21; three years on, 2014-06-20 18:00 UTC.
    expect(outdatedAt(firefox4, '2014-06-20T17:00:00Z')).toBe(false);
    expect(outdatedAt(firefox4, '2014-06-20T19:00:00Z')).toBe(true);
  });

  it('of Opera before its Chromium engine is Opera’s own, with no Chrome version read from elsewhere in the agent', () => {
    const opera12 = 'Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.16';
    // Opera 13 is 1/3 of the way from 12 (2012-06-14) to 15 (2013-07-02): 2012-10-19 16:00; three years on,
    // 2015-10-20 10:00 UTC.
    expect(outdatedAt(opera12, '2015-10-20T09:00:00Z')).toBe(false);
    expect(outdatedAt(opera12, '2015-10-20T11:00:00Z')).toBe(true);
  });

  it('of a smart TV or a console is never outdated: its browser is frozen with the firmware', () => {
    const lgTv =
      'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager';
    const playStation =
      'Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15';
    expect(outdatedAt(lgTv, '2026-11-20T10:00:00Z')).toBe(false);
    expect(outdatedAt(playStation, '2026-11-20T10:00:00Z')).toBe(false);
    // The same versions on a computer are.
    expect(outdatedAt(chrome(79), '2026-11-20T10:00:00Z')).toBe(true);
  });
});
