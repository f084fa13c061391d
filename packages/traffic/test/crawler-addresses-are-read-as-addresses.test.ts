import { describe, expect, it } from 'vitest';
import { classify, judgeCrawlerAddress } from '../src/index.js';
import { parseCidr } from '../src/ip.js';

// A Googlebot user agent from each address, as logs and proxies write them. A real crawler called fake is a site
// owner blocking Google; a fake one called genuine is a scanner let through; an address that is no address must
// be neither.
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const GENUINE = 'address in published Googlebot ranges';
const PRIVATE = 'claims Googlebot from a private or loopback address';
const OUTSIDE = 'address outside published Googlebot ranges';
const NOT_IP = 'client address is not an IP address';
const OPERATOR = "address in the operator's network but not in the shipped Googlebot ranges";

const CASES: Array<[string, string]> = [
  // IPv4, as written by servers, with spaces around or leading zeros.
  ['66.249.66.1', GENUINE],
  [' 66.249.66.1 ', GENUINE],
  ['066.249.066.001', GENUINE],
  ['1.2.3.4', OUTSIDE],
  // Not IPv4: too few or many parts, a part over 255 or four digits long, signs and letters.
  ['66.249.66.256', NOT_IP],
  ['66.249.66', NOT_IP],
  ['66.249.66.1.5', NOT_IP],
  ['66.249..1', NOT_IP],
  ['66.249.66.-1', NOT_IP],
  ['66.249.66.1a', NOT_IP],
  ['6666.249.66.1', NOT_IP],
  ['0066.249.66.1', NOT_IP],
  ['66.249.66.1/', NOT_IP],
  ['unknown', NOT_IP],
  // IPv6: compressed, full, bracketed, with a zone, IPv4-mapped.
  ['2001:4860:4801:10::1', GENUINE],
  ['2001:4860:4801:10:0:0:0:1', GENUINE],
  ['[2001:4860:4801:10::1]', GENUINE],
  ['2001:4860:4801:10::1%eth0', GENUINE],
  ['::ffff:66.249.66.1', GENUINE],
  ['::ffff:4231:4201', OUTSIDE],
  ['2a00:1450::1', OUTSIDE],
  // Not IPv6: nine groups, seven without `::`, two `::`, a group that is not hex or over four digits.
  ['2001:4860:4801:10:0:0:0:0:1', NOT_IP],
  ['2001:4860:4801:10:0:0:0', NOT_IP],
  ['2001:4860::4801::1', NOT_IP],
  ['2001:4860:4801:10:0:0:0::1', NOT_IP],
  ['2001:4860:4801:1000g::1', NOT_IP],
  ['2001:4860:4801:10000::1', NOT_IP],
  ['2001:4860:4801:1g::1', NOT_IP],
  ['2001:4860:4801:g1::1', NOT_IP],
  ['[2001:4860:4801:10::1', NOT_IP],
  ['2001:4860:4801:10::1]', NOT_IP],
  // Upper-case hex, and `::` standing for a single zero group.
  ['2001:4860:4801:1A::1', GENUINE],
  ['2001:4860:4801:10:0:0::1', GENUINE],
  ['::ffff:66.249.66.300', NOT_IP],
  // Addresses no public crawler comes from, and their neighbours that are public.
  ['0.1.2.3', PRIVATE],
  ['10.0.0.1', PRIVATE],
  ['100.64.1.1', PRIVATE],
  ['100.128.0.1', OUTSIDE],
  ['127.0.0.1', PRIVATE],
  ['169.254.1.1', PRIVATE],
  ['172.16.0.1', PRIVATE],
  ['172.31.255.255', PRIVATE],
  ['172.32.0.1', OUTSIDE],
  ['192.168.1.1', PRIVATE],
  ['::ffff:10.0.0.1', PRIVATE],
  ['::1', PRIVATE],
  ['::', PRIVATE],
  ['fc00::1', PRIVATE],
  ['fd12::1', PRIVATE],
  ['fe80::1', PRIVATE],
  ['febf::1', PRIVATE],
  ['fec0::1', OUTSIDE],
  ['::2', OUTSIDE],
  // The edges of the published block 66.249.64.0/19 and of 2001:4860:4801::/48.
  ['66.249.63.255', OUTSIDE],
  ['66.249.64.0', GENUINE],
  ['66.249.95.255', GENUINE],
  ['66.249.96.0', OUTSIDE],
  ['2001:4860:4800:ffff:ffff:ffff:ffff:ffff', OPERATOR],
  ['2001:4860:4801::', GENUINE],
  ['2001:4860:4801:ffff:ffff:ffff:ffff:ffff', GENUINE],
  // Google's wider network (192.178.0.0/15, 2001:4860::/32) where the shipped copy may be short: no judgement.
  ['192.178.0.1', OPERATOR],
  ['192.179.255.255', OPERATOR],
  ['192.177.255.255', OUTSIDE],
  ['192.180.0.0', OUTSIDE],
  ['2001:4860:ffff::1', OPERATOR],
  ['2001:4861::1', OUTSIDE],
];

describe('the address of a client claiming to be Googlebot', () => {
  it.each(CASES)('%j: %s', (ip, reason) => {
    const r = classify({ method: 'GET', path: '/', userAgent: GOOGLEBOT, ip });
    expect(r.client).toEqual({ kind: 'crawler', name: 'Googlebot', reason: `bot (isbot); ${reason}` });
    expect(r.signals).toEqual(reason === PRIVATE || reason === OUTSIDE ? ['fake-crawler'] : []);
  });

  it('is judged against bingbot ranges for bingbot, and Google’s for Googlebot', () => {
    const bingbot = 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)';
    expect(classify({ method: 'GET', path: '/', userAgent: bingbot, ip: '157.55.39.1' }).client.reason).toBe(
      'bot (isbot); address in published bingbot ranges',
    );
    expect(classify({ method: 'GET', path: '/', userAgent: GOOGLEBOT, ip: '157.55.39.1' }).signals).toEqual([
      'fake-crawler',
    ]);
  });

  it('is judged at the edges of a bingbot /28 and in Microsoft’s wider network', () => {
    const bingbot = 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)';
    const reason = (ip: string): string | undefined =>
      classify({ method: 'GET', path: '/', userAgent: bingbot, ip }).client.reason;
    // 13.67.10.16/28
    expect(reason('13.67.10.15')).toBe('bot (isbot); address outside published bingbot ranges');
    expect(reason('13.67.10.16')).toBe('bot (isbot); address in published bingbot ranges');
    expect(reason('13.67.10.31')).toBe('bot (isbot); address in published bingbot ranges');
    expect(reason('13.67.10.32')).toBe('bot (isbot); address outside published bingbot ranges');
    expect(reason('157.56.1.1')).toBe(
      "bot (isbot); address in the operator's network but not in the shipped bingbot ranges",
    );
  });
});

describe('the published ranges, as a site owner refreshing src/data/crawler-ranges.ts writes them', () => {
  it('take a prefix of digits within the address family, and say what is wrong with any other', () => {
    expect(parseCidr('66.249.64.0/19')).toMatchObject({ v: 4, bits: 19 });
    expect(parseCidr('66.249.64.1')).toMatchObject({ v: 4, bits: 32 });
    expect(parseCidr('2001:4860:4801::/48')).toMatchObject({ v: 6, bits: 48 });
    expect(parseCidr('2001:4860:4801::1')).toMatchObject({ v: 6, bits: 128 });
    // `/` alone was read as /0, which holds every address: every Googlebot would have been genuine.
    for (const [text, max] of [
      ['66.249.64.0/', 32],
      ['66.249.64.0/33', 32],
      ['66.249.64.0/-1', 32],
      ['66.249.64.0/1e1', 32],
      ['66.249.64.0/ 19', 32],
      ['2001:4860:4801::/129', 128],
    ] as const) {
      expect(() => parseCidr(text), text).toThrow(`Bad CIDR "${text}": prefix must be 0..${max}`);
    }
    expect(() => parseCidr('66.249.64/19')).toThrow(
      'Bad CIDR "66.249.64/19": the address part is not an IPv4 or IPv6 address',
    );
  });
});

describe('judgeCrawlerAddress, for a caller with its own crawler name', () => {
  it('judges by the named ranges, and says when there are none or no address', () => {
    expect(judgeCrawlerAddress('bingbot', '157.55.39.1')).toEqual({
      verdict: 'genuine',
      reason: 'address in published bingbot ranges',
    });
    for (const key of ['yandexbot', 'constructor', undefined]) {
      expect(judgeCrawlerAddress(key, '66.249.66.1')).toEqual({
        verdict: 'unknown',
        reason: 'ranges unknown for this crawler',
      });
    }
    expect(judgeCrawlerAddress('googlebot', undefined)).toEqual({
      verdict: 'unknown',
      reason: 'no client address to check',
    });
  });
});
