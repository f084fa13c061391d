import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import UAParser from 'ua-parser-js';
import { describe, expect, it } from 'vitest';
import { classifyUncached } from '../src/classify.js';

// A Windows or macOS user agent without a device word (Xbox, Touch, ARM, Mobile, TV, ...) is read as a desktop
// without running ua-parser's device rules, half of the parser's work. The answer must be the device the full
// parser gives, for every user agent of the real Apache log and for the ones that are not desktops.
const FIXTURE = fileURLToPath(
  new URL('../../../../shared/fixtures/elastic-apache-access/access.log', import.meta.url),
);
const NOT_DESKTOPS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041',
  'Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.14977',
  'Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
];

describe('device of a desktop user agent', () => {
  it('is what the full parser says, for every user agent of the Apache fixture and for non-desktops', () => {
    // A Windows RT tablet: the words send it through the full parser, which calls it a desktop all the same.
    const agents = new Set([
      ...NOT_DESKTOPS,
      'Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; ARM; Trident/6.0; Touch)',
    ]);
    for (const line of readFileSync(FIXTURE, 'utf8').split('\n')) {
      const ua = /"([^"]*)"$/.exec(line)?.[1];
      if (ua) agents.add(ua);
    }
    let desktops = 0;
    for (const ua of agents) {
      const client = classifyUncached({ method: 'GET', path: '/', userAgent: ua }).client;
      if (client.device === undefined) continue; // not a browser: no device is claimed
      const parsed = new UAParser(ua).getResult();
      // A browser the parser names no device for is a phone when it is a phone browser or runs on Android
      // (phone-browsers-are-mobile-devices.test.ts), else a desktop.
      const phone = /^Opera Mob|^Opera Mini/.test(parsed.browser.name ?? '') || parsed.os.name === 'Android';
      const expected =
        parsed.device.type ??
        (parsed.browser.name !== undefined ? (phone ? 'mobile' : 'desktop') : undefined);
      expect(client.device, ua).toBe(expected);
      if (expected === 'desktop') desktops++;
    }
    expect(desktops).toBeGreaterThan(200);
    for (const ua of NOT_DESKTOPS)
      expect(classifyUncached({ method: 'GET', path: '/', userAgent: ua }).client.device, ua).not.toBe(
        'desktop',
      );
  });
});
