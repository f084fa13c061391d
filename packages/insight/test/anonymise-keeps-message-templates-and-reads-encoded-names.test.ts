import { describe, it, expect } from 'vitest';
import { Pseudonymiser } from '../src/pseudonymiser.js';
import { anonymiseAccessLine, anonymiseJsonLine } from '../src/commands/anonymise.js';

const line = (request: string): string =>
  `198.51.100.20 - - [20/Nov/2026:09:00:00 +0000] "${request}" 200 512 "-" "curl/8.5.0"`;

describe('anonymise: names and templates', () => {
  it("keeps a message template's placeholders (token={token}), so the copy's messages group as the original's", () => {
    const rec = {
      time: '2026-11-20T09:00:00.000Z',
      level: 'INFO',
      msg: 'reset link sent, token={token} session={request.id}',
      message: 'reset link sent, token=tok-4471 session=r-9',
    };
    const out = JSON.parse(anonymiseJsonLine(JSON.stringify(rec), new Pseudonymiser({ key: 'k' }))) as {
      msg: string;
      message: string;
    };
    expect(out.msg).toBe(rec.msg);
    expect(out.message).not.toContain('tok-4471');
    expect(out.message).toMatch(/^reset link sent, token=q-[0-9a-f]{10} session=q-[0-9a-f]{10}$/);
  });

  it('takes only a whole {placeholder} for a template: a secret with braces in it is still replaced', () => {
    const p = new Pseudonymiser({ key: 'k' });
    expect(p.text('token=s3cr3t{x} key={x}s3cr3t')).toMatch(/^token=q-[0-9a-f]{10} key=q-[0-9a-f]{10}$/);
  });

  it('reads a percent-encoded parameter name (to%6Ben=) as the secret name it is', () => {
    const out = anonymiseAccessLine(
      line('GET /reset?to%6Ben=abc123secret&lang=en HTTP/1.1'),
      new Pseudonymiser(),
    );
    expect(out).not.toContain('abc123secret');
    expect(out).toContain('lang=en');
  });

  it('replaces an email written as a bare query parameter (?alice@example.com)', () => {
    const out = anonymiseAccessLine(line('GET /unsubscribe?alice@example.com HTTP/1.1'), new Pseudonymiser());
    expect(out).not.toContain('alice@example.com');
    expect(out).toMatch(/"GET \/unsubscribe\?user-[0-9a-f]{10}@example\.invalid HTTP\/1\.1"/);
  });
});
