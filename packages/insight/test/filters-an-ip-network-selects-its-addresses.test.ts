// A site owner looking into an attack from one network typed `--filter ip=185.220.101.0/24`: it was compared as
// text, matched no client, and gave an empty report with no word of why. An IPv4 network now selects its
// addresses in the report, the dashboard's queries and tail alike; an IPv6 one is refused with what to write.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { cli, combinedLine, tempDir } from './helpers/records.js';

const ADDRESSES = [
  '203.0.113.0',
  '203.0.113.9',
  '203.0.113.255',
  '203.0.112.255',
  '203.0.114.0',
  '10.1.2.3',
  '-',
];

function log(): string {
  const file = join(tempDir(), 'access.log');
  writeFileSync(
    file,
    ADDRESSES.map((ip, i) =>
      combinedLine({
        ip,
        second: i,
        target: `/page-${i}`,
        status: 200,
        ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
      }),
    ).join('\n') + '\n',
  );
  return file;
}

/** How many requests the report counts with the filter. */
async function reported(file: string, filter: string): Promise<number> {
  const r = await cli(['report', file, '--json', '--filter', filter]);
  expect(r.code, r.err).toBe(0);
  return (JSON.parse(r.out) as { totals: { requests: number } }).totals.requests;
}

async function tailedIps(file: string, filter: string): Promise<string[]> {
  const r = await cli(['tail', '-n', '20', file, '--filter', filter]);
  expect(r.code, r.err).toBe(0);
  const shown = new Set(r.out.split('\n').flatMap((line) => line.split(' ')));
  return ADDRESSES.filter((ip) => ip !== '-' && shown.has(ip)).sort();
}

describe('--filter ip=NETWORK', () => {
  it('selects the addresses of an IPv4 network, and != the others, in the report and in tail alike', async () => {
    const file = log();
    const inside = ['203.0.113.0', '203.0.113.255', '203.0.113.9'];
    const outside = ['10.1.2.3', '203.0.112.255', '203.0.114.0'];
    for (const [filter, selected, plusDash] of [
      ['ip=203.0.113.0/24', inside, 0],
      // host bits in the value are ignored, as in `ip route`
      ['ip=203.0.113.77/24', inside, 0],
      ['ip=203.0.112.0/23', ['203.0.112.255', ...inside], 0],
      ['ip=10.0.0.0/8', ['10.1.2.3'], 0],
      ['ip=0.0.0.0/0', [...outside, ...inside].sort(), 0],
      ['ip=203.0.113.9/32', ['203.0.113.9'], 0],
      // a client written `-` is in no network, so != keeps it
      ['ip!=203.0.113.0/24', outside, 1],
    ] as const) {
      expect(await tailedIps(file, filter), filter).toEqual(selected);
      expect(await reported(file, filter), filter).toBe(selected.length + plusDash);
    }
  });

  it('refuses what is not an IPv4 network, saying what to write', async () => {
    const file = log();
    for (const [value, says] of [
      ['203.0.113.0/33', 'expected an IPv4 network such as 203.0.113.0/24'],
      ['203.0.113/24', 'expected an IPv4 network'],
      ['300.0.113.0/24', 'expected an IPv4 network'],
      ['203.0.113.0/', 'expected an IPv4 network'],
      ['2001:db8::/32', 'IPv6 networks are not supported in filters'],
    ] as const)
      for (const command of ['report', 'tail']) {
        const r = await cli([command, file, '--filter', `ip=${value}`]);
        expect(r.code, `${command} ${value}`).toBe(2);
        expect(r.err, `${command} ${value}`).toContain(`--filter ip=${value}: ${says}`);
      }
  });
});
