import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { cli, tempDir } from './helpers/records.js';
import { Pseudonymiser } from '../src/index.js';

const T = '21/Nov/2026:10:00:00 +0000';
const MB = 1 << 20;

/**
 * A line of one long run of letters (a scanner's payload, a pasted blob) is no email, but the email pattern tried it
 * from every start, each scan running to the end of the run: 40 KB took 0.9 s, a 1 MB line about ten minutes.
 */
describe('anonymise on a hostile megabyte line', () => {
  it('copies a log whose user agent is 1 MB of letters, and still finds the emails around it', async () => {
    const dir = tempDir();
    const blob = 'a'.repeat(MB);
    const lines = [
      `192.0.2.1 - - [${T}] "GET /?to=bob@mail.example HTTP/1.1" 200 5 "-" "${blob}"`,
      `192.0.2.2 - - [${T}] "GET / HTTP/1.1" 200 5 "-" "${'x.'.repeat(MB / 2)}@"`,
      `192.0.2.3 - - [${T}] "GET / HTTP/1.1" 200 5 "-" "contact carol@example.org now"`,
    ];
    writeFileSync(join(dir, 'in.log'), lines.join('\n') + '\n');
    const r = await cli(['anonymise', join(dir, 'in.log'), join(dir, 'out.log'), '--key', 'k']);
    expect(r.code, r.err).toBe(0);
    const out = readFileSync(join(dir, 'out.log'), 'utf8').split('\n');
    expect(out[0]).toContain(blob);
    expect(out.join('\n')).not.toMatch(/bob@mail\.example|carol@example\.org/);
    expect(out[2]).toMatch(/contact user-[0-9a-f]{10}@example\.invalid now/);
  });

  it('replaces the emails the plain pattern finds, where it finds them', () => {
    // the pattern the scan stands for, fine on short text (letters of any script; the scan also reads `\xhh`)
    const EMAIL =
      /[\p{L}\p{M}\p{N}._%+-]+@[\p{L}\p{M}\p{N}.\u3002\uff0e\uff61-]+[.\u3002\uff0e\uff61](?:[Xx][Nn]--[A-Za-z0-9-]+|[\p{L}\p{M}]{2,})/gu;
    const p = new Pseudonymiser({ key: 'k' });
    for (const text of [
      'a@b.co%x@d.org',
      'mail: Dave.Smith+tag@Example.co.uk, eve@x.io.',
      '@@a@@b.cd @x.yz no@tld a@b.c1 f@g.hi@j.kl',
      'x@a.b.c.de.f@g.hh',
      'a.@b..cc@d-e.fg',
      '@',
      'no email here',
      'jörg@müller.de, 𠀋x@例え。jp; ivan@xn--80a1acny.xn--p1ai a@b.xn-- c@d.éé1',
      'ü@ü@ü.üü@ü',
    ])
      expect(p.text(text), text).toBe(text.replace(EMAIL, (m) => p.email(m)));
  });
});
