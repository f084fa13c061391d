// A crash's answer is the site's own `crashPage` when it gives one (told the reference, the request id and whether
// the client asked for JSON), with its exact length; whatever headers the handler had set before it failed (a
// cookie, a download's name) are dropped, so a half-built answer leaks nothing, and only the request id is kept.

import { afterEach, describe, expect, it } from 'vitest';
import { JsonlSite } from './jsonl-site.js';

let site: JsonlSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe('a crashed request', () => {
  it("is answered with the site's own crash page, told the reference, the request id and what the client accepts", async () => {
    site = await JsonlSite.start(
      {
        crashPage: ({ ref, requestId, json }) => ({
          contentType: 'text/plain; charset=utf-8',
          body: `Désolé: ${ref} / ${requestId} / ${json ? 'json' : 'page'}`,
        }),
      },
      () => {
        throw new Error('db exploded');
      },
    );
    for (const [accept, kind] of [
      ['text/html', 'page'],
      ['application/json', 'json'],
    ] as const) {
      const response = await fetch(site.url + '/checkout', {
        headers: { accept, 'x-request-id': `own-${kind}` },
      });
      const body = await response.text();
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(body).toMatch(new RegExp(`^Désolé: E-[0-9A-Z]{6} / own-${kind} / ${kind}$`));
      expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
      const [access] = await site.accessRecords(1);
      expect((access!.fields as { incident?: string }).incident).toBe(body.slice(8, 16));
      site.clear();
    }
  });

  it('drops the headers the handler set before it failed and keeps the request id', async () => {
    site = await JsonlSite.start({}, (_req, res) => {
      res.setHeader('set-cookie', 'session=half-made; HttpOnly');
      res.setHeader('content-disposition', 'attachment; filename="report.csv"');
      res.setHeader('cache-control', 'public, max-age=3600');
      throw new Error('report failed');
    });
    const response = await fetch(site.url + '/report.csv', { headers: { 'x-request-id': 'kept-1' } });
    await response.text();
    expect(response.status).toBe(500);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('content-disposition')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-request-id')).toBe('kept-1');
  });
});
