import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { cli, tempDir, writeJsonl } from './helpers/records.js';
import { RAW_CONTROL } from './support/hostile-text.js';

describe('tickets solve and reopen show a fingerprint from the log inert', () => {
  it('writes the control characters of a hostile fingerprint as escapes, never to the terminal', async () => {
    const dir = tempDir();
    const fingerprint = 'abc\u001b]0;owned\u0007\u001b[31m';
    writeJsonl(join(dir, 'app.jsonl'), [
      {
        v: 1,
        time: '2026-11-22T10:00:00.000Z',
        level: 'ERROR',
        channel: 'http',
        msg: 'Unhandled error',
        message: 'Unhandled error',
        event: 'incident',
        error: { name: 'Error', message: 'boom', fingerprint },
        incident: { ref: 'E-AAAAAA', fingerprint },
      },
    ]);
    for (const action of ['solve', 'reopen']) {
      const r = await cli(['tickets', action, 'abc', dir]);
      expect(r.code).toBe(0);
      expect(r.out).not.toMatch(RAW_CONTROL);
      expect(r.out).toContain('abc\\x1b]0;owned\\x07\\x1b[31m');
    }
  });
});
