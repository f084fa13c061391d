import { describe, it, expect } from 'vitest';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cli, generateRecords, tempDir, writeJsonl } from './helpers/records.js';

function incidentsDir(): { dir: string; ref: string } {
  const gen = generateRecords({ users: 3 });
  const dir = tempDir();
  writeJsonl(join(dir, 'app.jsonl'), gen.records);
  return { dir, ref: gen.truth.fingerprints['fp-checkout-total']!.refs[0]! };
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('replay explains a target it cannot use', () => {
  it('says which address could not be reached and why, instead of "fetch failed"', async () => {
    const { dir, ref } = incidentsDir();
    const port = await closedPort();
    const r = await cli(['replay', ref, dir, '--target', `http://127.0.0.1:${port}`, '--set', 'password=x']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `logbook replay: cannot reach http://127.0.0.1:${port} at step 1 (ECONNREFUSED). ` +
        'Start the application there, or pass --target with its address.\n',
    );
  });

  it('takes a target without http:// as a usage error', async () => {
    const { dir, ref } = incidentsDir();
    const r = await cli(['replay', ref, dir, '--target', 'localhost:3000', '--set', 'password=x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--target localhost:3000: not an http:// or https:// URL');
  });

  it('checks the --logs folder before sending anything', async () => {
    const { dir, ref } = incidentsDir();
    const port = await closedPort();
    const r = await cli([
      'replay',
      ref,
      dir,
      '--target',
      `http://127.0.0.1:${port}`,
      '--set',
      'password=x',
      '--logs',
      join(dir, 'no-such-folder'),
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(`Cannot read ${join(dir, 'no-such-folder')}: no such file or folder`);
  });
});
