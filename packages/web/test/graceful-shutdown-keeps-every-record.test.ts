// A deploy stops the old process with SIGTERM. An app that shuts down as docs/web.md says (server.close(), then
// the web logbook, then the logging setup) must lose nothing: the request still running gets its answer and its
// access record, app.stop is written, and what was buffered reaches the file before the process exits.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';

const here = dirname(fileURLToPath(import.meta.url));
// Inside the repository, so that the app resolves `logbook` and `@logbook/web` as an installed app would.
const scratch = join(here, '../../../node_modules/.cache/logbook-web-shutdown');
const folder = mkdtempSync(join(tmpdir(), 'logbook-web-shutdown-'));
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

const APP = `
import { createServer } from 'node:http';
import { setup } from 'logbook';
import { createWebLogbook } from '@logbook/web';

const logging = setup({ app: { name: 'shop', version: '1.4.0' } });
const logbook = createWebLogbook({ app: { name: 'shop', version: '1.4.0' } });
const server = createServer(
  logbook.node((req, res) => {
    if (req.url === '/slow') {
      console.log('handling /slow');
      setTimeout(() => res.end('slow done'), 400);
    } else res.end('ok');
  }),
);
server.listen(0, '127.0.0.1', () => {
  logbook.started(server);
  console.log('listening ' + server.address().port);
});
process.on('SIGTERM', () =>
  server.close(async () => {
    logbook.close();
    await logging.close();
  }),
);
`;

type Line = { event?: string; message?: string; request?: { path?: string; status?: number } };

describe('SIGTERM handled by server.close()', () => {
  it('answers the request in flight, records it and app.stop, and flushes the file before exit', async () => {
    mkdirSync(scratch, { recursive: true });
    const file = join(scratch, 'app.mjs');
    writeFileSync(file, APP);
    const child = spawn(process.execPath, [file], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const port = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const found = /listening (\d+)/.exec(output);
          if (found !== null) resolve(found[1]!);
        });
        void exited.then(() => reject(new Error(`the app exited before listening:\n${output}`)));
      });
      const url = `http://127.0.0.1:${port}`;
      await (await fetch(`${url}/quick`)).text();
      const slow = fetch(`${url}/slow`).then(async (r) => [r.status, await r.text()]);
      // SIGTERM once the app handles /slow: sent before the app took the connection, server.close() refuses it.
      await waitUntil('the app to handle /slow', () => output.includes('handling /slow'), {
        seen: () => output,
      });
      child.kill('SIGTERM');
      expect(await slow).toEqual([200, 'slow done']);
      // The /slow connection stays open after its answer until the client lets go of it (Node closes only the
      // connections idle when close() is called): about 4 s with fetch's keep-alive.
      const code = await Promise.race([
        exited,
        new Promise((resolve) => setTimeout(resolve, 20_000, 'still running')),
      ]);
      expect(code, output).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }

    const text = readFileSync(join(folder, 'logs/app.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Line);
    const order = lines.map((r) =>
      r.event === 'http.request' ? `${r.request?.path} ${r.request?.status}` : r.event,
    );
    expect(order).toEqual(['app.start', '/quick 200', '/slow 200', 'app.stop']);
    expect(lines.at(-1)?.message).toMatch(/^Stopped shop after [\d.]+ s$/);
  });
});
