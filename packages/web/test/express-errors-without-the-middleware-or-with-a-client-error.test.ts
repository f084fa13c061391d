import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, runningSite } from './behaviour.js';

// logbook.expressErrors() answers what logbook.express() tracks. On a request it does not track (the middleware left
// out) it hands the error on to Express, and a client error it answers with its status alone, never its message.
describe('Express: logbook.expressErrors()', () => {
  const h = new Harness(async (logbook) => {
    const app = express();
    const untracked = express.Router();
    untracked.get('/crash', () => {
      throw new Error('MARK-untracked crash-KRAM');
    });
    app.use('/untracked', untracked, logbook.expressErrors());
    app.use(logbook.express());
    app.get('/gone', () => {
      throw Object.assign(new Error('MARK-row 42 was deleted by job 7-KRAM'), { status: 410 });
    });
    app.use(logbook.expressErrors());
    return runningSite(app.listen(0, '127.0.0.1'), logbook);
  });
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('hands an error of a request the middleware did not see on to Express', async () => {
    const response = await h.fetch('/untracked/crash');
    expect(response.status).toBe(500);
    // Express's own error page (its message in development), not Logbook's crash page with a reference.
    expect(await response.text()).toContain('MARK-untracked crash-KRAM');
  });

  it("answers a client error with its status and not the error's message", async () => {
    const response = await h.fetch('/gone', { headers: { 'x-request-id': 'gone-1' } });
    expect(response.status).toBe(410);
    expect(await response.text()).not.toContain('MARK');
    expect((await h.access('gone-1')).request?.status).toBe(410);
  });
});
