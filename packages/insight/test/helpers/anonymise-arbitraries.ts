// Generators for the anonymise property tests: logs whose emails, addresses, user names and secrets sit where real
// logs put them, in the spellings servers, proxies and attackers write, with the originals to look for afterwards.
import fc from 'fast-check';
import { domainToASCII, domainToUnicode } from 'node:url';

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

const asciiEmail = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,9}$/),
    fc.stringMatching(/^[a-z0-9]{1,8}(\.[a-z0-9-]{1,6})?$/),
    fc.constantFrom('com', 'org', 'net', 'de', 'io'),
  )
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

/**
 * Letters of other scripts, whose lower and upper case have the same length (no ß, no dotted İ), one outside the
 * BMP; a domain of them is written as Unicode or as its punycode (`xn--`), its top-level domain too.
 */
const intlLetter = fc.constantFrom(...'äöüéçøñåжяиваβγδ山田例え한국', '𠀋');
const intlWord = fc
  .array(fc.oneof(intlLetter, fc.constantFrom(...'abkz09')), { minLength: 1, maxLength: 8 })
  .map((cs) => cs.join(''))
  .filter((w) => /[^ -~]/.test(w));
const intlEmail = fc
  .tuple(
    fc.oneof(intlWord, fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,9}$/)),
    fc.oneof(intlWord, fc.stringMatching(/^[a-z0-9]{1,8}$/)),
    fc.constantFrom('de', 'jp', 'рф', 'テスト', 'com'),
    fc.boolean(),
  )
  .map(([local, label, tld, punycode]) => {
    const domain = `${label}.${tld}`;
    return `${local}@${punycode ? domainToASCII(domain) : domain}`;
  })
  // an ASCII local part before an ASCII domain is asciiEmail's
  .filter((e) => /[^ -~]|xn--/.test(e));

/** An email in ASCII or with letters of other scripts, in lower or upper case. */
export const email = fc
  .tuple(fc.oneof(asciiEmail, intlEmail), fc.boolean())
  .map(([e, upper]) => (upper ? e.toUpperCase() : e));

/** An email as Apache and Nginx write it inside a quoted field: each byte of a non-ASCII letter as `\xhh`. */
export const serverEscaped = (e: string): string =>
  [...e]
    .map((c) =>
      c < '\u0080' ? c : [...Buffer.from(c)].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join(''),
    )
    .join('');

/** An IPv4 address as fixed-width logs pad it (`010.000.000.001`), and the same address as logbook writes it. */
export const paddedIpv4 = ipv4.map((ip) => ({
  text: ip
    .split('.')
    .map((o) => o.padStart(3, '0'))
    .join('.'),
  plain: ip,
}));

/** A token, cookie value or password: a marker no pseudonym can contain (pseudonyms are lower-case hex). */
export const secret = fc.stringMatching(/^[A-Z0-9]{8}$/).map((s) => `Sec${s}`);
export const userName = fc.stringMatching(/^[A-Z0-9]{6}$/).map((s) => `Usr${s}`);

const one = (kind: keyof Originals, value: string, text = value): Placed => {
  const originals = emptyOriginals();
  originals[kind].add(kind === 'emails' ? value.toLowerCase() : value);
  return { text, originals };
};

/** A zero-padded IPv4 address: neither its padded nor its plain spelling may survive. */
const padded = (v: { text: string; plain: string }, text: string): Placed => {
  const originals = emptyOriginals();
  originals.ipv4.add(v.text).add(v.plain);
  return { text, originals };
};

/** An address in any of its textual forms, alone (as an X-Forwarded-For entry or inside text). */
export const addressInText: fc.Arbitrary<Placed> = fc.oneof(
  ipv4.map((ip) => one('ipv4', ip)),
  paddedIpv4.map((v) => padded(v, v.text)),
  paddedIpv4.map((v) => padded(v, `::ffff:${v.text}`)),
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
/** In an access log a non-ASCII email is written with `\xhh` escapes. */
const escapedEmailInText: fc.Arbitrary<Placed> = email.map((e) => one('emails', e, serverEscaped(e)));

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
    opts.quoteSafe
      ? fc.oneof(addressInText, emailInText, escapedEmailInText)
      : fc.oneof(addressInText, emailInText),
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
        paddedIpv4.map((v) => padded(v, v.text)),
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
        paddedIpv4.map((v) => padded(v, `host=${v.text}`)),
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

/**
 * `text` with each run of byte escapes (`%c3%b6`, `\xc3\xb6`) read back as the UTF-8 it encodes, and each other
 * escape `other` reads (an access log's `\"`, `\n`).
 */
function bytesDecoded(text: string, escape: RegExp, other: (e: string) => string = (e) => e): string {
  const decoder = new TextDecoder();
  let out = '';
  let bytes: number[] = [];
  const flush = (): void => {
    out += decoder.decode(new Uint8Array(bytes));
    bytes = [];
  };
  let done = 0;
  for (const m of text.matchAll(escape)) {
    if (m.index !== done) flush();
    out += text.slice(done, m.index);
    if (m[1] !== undefined) bytes.push(parseInt(m[1], 16));
    else {
      flush();
      out += other(m[0]);
    }
    done = m.index + m[0].length;
  }
  flush();
  return out + text.slice(done);
}

/** Percent-decodes what can be decoded (repeatedly: `%2540` is an encoded `%40`), leaving broken escapes. */
export function percentDecoded(text: string): string {
  let s = text;
  for (let i = 0; i < 3; i++) s = bytesDecoded(s, /%([0-9A-Fa-f]{2})/g);
  return s;
}

/** An access log's escapes read back (`\"`, `\\`, `\n`, `\xhh` as UTF-8 bytes). */
export function unescaped(text: string): string {
  return bytesDecoded(text, /\\x([0-9A-Fa-f]{2})|\\./g, (e) =>
    e === '\\n' ? '\n' : e === '\\t' ? '\t' : e[1]!,
  );
}

/** An email as it may be written: its domain in Unicode or in punycode. */
function emailSpellings(e: string): string[] {
  const at = e.lastIndexOf('@');
  const [local, domain] = [e.slice(0, at), e.slice(at + 1)];
  return [e, `${local}@${domainToASCII(domain)}`, `${local}@${domainToUnicode(domain)}`];
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The originals still found in `text`, read as written, with escapes read back and percent-decoded: an IPv4 address
 * as a whole (not the tail of a longer number), an IPv6 address in any spelling, an email in any letter case with
 * its domain in Unicode or punycode, a secret anywhere.
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
    for (const e of o.emails)
      if (emailSpellings(e).some((w) => lower.includes(w.toLowerCase()))) found.add(e);
    for (const s of o.secrets) if (view.includes(s)) found.add(s);
  }
  return [...found];
}
