import { describe, expect, it } from 'vitest';
import { classify, type RequestFacts } from '../src/index.js';

// MySQL takes `SLEEP (5)` as it takes `SLEEP(5)` (SLEEP is none of the functions IGNORE_SPACE is about), and a
// comment or any whitespace may stand for the space; PostgreSQL's pg_sleep alike. Time-based injections written so
// get past a filter that looks for `sleep(` only. Written with a space, a call is also what prose and file names
// hold ("sleep (8 hours)", the copy `Sleep (2).mp3` Windows names), so there it counts only after SQL: an operator
// or keyword before it, and no word or file extension after it.
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** Spaces as a browser sends them, `%20`: a raw one is a malformed request line. */
function signals(path: string, extra: Partial<RequestFacts> = {}): string[] {
  const sent = path.replaceAll(' ', '%20');
  return classify({ method: 'GET', path: sent, userAgent: CHROME, status: 200, ...extra }).signals;
}

describe('a timed delay with a space before its parenthesis', () => {
  it('is an SQL injection however the space is written', () => {
    for (const target of [
      '/item?id=1 AND SLEEP (5)',
      '/item?id=1 and sleep (5)',
      '/item?id=1%20AND%20SLEEP%20(5)',
      '/item?id=1+AND+SLEEP+(5)--+-',
      '/item?id=1/**/AND/**/SLEEP/**/(5)',
      '/item?id=1%2F%2A%2A%2FAND%2F%2A%2A%2FSLEEP%2F%2A%2A%2F(5)',
      "/item?id=1' AND sleep/*x*/(5)-- -",
      '/item?id=1 and sleep%09(5)',
      '/item?id=1 and sleep%0a%0a(5)',
      '/item?id=1 and sleep--x%0a(5)',
      '/item?id=1 OR SLEEP ( 5 )#',
      '/item?id=(SELECT (SLEEP (5)))',
      '/item?id=1;SELECT PG_SLEEP (5)--',
      '/item?id=IF(1=1,SLEEP (5),0)',
      "/item?id=x' XOR SLEEP (0x5) XOR '",
      '/item?id=1 AND BENCHMARK (5000000,MD5(1))',
      '/item/1 and sleep (5)',
    ])
      expect(signals(target), target).toEqual(['sql-injection']);
  });

  it('is found in a user agent too', () => {
    expect(signals('/', { userAgent: "Mozilla/5.0' AND SLEEP (5)-- x" })).toContain('sql-injection');
  });

  it('without a space is found as before', () => {
    expect(signals('/item?id=1 AND SLEEP(5)')).toEqual(['sql-injection']);
    expect(signals('/item?id=sleep(5)')).toEqual(['sql-injection']);
  });
});

describe('words in parentheses after "sleep"', () => {
  it('are prose, titles and file names', () => {
    for (const target of [
      '/search?q=sleep+(8+hours)',
      '/search?q=how+much+sleep+(5)+hours+do+i+need',
      '/search?q=baby+sleep+(0-3+months)',
      '/search?q=sleep+(better)',
      '/search?q=deep+sleep+(5)',
      '/uploads/Sleep%20(2).mp3',
      '/music/sleep (5).flac',
      '/search?q=benchmark+(2024)',
      '/search?q=laptop+benchmark+(5000,+8000)',
    ])
      expect(signals(target), target).not.toContain('sql-injection');
  });
});
