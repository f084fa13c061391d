// Generators for the anonymise property tests: logs whose emails, addresses, user names and secrets sit where real
// logs put them, in the spellings servers, proxies and attackers write, with the originals to look for afterwards.
import fc from 'fast-check';

export interface Originals {
  ipv4: Set<string>;
  /** IPv6 addresses as their eight groups, compared in every spelling. */
  ipv6: Set<string>;
  emails: Set<string>;
  /** Tokens, cookies, passwords, user names: values that must not appear at all. */
  secrets: Set<string>;
}

export const emptyOriginals = (): Originals => ({
  ipv4: new Set(),
  ipv6: new Set(),
  emails: new Set(),
  secrets: new Set(),
});

export function mergeOriginals(all: Originals[]): Originals {
  const out = emptyOriginals();
  for (const o of all)
    for (const k of Object.keys(out) as (keyof Originals)[]) for (const v of o[k]) out[k].add(v);
  return out;
}

/** A written value and the originals in it. */
export interface Placed {
  text: string;
  originals: Originals;
}

const octet = fc.integer({ min: 0, max: 255 });
export const ipv4 = fc
  .tuple(fc.integer({ min: 1, max: 254 }), octet, octet, fc.integer({ min: 1, max: 254 }))
  .map((o) => o.join('.'));

/** Eight groups with runs of zeros, so that the compressed spelling differs from the full one. */
export const ipv6Groups = fc
  .tuple(
    fc.integer({ min: 1, max: 0xffff }),
    fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 7, maxLength: 7 }),
  )
  .map(([first, rest]) => [first, ...rest])
  // Not IPv4-mapped, NAT64 or IPv4-compatible: those are generated as such (their identity is the IPv4 part).
  .filter((g) => !(g[0] === 0x64 && g[1] === 0xff9b));

export const canonical6 = (g: number[]): string => g.map((x) => x.toString(16)).join(':');

function compressed(g: number[]): string {
  let best = -1;
  let len = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > len && j - i > 1) [best, len] = [i, j - i];
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + len).join(':')}`;
}

/** Every way the same IPv6 address is written in logs. */
export function ipv6Spellings(g: number[]): string[] {
  const c = compressed(g);
  return [c, c.toUpperCase(), canonical6(g), g.map((x) => x.toString(16).padStart(4, '0')).join(':')];
}

/** An IPv6 address as a bare client field takes it (no brackets, port or zone). */
export const bareIpv6 = fc
  .tuple(ipv6Groups, fc.nat(3))
  .map(([g, i]) => ({ text: ipv6Spellings(g)[i]!, groups: g }));

export const email = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,9}$/),
    fc.stringMatching(/^[a-z0-9]{1,8}(\.[a-z0-9-]{1,6})?$/),
    fc.constantFrom('com', 'org', 'net', 'de', 'io'),
    fc.boolean(),
  )
  .map(([local, domain, tld, upper]) => {
    const e = `${local}@${domain}.${tld}`;
    return upper ? e.toUpperCase() : e;
  });

/** A token, cookie value or password: a marker no pseudonym can contain (pseudonyms are lower-case hex). */
export const secret = fc.stringMatching(/^[A-Z0-9]{8}$/).map((s) => `Sec${s}`);
export const userName = fc.stringMatching(/^[A-Z0-9]{6}$/).map((s) => `Usr${s}`);

const one = (kind: keyof Originals, value: string, text = value): Placed => {
  const originals = emptyOriginals();
  originals[kind].add(kind === 'emails' ? value.toLowerCase() : value);
  return { text, originals };
};

/** An address in any of its textual forms, alone (as an X-Forwarded-For entry or inside text). */
export const addressInText: fc.Arbitrary<Placed> = fc.oneof(
  ipv4.map((ip) => one('ipv4', ip)),
  fc.tuple(ipv4, fc.integer({ min: 1, max: 65535 })).map(([ip, port]) => one('ipv4', ip, `${ip}:${port}`)),
  ipv4.map((ip) => one('ipv4', ip, `::ffff:${ip}`)),
  ipv4.map((ip) => one('ipv4', ip, `64:ff9b::${ip}`)),
  fc
    .tuple(ipv6Groups, fc.nat(3), fc.constantFrom('', '[]', '[]:443', '%eth0', '%25en0'))
    .map(([g, i, wrap]) => {
      const s = ipv6Spellings(g)[i]!;
      const text = wrap === '' ? s : wrap.startsWith('[') ? `[${s}]${wrap.slice(2)}` : `${s}${wrap}`;
      return one('ipv6', canonical6(g), text);
    }),
);

const emailInText: fc.Arbitrary<Placed> = email.map((e) => one('emails', e));

/**
 * What comes before an original in free text. No `Name/` right before an IPv4 address: `Chrome/1.2.3.4` is a
 * version, kept by design (docs/insight.md); an address in a path (`/lookup/1.2.3.4`) is generated.
 */
const BEFORE = [' ', ', ', '=', '(', '[', '<', "'", 'from ', 'host:', '/lookup/', '//', '\t', ';'];
const AFTER = [' ', ',', ')', ']', '>', "'", ';', '/', ':8080', '.'];
/** Noise between originals: any text, including quotes, backslashes, control characters and other scripts. */
const noise = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('', 'GET /x?y=1', 'Error: connect ECONNREFUSED', 'Chrome/120.0.6099.109', '%20', 'a\\b'),
);

/** Free text (a message, a user agent, a stack, a header) with originals inside it. */
export function freeText(opts: { quoteSafe?: boolean } = {}): fc.Arbitrary<Placed> {
  // In an access log a `"` or `\` inside a quoted field is written escaped by the server; here it is left out of
  // the noise and escapes are added as separators instead.
  const n = opts.quoteSafe
    ? noise.map((s) => [...s].filter((c) => c >= ' ' && c !== '"' && c !== '\\' && c !== '\u007f').join(''))
    : noise;
  const before = opts.quoteSafe ? [...BEFORE, '\\n', '\\x20', '\\"'] : [...BEFORE, '\n', '\\n'];
  const item = fc.tuple(
    n,
    fc.constantFrom(...before),
    fc.oneof(addressInText, emailInText),
    fc.constantFrom(...AFTER),
  );
  return fc.array(item, { minLength: 1, maxLength: 4 }).map((items) => ({
    text: items.map(([pre, b, placed, a]) => `${pre}${b}${placed.text}${a}`).join(''),
    originals: mergeOriginals(items.map(([, , placed]) => placed.originals)),
  }));
}

const SECRET_PARAMS = [
  'token',
  'access_token',
  'api_key',
  'session_id',
  'sid',
  'password',
  'code',
  'email',
  'user',
];

/** A path and query with addresses, emails (plain and percent-encoded) and secret parameters. */
export const target: fc.Arbitrary<Placed> = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.stringMatching(/^[a-z0-9_-]{1,8}$/).map((s): Placed => ({ text: s, originals: emptyOriginals() })),
        ipv4.map((ip) => one('ipv4', ip)),
        bareIpv6.map((v) => one('ipv6', canonical6(v.groups), v.text)),
        email.map((e) => one('emails', e)),
        email.map((e) => one('emails', e, encodeURIComponent(e))),
      ),
      { minLength: 1, maxLength: 3 },
    ),
    fc.array(
      fc.oneof(
        fc.tuple(fc.constantFrom(...SECRET_PARAMS), secret).map(([k, s]) => one('secrets', s, `${k}=${s}`)),
        email.map((e) => one('emails', e, `q=${encodeURIComponent(e)}`)),
        ipv4.map((ip) => one('ipv4', ip, `next=${encodeURIComponent(`http://${ip}/x`)}`)),
        ipv4.map((ip) => one('ipv4', ip, `ip=${ip}`)),
        fc.constant({ text: 'lang=en', originals: emptyOriginals() }),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([segments, params]) => ({
    text: `/${segments.map((s) => s.text).join('/')}${params.length ? `?${params.map((p) => p.text).join('&')}` : ''}`,
    originals: mergeOriginals([...segments, ...params].map((p) => p.originals)),
  }));

/** A referer: a URL whose host or path holds an address or an email. */
export const referer: fc.Arbitrary<Placed> = fc
  .tuple(
    fc.oneof(
      ipv4.map((ip) => one('ipv4', ip, `http://${ip}`)),
      bareIpv6.map((v) => one('ipv6', canonical6(v.groups), `https://[${v.text}]:8443`)),
      fc.constant({ text: 'https://example.com', originals: emptyOriginals() }),
    ),
    target,
  )
  .map(([host, t]) => ({
    text: `${host.text}${t.text}`,
    originals: mergeOriginals([host.originals, t.originals]),
  }));

/** Percent-decodes what can be decoded (repeatedly: `%2540` is an encoded `%40`), leaving broken escapes. */
export function percentDecoded(text: string): string {
  let s = text;
  for (let i = 0; i < 3; i++)
    s = s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

/** An access log's escapes read back (`\"`, `\\`, `\n`, `\xhh`). */
export function unescaped(text: string): string {
  return text.replace(/\\(x[0-9A-Fa-f]{2}|.)/g, (_, e: string) =>
    e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e === 'n' ? '\n' : e === 't' ? '\t' : e,
  );
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The originals still found in `text`, read as written, with escapes read back and percent-decoded: an IPv4 address
 * as a whole (not the tail of a longer number), an IPv6 address in any spelling, an email in any letter case, a
 * secret anywhere.
 */
export function survivors(text: string, o: Originals): string[] {
  const views = [text, unescaped(text), percentDecoded(text), percentDecoded(unescaped(text))];
  const found = new Set<string>();
  for (const view of views) {
    const lower = view.toLowerCase();
    for (const ip of o.ipv4)
      // 1.2.3.4.5 is a dotted number (a version, an OID), not an address: the product keeps it, by design.
      if (new RegExp(`(?<![0-9.])${escapeRe(ip)}(?![0-9]|\\.[0-9])`).test(view)) found.add(ip);
    for (const c of o.ipv6) {
      const g = c.split(':').map((x) => parseInt(x, 16));
      for (const s of ipv6Spellings(g))
        if (new RegExp(`(?<![0-9a-f:])${escapeRe(s.toLowerCase())}(?![0-9a-f]|:[0-9a-f])`).test(lower))
          found.add(c);
    }
    for (const e of o.emails) if (lower.includes(e)) found.add(e);
    for (const s of o.secrets) if (view.includes(s)) found.add(s);
  }
  return [...found];
}
