import { describe, expect, it } from 'vitest';
import { classifyUncached } from '../src/classify.js';
import type { ClientInfo } from '../src/index.js';

// What a report shows for a client: the name of a bot no list knows (its product token), the operating system as
// people say it, and why the client got its kind. Judged afresh each time (no cache between the cases).
const MAY_2026 = Date.UTC(2026, 4, 1);

function client(userAgent: string): ClientInfo {
  return classifyUncached({ method: 'GET', path: '/', userAgent, time: MAY_2026 }).client;
}

describe('a bot no list knows', () => {
  it('is named by the token that says bot, spider or crawler', () => {
    expect(client('Mozilla/5.0 (compatible; AcmeSpider/2.1; +https://acme.example/spider)')).toEqual({
      kind: 'crawler',
      name: 'AcmeSpider',
      reason: 'bot (isbot); ranges unknown for this crawler',
    });
    expect(client('xxxcrawler/1.0').name).toBe('xxxcrawler');
    // A leading `+` and a trailing `:` or `.` are no part of the name.
    expect(client('+AcmeCrawler/1.0').name).toBe('AcmeCrawler');
    expect(client('Crawler: AcmeCrawler.').name).toBe('AcmeCrawler');
    // The token that says bot wins over a product token before it.
    expect(client('AcmeMonitor/3.0 AcmeBot/1.0').name).toBe('AcmeBot');
  });

  it('is named by a product token outside parentheses before one inside them', () => {
    expect(client('Mozilla/5.0 (compatible; Inner/1.0) Outer/2.0 bot').name).toBe('Outer');
  });

  it('is not named by a one-letter token, markup or a URL before its product token', () => {
    expect(client('Q/1.0 Acme/2.0 (+https://acme.example/bot.html)').name).toBe('Acme');
    expect(client('<x>/1.0 Acme/2.0 (+https://acme.example/bot.html)').name).toBe('Acme');
    expect(client('https://acme.example/bot Acme/2.0').name).toBe('Acme');
  });

  it('is named by its first product token, else the first one in parentheses with a version or after compatible', () => {
    expect(client('AcmeMonitor/3.0 (+https://acme.example/monitor) bot').name).toBe('AcmeMonitor');
    expect(client('Mozilla/5.0 (compatible; Google-Site-Verification/1.0)').name).toBe(
      'Google-Site-Verification',
    );
    expect(
      client(
        'Mozilla/5.0 (Linux; Android 10) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36 (compatible; Google-Read-Aloud; +https://support.google.com/webmasters/answer/1061943)',
      ).name,
    ).toBe('Google-Read-Aloud');
  });

  it('is not named by a bare bot word, a URL, an address or a domain', () => {
    expect(client('Mozilla/5.0 (compatible; Bot; +https://x.example)').name).toBeUndefined();
    expect(client('Mozilla/5.0 (compatible; +https://acme.example/crawler.html)').name).toBeUndefined();
    expect(client('Mozilla/5.0 (compatible; crawler@acme.example)').name).toBeUndefined();
    expect(client('Mozilla/5.0 (compatible; acme.com crawler)').name).toBeUndefined();
  });

  it('is not named by the browser boilerplate before its own token, with or without parentheses', () => {
    // Lighthouse and WebPageTest append their token to a whole Chrome user agent.
    expect(
      client(
        'Mozilla/5.0 (Linux; Android 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse',
      ).name,
    ).toBe('Chrome-Lighthouse');
    expect(
      client(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 PTST/250101.120000',
      ).name,
    ).toBe('PTST');
    // A script that put the header's name into its value, and wrote the boilerplate without parentheses.
    expect(
      client(
        'User-Agent: Mozilla/5.0 AppleWebKit/537.36 KHTML, like Gecko Chrome/131.0 Version/4.0 Mobile Safari/537.36 Acme/2.0 (+https://acme.example/about)',
      ).name,
    ).toBe('Acme');
  });

  it('that says feedback is no feed reader', () => {
    expect(
      client('Mozilla/5.0 (compatible; AcmeFeedbackCollector/1.0; +https://acme.example/feedback)'),
    ).toEqual({
      kind: 'crawler',
      name: 'AcmeFeedbackCollector',
      reason: 'bot (isbot); ranges unknown for this crawler',
    });
  });

  it('has a name of at most 64 characters', () => {
    expect(client(`Mozilla/5.0 (compatible; ${'A'.repeat(80)}Bot/1.0)`).name).toBe('A'.repeat(64));
  });
});

describe('the operating system', () => {
  it('is macOS with the version older user agents still tell, and without the frozen 10.15', () => {
    const safari = (os: string, v: string) =>
      `Mozilla/5.0 (Macintosh; Intel Mac OS X ${os}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v} Safari/605.1.15`;
    expect(client(safari('10_14_6', '13.1')).os).toBe('macOS 10.14');
    expect(client(safari('11_2', '14.1')).os).toBe('macOS 11.2');
    expect(client(safari('12', '15.1')).os).toBe('macOS 12');
    expect(client(safari('10_15_7', '17.1')).os).toBe('macOS');
  });

  it('is Windows by its version, ChromeOS, Android and iOS by their major version, Linux by its distribution', () => {
    const chrome = (system: string) =>
      `Mozilla/5.0 (${system}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36`;
    expect(client(chrome('Windows NT 6.1; Win64; x64')).os).toBe('Windows 7');
    expect(client(chrome('Windows NT 6.3; Win64; x64')).os).toBe('Windows 8.1');
    expect(client(chrome('X11; CrOS x86_64 14541.0.0')).os).toBe('ChromeOS');
    expect(
      client(
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
      ),
    ).toMatchObject({ os: 'Android 14', device: 'mobile' });
    expect(
      client(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toMatchObject({ browser: 'Mobile Safari 17', os: 'iOS 17' });
    const firefox = (system: string) => `Mozilla/5.0 (X11; ${system}; rv:120.0) Gecko/20100101 Firefox/120.0`;
    expect(client(firefox('Ubuntu; Linux x86_64')).os).toBe('Ubuntu');
    expect(client(firefox('Fedora; Linux x86_64')).os).toBe('Fedora');
    // A distribution's release is no version people name the system by.
    expect(
      client(
        'Mozilla/5.0 (X11; U; Linux i686; en-US; rv:1.9.2.3) Gecko/20100423 Ubuntu/10.04 (lucid) Firefox/3.6.3',
      ).os,
    ).toBe('Ubuntu');
    expect(
      client(
        'Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15',
      ),
    ).toMatchObject({ os: 'PlayStation 5', device: 'console' });
  });

  it('is the iOS version the user agent tells below 26, even where Safari’s own differs', () => {
    // iPhone OS 3 shipped Safari 4.
    expect(
      client(
        'Mozilla/5.0 (iPhone; U; CPU iPhone OS 3_0 like Mac OS X; en-us) AppleWebKit/528.18 (KHTML, like Gecko) Version/4.0 Mobile/7A341 Safari/528.16',
      ),
    ).toMatchObject({ browser: 'Mobile Safari 4', os: 'iOS 3' });
  });

  it('is iOS 26 and later by Safari’s own version, since Safari 26 froze the system version at 18', () => {
    expect(
      client(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1',
      ),
    ).toMatchObject({ browser: 'Mobile Safari 26', os: 'iOS 26', device: 'mobile' });
  });
});

describe('the browser', () => {
  it('is named without a version when its user agent tells none', () => {
    // An in-app browser on iOS: Safari's tokens without `Version/`.
    expect(
      client(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari/604.1',
      ),
    ).toEqual({
      kind: 'human',
      browser: 'Safari',
      os: 'iOS 18',
      device: 'mobile',
      reason: 'browser user agent',
    });
  });
});

describe('the device', () => {
  it('of a Windows user agent with a device word is the one the word says', () => {
    expect(
      client(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 SmartTV',
      ),
    ).toMatchObject({ kind: 'human', os: 'Windows 10', device: 'smarttv' });
  });
});

describe('why a client got its kind', () => {
  it('says headless for PhantomJS and HeadlessChrome, with what the browser tells of itself', () => {
    expect(
      client(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1',
      ),
    ).toEqual({
      kind: 'unknown',
      name: 'PhantomJS',
      browser: 'PhantomJS 2',
      os: 'Linux',
      device: 'desktop',
      reason: 'automation: headless browser',
    });
    expect(
      client(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
      ),
    ).toEqual({
      kind: 'unknown',
      name: 'HeadlessChrome',
      browser: 'Chrome Headless 120',
      os: 'Windows 10',
      device: 'desktop',
      reason: 'automation: headless browser',
    });
  });

  it('says scanner for a scanner that names itself', () => {
    expect(client('sqlmap/1.7.2#stable (https://sqlmap.org)')).toEqual({
      kind: 'scanner',
      name: 'sqlmap',
      reason: 'scanner user agent',
    });
  });

  it('says a program drives the browser for automation that is not headless, with only what it tells', () => {
    expect(
      client(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Selenium/4.15',
      ),
    ).toEqual({
      kind: 'unknown',
      name: 'Selenium',
      browser: 'Chrome 120',
      os: 'Linux',
      device: 'desktop',
      reason: 'automation: browser driven by a program',
    });
    // No browser named: no device either.
    expect(client('Playwright/1.40.0')).toEqual({
      kind: 'unknown',
      name: 'Playwright',
      reason: 'automation: browser driven by a program',
    });
  });

  it.each([
    ['node', 'node'],
    [' Ruby ', 'Ruby'],
  ])('says tool for a runtime that sends only its name (%j), spaces around it or not', (userAgent, name) => {
    expect(client(userAgent)).toEqual({
      kind: 'unknown',
      name,
      reason: 'tool: HTTP library or command-line client',
    });
  });

  it('says feed reader for one, and names an unrecognised client with its system', () => {
    expect(client('Feedly/1.0 (+http://www.feedly.com/fetcher.html; 5 subscribers)')).toEqual({
      kind: 'crawler',
      name: 'Feedly',
      reason: 'feed reader (isbot); ranges unknown for this crawler',
    });
    expect(client('SomeApp/1.0 (Windows NT 10.0)')).toEqual({
      kind: 'unknown',
      name: 'SomeApp',
      os: 'Windows 10',
      reason: 'unrecognised user agent',
    });
  });

  it('says browser for a person, with browser, system and device', () => {
    expect(
      client(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toEqual({
      kind: 'human',
      browser: 'Chrome 131',
      os: 'Windows 10',
      device: 'desktop',
      reason: 'browser user agent',
    });
  });
});
