import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cli, generateRecords, tempDir, writeJsonl } from './helpers/records.js';

describe('show: the Reproduce line can be copied', () => {
  it('names the same sources as the show command, quoted for the shell, so replay finds the incident', async () => {
    const dir = join(tempDir(), 'my logs');
    const gen = generateRecords({ users: 3 });
    writeJsonl(join(dir, 'app.jsonl'), gen.records);
    const ref = gen.truth.fingerprints['fp-checkout-total']!.refs[0]!;
    const r = await cli(['show', ref, dir, '--no-color']);
    expect(r.code).toBe(0);
    const line = r.out.split('\n').find((l) => l.startsWith('Reproduce: '))!;
    expect(line).toBe(`Reproduce: logbook replay ${ref} --target http://127.0.0.1:3000 '${dir}'`);
    // The printed command, run as it stands (with --print so nothing is sent), finds the incident.
    const replay = await cli(['replay', ref, '--target', 'http://127.0.0.1:3000', dir, '--print', 'curl']);
    expect(replay.code).toBe(0);
    expect(replay.out).toContain('/checkout');
  });

  it('a folder with a quote in its name reaches the shell as one word, as written', async () => {
    const dir = join(tempDir(), "ann's logs");
    const gen = generateRecords({ users: 3 });
    writeJsonl(join(dir, 'app.jsonl'), gen.records);
    const ref = gen.truth.fingerprints['fp-checkout-total']!.refs[0]!;
    const r = await cli(['show', ref, dir, '--no-color']);
    const line = r.out.split('\n').find((l) => l.startsWith('Reproduce: '))!;
    const command = line.slice('Reproduce: '.length);
    // the words a POSIX shell makes of the printed command
    const words = execFileSync('sh', ['-c', `set -- ${command}; printf '%s\\n' "$@"`], { encoding: 'utf8' });
    expect(words.trimEnd().split('\n')).toEqual([
      'logbook',
      'replay',
      ref,
      '--target',
      'http://127.0.0.1:3000',
      dir,
    ]);
  });
});
