/** One entry of the rule catalogue. */
export interface Rule {
  id: string;
  severity: 'info' | 'low' | 'medium' | 'high' | 'critical';
  /** A few words for a table heading. */
  title: string;
  /** One line a site owner understands. */
  explanation: string;
  /** Where the rule's data comes from. */
  source: string;
  /** True when the rule on its own means hostile intent (see `isAttackSignal`). */
  attack: boolean;
}

const CROWDSEC = 'crowdsecurity/sec-lists web/ (MIT), commit 1149fa3';
const CRS = 'OWASP CRS rules/*.data (Apache-2.0), commit 2cbd1d0';

function rule(
  id: string,
  severity: Rule['severity'],
  attack: boolean,
  title: string,
  explanation: string,
  source: string,
): Rule {
  return Object.freeze({ id, severity, title, explanation, source, attack });
}

const list: Rule[] = [
  rule(
    'wordpress-probe',
    'medium',
    true,
    'WordPress probe',
    'Asked for a WordPress login, admin or config file that this site does not serve: someone looking for a WordPress to break into.',
    `src/data/paths.ts; ${CROWDSEC} admin_interfaces.txt`,
  ),
  rule(
    'phpmyadmin-probe',
    'medium',
    true,
    'phpMyAdmin probe',
    'Asked for phpMyAdmin (a database admin page) that this site does not serve: someone looking for a database to take over.',
    `src/data/paths.ts; ${CROWDSEC} admin_interfaces.txt`,
  ),
  rule(
    'admin-interface-probe',
    'medium',
    true,
    'Admin interface probe',
    'Asked for a well-known admin or management page (Joomla, Tomcat manager, Solr, VPN portals ...) that this site does not serve.',
    `src/data/paths.ts; ${CROWDSEC} admin_interfaces.txt, technology_probing.json`,
  ),
  rule(
    'sensitive-file',
    'high',
    true,
    'Sensitive file request',
    'Asked for a file that holds secrets or source (.env, .git/, .svn, .DS_Store, backups, database dumps, keys, .aws).',
    `src/data/paths.ts; ${CROWDSEC} sensitive_data.txt; ${CRS} restricted-files.data`,
  ),
  rule(
    'backdoor-probe',
    'high',
    true,
    'Web-shell probe',
    'Asked for the file name of a known web shell: someone checking whether the site was already compromised.',
    `src/data/backdoors.ts; ${CROWDSEC} backdoors.txt`,
  ),
  rule(
    'cve-probe',
    'high',
    true,
    'Known-vulnerability probe',
    'Asked for a path used to exploit a published vulnerability (CVE) in a product this site may run.',
    `src/data/paths.ts; ${CROWDSEC} trendy_cves.txt`,
  ),
  rule(
    'path-traversal',
    'high',
    true,
    'Path traversal',
    'Tried to climb out of the web root (../, encoded forms) or to read system files such as /etc/passwd.',
    `src/payload-rules.ts; ${CROWDSEC} path_traversal.txt; ${CRS} lfi-os-files.data`,
  ),
  rule(
    'sql-injection',
    'high',
    true,
    'SQL injection',
    'Sent database commands in the URL (UNION SELECT, OR 1=1, SLEEP(), ...) hoping the site pastes them into a query.',
    `src/payload-rules.ts; ${CROWDSEC} sqli_probe_patterns.txt; sqlmap payload shapes`,
  ),
  rule(
    'xss',
    'high',
    true,
    'Cross-site scripting',
    'Sent HTML or script in the URL (<script>, onerror=, javascript:) hoping the site shows it to other visitors.',
    `src/payload-rules.ts; ${CROWDSEC} xss_probe_patterns.txt`,
  ),
  rule(
    'command-injection',
    'critical',
    true,
    'Command injection',
    'Sent shell commands in the URL (;id, |wget, $(...), /bin/sh) hoping the server runs them.',
    'src/payload-rules.ts; common exploit shapes',
  ),
  rule(
    'shellshock',
    'critical',
    true,
    'Shellshock',
    'Sent "() {" in a header or URL, the Bash bug of 2014 (CVE-2014-6271) that runs commands on old CGI servers.',
    'src/payload-rules.ts; CVE-2014-6271',
  ),
  rule(
    'log4shell',
    'critical',
    true,
    'Log4Shell',
    'Sent ${jndi:...} (or a disguised form) hoping a Java server logs it and loads remote code (CVE-2021-44228).',
    'src/payload-rules.ts; CVE-2021-44228',
  ),
  rule(
    'php-remote-include',
    'high',
    true,
    'Remote file inclusion',
    'Passed a URL or PHP stream (=http://, php://input, data://) as a parameter, hoping a PHP page includes and runs it.',
    `src/payload-rules.ts; ${CROWDSEC} path_traversal.txt`,
  ),
  rule(
    'bad-method',
    'low',
    false,
    'Unusual HTTP method',
    'Used CONNECT (a proxy probe), TRACE, TRACK, DEBUG or a WebDAV method (PROPFIND ...) that an ordinary web site does not serve.',
    'src/data/paths.ts (BAD_METHODS)',
  ),
  rule(
    'malformed-request',
    'low',
    false,
    'Malformed request',
    'Sent a request line no browser sends: garbage method, NUL or control bytes, broken encoding, or a line over 8 KB.',
    'src/classify.ts; RFC 9110/9112 syntax',
  ),
  rule(
    'scanner-user-agent',
    'high',
    true,
    'Scanner user agent',
    'Announced itself as an attack or vulnerability scanner (sqlmap, Nikto, Nmap, nuclei, ...).',
    `src/data/scanners.ts; ${CRS} scanners-user-agents.data; ${CROWDSEC} bad_user_agents.txt`,
  ),
  rule(
    'empty-user-agent',
    'info',
    false,
    'No user agent',
    'Sent no User-Agent header: every browser sends one, so this is a script or a careless bot.',
    'src/classify.ts',
  ),
  rule(
    'tool-user-agent',
    'info',
    false,
    'HTTP tool',
    'Came from a command-line tool or programming library (curl, wget, python-requests, Go-http-client ...), not a browser.',
    'src/data/scanners.ts (TOOLS)',
  ),
  rule(
    'outdated-browser',
    'low',
    false,
    'Outdated browser',
    'Claims a browser version replaced years before the request was made: usually a bot with an old copied user agent.',
    'src/data/browser-releases.ts (vendor release dates)',
  ),
  rule(
    'fake-crawler',
    'high',
    true,
    'Fake crawler',
    "Claims to be Googlebot or bingbot but comes from an address outside that crawler's published ranges.",
    'src/data/crawler-ranges.ts (googlebot.json, bingbot.json)',
  ),
  rule(
    'crawler-restricted',
    'low',
    false,
    'Crawler on a private page',
    'A search engine crawler asked for a page that needs a login (or got 401/403): check robots.txt and links.',
    'src/classify.ts',
  ),
  rule(
    'not-found-probe',
    'low',
    false,
    'Not-found probe',
    'Got a 404 for a path no page links to (no referer, not a favicon-style file): a guess rather than a broken link.',
    'src/data/paths.ts (AUTO_REQUESTED)',
  ),
];

/** The rule catalogue, keyed by rule id. */
export const RULES: Readonly<Record<string, Rule>> = Object.freeze(
  Object.fromEntries(list.map((r) => [r.id, r])),
);

/** Rule ids in catalogue order; `classify` reports signals in this order. */
export const RULE_IDS: readonly string[] = Object.freeze(list.map((r) => r.id));

/**
 * True for rules whose single occurrence means hostile intent (probes, injections, scanners, fake crawlers).
 * False for rules that describe odd but not necessarily hostile clients: empty or tool user agent, outdated
 * browser, unusual method, malformed request, a crawler on a private page, a lone 404. Those still feed
 * the tracker's verdicts.
 */
export function isAttackSignal(id: string): boolean {
  return Object.hasOwn(RULES, id) && RULES[id]!.attack;
}
