// A crash right after a burst of logging: every accepted record and the CRITICAL crash record reach the
// disk, and the process ends the way it would have without Logbook (exit code, signal).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/crash.mjs', import.meta.url));

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Variant {
  thread?: boolean;
  /** How many times the fixture calls captureCrashes(). */
  installs?: number;
  /** A DedupHandler in front of the file, with a run of repeats pending at the end. */
  dedup?: boolean;
}

function crash(how: string, count = 100_000, { thread = false, installs = 1, dedup = false }: Variant = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-crash-'));
  folders.push(dir);
  const path = join(dir, 'app.jsonl');
  const result = spawnSync(process.execPath, [fixture, path, how, String(count)], {
    env: {
      ...process.env,
      LOGBOOK_TEST_THREAD: thread ? '1' : '0',
      LOGBOOK_TEST_INSTALLS: String(installs),
      LOGBOOK_TEST_DEDUP: dedup ? '1' : '0',
    },
    encoding: 'utf8',
    timeout: 50_000,
  });
  const lines = readFileSync(path, 'utf8').split('\n');
  expect(lines.pop()).toBe(''); // the file ends with a complete line
  const records = lines.map((line) => JSON.parse(line) as { level: string; fields?: { n?: number } });
  return { result, records };
}

function expectAllRecords(records: { level: string; fields?: { n?: number } }[], count: number): void {
  const numbers = records.filter((r) => r.level === 'INFO').map((r) => r.fields!.n);
  expect(numbers).toHaveLength(count);
  expect(numbers.every((n, i) => n === i)).toBe(true);
}

describe('captureCrashes', () => {
  it('keeps all 100,000 records and logs the exception at CRITICAL when the top level throws', () => {
    const { result, records } = crash('throw');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('boom at top level'); // Node still prints the error
    expectAllRecords(records, 100_000);
    const last = records.at(-1) as unknown as {
      level: string;
      channel: string;
      message: string;
      error: { message: string };
    };
    expect(last.level).toBe('CRITICAL');
    expect(last.channel).toBe('crash'); // the default logger's channel
    expect(last.message).toContain('boom at top level');
    expect(last.error.message).toBe('boom at top level');
  });

  it('does the same for an unhandled promise rejection', () => {
    const { result, records } = crash('reject');
    expect(result.status).toBe(1);
    expectAllRecords(records, 100_000);
    const last = records.at(-1) as unknown as { level: string; message: string };
    expect(last.level).toBe('CRITICAL');
    expect(last.message).toContain('Unhandled promise rejection: Error: rejected and never handled');
  });

  it('logs a crash once when captureCrashes() was called twice, the second call replacing the first', () => {
    const { result, records } = crash('throw', 10, { installs: 2 });
    expect(result.status).toBe(1);
    expectAllRecords(records, 10);
    expect(records.filter((r) => r.level === 'CRITICAL')).toHaveLength(1);
  });

  it('ends the process by SIGTERM after captureCrashes() was called 12 times, no listener piled up', () => {
    const { result, records } = crash('sigterm', 10, { installs: 12 });
    expect(result.signal).toBe('SIGTERM');
    expectAllRecords(records, 10);
    // Listeners left behind by the replaced calls ('exit', 'beforeExit', SIGTERM, SIGINT) would make Node warn.
    expect(result.stderr).not.toContain('MaxListenersExceededWarning');
  });

  it('writes the crash and every record also when an uncaughtException listener then kills the process', () => {
    const { result, records } = crash('throw-then-kill', 1000);
    expect(result.signal).toBe('SIGKILL');
    expectAllRecords(records, 1000);
    expect(records.at(-1)?.level).toBe('CRITICAL');
  });

  it('writes what a handler on the application stack still holds when process.exit() is called', () => {
    const { result, records } = crash('exit', 10, { dedup: true });
    expect(result.status).toBe(3);
    const messages = records.map((r) => (r as unknown as { message: string }).message);
    expect(messages.slice(-2)).toEqual(['last words', 'Message repeated 2 times: last words']);
  });

  it('writes everything when process.exit(3) is called, and keeps the exit code', () => {
    const { result, records } = crash('exit');
    expect(result.status).toBe(3);
    expectAllRecords(records, 100_000);
    expect(records.some((r) => r.level === 'CRITICAL')).toBe(false);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`writes everything on ${signal} (caught without being named) and still ends by the signal`, () => {
      const { result, records } = crash(signal.toLowerCase(), 20_000);
      expect(result.signal).toBe(signal);
      expectAllRecords(records, 20_000);
    });
  }

  it('loses nothing on a crash or process.exit when batches go to the write thread', () => {
    const thrown = crash('throw', 100_000, { thread: true });
    expect(thrown.result.status).toBe(1);
    expectAllRecords(thrown.records, 100_000);
    expect(thrown.records.at(-1)?.level).toBe('CRITICAL');
    const exited = crash('exit', 100_000, { thread: true });
    expect(exited.result.status).toBe(3);
    expectAllRecords(exited.records, 100_000);
  });
});
