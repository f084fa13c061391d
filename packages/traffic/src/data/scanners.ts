/**
 * User agents of attack and vulnerability scanners, of generic HTTP tools, and of browser automation.
 * Needles are lower case, matched with `includes`, first match wins.
 * Sources: OWASP CRS rules/scanners-user-agents.data (Apache-2.0, commit 2cbd1d0) and crowdsecurity/
 * sec-lists web/bad_user_agents.txt (MIT, commit 1149fa3), cut down to tools that only scan or attack,
 * plus the user agents these tools send by default (from their own source and documentation).
 */
export interface UaName {
  needle: string;
  name: string;
}

export const SCANNERS: readonly UaName[] = [
  { needle: 'sqlmap', name: 'sqlmap' },
  { needle: 'nikto', name: 'Nikto' },
  { needle: 'nmap scripting engine', name: 'Nmap Scripting Engine' },
  { needle: 'nmap', name: 'Nmap' },
  { needle: 'gobuster', name: 'gobuster' },
  { needle: 'dirbuster', name: 'DirBuster' },
  { needle: 'dirb', name: 'dirb' },
  { needle: 'fuzz faster u fool', name: 'ffuf' },
  { needle: 'ffuf', name: 'ffuf' },
  { needle: 'wfuzz', name: 'wfuzz' },
  { needle: 'feroxbuster', name: 'feroxbuster' },
  { needle: 'whatweb', name: 'WhatWeb' },
  { needle: 'masscan', name: 'masscan' },
  { needle: 'zgrab', name: 'zgrab' },
  { needle: 'nuclei', name: 'nuclei' },
  { needle: 'nessus', name: 'Nessus' },
  { needle: 'openvas', name: 'OpenVAS' },
  { needle: 'acunetix', name: 'Acunetix' },
  { needle: 'netsparker', name: 'Netsparker' },
  { needle: 'wpscan', name: 'WPScan' },
  { needle: 'wprecon', name: 'wprecon' },
  { needle: 'joomscan', name: 'JoomScan' },
  { needle: 'droopescan', name: 'droopescan' },
  { needle: 'cmsmap', name: 'CMSmap' },
  { needle: 'w3af', name: 'w3af' },
  { needle: 'arachni', name: 'Arachni' },
  { needle: 'skipfish', name: 'skipfish' },
  { needle: 'wapiti', name: 'Wapiti' },
  { needle: 'commix', name: 'commix' },
  { needle: 'havij', name: 'Havij' },
  { needle: 'sqlninja', name: 'sqlninja' },
  { needle: 'jsql', name: 'jSQL Injection' },
  { needle: 'ghauri', name: 'Ghauri' },
  { needle: 'xsstrike', name: 'XSStrike' },
  { needle: 'xsser', name: 'XSSer' },
  { needle: 'fimap', name: 'fimap' },
  { needle: 'dotdotpwn', name: 'DotDotPwn' },
  { needle: 'jorgee', name: 'Jorgee' },
  { needle: 'zmeu', name: 'ZmEu' },
  { needle: 'morfeus', name: 'Morfeus' },
  { needle: 'libwhisker', name: 'libwhisker' },
  { needle: 'qualysguard', name: 'QualysGuard' },
  { needle: 'appscan', name: 'AppScan' },
  { needle: 'n-stalker', name: 'N-Stalker' },
  { needle: 'tsunamisecurityscanner', name: 'Tsunami' },
  { needle: 'nettacker', name: 'Nettacker' },
  { needle: 'l9explore', name: 'LeakIX l9explore' },
  { needle: 'l9tcpid', name: 'LeakIX l9tcpid' },
  { needle: 'hydra', name: 'Hydra' },
  { needle: 'mozlila', name: 'Mozlila (misspelt scanner UA)' },
  { needle: 'mozilla/5.g', name: 'Mozilla/5.g (malformed scanner UA)' },
  { needle: 'hello, world', name: 'Mozi botnet' },
  { needle: 'detectify', name: 'Detectify' },
  { needle: 'sysscan', name: 'sysscan' },
  // Internet-wide survey scanners: they index exposed services and vulnerable versions for their customers
  // rather than index pages for a search engine, and obey no robots.txt. CrowdSec's bad_user_agents lists
  // CensysInspect, Shodan and Netcraft; the others name themselves so in their operators' documentation.
  { needle: 'censysinspect', name: 'CensysInspect' },
  { needle: 'expanse, a palo alto', name: 'Expanse' },
  { needle: 'palo alto networks', name: 'Palo Alto Networks' },
  { needle: 'cortexxpanse', name: 'Palo Alto Networks' },
  { needle: 'internetmeasurement', name: 'InternetMeasurement' },
  { needle: 'l9scan', name: 'LeakIX l9scan' },
  { needle: 'shodan', name: 'Shodan' },
  { needle: 'netcraft', name: 'Netcraft' },
  { needle: 'getodin.com', name: 'ODIN' },
  { needle: 'modatscanner', name: 'Modat' },
  { needle: 'onyphe', name: 'ONYPHE' },
];

/** Generic HTTP clients: not scanners in themselves, but not browsers either. */
export const TOOLS: readonly UaName[] = [
  { needle: 'python-requests', name: 'python-requests' },
  { needle: 'python-urllib', name: 'Python-urllib' },
  { needle: 'python-httpx', name: 'python-httpx' },
  { needle: 'aiohttp', name: 'aiohttp' },
  { needle: 'curl/', name: 'curl' },
  { needle: 'wget', name: 'Wget' },
  { needle: 'go-http-client', name: 'Go-http-client' },
  { needle: 'libwww-perl', name: 'libwww-perl' },
  { needle: 'lwp::simple', name: 'libwww-perl' },
  // Java libraries name the runtime after themselves (`Apache-HttpClient/4.5.14 (Java/17.0.8)`): they come first.
  { needle: 'apache-httpclient', name: 'Apache-HttpClient' },
  { needle: 'okhttp', name: 'okhttp' },
  { needle: 'java-http-client', name: 'Java-http-client' },
  { needle: 'java/', name: 'Java' },
  { needle: 'axios', name: 'axios' },
  { needle: 'node-fetch', name: 'node-fetch' },
  { needle: 'undici', name: 'undici' },
  { needle: 'postmanruntime', name: 'PostmanRuntime' },
  { needle: 'httpie', name: 'HTTPie' },
  { needle: 'guzzlehttp', name: 'Guzzle' },
  { needle: 'php/', name: 'PHP' },
  { needle: 'winhttp', name: 'WinHttp' },
  { needle: 'powershell', name: 'PowerShell' },
  { needle: 'fasthttp', name: 'fasthttp' },
  { needle: 'reqwest', name: 'reqwest' },
  { needle: 'insomnia/', name: 'Insomnia' },
  { needle: 'faraday v', name: 'Faraday' },
  { needle: 'deno/', name: 'Deno' },
  { needle: 'bun/', name: 'Bun' },
  { needle: 'dart:io', name: 'Dart' },
  { needle: 'sindresorhus/got', name: 'got' },
  { needle: 'symfony httpclient', name: 'Symfony HttpClient' },
  { needle: 'restsharp', name: 'RestSharp' },
];

/**
 * Clients whose whole user agent is one bare word that `includes` cannot look for without catching other
 * products: Node's built-in fetch sends `node`, Ruby's Net::HTTP sends `Ruby`. Keys are lower case.
 */
export const EXACT_TOOLS: ReadonlyMap<string, string> = new Map([
  ['node', 'node'],
  ['ruby', 'Ruby'],
]);

/** Browser automation: a real engine driven by a program (tests, scrapers). */
export const AUTOMATION: readonly UaName[] = [
  { needle: 'headlesschrome', name: 'HeadlessChrome' },
  { needle: 'playwright', name: 'Playwright' },
  { needle: 'puppeteer', name: 'Puppeteer' },
  { needle: 'selenium', name: 'Selenium' },
  { needle: 'webdriver', name: 'WebDriver' },
  { needle: 'phantomjs', name: 'PhantomJS' },
];
