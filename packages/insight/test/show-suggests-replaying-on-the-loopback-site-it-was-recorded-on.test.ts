import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { cli, generateRecords, tempDir, writeJsonl } from './helpers/records.js';

/** The Reproduce line of `logbook show` for an incident recorded with this Host header. */
async function reproduceLineFor(host: string | undefined): Promise<string> {
  const dir = tempDir();
  const gen = generateRecords({ users: 3 });
  const ref = gen.truth.fingerprints['fp-checkout-total']!.refs[0]!;
  for (const record of gen.records) {
    const incident = record['incident'] as { ref?: string; received?: { headers?: Record<string, string> } };
    if (incident?.ref === ref && incident.received?.headers && host !== undefined)
      incident.received.headers['host'] = host;
  }
  writeJsonl(join(dir, 'app.jsonl'), gen.records);
  const r = await cli(['show', ref, dir, '--no-color']);
  expect(r.code).toBe(0);
  // the folder, which differs per test, as DIR
  return r.out
    .split('\n')
    .find((l) => l.startsWith('Reproduce: '))!
    .replaceAll(dir, 'DIR')
    .replace(/E-\w+/, 'E-REF');
}

describe('show: the Reproduce line aims at the site the incident came from only when that is this machine', () => {
  it('a local run (the training site on port 3900) is replayed on that port', async () => {
    expect(await reproduceLineFor('127.0.0.1:3900')).toContain('--target http://127.0.0.1:3900 ');
    // quoted: zsh would take the brackets for a glob
    expect(await reproduceLineFor('[::1]:8080')).toContain("--target 'http://[::1]:8080' ");
    expect(await reproduceLineFor('localhost:5173')).toContain('--target http://localhost:5173 ');
  });

  it('a local run read from one folder is compared by fingerprint in that folder, where the app logs again', async () => {
    expect(await reproduceLineFor('127.0.0.1:3900')).toBe(
      'Reproduce: logbook replay E-REF --target http://127.0.0.1:3900 --logs DIR DIR',
    );
    // a copy elsewhere logs elsewhere: no folder is guessed for it
    expect(await reproduceLineFor('www.example.com')).toBe(
      'Reproduce: logbook replay E-REF --target http://127.0.0.1:3000 DIR',
    );
  });

  it('a public host is never suggested: replay re-sends requests, so the line names a local copy', async () => {
    expect(await reproduceLineFor('www.example.com')).toContain('--target http://127.0.0.1:3000 ');
    expect(await reproduceLineFor('203.0.113.7:8080')).toContain('--target http://127.0.0.1:3000 ');
    expect(await reproduceLineFor('localhost:80@evil.example')).toContain('--target http://127.0.0.1:3000 ');
    expect(await reproduceLineFor(undefined)).toContain('--target http://127.0.0.1:3000 ');
  });

  it('a Host header that is more than host[:port] (a user, a path) is not taken as the site', async () => {
    expect(await reproduceLineFor('me@127.0.0.1:3900')).toContain('--target http://127.0.0.1:3000 ');
    expect(await reproduceLineFor('127.0.0.1:3900/admin')).toContain('--target http://127.0.0.1:3000 ');
  });
});
