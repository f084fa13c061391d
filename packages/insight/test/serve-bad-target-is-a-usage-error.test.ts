import { describe, it, expect } from 'vitest';
import { cli, FIXTURE } from './helpers/records.js';

describe('serve: a bad --target is a usage error', () => {
  it('exits 2 with the usage for a --target that is not an http(s) URL, before taking the port', async () => {
    const cases: [string[], string][] = [
      [['--target', 'localhost:3000'], '--target localhost:3000: not an http:// or https:// URL'],
      [['--target', 'not a url'], '--target not a url: not an http:// or https:// URL'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['serve', FIXTURE, '--port', '0', '--no-follow', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(`logbook serve: ${message}`);
      expect(r.err).toContain('Usage: logbook serve');
      expect(r.out).toBe('');
    }
  });
});
