import { describe, it, expect } from 'vitest';
import { createWebLogbook, WebOptionsError, type WebLogbookOptions } from '../src/index.js';
import { JsonlSite } from './jsonl-site.js';

/** The client address recorded for one request through a site that trusts loopback (the test's own proxy). */
async function recordedClient(options: WebLogbookOptions, headers: Record<string, string>): Promise<string> {
  const site = await JsonlSite.start({ trustProxy: ['loopback'], ...options }, (_req, res) => res.end('ok'));
  try {
    const response = await fetch(site.url, { headers });
    expect(response.status).toBe(200);
    const [access] = await site.accessRecords(1);
    return String((access!.request as { ip?: unknown }).ip);
  } finally {
    await site.close();
  }
}

// nginx with only `proxy_set_header X-Real-IP $remote_addr` (or a proxy writing only Forwarded) passes a
// client's own X-Forwarded-For on as it came: the spoofed value below is what such a client sends.
const SPOOFED = { 'x-forwarded-for': '192.0.2.66' };

describe('proxyHeader: the one header the trusted proxy writes the client in is believed', () => {
  it('behind a proxy writing X-Real-IP, a client-sent X-Forwarded-For is ignored when proxyHeader says so', async () => {
    const headers = { ...SPOOFED, 'x-real-ip': '198.51.100.7' };
    expect(await recordedClient({ proxyHeader: 'x-real-ip' }, headers)).toBe('198.51.100.7');
    // Without the option the first header present is read: the danger the docs describe.
    expect(await recordedClient({}, headers)).toBe('192.0.2.66');
  });

  it('behind a proxy writing Forwarded, the same', async () => {
    const headers = { ...SPOOFED, forwarded: 'for="[2001:db8::7]:4711";proto=https' };
    expect(await recordedClient({ proxyHeader: 'forwarded' }, headers)).toBe('2001:db8::7');
  });

  it('when the named header is missing the client is the proxy, not another header', async () => {
    expect(await recordedClient({ proxyHeader: 'x-real-ip' }, SPOOFED)).toBe('127.0.0.1');
  });

  it('a header name it does not know is refused, with the names it takes', () => {
    const bad = { proxyHeader: 'X-Client-IP' } as unknown as WebLogbookOptions;
    expect(() => createWebLogbook(bad)).toThrow(WebOptionsError);
    expect(() => createWebLogbook(bad)).toThrow(/'x-forwarded-for', 'forwarded', 'x-real-ip'.*"X-Client-IP"/);
  });
});
