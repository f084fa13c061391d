/**
 * `--filter ip=203.0.113.0/24`: an IPv4 network as a filter value, tested the same way in SQL (report, dashboard,
 * sql's tables) and in Node (tail), so both select the same clients.
 */

/** An IPv4 network's first and last address, as numbers. */
export interface Ipv4Network {
  first: number;
  last: number;
}

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 address written as four decimal numbers of 0-255, as a number; undefined for anything else. */
export function ipv4Number(text: string): number | undefined {
  const m = DOTTED.exec(text);
  if (!m) return undefined;
  let n = 0;
  for (const part of m.slice(1)) {
    const octet = Number(part);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

/**
 * The network a filter value such as `203.0.113.0/24` names; undefined when the value has no `/` (an address or a
 * wildcard); an error message when it has one but is not an IPv4 network.
 */
export function parseIpv4Network(value: string): Ipv4Network | string | undefined {
  const slash = value.indexOf('/');
  if (slash === -1) return undefined;
  const address = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  if (address.includes(':'))
    return 'IPv6 networks are not supported in filters; give the address, or a wildcard over it as the log writes it (ip=2001:db8:*).';
  const base = ipv4Number(address);
  if (base === undefined || !/^\d{1,2}$/.test(bits) || Number(bits) > 32)
    return 'expected an IPv4 network such as 203.0.113.0/24 (an address, a slash and 0 to 32).';
  const size = 2 ** (32 - Number(bits));
  // The address's host bits are ignored, as `ip route` reads 203.0.113.9/24: the network it is in.
  const first = base - (base % size);
  return { first, last: first + size - 1 };
}

/** Whether `text` is an IPv4 address in `network`. */
export function inIpv4Network(text: string, network: Ipv4Network): boolean {
  const n = ipv4Number(text);
  return n !== undefined && n >= network.first && n <= network.last;
}

/** SQL: whether the VARCHAR `column` is an IPv4 address in `network` (NULL for a value that is none). */
export function inIpv4NetworkSql(column: string, network: Ipv4Network): string {
  const octet = (i: number): string => `TRY_CAST(split_part(${column}, '.', ${i}) AS UTINYINT)::UBIGINT`;
  return `CASE WHEN regexp_full_match(${column}, '\\d{1,3}(\\.\\d{1,3}){3}')
    THEN ${octet(1)} * 16777216 + ${octet(2)} * 65536 + ${octet(3)} * 256 + ${octet(4)}
      BETWEEN ${network.first} AND ${network.last} END`;
}
