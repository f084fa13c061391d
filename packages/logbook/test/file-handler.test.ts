import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import {
  FileHandler,
  JsonFormatter,
  LogRecord,
  Logger,
  TextFormatter,
  RotatingFileHandler,
  TimedRotatingFileHandler,
  periodOf,
  setClock,
} from '../src/index.js';
import { assertValidRecord, pushForTest } from './helpers.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'logbook-file-'));
const log = new Logger('app');
const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter(Boolean);

let restoreClock: (() => number) | undefined;
afterEach(() => {
  if (restoreClock !== undefined) setClock(restoreClock);
  restoreClock = undefined;
});

describe('FileHandler', () => {
  it('creates folders, appends schema-valid lines, and writes them at the end of the turn', async () => {
    const dir = tempDir();
    const path = join(dir, 'a', 'b', 'app.jsonl');
    writeFileSync(join(dir, 'marker'), '');
    const handler = pushForTest(new FileHandler(path));
    log.info('hello {name}', { name: 'Zoë' });
    expect(readFileSync(path, 'utf8')).toBe(''); // batched, not yet written
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    handler.flushSync();
    expect(lines(path).map(assertValidRecord)[0]).toMatchObject({ message: 'hello Zoë' });
    handler.close();
    const again = pushForTest(new FileHandler(path, { sync: true }));
    log.info('second run');
    expect(lines(path)).toHaveLength(2); // sync: written before the call returns, appended
    again.close();
  });

  it('holds at most maxBuffer while the destination fails, then writes it with one summary of the drops', () => {
    const dir = tempDir();
    const blocker = join(dir, 'logs');
    writeFileSync(blocker, 'a file where the folder should be');
    const path = join(blocker, 'app.jsonl');
    const handler = pushForTest(
      new FileHandler(path, { overflow: 'drop', maxBuffer: 4096, thread: false, errors: 'silent' }),
    );
    for (let n = 0; n < 200; n++) {
      log.info('record {n}', { n });
      handler.flushSync(); // fails: ENOTDIR
      expect(handler.writer.buffered).toBeLessThanOrEqual(4096);
    }
    expect(handler.writer.dropped).toBeGreaterThan(100);
    rmSync(blocker);
    handler.flushSync();
    const written = lines(path).map(
      (line) => JSON.parse(line) as { event?: string; fields: { count?: number; n?: number } },
    );
    const summary = written.find((r) => r.event === 'logbook.dropped');
    expect(summary!.fields.count).toBe(handler.writer.dropped);
    expect(written.length - 1 + handler.writer.dropped).toBe(200);
    expect(written[0]!.fields.n).toBe(0); // the oldest kept, the newest dropped
    handler.close();
  });

  for (const thread of [false, true]) {
    it(`never holds more than the buffer limit with overflow "block": it writes instead (thread: ${thread})`, () => {
      const dir = tempDir();
      const path = join(dir, 'app.jsonl');
      const handler = pushForTest(new FileHandler(path, { maxBuffer: 4096, batchSize: 1 << 20, thread }));
      for (let n = 0; n < 2000; n++) {
        log.info('record {n}', { n });
        expect(handler.writer.buffered).toBeLessThanOrEqual(4096);
      }
      handler.close();
      expect(lines(path)).toHaveLength(2000);
      expect(handler.writer.dropped).toBe(0);
    });
  }

  it("writes a quiet program's line at the end of the turn, and under load waits flushInterval between batches", async () => {
    const path = join(tempDir(), 'app.jsonl');
    const handler = pushForTest(new FileHandler(path, { flushInterval: 400 }));
    const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    log.info('first');
    expect(lines(path)).toHaveLength(0);
    await turn();
    expect(lines(path)).toHaveLength(1); // nothing was written before: out at the end of the turn
    log.info('second');
    await turn();
    expect(lines(path)).toHaveLength(1); // a batch just went out: this one waits
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(lines(path)).toHaveLength(2);
    handler.close();
    expect(() => new FileHandler(path, { flushInterval: -1 })).toThrow(/flushInterval must be/);
  });
});

describe('FileHandler text beyond ASCII', () => {
  // Lines are handed to the file as UTF-8 byte strings; what lands on disk must be exactly the UTF-8
  // of the line the formatter writes as text, whatever the characters.
  const awkward: Record<string, unknown> = {
    arrow: 'GET / → 200',
    latin1: 'Zoë, café, ß',
    emoji: 'ship 🚢 it',
    lone: 'half \ud83d surrogate',
    cjk: '日本語のテキスト',
    long: 'é'.repeat(120),
    clé: 'a key beyond ASCII',
    nested: { ключ: ['ü', 1, true, null], plain: 'ascii only' },
    map: new Map([['naïve', 'ö']]),
  };
  const record = (): LogRecord =>
    new LogRecord(
      Date.UTC(2026, 10, 21, 12, 0, 0, 7),
      20,
      'ünïcode',
      'Say {arrow} to {emoji} ⇒ done',
      awkward,
      undefined,
      'évent',
    );

  for (const thread of [false, true]) {
    it(`writes the exact UTF-8 of the JSON line (${thread ? 'write thread' : 'main thread'})`, () => {
      const path = join(tempDir(), 'app.jsonl');
      const formatter = new JsonFormatter({ host: 'hôte' });
      const handler = new FileHandler(path, { formatter, thread });
      handler.handle(record());
      handler.handle(new LogRecord(Date.UTC(2026, 10, 21, 12, 0, 1), 20, 'app', 'plain ascii {n}', { n: 1 }));
      handler.close();
      const expected =
        formatter.format(record()) +
        formatter.format(
          new LogRecord(Date.UTC(2026, 10, 21, 12, 0, 1), 20, 'app', 'plain ascii {n}', { n: 1 }),
        );
      expect(readFileSync(path).equals(Buffer.from(expected, 'utf8'))).toBe(true);
      const parsed = lines(path).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(parsed[0]).toMatchObject({
        message: 'Say GET / → 200 to ship 🚢 it ⇒ done',
        channel: 'ünïcode',
        event: 'évent',
        host: 'hôte',
        fields: { clé: 'a key beyond ASCII', lone: 'half \ud83d surrogate', map: { naïve: 'ö' } },
      });
    });
  }

  it('writes the exact UTF-8 of lines from other formatters and from a JsonFormatter subclass', () => {
    class Shouting extends JsonFormatter {
      override format(r: LogRecord): string {
        return super.format(r).replace('"v":1', '"v":1,"shout":"ÄH"');
      }
    }
    for (const formatter of [new TextFormatter(), new Shouting({ host: 'h' })]) {
      const path = join(tempDir(), 'app.log');
      const handler = new FileHandler(path, { formatter, sync: true });
      handler.handle(record());
      handler.close();
      // Compared as bytes: an unpaired surrogate in text output becomes U+FFFD either way.
      expect(readFileSync(path).equals(Buffer.from(formatter.format(record()), 'utf8'))).toBe(true);
    }
  });
});

describe('RotatingFileHandler', () => {
  it('rotates by size, keeps backupCount files and gzips them off the main thread', async () => {
    const dir = tempDir();
    const path = join(dir, 'app.jsonl');
    const handler = pushForTest(
      new RotatingFileHandler(path, { maxSize: 10_000, backupCount: 3, compress: true, sync: true }),
    );
    for (let n = 0; n < 500; n++) log.info('record {n}', { n });
    handler.flushSync();
    expect(
      readdirSync(dir)
        .filter((n) => !n.endsWith('.lock'))
        .sort(),
    ).toEqual(['app.jsonl', 'app.jsonl.1', 'app.jsonl.2', 'app.jsonl.3']);
    for (const name of readdirSync(dir))
      expect(readFileSync(join(dir, name)).length).toBeLessThanOrEqual(10_000);
    // The pass starts 2 s after the first rotation and leaves a backup written to in the last 2 s for a later one:
    // wait for the archives rather than for a guessed time (close() would stop a pass still running).
    const archived = ['app.jsonl', 'app.jsonl.1.gz', 'app.jsonl.2.gz', 'app.jsonl.3.gz'];
    const files = (): string[] => readdirSync(dir).sort();
    await waitUntil('the three backups to be gzipped', () => files().join() === archived.join(), {
      ms: 20_000,
      seen: () => files().join(', '),
    });
    await handler.close(); // a pass still running would end first (closing-a-rotating-handler-…test.ts)
    expect(files()).toEqual(archived);
    const newest = gunzipSync(readFileSync(join(dir, 'app.jsonl.1.gz'))).toString('utf8');
    const last = JSON.parse(newest.trim().split('\n').at(-1)!) as { fields: { n: number } };
    const first = JSON.parse(lines(path)[0]!) as { fields: { n: number } };
    expect(first.fields.n).toBe(last.fields.n + 1); // nothing lost between the files
  });

  it('breaks a rotation lock left by a process that ended while rotating, and rotates', () => {
    const dir = tempDir();
    const path = join(dir, 'app.jsonl');
    mkdirSync(`${path}.lock`);
    const old = new Date(Date.now() - 60_000); // older than the 10 s a rotation may take
    utimesSync(`${path}.lock`, old, old);
    const handler = pushForTest(new RotatingFileHandler(path, { maxSize: 1000, backupCount: 2, sync: true }));
    for (let n = 0; n < 30; n++) log.info('record {n}', { n });
    handler.close();
    expect(readdirSync(dir).sort()).toEqual(['app.jsonl', 'app.jsonl.1', 'app.jsonl.2']);
  });
});

describe('TimedRotatingFileHandler', () => {
  it('writes app-YYYY-MM-DD.jsonl by record time, links app.jsonl to the current file, and keeps backupCount', () => {
    const dir = tempDir();
    const path = join(dir, 'app.jsonl');
    let now = Date.UTC(2026, 10, 19, 23, 59, 0);
    restoreClock = setClock(() => now);
    const handler = pushForTest(new TimedRotatingFileHandler(path, { backupCount: 1, sync: true }));
    log.info('on the 19th');
    now = Date.UTC(2026, 10, 20, 0, 0, 1);
    log.info('on the 20th');
    now = Date.UTC(2026, 10, 21, 12, 0, 0);
    log.info('on the 21st');
    handler.close();
    expect(readdirSync(dir).sort()).toEqual(['app-2026-11-20.jsonl', 'app-2026-11-21.jsonl', 'app.jsonl']);
    expect(readlinkSync(path)).toBe('app-2026-11-21.jsonl');
    expect(lines(join(dir, 'app-2026-11-20.jsonl'))).toHaveLength(1);
    expect(lines(path)[0]).toContain('on the 21st');
  });

  it('appends to an existing file of the same period instead of overwriting it (local time, restarts)', () => {
    const dir = tempDir();
    const path = join(dir, 'app.jsonl');
    const now = new Date(2026, 10, 21, 9, 30).getTime();
    restoreClock = setClock(() => now);
    const first = pushForTest(
      new TimedRotatingFileHandler(path, { timeZone: 'local', interval: 'hourly', sync: true }),
    );
    log.info('first process');
    first.close();
    const second = new TimedRotatingFileHandler(path, { timeZone: 'local', interval: 'hourly', sync: true });
    second.bind(() => log.info('second process'));
    second.close();
    const name = 'app-2026-11-21-09.jsonl';
    expect(lines(join(dir, name)).map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual([
      'first process',
      'second process',
    ]);
  });

  it('names local periods by the local calendar and removes files older than maxAgeDays', () => {
    const noonLocal = new Date(2026, 2, 29, 12).getTime();
    expect(periodOf(noonLocal, 'daily', 'local').key).toBe('2026-03-29');
    const day = periodOf(noonLocal, 'daily', 'local');
    expect(new Date(day.end).getDate()).toBe(30);
    expect(new Date(day.end).getHours()).toBe(0);
    const dir = tempDir();
    const old = join(dir, 'app-2026-01-01.jsonl');
    writeFileSync(old, '{}\n');
    const ancient = (Date.now() - 40 * 86_400_000) / 1000;
    utimesSync(old, ancient, ancient);
    const recent = join(dir, 'app-2026-01-02.jsonl');
    writeFileSync(recent, '{}\n');
    const handler = new TimedRotatingFileHandler(join(dir, 'app.jsonl'), { maxAgeDays: 30 });
    handler.close();
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });
});
