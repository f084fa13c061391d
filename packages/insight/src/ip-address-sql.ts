/**
 * An address read in SQL as @logbook/traffic's `parseIp` reads it in Node, so that `--filter ip=NETWORK` selects
 * the same clients in the report and the dashboard (DuckDB) as in tail (Node). A property test holds the two
 * together (filters-an-ip-network-reads-addresses-as-tail-does.test.ts).
 *
 * `logbook_ipv6_hex(c)` is the 32 lowercase hex digits of an address written with a colon: compressed or full,
 * in brackets, with a zone id, with an IPv4 tail (`::ffff:203.0.113.9`); NULL for anything else. Fixed-width
 * lowercase hex compares as the number it spells, so a network is a BETWEEN of two such strings.
 */

/** Printable ASCII up to 64 characters: nothing longer or wider is an address, so both readers refuse it first. */
export const ADDRESS_TEXT = /^[!-~]{1,64}$/;

const WORD = '[0-9a-fA-F]{1,4}';
const WORDS = `(?:${WORD}(?::${WORD})*)?`;

/**
 * Run once on each database: the macros the network filters are written in, one step of the reading each. A macro
 * is pasted in where it is used, so a step that reads its argument several times would paste the step before it as
 * many times, and DuckDB took seconds to plan the result: each step takes its argument once, as a lambda's.
 */
export const IP_ADDRESS_MACROS = [
  // Brackets first, then the zone id, as parseIp strips them.
  `CREATE OR REPLACE MACRO logbook_ipv6_text(c) AS list_transform([c], lambda c:
    CASE WHEN regexp_full_match(c, '[!-~]{1,64}') AND contains(c, ':') THEN
      split_part(CASE WHEN starts_with(c, '[') AND ends_with(c, ']') THEN substr(c, 2, length(c) - 2) ELSE c END,
        '%', 1)
    END)[1]`,
  // An IPv4 tail after the last colon becomes two hex words; a tail with a dot that is no IPv4 address is NULL.
  `CREATE OR REPLACE MACRO logbook_ipv6_tail_as_words(s) AS list_transform([s], lambda s:
    list_transform([regexp_extract(s, '[^:]*$')], lambda tail:
      CASE WHEN NOT contains(tail, '.') THEN s
        WHEN regexp_full_match(tail, '\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}') THEN
          regexp_replace(s, '[^:]*$', printf('%x:%x',
            TRY_CAST(split_part(tail, '.', 1) AS UTINYINT)::INTEGER * 256
              + TRY_CAST(split_part(tail, '.', 2) AS UTINYINT)::INTEGER,
            TRY_CAST(split_part(tail, '.', 3) AS UTINYINT)::INTEGER * 256
              + TRY_CAST(split_part(tail, '.', 4) AS UTINYINT)::INTEGER))
      END)[1])[1]`,
  // The words before and after the one `::` there may be.
  `CREATE OR REPLACE MACRO logbook_ipv6_halves(s) AS list_transform(
    CASE WHEN contains(s, '::') THEN [split_part(s, '::', 1), split_part(s, '::', 2)] ELSE [s] END,
    lambda half: CASE WHEN half = '' THEN []::VARCHAR[] ELSE string_split(half, ':') END)`,
  // Eight words, or up to seven with `::` standing for the zero words left out.
  `CREATE OR REPLACE MACRO logbook_ipv6_words_hex(s) AS list_transform([s], lambda s:
    CASE WHEN regexp_full_match(s, '${WORDS}(?:::${WORDS})?') THEN
      list_transform([logbook_ipv6_halves(s)], lambda h:
        CASE WHEN len(h) = 1 AND len(h[1]) = 8 OR len(h) = 2 AND len(h[1]) + len(h[2]) <= 7 THEN
          array_to_string(list_transform(
            CASE WHEN len(h) = 1 THEN h[1]
              ELSE list_concat(h[1], list_transform(range(8 - len(h[1]) - len(h[2])), lambda x: '0'), h[2]) END,
            lambda w: lpad(lower(w), 4, '0')), '')
        END)[1]
    END)[1]`,
  `CREATE OR REPLACE MACRO logbook_ipv6_hex(c) AS
    logbook_ipv6_words_hex(logbook_ipv6_tail_as_words(logbook_ipv6_text(c)))`,
];
