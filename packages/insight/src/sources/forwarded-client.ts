/**
 * The client of an access-log line that carries an X-Forwarded-For. A server behind a load balancer or an ingress
 * logs the proxy's address as the peer (`10.0.0.2`, the same for every request) and the client in the header:
 * read as logged, such a log has one client, and a Googlebot through the proxy is "Googlebot from a private
 * address". As Nginx's real_ip does with the private networks trusted and `real_ip_recursive on`, the header is
 * believed only when the peer is a proxy of the site's own network (private, loopback, link-local, CGNAT): the
 * client is then the last address in it that is not one (the hops before it are what the client claimed, and may be
 * forged), or the first when all are. A peer on the internet is the client, whatever header it sent.
 *
 * The rule is written once for Node (parseOtherLines, tail) and once for DuckDB (the fast reader), from the same
 * patterns, which read alike in JavaScript and RE2.
 */

/**
 * An address of a network a site's own proxies live in, IPv4 (also as `::ffff:a.b.c.d`) or IPv6: the networks
 * @logbook/traffic calls private (its ip.ts), as servers write them.
 */
const PROXY_V4 = String.raw`^(?:::ffff:)?(?:0\.|10\.|127\.|192\.168\.|172\.(?:1[6-9]|2[0-9]|3[01])\.|100\.(?:6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.|169\.254\.)`;
const PROXY_V6 = String.raw`^(?:::1?|[fF][cCdD][0-9a-fA-F]{2}:.*|[fF][eE][89abAB][0-9a-fA-F]:.*)$`;
const PROXY = `${PROXY_V4}|${PROXY_V6}`;
/**
 * Something written as an IPv4 address, or an IPv6 one (two colons at least, so `203.0.113.5:4711` is neither): an
 * address with a port, in brackets or a name is not taken from the header.
 */
const ADDRESS = String.raw`^(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F]*:[0-9a-fA-F:.]*)$`;
/** What proxies write for a hop they could not name. */
const NO_HOP = ['', '-', 'unknown'];

const proxy = new RegExp(PROXY);
const address = new RegExp(ADDRESS);

/** The client of a line whose peer is `ip` and whose X-Forwarded-For is `xff` (undefined when it has none). */
export function forwardedClient(ip: string, xff: string | undefined): string {
  if (xff === undefined || !proxy.test(ip)) return ip;
  const hops = xff
    .split(',')
    .map((hop) => hop.replace(/^[ \t]+|[ \t]+$/g, ''))
    .filter((hop) => !NO_HOP.includes(hop));
  const outside = hops.filter((hop) => !proxy.test(hop));
  const client = outside.length > 0 ? outside[outside.length - 1] : hops[0];
  return client !== undefined && address.test(client) ? client : ip;
}

/** forwardedClient in SQL, over the VARCHAR expressions `ip` and `xff` (NULL when the line has none). */
export function forwardedClientSql(ip: string, xff: string): string {
  const hops = `list_filter(list_transform(string_split(${xff}, ','), lambda h: trim(h, E' \\t')),
    lambda h: h NOT IN (${NO_HOP.map((h) => `'${h}'`).join(', ')}))`;
  const client = `list_transform([${hops}],
    lambda hops: coalesce(list_filter(hops, lambda h: NOT regexp_matches(h, '${PROXY}'))[-1], hops[1]))[1]`;
  // Most lines have no header: the first WHEN leaves them before the pattern is tried (an AND would try it on all).
  return `CASE WHEN ${xff} IS NULL THEN ${ip}
    WHEN regexp_matches(${ip}, '${PROXY}')
    THEN coalesce(list_transform([${client}], lambda c: CASE WHEN regexp_full_match(c, '${ADDRESS}') THEN c END)[1], ${ip})
    ELSE ${ip} END`;
}
