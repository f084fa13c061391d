/**
 * `--filter ip=203.0.113.0/24` or `ip=2001:db8::/32`: a network as a filter value, tested the same way in SQL
 * (report, dashboard, sql's tables) and in Node (tail), so both select the same clients.
 *
 * An address is read as @logbook/traffic reads it for the crawler checks: an IPv4 address inside IPv6
 * (`::ffff:203.0.113.9`) is that IPv4 client, so an IPv4 network selects it in either spelling and an IPv6
 * network does not.
 */
import { parseIp, type ParsedIp } from '@logbook/traffic';
import { ADDRESS_TEXT } from './ip-address-sql.js';

/** A network's first and last address: numbers for IPv4, 128-bit integers for IPv6. */
export type IpNetwork =
  { family: 4; first: number; last: number } | { family: 6; first: bigint; last: bigint };

/** The address a record's whole `ip` value spells, or undefined (spaces around it included, as SQL reads it). */
export function addressOf(text: string): ParsedIp | undefined {
  return ADDRESS_TEXT.test(text) ? parseIp(text) : undefined;
}

const EXPECTED =
  'expected a network such as 203.0.113.0/24 or 2001:db8::/32 (an address, a slash and the prefix length).';

/**
 * The network a filter value names; undefined when the value has no `/` (an address or a wildcard); an error
 * message when it has one but is not a network.
 */
export function parseIpNetwork(value: string): IpNetwork | string | undefined {
  const slash = value.indexOf('/');
  if (slash === -1) return undefined;
  const written = value.slice(0, slash);
  const address = addressOf(written);
  const bits = value.slice(slash + 1);
  if (address === undefined || !/^\d{1,3}$/.test(bits)) return EXPECTED;
  if (address.v === 4 && written.includes(':'))
    return `an IPv4 address inside IPv6 is an IPv4 client: give its network as IPv4 (such as 203.0.113.0/24), which selects both spellings.`;
  const width = address.v === 4 ? 32 : 128;
  if (Number(bits) > width) return `the prefix length of an IPv${address.v} network is 0 to ${width}.`;
  // The address's host bits are ignored, as `ip route` reads 203.0.113.9/24: the network it is in.
  const size = 2n ** BigInt(width - Number(bits));
  const first = BigInt(address.n) - (BigInt(address.n) % size);
  const last = first + size - 1n;
  return address.v === 4
    ? { family: 4, first: Number(first), last: Number(last) }
    : { family: 6, first, last };
}

/** Whether `text` is an address in `network`. */
export function inIpNetwork(text: string, network: IpNetwork): boolean {
  const address = addressOf(text);
  if (address === undefined || address.v !== network.family) return false;
  const n = typeof network.first === 'bigint' ? BigInt(address.n) : address.n;
  return n >= network.first && n <= network.last;
}

/** An address as the 32 hex digits `logbook_ipv6_hex` gives. */
const hex = (n: bigint): string => `'${n.toString(16).padStart(32, '0')}'`;
/** IPv4 addresses inside IPv6 (::ffff:0:0/96), whose hex starts so. */
const MAPPED = 0xffffn << 32n;

/** SQL: whether the VARCHAR `column` is an address in `network` (NULL for a value that is no address). */
export function inIpNetworkSql(column: string, network: IpNetwork): string {
  if (network.family === 6)
    return `logbook_ipv6_hex(${column}) BETWEEN ${hex(network.first)} AND ${hex(network.last)}
      AND NOT starts_with(logbook_ipv6_hex(${column}), '00000000000000000000ffff')`;
  const octet = (i: number): string => `TRY_CAST(split_part(${column}, '.', ${i}) AS UTINYINT)::UBIGINT`;
  // Dotted addresses, nearly every row of a log, by number; the IPv6 spellings of IPv4 ones as hex.
  return `CASE WHEN regexp_full_match(${column}, '\\d{1,3}(\\.\\d{1,3}){3}')
    THEN ${octet(1)} * 16777216 + ${octet(2)} * 65536 + ${octet(3)} * 256 + ${octet(4)}
      BETWEEN ${network.first} AND ${network.last}
    ELSE logbook_ipv6_hex(${column}) BETWEEN ${hex(MAPPED + BigInt(network.first))} AND ${hex(MAPPED + BigInt(network.last))} END`;
}
