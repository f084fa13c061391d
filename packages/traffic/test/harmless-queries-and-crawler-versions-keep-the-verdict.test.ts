import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { classify } from '../src/index.js';

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Mobile Safari/537.36',
];
const PAGES = [
  '/',
  '/blog/2025/spring-sale',
  '/index.php',
  '/search',
  '/products/42',
  '/wp-content/themes/x/style.css',
  '/about.html',
  '/shop/cart.php',
];

/**
 * What people type into a search box or a form, and tracking tags carry: words in any script, numbers, names with
 * apostrophes (O'Brien, don't), quoted words, hashtags, labels (`Data: …`), percentages, words in parentheses and prose punctuation. Not
 * markup, shell separators, `--` or a quote right before `#`: those are the payload shapes the rules exist for.
 */
const letters = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
    fc.constantFrom('é', 'ü', 'ß', 'ñ', '中', '文', 'я', 'ж', 'ع', '😀'),
  ),
  minLength: 1,
  maxLength: 10,
});
const token = fc.oneof(
  { weight: 6, arbitrary: letters },
  { weight: 1, arbitrary: fc.tuple(letters, letters).map(([a, b]) => `${a}'${b}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("'", '"'), letters).map(([q, w]) => `${q}${w}${q}`) },
  { weight: 1, arbitrary: letters.map((w) => `#${w}`) },
  // A label before a word ("Data: a primer", "re:invent", "PHP:tutorial"), which words naming PHP streams can be.
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('Data', 'data', 'Note', 'Re', 'PHP', 'File', 'Expect', 'Phar', 'Zip', 'Glob'),
        fc.constantFrom(':', ': '),
        letters,
      )
      .map(([a, c, b]) => `${a}${c}${b}`),
  },
  // `50%`, and `100%deal` written without a space (its `%de` must not be read as an escape: it was sent as `%25de`).
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.nat({ max: 100 }), fc.oneof(fc.constant(''), letters))
      .map(([n, w]) => `${n}%${w}`),
  },
  { weight: 1, arbitrary: letters.map((w) => `(${w})`) },
  { weight: 1, arbitrary: fc.constantFrom(',', '.', '!', '?', ':', '-', '/', '@', '&', '+', '...', '–') },
);
const word = fc.array(token, { minLength: 1, maxLength: 6 }).map((ts) => ts.join(' '));
const name = fc.oneof(
  fc.constantFrom(
    'q',
    's',
    'page',
    'utm_source',
    'utm_medium',
    'utm_campaign',
    'fbclid',
    'gclid',
    'ref',
    'lang',
    'sort',
    'id',
    'p',
    'search',
  ),
  fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/),
);
/** A query as a browser sends it: form-encoded names and values (`encodeURIComponent`, spaces as `+` or `%20`). */
const query = fc
  .tuple(fc.array(fc.tuple(name, word), { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([pairs, plus]) =>
    pairs
      .map(([k, v]) => {
        const e = encodeURIComponent(v);
        return `${k}=${plus ? e.replaceAll('%20', '+') : e}`;
      })
      .join('&'),
  );

describe('a human stays a human', () => {
  it('whatever harmless query string the page is asked for with', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BROWSERS),
        fc.constantFrom(...PAGES),
        query,
        fc.constantFrom(200, 304, 404),
        (ua, page, q, status) => {
          const base = {
            method: 'GET',
            userAgent: ua,
            ip: '198.51.100.20',
            status,
            time: Date.parse('2025-09-01T12:00:00Z'),
          };
          const plain = classify({ ...base, path: page });
          const withQuery = classify({ ...base, path: `${page}?${q}` });
          expect(withQuery.client).toEqual(plain.client);
          expect(withQuery.signals, `${page}?${q}`).toEqual(plain.signals);
        },
      ),
      propertyRuns(500),
    );
  });
});

/** Crawler user agents with `{}` where a version number stands. */
const CRAWLERS: ReadonlyArray<readonly [string, string]> = [
  ['Mozilla/5.0 (compatible; Googlebot/{}; +http://www.google.com/bot.html)', 'Googlebot'],
  [
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/{}; +http://www.google.com/bot.html) Chrome/{} Safari/537.36',
    'Googlebot',
  ],
  [
    'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{} Mobile Safari/537.36 (compatible; Googlebot/{}; +http://www.google.com/bot.html)',
    'Googlebot',
  ],
  ['Googlebot-Image/{}', 'Googlebot-Image'],
  ['Mozilla/5.0 (compatible; bingbot/{}; +http://www.bing.com/bingbot.htm)', 'bingbot'],
  [
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/{}; +http://www.bing.com/bingbot.htm) Chrome/{} Safari/537.36',
    'bingbot',
  ],
  ['Mozilla/5.0 (compatible; YandexBot/{}; +http://yandex.com/bots)', 'YandexBot'],
  ['Mozilla/5.0 (compatible; Baiduspider/{}; +http://www.baidu.com/search/spider.html)', 'Baiduspider'],
  [
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/{}; +https://openai.com/gptbot)',
    'GPTBot',
  ],
  [
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/{}; +claudebot@anthropic.com)',
    'ClaudeBot',
  ],
  ['DuckDuckBot/{}; (+http://duckduckgo.com/duckduckbot.html)', 'DuckDuckBot'],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{} Safari/605.1.15 (Applebot/{}; +http://www.apple.com/go/applebot)',
    'Applebot',
  ],
  ['facebookexternalhit/{} (+http://www.facebook.com/externalhit_uatext.php)', 'facebookexternalhit'],
  ['Twitterbot/{}', 'Twitterbot'],
  ['Mozilla/5.0 (compatible; AhrefsBot/{}; +http://ahrefs.com/robot/)', 'AhrefsBot'],
  ['Mozilla/5.0 (compatible; SemrushBot/{}; +http://www.semrush.com/bot.html)', 'SemrushBot'],
  ['Mozilla/5.0 (compatible; MJ12bot/v{}; http://mj12bot.com/)', 'MJ12bot'],
  [
    'Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)',
    'PetalBot',
  ],
  ['Mozilla/5.0 (compatible; DotBot/{}; https://opensiteexplorer.org/dotbot; help@moz.com)', 'DotBot'],
];
const version = fc
  .array(fc.oneof(fc.nat({ max: 99 }), fc.nat({ max: 99999 })), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('.'));

describe('a known crawler stays that crawler', () => {
  it('whatever version number its user agent carries', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CRAWLERS),
        fc.array(version, { minLength: 2, maxLength: 2 }),
        ([template, name], [a, b]) => {
          let n = 0;
          const ua = template.replaceAll('{}', () => (n++ === 0 ? a! : b!));
          const r = classify({ method: 'GET', path: '/', userAgent: ua, status: 200 });
          expect(r.client.kind, ua).toBe('crawler');
          expect(r.client.name, ua).toBe(name);
          expect(r.signals, ua).toEqual([]);
        },
      ),
      propertyRuns(300),
    );
  });
});
