import { describe, expect, it } from 'vitest';
import { TrustProxyError, TrustedProxies, clientIp } from '../src/index.js';
import { peerAddress, requestHost } from '../src/core/client-ip.js';

describe('client address', () => {
  it('is the socket peer when no proxy is trusted, whatever the headers say', () => {
    const none = new TrustedProxies(undefined);
    expect(clientIp('127.0.0.1', '203.0.113.9', 'for=198.51.100.1', none)).toBe('127.0.0.1');
    expect(clientIp('::ffff:10.1.2.3', undefined, undefined, none)).toBe('10.1.2.3');
  });

  it('walks X-Forwarded-For from the right while hops are trusted', () => {
    const proxies = new TrustedProxies(['10.0.0.0/8', '127.0.0.1']);
    expect(clientIp('127.0.0.1', '198.51.100.7, 203.0.113.9, 10.0.0.5', undefined, proxies)).toBe(
      '203.0.113.9',
    );
    // A client that forges the leftmost entry gains nothing: the first untrusted hop from the right wins.
    expect(clientIp('127.0.0.1', '1.1.1.1, 203.0.113.9', undefined, proxies)).toBe('203.0.113.9');
    expect(clientIp('192.0.2.1', '203.0.113.9', undefined, proxies)).toBe('192.0.2.1');
  });

  it('reads Forwarded when there is no X-Forwarded-For, with quotes, brackets and ports', () => {
    const proxies = new TrustedProxies('loopback');
    expect(clientIp('::1', undefined, 'for="[2001:db8::17]:4711";proto=https', proxies)).toBe('2001:db8::17');
    expect(clientIp('127.0.0.1', undefined, 'for=192.0.2.60:8080', proxies)).toBe('192.0.2.60');
  });

  it('keeps the last verifiable address when a hop is garbage', () => {
    const proxies = new TrustedProxies(['127.0.0.1']);
    expect(clientIp('127.0.0.1', 'unknown', undefined, proxies)).toBe('127.0.0.1');
  });

  it('rejects entries that are not addresses, blocks or keywords, saying what is allowed', () => {
    expect(() => new TrustedProxies(['my-proxy.local'])).toThrow(TrustProxyError);
    expect(() => new TrustedProxies(['my-proxy.local'])).toThrow(/CIDR block/);
    expect(() => new TrustedProxies(['10.0.0.0/33'])).toThrow(/prefix length/);
  });

  // Found by mutation testing: a name of the keyword table's prototype was taken for a keyword and failed with
  // "keyword is not iterable", a TypeError that says nothing about trustProxy.
  it('refuses an entry named like an object member as it refuses any other word, and takes keywords in any case', () => {
    for (const entry of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(() => new TrustedProxies([entry]), entry).toThrow(
        `trustProxy entry "${entry}" is not an IP address, a CIDR block such as "10.0.0.0/8", or one of loopback, private, linklocal.`,
      );
    }
    const proxies = new TrustedProxies(['LoopBack', 'PRIVATE']);
    expect(clientIp('::1', '203.0.113.9, 192.168.1.4', undefined, proxies)).toBe('203.0.113.9');
  });

  // Found by client-address-is-the-first-untrusted-hop.test.ts.
  it('refuses a block whose prefix length is empty or not plain digits (it used to trust every address)', () => {
    // Number('') and Number('-0') are 0: "10.0.0.0/" was 0.0.0.0/0, and any client could forge its address.
    for (const entry of ['10.0.0.0/', '10.0.0.0/-0', '10.0.0.0/ ', '10.0.0.0/0x8', 'fd00::/1e1']) {
      expect(() => new TrustedProxies([entry]), entry).toThrow(/invalid prefix length.*whole number of bits/);
    }
  });

  it('takes an IPv4-mapped block as the IPv4 block it maps (it was refused as an invalid prefix)', () => {
    const proxies = new TrustedProxies(['::ffff:10.0.0.0/104']);
    expect(proxies.trusts('10.1.2.3')).toBe(true);
    expect(proxies.trusts('11.0.0.1')).toBe(false);
    expect(clientIp('10.0.0.3', '203.0.113.9', undefined, proxies)).toBe('203.0.113.9');
  });

  it('takes the IPv4 address out of a mapped hop however it is written (upper case, zeros spelled out, hex)', () => {
    const proxies = new TrustedProxies('loopback');
    expect(clientIp('127.0.0.1', '::FFFF:203.0.113.9', undefined, proxies)).toBe('203.0.113.9');
    expect(clientIp('127.0.0.1', '[0:0:0:0:0:ffff:203.0.113.9]:443', undefined, proxies)).toBe('203.0.113.9');
    expect(clientIp('127.0.0.1', '::ffff:cb00:7109', undefined, proxies)).toBe('203.0.113.9');
    expect(clientIp('127.0.0.1', undefined, 'For="[::FFFF:203.0.113.9]:80"', proxies)).toBe('203.0.113.9');
  });

  // Found by mutation testing: trustProxy true and false, a trusted peer without any proxy header, the one named
  // header missing, and the prefix errors' words were not checked.
  it('trusts every peer with true and none with false', () => {
    const all = new TrustedProxies(true);
    expect(clientIp('198.51.100.3', '203.0.113.9', undefined, all)).toBe('203.0.113.9');
    expect(clientIp('198.51.100.3', '192.0.2.4, 203.0.113.9', undefined, all)).toBe('192.0.2.4');
    const none = new TrustedProxies(false);
    expect(clientIp('127.0.0.1', '203.0.113.9', undefined, none)).toBe('127.0.0.1');
  });

  it('is the trusted peer itself when it sent no proxy header, or not the one it was told to read', () => {
    const proxies = new TrustedProxies('loopback');
    expect(clientIp('127.0.0.1', undefined, undefined, proxies)).toBe('127.0.0.1');
    expect(clientIp('127.0.0.1', '203.0.113.9', undefined, proxies, undefined, 'x-real-ip')).toBe(
      '127.0.0.1',
    );
    expect(clientIp('127.0.0.1', '203.0.113.9', undefined, proxies, '192.0.2.8', 'x-real-ip')).toBe(
      '192.0.2.8',
    );
  });

  it('says which prefix lengths an entry of each family can have', () => {
    const message = (entry: string): string => {
      try {
        new TrustedProxies([entry]);
      } catch (error) {
        expect(error).toBeInstanceOf(TrustProxyError);
        expect((error as Error).name).toBe('TrustProxyError');
        return (error as Error).message;
      }
      throw new Error(`${entry} was accepted`);
    };
    expect(message('10.0.0.0/33')).toContain('write a whole number of bits, 0 to 32, after the slash');
    expect(message('fd00::/129')).toContain('write a whole number of bits, 0 to 128, after the slash');
    expect(message('::ffff:10.0.0.0/x')).toBe(
      'trustProxy entry "::ffff:10.0.0.0/x" has an invalid prefix length.',
    );
    // A mapped block wider than the mapped range is the IPv6 block it says.
    const wide = new TrustedProxies(['::ffff:10.0.0.0/80']);
    expect(wide.trusts('::1')).toBe(true);
    expect(wide.trusts('10.9.9.9')).toBe(true);
    expect(wide.trusts('2001:db8::1')).toBe(false);
  });

  // Found by mutation testing (session 14): none of what follows was checked.
  it('trusts link-local proxies with the linklocal keyword, in both families', () => {
    const proxies = new TrustedProxies('linklocal');
    expect(clientIp('169.254.10.20', '203.0.113.9', undefined, proxies)).toBe('203.0.113.9');
    expect(clientIp('fe80::1', '203.0.113.9', undefined, proxies)).toBe('203.0.113.9');
    expect(clientIp('10.0.0.1', '203.0.113.9', undefined, proxies)).toBe('10.0.0.1');
  });

  it('reads a header given as several lines as one list, and X-Real-IP by its last line', () => {
    const proxies = new TrustedProxies('loopback');
    expect(clientIp('127.0.0.1', ['198.51.100.7', '203.0.113.9'], undefined, proxies)).toBe('203.0.113.9');
    expect(clientIp('127.0.0.1', ['198.51.100.7', '127.0.0.2'], undefined, proxies)).toBe('198.51.100.7');
    expect(clientIp('127.0.0.1', undefined, ['for=198.51.100.7', 'for=127.0.0.2'], proxies)).toBe(
      '198.51.100.7',
    );
    expect(clientIp('127.0.0.1', undefined, undefined, proxies, ['192.0.2.1', '192.0.2.8'])).toBe(
      '192.0.2.8',
    );
  });

  it('takes a hop with a lone or unbalanced quote as garbage, and an unclosed bracket as the address in it', () => {
    const proxies = new TrustedProxies('loopback');
    expect(clientIp('127.0.0.1', undefined, 'for="', proxies)).toBe('127.0.0.1');
    expect(clientIp('127.0.0.1', undefined, 'for="192.0.2.60', proxies)).toBe('127.0.0.1');
    expect(clientIp('127.0.0.1', undefined, 'for=192.0.2.60"', proxies)).toBe('127.0.0.1');
    expect(clientIp('127.0.0.1', undefined, 'for="[2001:db8::17"', proxies)).toBe('2001:db8::17');
  });

  it('is no address, and believes no header, for a peer without one (a socket already closed)', () => {
    const proxies = new TrustedProxies(true);
    expect(clientIp(undefined, '203.0.113.9', undefined, new TrustedProxies('loopback'))).toBe('');
    expect(clientIp(undefined, undefined, undefined, proxies)).toBe('');
  });

  it("reads a socket's peer address once it has one, and none before or without a socket", () => {
    const socket: { remoteAddress?: string } = {};
    expect(peerAddress(undefined)).toBe('');
    expect(peerAddress(null)).toBe('');
    expect(peerAddress(socket)).toBe('');
    socket.remoteAddress = '::ffff:10.0.0.1';
    expect(peerAddress(socket)).toBe('10.0.0.1');
  });

  it('names the host the client asked for: the first X-Forwarded-Host behind a trusted proxy, else Host', () => {
    const proxies = new TrustedProxies('loopback');
    expect(requestHost('127.0.0.1', '10.0.0.5:8080', 'shop.example, edge.internal', proxies)).toBe(
      'shop.example',
    );
    expect(requestHost('127.0.0.1', '10.0.0.5:8080', [' shop.example ', 'other.example'], proxies)).toBe(
      'shop.example',
    );
    expect(requestHost('127.0.0.1', '10.0.0.5:8080', ' , edge.internal', proxies)).toBe('10.0.0.5:8080');
    expect(requestHost('127.0.0.1', '10.0.0.5:8080', '', proxies)).toBe('10.0.0.5:8080');
    expect(requestHost('198.51.100.3', 'shop.example', 'forged.example', proxies)).toBe('shop.example');
    expect(requestHost('127.0.0.1', 'shop.example', 'x', new TrustedProxies(undefined))).toBe('shop.example');
  });
});
