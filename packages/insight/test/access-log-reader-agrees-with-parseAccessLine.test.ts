import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { accessRow, ACCESS_ROWS_SQL, tempDir, type AccessRow } from './helpers/records.js';
import { loadSources, parseAccessLine, rows } from '../src/index.js';
import type { RequestTimeUnit } from '../src/sources/request-time.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0';
const T = '21/Nov/2026:10:00:00 +0000';
const line = (p: { head?: string; time?: string; req?: string; mid?: string; tail?: string }): string =>
  `${p.head ?? '192.0.2.1 - -'} [${p.time ?? T}] "${p.req ?? 'GET /a?x=1 HTTP/1.1'}"${p.mid ?? ' 200 512 '}${p.tail ?? `"https://shop.example/" "${UA}"`}`;

/**
 * Near-misses of the common and combined formats, each a line that DuckDB's fast path must either read exactly as
 * parseAccessLine does or hand to parseAccessLine itself: times out of range or in other shapes, odd heads, requests,
 * status fields and trailing fields.
 */
const VARIANTS: string[] = [
  line({}),
  ...[
    '5/Nov/2026:10:00:00 +0000',
    ' 5/Nov/2026:10:00:00 +0000',
    '21/nov/2026:10:00:00 +0000',
    '21/NOV/2026:10:00:00 +0000',
    '21/Nov/2026:24:00:00 +0000',
    '21/Nov/2026:23:60:00 +0000',
    '21/Nov/2026:23:59:60 +0000',
    '21/Nov/2026:23:59:59 +0060',
    '21/Nov/2026:23:59:59 +2400',
    '21/Nov/2026:23:59:59 -0730',
    '21/Nov/2026:23:59:59 x0000',
    '31/Apr/2026:10:00:00 +0000',
    '29/Feb/2024:10:00:00 +0000',
    '29/Feb/2026:10:00:00 +0000',
    '21/Nov/2026:10:00:00',
    '21/Nov/2026:10:00:00 +00000',
    '21/Nov/+026:10:00:00 +0000',
    '2_/Nov/2026:10:00:00 +0000',
  ].map((time) => line({ time })),
  ...[
    'shop.example:443 192.0.2.2 - alice',
    '192.0.2.3 - alice',
    '192.0.2.4  -',
    ' 192.0.2.5 - -',
    '192.0.2.6 [x -',
    '192.0.2.7 - [alice',
    '192.0.2.8',
    'a b c d e',
    '192.0.2.9 - - ',
  ].map((head) => line({ head })),
  ...[
    'GET /',
    '-',
    'GET /a b HTTP/1.1',
    'GET /a? HTTP/1.1',
    'GET /a?b?c HTTP/1.1',
    'G?T /a HTTP/1.1',
    'GET /a HTTP/1.1\\',
    'GET /a HTTP?',
    'GET  HTTP/1.1',
    'GET /a HTTP/1.1 extra',
    'GET /say \\"hi\\" HTTP/1.1',
  ].map((req) => line({ req })),
  ...[
    ' 200 - ',
    ' 099 5 ',
    ' 600 5 ',
    // Nginx's 000 (no response sent) and 009 (HTTP/0.9) are read; other codes under 100 are not
    ' 000 0 ',
    ' 009 - ',
    ' 00 0 ',
    ' 0 0 ',
    ' 0000 0 ',
    ' 090 0 ',
    ' 001 0 ',
    ' 2e2 5 ',
    ' 200 12abc ',
    ' 200 1_0 ',
    ' 200 0x10 ',
    ' 200  512 ',
    ' 200\t512 ',
    ' 200 512 x ',
    ' 200 99999999999999999999 ',
    '  200 512 ',
    ' 200 ',
  ].map((mid) => line({ mid })),
  ...[
    `"-" "-"`,
    `"" ""`,
    `"-" "say \\"hi\\""`,
    `"-" "ends in \\\\"`,
    `"https://shop.example/\\" "${UA}"`,
    `"-" "${UA}" "198.51.100.7"`,
    `"-" "${UA}" trailing`,
    `"-"x"${UA}"`,
    `"-" "${UA}`,
    `"-"`,
  ].map((tail) => line({ tail })),
  `192.0.2.10 - - [${T}] "POST /login HTTP/1.1" 302 -`,
  `192.0.2.11 - - [${T}] "POST /login HTTP/1.1" 302`,
  `192.0.2.12 - - [${T}] "POST /login HTTP/1.1" 302 1 2`,
  `192.0.2.13 - - [${T}] "-" 408 0 "-" "-"`,
  `192.0.2.14 - - [${T}] "GET /c HTTP/1.1" 200 512 `,
  `192.0.2.15 - - [${T}] "GET /c HTTP/1.1\\" 200 512`,
  `192.0.2.16 - - [${T}] "GET /c HTTP/1.1" 200 512 "-" "${UA}" "198.51.100.7, 10.0.0.1"`,
  `192.0.2.17 - - [${T}] "GET /c HTTP/1.1" 200 512 "-" "${UA}" "198.51.100.7\\"`,
  `192.0.2.18 - - [${T}] "GET /c HTTP/1.1" 200 512 "-" "${UA}" "198.51.100.7" x`,
  // request times after the last field: Nginx's seconds, Apache's whole numbers, and what is not a time
  ...[
    ' 0.042',
    ' 0.042 0.040',
    ' 12.5',
    '  0.042',
    '\t0.042',
    ' 1500',
    ' 1500 upstream',
    ' -',
    ' 0.5x',
    ' .5',
    ' 1.',
    ' 0.042,0.040',
    ' 1234567890123456',
  ].map((after) => line({ tail: `"-" "${UA}"${after}` })),
  // named times: Nginx's blog and Amplify formats, the variable's name, Apache's D, units in the name, upstreams
  ...[
    ' rt=0.050 uct="0.000" uht="0.049" urt="0.049"',
    ' "198.51.100.7" rt=0.050 uct="0.000" uht="0.049" urt="0.049"',
    ' rt=0.052 ua="10.0.0.2:8080" us="200" ut="0.051" ul="512" cs=-',
    ' request_time=0.050 upstream_response_time=0.049',
    ' upstream_response_time=0.049 request_time=0.050',
    ' urt="0.012, 0.003"',
    ' uct="0.000" uht="-" urt="-"',
    ' rt=-',
    ' RT=0.7',
    ' rt:0.050',
    ' reqtime:0.050\tapptime:0.049',
    ' D=1234',
    ' duration_ms=12.5',
    ' rt_us=1500',
    ' request_time_sec=2',
    ' rt=1500',
    ' art=0.5 xrt=0.6',
    ' rt=0.5s',
    ' "0.050"',
    ' rt="0.050\\" x="y"',
    ' note="a \\"quoted\\" word" rt=0.5',
    ' rt=0.050 uct="0.000',
    ' 0.042 rt=0.9',
    // what JavaScript's `.` and case folding and RE2's differ on: a line separator before the name, a long s in it
    ' x\u2028 rt=0.5',
    ' x\u0085 rt=0.6',
    ' reque\u017Ft_time=0.7',
    ' rt_\u017F=8',
    // Traefik's common format: requests so far, router, service URL, whole milliseconds; and near-misses of it
    ' 1041 "shop@docker" "http://172.18.0.9:8080" 120ms',
    ' - "-" "-" 3ms',
    ' 7 "r" "u" 1.5ms',
    ' 7 "r" "u" 5ms x',
    ' 7 "r" 5ms',
    ' 7 "r" "u" 5MS',
  ].map((after) => line({ tail: `"-" "${UA}"${after}` })),
  line({ tail: `"-" "${UA}" "198.51.100.7" 0.250` }),
  line({ tail: `"-" "${UA}" "198.51.100.7" 250` }),
  `192.0.2.19 - - [${T}] "GET /c HTTP/1.1" 200 512 0.042`,
  `192.0.2.20 - - [${T}] "GET /c HTTP/1.1" 200 512 1500`,
];

const want = (lines: string[], unit: RequestTimeUnit = 'auto'): AccessRow[] =>
  lines.map((l) => accessRow(l, unit)).filter((r) => r !== undefined);

const byText = (rs: object[]): string[] => rs.map((r) => JSON.stringify(r)).sort();

describe('the access-log reader', () => {
  it('reads each near-miss of the combined format as parseAccessLine does, on the fast path and the line path', async () => {
    const dir = tempDir();
    // Lines with more quotes than the fast reader keeps (good ones, one with a control byte, one not an access-log
    // line) are read again whole.
    const many = [
      line({ tail: `"-" "${UA}" "a" "b" "c" "d" "e"` }),
      line({ tail: `"-" "Moz\u001filla" "a" "b" "c" "d" "e"` }),
      `not a log line "a" "b" "c" "d" "e" "f"`,
    ];
    writeFileSync(join(dir, 'fast.log'), VARIANTS.join('\n') + '\n');
    writeFileSync(join(dir, 'slow.log'), [many[0]!, ...VARIANTS, ...many.slice(1)].join('\n') + '\n');
    for (const [file, lines] of [
      ['fast.log', VARIANTS],
      ['slow.log', [many[0]!, ...VARIANTS, ...many.slice(1)]],
    ] as const) {
      const db = await loadSources([join(dir, file)]);
      const got = await rows(db, ACCESS_ROWS_SQL);
      db.close();
      const expected = want([...lines]);
      expect(byText(got), file).toEqual(byText(expected));
      expect(db.skipped.count, file).toBe(lines.length - expected.length);
      // the samples are the first bad lines, by the parser's verdict
      const firstBad = lines
        .map((l, i) => (parseAccessLine(l) ? 0 : i + 1))
        .filter((n) => n > 0)
        .slice(0, 3);
      expect(db.skipped.files[0]?.samples.map((s) => s.line) ?? [], file).toEqual(firstBad);
    }
  });

  it('reads the request time after the fields in each unit as requestTimeMs does, on both paths', async () => {
    const dir = tempDir();
    const lines = [...VARIANTS, line({ tail: `"-" "${UA}" "a" "b" "c" "d" "e" 0.042` })];
    writeFileSync(join(dir, 'times.log'), lines.join('\n') + '\n');
    for (const unit of ['auto', 's', 'ms', 'us', 'none'] as const) {
      const db = await loadSources([join(dir, 'times.log')], { requestTime: unit });
      const got = await rows(db, ACCESS_ROWS_SQL);
      db.close();
      expect(byText(got), unit).toEqual(byText(want(lines, unit)));
    }
    // the reading itself, on a few of them
    const times = (unit: RequestTimeUnit): (number | null)[] =>
      [' 0.042', ' 1500', ' -'].map(
        (after) => accessRow(line({ tail: `"-" "${UA}"${after}` }), unit)!.duration_ms,
      );
    expect(times('auto')).toEqual([42, null, null]);
    expect(times('us')).toEqual([0.042 * 0.001, 1.5, null]);
    expect(times('none')).toEqual([null, null, null]);
  });
});
