import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';

const line = (ip: string, path: string): string =>
  `${ip} - - [10/Mar/2024:13:55:36 +0000] "GET ${path} HTTP/1.1" 200 512 "-" "curl/8.5.0"`;

describe('symbolic links among the logs', () => {
  it('are followed in a folder and a glob, each file read once; a dangling link or a link to a parent is passed over', async () => {
    const dir = tempDir();
    const store = join(dir, 'store');
    const logs = join(dir, 'logs');
    mkdirSync(store);
    mkdirSync(join(store, 'old'));
    mkdirSync(logs);
    writeFileSync(
      join(store, 'site.log'),
      [line('192.0.2.1', '/a'), line('192.0.2.1', '/b')].join('\n') + '\n',
    );
    writeFileSync(join(store, 'old', 'site.log.1'), line('192.0.2.2', '/c') + '\n');
    writeFileSync(join(logs, 'local.log'), line('192.0.2.3', '/d') + '\n');
    // the live log linked in, an archive folder linked in, a link whose target was removed, a loop
    symlinkSync(join(store, 'site.log'), join(logs, 'access.log'));
    symlinkSync(join(store, 'old'), join(logs, 'archive'));
    symlinkSync(join(store, 'gone.log'), join(logs, 'gone.log'));
    symlinkSync(logs, join(logs, 'again'));
    // the same file named twice: through the link and directly
    for (const sources of [[logs], [`${logs}/**/*.log*`], [logs, join(store, 'site.log')]]) {
      const db = await loadSources(sources);
      const got = await rows(db, `SELECT path FROM requests ORDER BY path`);
      db.close();
      expect(
        got.map((r) => r.path),
        sources.join(' '),
      ).toEqual(['/a', '/b', '/c', '/d']);
      expect(db.skipped.count).toBe(0);
    }
  });

  it('named directly but dangling, says where it points', async () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'access.log.gone'), join(dir, 'access.log'));
    await expect(loadSources([join(dir, 'access.log')])).rejects.toThrow(
      /symbolic link to .*access\.log\.gone, which does not exist/,
    );
  });
});
