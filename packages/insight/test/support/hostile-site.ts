import { requestRecord, siteLogs, type SiteLogs, type SiteRecord } from './site-logs.js';

const END = Date.parse('2026-11-22T12:00:00Z');

/**
 * Realistic shop traffic with the log text that breaks pages: a path of a thousand characters, markup in a user
 * agent, right-to-left text (Arabic and Hebrew), emoji and a bidi override, as attackers and odd clients write them.
 */
export function hostileSite(): { site: SiteLogs; records: SiteRecord[] } {
  const site = siteLogs({ seed: 5, visitors: 30 });
  const odd = [
    {
      ua: '<b onmouseover=alert(1)>Mozilla/5.0</b> <img src=x>',
      path: `/files/${'deep/'.repeat(200)}end.txt`,
    },
    { ua: 'متصفح عربي/1.0 (نظام)', path: '/بحث?q=كتاب' },
    { ua: 'דפדפן/2.0 עברית', path: '/חיפוש/מוצר' },
    { ua: 'Emoji 👍🏽👨‍👩‍👧🇯🇵 agent', path: '/💥/crash?x=🙂' },
    { ua: 'evil\u202egnp.exe', path: '/a\u202eb' },
  ].map((r, i) =>
    requestRecord({
      time: END - i * 60_000,
      ip: `192.0.2.${20 + i}`,
      ua: r.ua,
      path: r.path,
      referer: `https://example.org/${r.path}`,
      status: 404,
      kind: 'unknown',
      user: { id: `u-${i}-שלום`, name: 'نور 🙂' },
    }),
  );
  return { site, records: [...site.records, ...odd] };
}
