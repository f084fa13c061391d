import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { cli, tempDir, writeJsonl } from './helpers/records.js';

const ESC = '\u001b';

/** An incident whose recorded request carries terminal escapes, and a body field whose name holds a command. */
function evilIncident(): string {
  const dir = tempDir();
  writeJsonl(join(dir, 'app.jsonl'), [
    {
      v: 1,
      time: '2026-11-21T10:00:00.000Z',
      level: 'ERROR',
      channel: 'http',
      msg: 'Unhandled error',
      event: 'incident',
      error: { name: 'TypeError', message: 'boom', fingerprint: 'fp-evil' },
      request: { id: 'r1', method: 'POST', path: `/x${ESC}[2J`, status: 500, ip: '203.0.113.9' },
      incident: {
        ref: 'E-EVIL01',
        fingerprint: 'fp-evil',
        received: {
          method: 'POST',
          url: `/x${ESC}[2J`,
          headers: { 'user-agent': `ua ${ESC}]0;pwned\u0007`, 'content-type': 'text/plain' },
          body: { [`a\ntouch /tmp/pwned-by-log\n#`]: '[REDACTED]', note: `hi ${ESC}[31m` },
        },
        session_trail: [{ id: 'r0', method: 'GET', path: `/p${ESC}[31m`, status: 200 }],
      },
    },
  ]);
  return dir;
}

describe('replay --print escapes log content', () => {
  it('writes a curl script with no raw control character and no line a field name could start', async () => {
    const r = await cli(['replay', 'E-EVIL01', evilIncident(), '--print', 'curl']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain(ESC);
    expect(r.out).not.toContain('\u0007');
    expect(r.err).not.toContain(ESC);
    const lines = r.out.trimEnd().split('\n');
    // Every line is a comment or one of the script's own commands: the field name stayed inside its comment.
    for (const line of lines) expect(line).toMatch(/^(#|set -e$|JAR=|trap 'rm -f "\$JAR"' EXIT$|curl )/);
    expect(r.out).toContain(
      '# Fill in before running (redacted when recorded): a\\x0atouch /tmp/pwned-by-log\\x0a#',
    );
    expect(r.out).toContain("-H 'user-agent: ua \\x1b]0;pwned\\x07'");
    expect(r.err).toContain('Fill in the redacted values: a\\x0atouch');
  });

  it('writes a .http file with no raw control character and each header on its own line', async () => {
    const r = await cli(['replay', 'E-EVIL01', evilIncident(), '--print', 'http']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain(ESC);
    expect(r.out.split('\n')[0]).toBe(
      '# Fill in before running (redacted when recorded): a\\x0atouch /tmp/pwned-by-log\\x0a#',
    );
    expect(r.out).toContain('user-agent: ua \\x1b]0;pwned\\x07\n');
  });
});
