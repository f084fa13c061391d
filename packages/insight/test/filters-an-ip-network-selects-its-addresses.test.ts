// A site owner looking into an attack from one network typed `--filter ip=185.220.101.0/24`: it was compared as
// text, matched no client, and gave an empty report with no word of why. A network, IPv4 or IPv6, now selects its
// addresses in the report, the dashboard's queries and tail alike; a value that is no network says what to write.
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
  '2001:db8::1',
  '2001:DB8:0:0:0:0:0:ff',
  '2001:db9::1',
  'fe80::1%eth0',
  '::ffff:203.0.113.7',
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

// An IPv4 address inside IPv6 is an IPv4 client, in an IPv4 network in either spelling.
const INSIDE = ['203.0.113.0', '203.0.113.255', '203.0.113.9', '::ffff:203.0.113.7'].sort();
const V6 = ['2001:DB8:0:0:0:0:0:ff', '2001:db8::1', '2001:db9::1', 'fe80::1%eth0'];
const OUTSIDE_V4 = ['10.1.2.3', '203.0.112.255', '203.0.114.0'];

/** Each filter selects these addresses (and the report counts the `-` client too when the last number is 1). */
type Cases = readonly (readonly [filter: string, selected: readonly string[], plusDash: 0 | 1])[];

async function expectSelected(cases: Cases): Promise<void> {
  const file = log();
  for (const [filter, selected, plusDash] of cases) {
    expect(await tailedIps(file, filter), filter).toEqual(selected);
    expect(await reported(file, filter), filter).toBe(selected.length + plusDash);
  }
}

describe('--filter ip=NETWORK', () => {
  it('selects the addresses of an IPv4 network, and != the others, in the report and in tail alike', async () => {
    await expectSelected([
      ['ip=203.0.113.0/24', INSIDE, 0],
      // host bits in the value are ignored, as in `ip route`
      ['ip=203.0.113.77/24', INSIDE, 0],
      ['ip=203.0.112.0/23', ['203.0.112.255', ...INSIDE], 0],
      ['ip=10.0.0.0/8', ['10.1.2.3'], 0],
      ['ip=0.0.0.0/0', [...OUTSIDE_V4, ...INSIDE].sort(), 0],
      ['ip=203.0.113.9/32', ['203.0.113.9'], 0],
      // a client written `-` is in no network, so != keeps it
      ['ip!=203.0.113.0/24', [...OUTSIDE_V4, ...V6].sort(), 1],
    ]);
  });

  it('selects the addresses of an IPv6 network however the log spells them (upper case, in full, a zone id)', async () => {
    await expectSelected([
      ['ip=2001:db8::/32', ['2001:DB8:0:0:0:0:0:ff', '2001:db8::1'], 0],
      ['ip=2001:db8::/31', ['2001:DB8:0:0:0:0:0:ff', '2001:db8::1', '2001:db9::1'], 0],
      ['ip=2001:db8::ff/128', ['2001:DB8:0:0:0:0:0:ff'], 0],
      ['ip=fe80::/10', ['fe80::1%eth0'], 0],
      ['ip=::/0', V6, 0],
      ['ip!=2001:db8::/32', [...OUTSIDE_V4, ...INSIDE, '2001:db9::1', 'fe80::1%eth0'].sort(), 1],
    ]);
  });

  it('refuses what is not a network, saying what to write', async () => {
    const file = log();
    for (const [value, says] of [
      ['203.0.113.0/33', 'the prefix length of an IPv4 network is 0 to 32.'],
      ['2001:db8::/129', 'the prefix length of an IPv6 network is 0 to 128.'],
      ['203.0.113/24', 'expected a network such as 203.0.113.0/24 or 2001:db8::/32'],
      ['300.0.113.0/24', 'expected a network such as'],
      ['203.0.113.0/', 'expected a network such as'],
      ['2001:db8:::/32', 'expected a network such as'],
      ['::ffff:203.0.113.0/120', 'an IPv4 address inside IPv6 is an IPv4 client: give its network as IPv4'],
    ] as const)
      for (const command of ['report', 'tail']) {
        const r = await cli([command, file, '--filter', `ip=${value}`]);
        expect(r.code, `${command} ${value}`).toBe(2);
        expect(r.err, `${command} ${value}`).toContain(`--filter ip=${value}: ${says}`);
      }
  });
});
