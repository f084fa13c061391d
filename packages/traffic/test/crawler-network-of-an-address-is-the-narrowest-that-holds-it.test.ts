import { describe, expect, it } from 'vitest';
import { classify, crawlerNetworkOf, privateNetworkOf } from '../src/index.js';

const BINGBOT = 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)';
const judged = (ip: string): string | undefined =>
  classify({ method: 'GET', path: '/', userAgent: BINGBOT, ip }).client.reason;

describe('the crawler network of an address', () => {
  it('is the narrowest published range or operator block that holds it', () => {
    expect(crawlerNetworkOf('66.249.66.1')).toEqual({ cidr: '66.249.64.0/19', bits: 19 });
    expect(crawlerNetworkOf('::ffff:66.249.66.1')?.cidr).toBe('66.249.64.0/19');
    expect(crawlerNetworkOf('2001:4860:4801:10::1')?.cidr).toBe('2001:4860:4801::/48');
    // A published /24 inside Microsoft's wider block: the /24, whose addresses are judged genuine, not unknown.
    expect(crawlerNetworkOf('207.46.13.5')?.cidr).toBe('207.46.13.0/24');
    expect(crawlerNetworkOf('207.46.99.1')?.cidr).toBe('207.46.0.0/16');
  });

  it('is none for other, private or unreadable addresses', () => {
    for (const ip of ['203.0.113.9', '10.0.0.1', '::1', 'unknown', '', '66.249.64'])
      expect(crawlerNetworkOf(ip), ip).toBeUndefined();
  });

  it('gives one judgement for every address in it', () => {
    // What anonymise relies on: two addresses of one network get the same reason from the fake-crawler rule.
    expect(judged('207.46.13.5')).toBe(judged('207.46.13.250'));
    expect(judged('207.46.99.1')).toBe(judged('207.46.200.7'));
    expect(judged('207.46.13.5')).not.toBe(judged('207.46.99.1'));
  });
});

describe('the private network of an address', () => {
  it('is the private, loopback, link-local or CGNAT network that holds it', () => {
    expect(privateNetworkOf('10.1.2.3')).toEqual({ cidr: '10.0.0.0/8', bits: 8 });
    expect(privateNetworkOf('172.31.0.1')?.cidr).toBe('172.16.0.0/12');
    expect(privateNetworkOf('100.127.255.1')?.cidr).toBe('100.64.0.0/10');
    expect(privateNetworkOf('::ffff:192.168.1.1')?.cidr).toBe('192.168.0.0/16');
    expect(privateNetworkOf('fd12:3456::1')?.cidr).toBe('fc00::/7');
    expect(privateNetworkOf('::1')).toEqual({ cidr: '::1/128', bits: 128 });
    for (const ip of ['172.32.0.1', '100.128.0.1', '8.8.8.8', '2001:db8::1', 'localhost'])
      expect(privateNetworkOf(ip), ip).toBeUndefined();
  });
});
