// Found by no-secret-survives-any-frameworks-body-parser: qs, PHP and Rails name nested fields in brackets, and
// Express's and Koa's parsers read them so; a secret under such a name, or in JSON sent with the form content type
// (jQuery's default), was written to the log as sent.

import { afterEach, describe, expect, it } from 'vitest';
import { JsonlSite } from './jsonl-site.js';

let site: JsonlSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

async function crashingSite(): Promise<JsonlSite> {
  site = await JsonlSite.start({}, async (req) => {
    for await (const chunk of req) void chunk;
    throw new Error('checkout failed');
  });
  return site;
}

async function post(s: JsonlSite, target: string, type: string, body: string): Promise<string> {
  await (await fetch(s.url + target, { method: 'POST', headers: { 'content-type': type }, body })).text();
  await s.accessRecords(1);
  return s.text();
}

describe('a secret under a bracketed name', () => {
  it('is redacted in the query: ?user[password]=…', async () => {
    const s = await crashingSite();
    const text = await post(s, '/login?user%5Bpassword%5D=hunter2sEcReT&page=2', 'text/plain', '');
    expect(text).not.toContain('hunter2sEcReT');
    expect(text).toContain('page=2');
  });

  it('is redacted in a form body: items[0][token]=…, card[cvv]=…', async () => {
    const s = await crashingSite();
    const form = 'user%5Bname%5D=alice&items%5B0%5D%5Btoken%5D=tOkEn123sEcReT&card%5Bcvv%5D=987sEcReT';
    const text = await post(s, '/checkout', 'application/x-www-form-urlencoded', form);
    expect(text).not.toContain('tOkEn123sEcReT');
    expect(text).not.toContain('987sEcReT');
    const incident = s.records().find((r) => r.event === 'incident');
    expect(incident?.incident?.received?.body).toEqual({
      'user[name]': 'alice',
      'items[0][token]': '[redacted]',
      'card[cvv]': '[redacted]',
    });
  });
});

// Found by mutation testing: a name that starts with a bracket was judged whole, `[password]` is no secret name, and
// the value went out as sent — while qs reads `[password]=…` as the field `password`.
describe('a secret under a name that starts with a bracket', () => {
  it('is redacted in the query and a form body: ?[password]=…, [card][cvv]=…', async () => {
    const s = await crashingSite();
    const text = await post(
      s,
      '/login?%5Bpassword%5D=lEaDiNg1sEcReT&page=2',
      'application/x-www-form-urlencoded',
      '%5Bcard%5D%5Bcvv%5D=lEaDiNg2sEcReT&%5Bname%5D=alice',
    );
    expect(text).not.toContain('lEaDiNg1sEcReT');
    expect(text).not.toContain('lEaDiNg2sEcReT');
    expect(text).toContain('page=2');
    const incident = s.records().find((r) => r.event === 'incident');
    expect(incident?.incident?.received?.body).toEqual({ '[card][cvv]': '[redacted]', '[name]': 'alice' });
  });
});

describe('a secret whose name is split in parts', () => {
  // Judged by the innermost part alone, these went out as sent: `id`, `key` and `new` are no secret names.
  const secrets = {
    'session[id]': 'sEsSiOn1sEcReT',
    'private[key]': 'pRiVaTe2sEcReT',
    'password[new]': 'nEwPw3sEcReT',
    'card.cvv': '4564sEcReT',
    'session.id': 'dOtTeD5sEcReT',
  };
  const harmless = { 'user[name]': 'alice', 'file.name': 'cv.pdf', 'items[0][qty]': '2', version: '1.2.3' };
  const encoded = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

  it('is redacted in the query and a form body, by its whole name or any part', async () => {
    const s = await crashingSite();
    const text = await post(
      s,
      `/account?${encoded({ ...secrets, page: '2' })}`,
      'application/x-www-form-urlencoded',
      encoded({ ...secrets, ...harmless }),
    );
    for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
    expect(text).toContain('page=2');
    const incident = s.records().find((r) => r.event === 'incident');
    expect(incident?.incident?.received?.body).toEqual({
      ...Object.fromEntries(Object.keys(secrets).map((k) => [k, '[redacted]'])),
      ...harmless,
    });
  });
});

describe('JSON sent with the form content type', () => {
  it('is read as JSON, its secrets redacted by name', async () => {
    const s = await crashingSite();
    const body = JSON.stringify({ user: 'alice', password: 'hunter2sEcReT' });
    const text = await post(s, '/login', 'application/x-www-form-urlencoded; charset=UTF-8', body);
    expect(text).not.toContain('hunter2sEcReT');
    const incident = s.records().find((r) => r.event === 'incident');
    expect(incident?.incident?.received?.body).toEqual({ user: 'alice', password: '[redacted]' });
  });
});
