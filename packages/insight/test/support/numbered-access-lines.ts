// Combined-format access lines told apart by a number: line n is client 198.51.100.n asking for /page-n at second n
// of 10:00 UTC on 2026-11-22, so a test of following or rotation can say exactly which requests were counted.

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** Access line `n` (1–59), newline included. */
export const numberedLine = (n: number): string =>
  `198.51.100.${n} - - [22/Nov/2026:10:00:${String(n).padStart(2, '0')} +0000] "GET /page-${n} HTTP/1.1" 200 512 "-" "${UA}"\n`;

/** Access lines `from` to `to`, in order. */
export const numberedLines = (from: number, to: number): string => {
  let out = '';
  for (let n = from; n <= to; n++) out += numberedLine(n);
  return out;
};
