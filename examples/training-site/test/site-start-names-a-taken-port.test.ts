// Starting the site on a port that is taken. Alone in its file: a site running alongside would share the
// process's logging with the one that fails to start.

import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PortInUseError, startSite } from '../src/site.js';
import { tempDir } from './support/run.js';

describe('starting the site', () => {
  it('says which port is taken and how to choose another', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await startSite({ port, logDir: tempDir('busy'), console: false }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PortInUseError);
      expect((error as Error).message).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect((error as Error).message).toContain(`PORT=${port + 1} npm start`);
    } finally {
      blocker.close();
    }
  });
});
