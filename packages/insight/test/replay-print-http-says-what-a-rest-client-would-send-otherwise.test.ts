// A .http file is run by a REST client, which parses each URL: `/static/../../etc/passwd` (a traversal that crashed
// the site) goes out as `/etc/passwd`, and an https staging copy with a self-signed certificate is refused even
// though the file was written with --insecure. The file said neither, so the replay quietly missed the crash.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli, tempDir, writeJsonl } from './helpers/records.js';

function incidentAt(path: string): string {
  const dir = tempDir();
  writeJsonl(join(dir, 'app.jsonl'), [
    {
      v: 1,
      time: '2026-11-21T10:00:00.000Z',
      level: 'ERROR',
      channel: 'http',
      msg: 'Unhandled error',
      event: 'incident',
      error: { name: 'Error', message: 'ENOENT', fingerprint: 'fp-dots' },
      request: { status: 500, method: 'GET', path },
      incident: { ref: 'E-DOTS01', fingerprint: 'fp-dots', received: { headers: {} } },
    },
  ]);
  return dir;
}

async function http(dir: string, ...extra: string[]): Promise<string> {
  const r = await cli(['replay', 'E-DOTS01', dir, '--print', 'http', ...extra]);
  expect(r.code, r.err).toBe(0);
  return r.out;
}

describe('replay --print http', () => {
  it('warns, above the request, that a REST client may resolve the dot segments of its path', async () => {
    for (const path of ['/static/../../etc/passwd', '/a/./b', '/static/%2e%2E/x', '/static\\..\\x'])
      expect(
        (await http(incidentAt(path), '--target', 'http://127.0.0.1:8080')).split('\n').slice(0, 3),
        path,
      ).toEqual([
        '### step 1',
        '# REST clients may resolve the . and .. in this path and request another one; --print curl sends it as',
        '# recorded (curl --path-as-is).',
      ]);
    // dots inside a name, or in the query, are not segments
    for (const path of ['/files/a..b/.hidden', '/search?q=../x'])
      expect(await http(incidentAt(path), '--target', 'http://127.0.0.1:8080'), path).not.toContain(
        'may resolve',
      );
  });

  it('says how to trust the certificate when written with --insecure, and nothing without', async () => {
    const dir = incidentAt('/report');
    const insecure = await http(dir, '--target', 'https://staging.example', '--insecure');
    expect(insecure.split('\n').slice(0, 5)).toEqual([
      "# Written with --insecure, but a REST client checks the target's certificate: trust the CA that signed it,",
      '# or in a JetBrains IDE give the environment you run this in "SSLConfiguration": {"verifyHostCertificate":',
      '# false} in http-client.private.env.json.',
      '',
      '### step 1',
    ]);
    expect(await http(dir, '--target', 'https://staging.example')).not.toContain('--insecure');
  });
});
