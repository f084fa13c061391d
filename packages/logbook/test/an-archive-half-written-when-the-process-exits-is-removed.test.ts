// A process that exits while a compression pass is writing an archive (`handler.close(); process.exit()` a
// moment after a rotation, as the four-worker cluster fixture does) left `app.jsonl.N.gz.<pid>.<n>.tmp` behind:
// only a later process's pass would remove it, and if none came it stayed. Seen once in the four-worker
// size-rotation test under load. Here the backup is a FIFO whose writer never writes, so the pass is surely
// still reading it when the process exits.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a process that exits while it compresses a backup', () => {
  it('leaves the backup plain for a later pass and no half-written archive', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logbook-exit-compressing-'));
    folders.push(dir);
    const path = join(dir, 'app.jsonl');
    execFileSync('mkfifo', [`${path}.1`]);
    // Written to long ago, so that the pass at startup (2 s on) takes it.
    const past = new Date(Date.now() - 60_000);
    utimesSync(`${path}.1`, past, past);
    const script = `
      import { openSync, readdirSync, writeSync } from 'node:fs';
      import { RotatingFileHandler } from 'logbook';
      // A writer that writes nothing until the process exits: the pass's read waits until then.
      const writer = openSync(${JSON.stringify(`${path}.1`)}, 'r+');
      const handler = new RotatingFileHandler(${JSON.stringify(path)}, { compress: true });
      setInterval(() => {
        if (!readdirSync(${JSON.stringify(dir)}).some((name) => name.endsWith('.tmp'))) return;
        handler.close();
        process.stdout.write('exiting while compressing\\n');
        // Node waits at exit for the thread still reading; a byte (after logbook's exit work) lets it go.
        process.on('exit', () => writeSync(writer, 'x'));
        process.exit(0);
      }, 20);
      setTimeout(() => process.exit(3), 8000);`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageDir,
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('exiting while compressing\n');
    expect(readdirSync(dir).sort()).toEqual(['app.jsonl', 'app.jsonl.1']);
  }, 20_000);
});
