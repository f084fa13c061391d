// A real full disk: a 256 KiB tmpfs mounted for this file (the tests run as root in this project's
// machines and CI). The application must keep running at speed, the failure must be reported once, records
// that do not fit must be counted, and the file must hold whole, distinct lines once space returns.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { FileHandler, Logger } from '../src/index.js';
import { pushForTest } from './helpers.js';

let mountPoint = '';
const handlers: FileHandler[] = [];

beforeAll(() => {
  mountPoint = mkdtempSync(join(tmpdir(), 'logbook-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `This test mounts a 256 KiB tmpfs to fill it and needs root (or CAP_SYS_ADMIN) for that: ${String(error)}`,
      { cause: error },
    );
  }
});

afterAll(() => {
  if (mountPoint === '') return;
  for (const handler of handlers) handler.close(); // an open file keeps the mount busy
  try {
    execFileSync('umount', [mountPoint], { stdio: 'pipe' });
  } catch {
    execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
  } finally {
    rmSync(mountPoint, { recursive: true, force: true });
  }
});

/**
 * Runs `body` with what is written to stderr collected (the handler's report goes there); `body` is given what
 * was collected so far.
 */
async function collectStderr(body: (soFar: () => string) => Promise<void>): Promise<string> {
  let text = '';
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  };
  try {
    await body(() => text);
  } finally {
    process.stderr.write = original;
  }
  return text;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The `fields.n` of the file's last complete line, if it has one. */
function lastNumber(path: string): number | undefined {
  const text = readFileSync(path, 'utf8');
  const last = text.slice(0, -1).split('\n').at(-1) ?? '';
  try {
    return (JSON.parse(last) as { fields: { n?: number } }).fields.n;
  } catch {
    return undefined; // not yet a whole line
  }
}

describe.each([false, true])('FileHandler on a disk that fills up (thread: %s)', (thread) => {
  it('keeps the application running, reports once, counts drops and resumes with whole lines', async () => {
    const path = join(mountPoint, `app-${String(thread)}.jsonl`);
    const filler = join(mountPoint, 'filler');
    writeFileSync(filler, Buffer.alloc(200 * 1024)); // about 56 KiB left for the log
    const handler = pushForTest(new FileHandler(path, { maxBuffer: 64 * 1024, thread }));
    handlers.push(handler);
    const log = new Logger('app');
    const padding = 'x'.repeat(100);
    let logged = 0;
    const stderr = await collectStderr(async (soFar) => {
      // About 200 KiB of records, several times what the disk can take. Before the fix every call past the
      // full buffer stalled for blockMs (1 s) retrying a disk that was known to be full, so 1500 calls took
      // many minutes. The 20 s cap only ends that case early; a loaded machine takes a few seconds at most.
      const started = Date.now();
      while (logged < 1500 && Date.now() - started < 20_000) {
        log.info('record {n} {padding}', { n: logged, padding });
        logged++;
        if (logged % 100 === 0) await nextTurn();
      }
      expect(logged).toBe(1500);
      // Failures are retried once a second, not once per record: the batch that met the full disk and the
      // next fail, then one retry a second (with the write thread, each batch it held fails too: at most
      // maxBuffer / batchSize = 2 more).
      const seconds = Math.ceil((Date.now() - started) / 1000);
      expect(handler.errorCount).toBeLessThanOrEqual(seconds + 2 + (thread ? 2 : 0));
      expect(handler.writer.dropped).toBeGreaterThan(0);
      rmSync(filler); // space returns
      // The next retry (at most a second after the last failure, later on a loaded machine) writes what was kept.
      await waitUntil('the handler to say it is writing again', () => soFar().includes('is writing again'), {
        seen: soFar,
      });
      log.info('record {n} {padding}', { n: logged, padding });
      logged++;
      const last = logged - 1;
      await waitUntil(`record ${last} in the file, without a flush`, () => lastNumber(path) === last, {
        seen: () => `last record written: ${String(lastNumber(path))}`,
      });
    });
    const reports = stderr.split('\n').filter((line) => line.startsWith('logbook:'));
    expect(reports[0]).toMatch(/ENOSPC.*disk is full/);
    expect(reports.filter((line) => line.includes('ENOSPC'))).toHaveLength(1);
    expect(reports[1]).toMatch(/is writing again .*records did not fit in maxBuffer and were dropped/);
    expect(reports).toHaveLength(2);

    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const records = text
      .slice(0, -1)
      .split('\n')
      .map((line) => {
        try {
          return JSON.parse(line) as { event?: string; fields: { n?: number; count?: number } };
        } catch {
          throw new Error(`a torn line in the file: ${line.slice(0, 200)}`);
        }
      });
    const numbers = records.flatMap((record) => (record.fields.n === undefined ? [] : [record.fields.n]));
    expect(new Set(numbers).size).toBe(numbers.length); // nothing written twice
    expect(numbers.at(-1)).toBe(logged - 1); // written after space returned, without a flush
    const summaries = records.filter((record) => record.event === 'logbook.dropped');
    const reportedDrops = summaries.reduce((sum, record) => sum + record.fields.count!, 0);
    expect(reportedDrops).toBe(handler.writer.dropped);
    expect(numbers.length + handler.writer.dropped).toBe(logged); // every record written or counted
    handler.close();
    rmSync(path); // frees the space for the next case
  }, 60_000);
});
