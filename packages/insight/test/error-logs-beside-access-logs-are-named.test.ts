import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources } from '../src/index.js';

describe('a server error log in the folder of access logs', () => {
  it('is named as an error log, once, instead of sending the user to --format', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'access.log'),
      `192.0.2.1 - - [10/Mar/2024:13:55:36 +0000] "GET / HTTP/1.1" 200 512 "-" "curl/8.5.0"\n`,
    );
    writeFileSync(
      join(dir, 'error.log'),
      [
        '[Sun Mar 10 13:55:36.123456 2024] [mpm_event:notice] [pid 1234:tid 1400] AH00489: Apache/2.4.57 (Debian) configured -- resuming normal operations',
        "[Sun Mar 10 13:55:36.123456 2024] [core:notice] [pid 1234:tid 1400] AH00094: Command line: '/usr/sbin/apache2'",
        '[Sun Mar 10 13:56:01.000001 2024] [php:error] [pid 1240] [client 192.0.2.1:52144] PHP Fatal error: boom',
      ].join('\n') + '\n',
    );
    writeFileSync(
      join(dir, 'nginx-error.log'),
      '2024/03/10 13:55:36 [error] 1234#1234: *1 open() "/var/www/html/favicon.ico" failed (2: No such file or directory)\n',
    );
    writeFileSync(join(dir, 'notes.txt'), 'moved the site on Tuesday\nremember the certificate\n');
    const db = await loadSources([dir]);
    db.close();
    const byName = Object.fromEntries(db.skipped.files.map((f) => [f.file.slice(dir.length + 1), f]));
    expect(byName['error.log']?.count).toBe(3);
    expect(byName['error.log']?.samples).toEqual([
      { line: 1, reason: expect.stringMatching(/^an Apache error log, not an access log; file skipped/) },
    ]);
    expect(byName['nginx-error.log']?.samples).toEqual([
      { line: 1, reason: expect.stringMatching(/^an Nginx error log, not an access log; file skipped/) },
    ]);
    // an unknown file still says what to try
    expect(byName['notes.txt']?.samples).toEqual([
      { line: 1, reason: expect.stringMatching(/format not recognised.*--format combined/) },
    ]);
    expect(db.files.find((f) => f.file.endsWith('access.log'))?.records).toBe(1);
  });
});
