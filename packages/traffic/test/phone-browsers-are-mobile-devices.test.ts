import { describe, expect, it } from 'vitest';
import { classifyUncached } from '../src/classify.js';
import type { ClientInfo } from '../src/index.js';

// A report's device column: a browser on a phone is a mobile device, whether or not its user agent names a model
// or says "Mobile". Judged afresh each time (no cache between the cases).
const NOV_2026 = Date.UTC(2026, 10, 20);

function client(userAgent: string): ClientInfo {
  return classifyUncached({ method: 'GET', path: '/', userAgent, time: NOV_2026 }).client;
}

describe('a phone browser', () => {
  it('is mobile when its user agent names neither a model nor Mobile: Opera Mini and Opera Mobile on Android', () => {
    expect(
      client('Opera/9.80 (Android; Opera Mini/36.2.2254/191.256; U; en) Presto/2.12.423 Version/12.16'),
    ).toMatchObject({ kind: 'human', browser: 'Opera Mini 36', os: 'Android', device: 'mobile' });
    expect(
      client(
        'Opera/9.80 (Android 2.3.3; Linux; Opera Mobi/ADR-1111101157; U; es-ES) Presto/2.9.201 Version/11.50',
      ),
    ).toMatchObject({ kind: 'human', browser: 'Opera Mobi 11', os: 'Android 2', device: 'mobile' });
  });

  it('is mobile on a feature phone whose user agent names no system: Opera Mini and Opera Mobile', () => {
    expect(
      client('Opera/9.80 (SpreadTrum; Opera Mini/4.4.33961/191.256; U; en) Presto/2.12.423 Version/12.16'),
    ).toEqual({ kind: 'human', browser: 'Opera Mini 4', device: 'mobile', reason: 'browser user agent' });
    expect(
      client('Opera/9.80 (S60; SymbOS; Opera Mobi/SYB-1107071606; U; en) Presto/2.8.149 Version/11.10'),
    ).toMatchObject({ browser: 'Opera Mobi 11', os: 'Symbian', device: 'mobile' });
  });

  it('on a Java ME phone (J2ME/MIDP) is on no system the user agent names, not on iOS', () => {
    expect(client('Opera/9.80 (J2ME/MIDP; Opera Mini/4.2.14912/870; U; id) Presto/2.4.15')).toEqual({
      kind: 'human',
      browser: 'Opera Mini 4',
      device: 'mobile',
      reason: 'browser user agent',
    });
    // A phone that names its system besides MIDP keeps it; an iPhone's Opera Mini is on iOS.
    expect(
      client(
        'Mozilla/5.0 (Series40; Nokia200/11.81; Profile/MIDP-2.1 Configuration/CLDC-1.1) Gecko/20100401 S40OviBrowser/2.0.2.68.14',
      ),
    ).toMatchObject({ os: 'Series40', device: 'mobile' });
    expect(
      client('Opera/9.80 (iPhone; Opera Mini/7.0.4/28.2555; U; fr) Presto/2.8.119 Version/11.10'),
    ).toMatchObject({ browser: 'Opera Mini 7', os: 'iOS', device: 'mobile' });
  });

  it('is mobile on Android when ua-parser finds no model, whatever the browser', () => {
    expect(
      client(
        'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toMatchObject({ kind: 'human', browser: 'Chrome 131', os: 'Android 13', device: 'mobile' });
  });

  it.each([
    [
      'Samsung Internet',
      'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
      { browser: 'Samsung Internet 25', os: 'Android 14' },
    ],
    [
      'UC Browser',
      'Mozilla/5.0 (Linux; U; Android 10; en-US; RMX2185 Build/QP1A.190711.020) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/78.0.3904.108 UCBrowser/13.4.0.1306 Mobile Safari/537.36',
      { browser: 'UCBrowser 13', os: 'Android 10' },
    ],
    [
      'Firefox for Android',
      'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0',
      { browser: 'Firefox 133', os: 'Android 14' },
    ],
    [
      'Chrome on iOS (CriOS)',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
      { browser: 'Chrome 126', os: 'iOS 17' },
    ],
    [
      'Edge on Android (EdgA)',
      'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0',
      { browser: 'Edge 131', os: 'Android 10' },
    ],
  ])('%s is a mobile browser', (_label, userAgent, expected) => {
    expect(client(userAgent)).toEqual({
      kind: 'human',
      ...expected,
      device: 'mobile',
      reason: 'browser user agent',
    });
  });

  it('leaves a desktop browser a desktop', () => {
    expect(client('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0').device).toBe(
      'desktop',
    );
    expect(client('Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.16').device).toBe('desktop');
  });
});
