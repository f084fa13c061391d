import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { Pseudonymiser } from '../src/pseudonymiser.js';
import { anonymiseAccessLine, anonymiseJsonLine } from '../src/commands/anonymise.js';
import { anonymiseJsonAccessLine } from '../src/commands/anonymise-json-access-line.js';
import { splitAccessLine } from '../src/sources/access-line.js';
import {
  addressInText,
  bareIpv6,
  canonical6,
  email,
  emptyOriginals,
  freeText,
  ipv4,
  mergeOriginals,
  paddedIpv4,
  referer,
  secret,
  survivors,
  target,
  userName,
  type Originals,
  type Placed,
} from './helpers/anonymise-arbitraries.js';

/** A client field and its original: IPv4 (zero-padded too), IPv4-mapped IPv6, IPv6 in any spelling, bracketed IPv6. */
const client: fc.Arbitrary<Placed> = fc.oneof(
  ipv4.map((ip) => ({ text: ip, originals: { ...emptyOriginals(), ipv4: new Set([ip]) } })),
  ipv4.map((ip) => ({ text: `::ffff:${ip}`, originals: { ...emptyOriginals(), ipv4: new Set([ip]) } })),
  paddedIpv4.map((v) => ({
    text: v.text,
    originals: { ...emptyOriginals(), ipv4: new Set([v.text, v.plain]) },
  })),
  fc.tuple(bareIpv6, fc.boolean()).map(([v, br]) => ({
    text: br ? `[${v.text}]` : v.text,
    originals: { ...emptyOriginals(), ipv6: new Set([canonical6(v.groups)]) },
  })),
);

const quoted = (s: string): string => s.replaceAll('"', '\\"');

/** An access line in one of the layouts servers write: common, combined, vhost, combined with X-Forwarded-For. */
const accessLine: fc.Arbitrary<{ line: string; originals: Originals; status: number }> = fc
  .record({
    layout: fc.constantFrom('common', 'combined', 'vhost', 'xff'),
    client,
    user: fc.option(userName, { nil: undefined }),
    method: fc.constantFrom('GET', 'POST', 'HEAD'),
    target,
    referer: fc.option(referer, { nil: undefined }),
    ua: freeText({ quoteSafe: true }),
    xff: fc.array(addressInText, { minLength: 1, maxLength: 3 }),
    status: fc.constantFrom(200, 204, 301, 404, 500),
    second: fc.integer({ min: 0, max: 59 }),
  })
  .map((r) => {
    const head = `${r.layout === 'vhost' ? 'www.example.com ' : ''}${r.client.text} - ${r.user ?? '-'}`;
    const time = `[20/Nov/2026:09:00:${String(r.second).padStart(2, '0')} +0000]`;
    let line = `${head} ${time} "${r.method} ${quoted(r.target.text)} HTTP/1.1" ${r.status} 512`;
    const parts: Placed[] = [r.client, r.target];
    if (r.layout !== 'common') {
      line += ` "${r.referer ? quoted(r.referer.text) : '-'}" "${r.ua.text}"`;
      parts.push(r.ua);
      if (r.referer) parts.push(r.referer);
    }
    if (r.layout === 'xff') {
      line += ` "${r.xff.map((x) => x.text).join(', ')}"`;
      parts.push(...r.xff);
    }
    const originals = mergeOriginals(parts.map((p) => p.originals));
    if (r.user) originals.secrets.add(r.user);
    return { line, originals, status: r.status };
  });

/** A JSON value of any nesting whose keys may name a secret or an identity, or be an email or an address. */
type Fields = Placed & { value: Record<string, unknown> };
const freeFields: fc.Arbitrary<Fields> = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom('password', 'api_token', 'sessionId', 'user_id', 'email', 'login', 'phone', 'auth'),
        fc.constantFrom('note', 'detail', 'count', 'path', 'where'),
      ),
      fc.oneof(
        secret.map((s): [unknown, Placed] => [
          s,
          { text: s, originals: { ...emptyOriginals(), secrets: new Set([s]) } },
        ]),
        fc
          .integer({ min: 100000, max: 9999999 })
          .map((n): [unknown, Placed] => [
            n,
            { text: '', originals: { ...emptyOriginals(), secrets: new Set([String(n)]) } },
          ]),
        freeText().map((t): [unknown, Placed] => [t.text, t]),
      ),
      fc.nat(3),
      fc.oneof(email, ipv4),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((entries) => {
    const obj: Record<string, unknown> = {};
    const placed: Placed[] = [];
    for (const [name, [value, p], depth, keyOriginal] of entries) {
      const plain = ['note', 'detail', 'count', 'path', 'where'].includes(name);
      // A number or a token is only a secret under a key that names one (a count under `count` is kept, as it
      // should be; nothing tells a token under `note` from any other word).
      if (typeof value === 'number' && plain) continue;
      if (plain && p.originals.secrets.size > 0) continue;
      let v: unknown = value;
      for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { [`level${i}`]: v };
      obj[name] = v;
      placed.push(p);
      // an email or an address as a key, as a per-client count is logged
      obj[keyOriginal] = 1;
      placed.push({
        text: keyOriginal,
        originals: keyOriginal.includes('@')
          ? { ...emptyOriginals(), emails: new Set([keyOriginal.toLowerCase()]) }
          : { ...emptyOriginals(), ipv4: new Set([keyOriginal]) },
      });
    }
    return {
      text: JSON.stringify(obj),
      originals: mergeOriginals(placed.map((p) => p.originals)),
      value: obj,
    };
  });

const jsonRecord = fc
  .record({
    ip: client,
    target,
    referer,
    ua: freeText(),
    message: freeText(),
    stack: freeText(),
    fields: freeFields,
    context: freeFields,
    props: freeFields,
    userId: userName,
    userName: userName,
    userEmail: email,
    cookie: secret,
    authorization: secret,
    body: freeFields,
  })
  .map((r) => {
    const q = r.target.text.indexOf('?');
    const rec = {
      v: 1,
      time: '2026-11-20T09:00:00.000Z',
      level: 'ERROR',
      channel: 'http',
      msg: 'request failed',
      message: r.message.text,
      event: 'http.request',
      request: {
        method: 'GET',
        path: q < 0 ? r.target.text : r.target.text.slice(0, q),
        ...(q < 0 ? {} : { query: r.target.text.slice(q + 1) }),
        status: 500,
        ip: r.ip.text.replace(/^\[|\]$/g, ''),
        ua: r.ua.text,
        referer: r.referer.text,
      },
      client: { kind: 'human' },
      user: { id: r.userId, name: r.userName, email: r.userEmail },
      fields: r.fields.value,
      context: r.context.value,
      error: {
        name: 'Error',
        message: r.message.text,
        stack: r.stack.text,
        props: r.props.value,
      },
      incident: {
        ref: 'INC-1',
        received: {
          method: 'POST',
          url: r.target.text,
          headers: {
            cookie: `sid=${r.cookie}`,
            authorization: `Bearer ${r.authorization}`,
            'user-agent': r.ua.text,
          },
          body: r.body.value,
        },
      },
      host: 'web-1',
      pid: 1,
    };
    const originals = mergeOriginals(
      [r.ip, r.target, r.referer, r.ua, r.message, r.stack, r.fields, r.context, r.props, r.body].map(
        (p) => p.originals,
      ),
    );
    for (const s of [r.userId, r.userName, r.cookie, r.authorization]) originals.secrets.add(s);
    originals.emails.add(r.userEmail.toLowerCase());
    return { line: JSON.stringify(rec), originals };
  });

/** Every string of a JSON value, keys included, one per line (so JSON escapes are read back). */
function jsonStrings(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(jsonStrings).join('\n');
  if (value !== null && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k}\n${jsonStrings(v)}`)
      .join('\n');
  return String(value);
}

function reserved(
  lines: string[],
  options: ConstructorParameters<typeof Pseudonymiser>[0] = {},
): Pseudonymiser {
  const p = new Pseudonymiser({ key: 'property', ...options });
  for (const l of lines) p.reserve(l);
  return p;
}

describe('anonymise of any log', () => {
  it('leaves no original address, email, user or secret in an access line, and the line still reads the same', () => {
    fc.assert(
      fc.property(accessLine, fc.constantFrom(0, 24), fc.constantFrom(0, 48), (a, v4, v6) => {
        const p = reserved([a.line], { ipv4Prefix: v4, ipv6Prefix: v6 });
        const out = anonymiseAccessLine(a.line, p);
        expect(survivors(out, a.originals)).toEqual([]);
        expect(out).not.toContain('\n');
        const before = splitAccessLine(a.line)!;
        const after = splitAccessLine(out);
        expect(after?.fields).toMatchObject({
          time: before.fields.time,
          method: before.fields.method,
          status: a.status,
          bytes: 512,
        });
        expect(after!.fields.ua === undefined).toBe(before.fields.ua === undefined);
        expect(after!.fields.xff === undefined).toBe(before.fields.xff === undefined);
      }),
      propertyRuns(300),
    );
  });

  it('leaves no original in a JSONL record, any field of any nesting, and the record keeps its shape', () => {
    fc.assert(
      fc.property(jsonRecord, (r) => {
        const p = reserved([r.line]);
        const out = anonymiseJsonLine(r.line, p);
        const parsed = JSON.parse(out) as Record<string, unknown>;
        expect(survivors(`${out}\n${jsonStrings(parsed)}`, r.originals)).toEqual([]);
        const original = JSON.parse(r.line) as Record<string, unknown>;
        expect(Object.keys(parsed)).toEqual(Object.keys(original));
        expect(parsed).toMatchObject({ time: original['time'], level: 'ERROR', request: { status: 500 } });
      }),
      propertyRuns(150),
    );
  });

  it('leaves no original in a JSON access-log line, whatever its keys', () => {
    fc.assert(
      fc.property(client, target, freeText(), referer, freeFields, (c, t, ua, ref, extra) => {
        const entry = {
          time: '2026-11-20T09:00:00Z',
          remote_addr: c.text,
          request: `GET ${t.text} HTTP/1.1`,
          status: 200,
          http_user_agent: ua.text,
          http_referer: ref.text,
          ...extra.value,
        };
        const line = JSON.stringify(entry);
        const p = reserved([line]);
        const out = anonymiseJsonAccessLine(line, p);
        const originals = mergeOriginals([c, t, ua, ref, extra].map((x) => x.originals));
        expect(survivors(`${out}\n${jsonStrings(JSON.parse(out))}`, originals)).toEqual([]);
      }),
      propertyRuns(150),
    );
  });

  it('never throws on a line it cannot read, writes one line for it, and copies nothing original through it', () => {
    const garbage = fc
      .tuple(
        fc.constantFrom(
          '',
          '{',
          '{"time":"2026-11-20T09:00:00Z","request":{"query":"',
          '[20/Nov/2026:09:00:00 +0000] "',
          '"',
        ),
        freeText(),
        fc.array(fc.tuple(fc.constantFrom('token=', 'Cookie: sid=', 'password=', '"session":"'), secret), {
          maxLength: 2,
        }),
        fc.string({ unit: 'binary', maxLength: 20 }),
      )
      .map(([start, text, secrets, tail]) => ({
        line: `${start}${text.text} ${secrets.map(([k, s]) => `${k}${s}`).join(' ')}${tail}`.replace(
          /\n/g,
          ' ',
        ),
        originals: mergeOriginals([
          text.originals,
          { ...emptyOriginals(), secrets: new Set(secrets.map(([, s]) => s)) },
        ]),
      }));
    fc.assert(
      fc.property(garbage, (g) => {
        const p = reserved([g.line], { ipv4Prefix: 24, ipv6Prefix: 48 });
        for (const anonymise of [anonymiseAccessLine, anonymiseJsonLine, anonymiseJsonAccessLine]) {
          const out = anonymise(g.line, p);
          expect(out).not.toContain('\n');
          expect(survivors(out, g.originals)).toEqual([]);
        }
      }),
      propertyRuns(200),
    );
  });
});
