// With captureCrashes(), a stop signal writes every buffered record and then ends the process by that signal,
// as Node would have without Logbook, so a supervisor (systemd, Kubernetes, a shell's 143) sees it was
// stopped, also when nothing else keeps the event loop alive. An application's own listener of the signal
// keeps control: its graceful shutdown is not cut short.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/signal.mjs', import.meta.url));
const count = 5000;

function run(signal: NodeJS.Signals, how: string, nodeOptions: string[] = []) {
  const path = join(mkdtempSync(join(tmpdir(), 'logbook-signal-')), 'app.jsonl');
  const result = spawnSync(process.execPath, [...nodeOptions, fixture, path, signal, how, String(count)], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  const lines = readFileSync(path, 'utf8').split('\n');
  expect(lines.pop()).toBe(''); // the file ends with a complete line
  const records = lines.map((line) => JSON.parse(line) as { message: string; fields?: { n?: number } });
  return { result, records };
}

function expectAllRecords(records: { message: string; fields?: { n?: number } }[]): void {
  const numbers = records.filter((r) => r.fields?.n !== undefined).map((r) => r.fields!.n);
  expect(numbers).toHaveLength(count);
  expect(numbers.every((n, i) => n === i)).toBe(true);
}

describe('a signal with captureCrashes()', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${signal} to a process whose event loop is otherwise idle ends it by ${signal}, records written`, () => {
      const { result, records } = run(signal, 'idle');
      expect({ status: result.status, signal: result.signal }).toEqual({ status: null, signal });
      expectAllRecords(records);
    });
  }

  it('SIGTERM received during the last turn of the loop ends the process by SIGTERM, records written', () => {
    const { result, records } = run('SIGTERM', 'last-turn');
    expect({ status: result.status, signal: result.signal }).toEqual({ status: null, signal: 'SIGTERM' });
    expectAllRecords(records);
  });

  it('SIGTERM while a timer keeps the loop alive ends the process by SIGTERM, records written', () => {
    const { result, records } = run('SIGTERM', 'busy');
    expect({ status: result.status, signal: result.signal }).toEqual({ status: null, signal: 'SIGTERM' });
    expectAllRecords(records);
  });

  for (const how of ['once-before', 'on-after']) {
    it(`leaves SIGTERM to the application's own listener (${how} captureCrashes): it finishes its shutdown`, () => {
      const { result, records } = run('SIGTERM', how);
      expect({ status: result.status, signal: result.signal }).toEqual({ status: 0, signal: null });
      expectAllRecords(records);
      expect(records.at(-1)?.message).toBe('graceful shutdown done');
      // Called once, for the one signal: Logbook does not raise it again past the application's listener.
      expect(records.filter((r) => r.message === 'graceful shutdown done')).toHaveLength(1);
    });
  }

  it('without a signal, the process exits with its exitCode after exactly one beforeExit', () => {
    const { result, records } = run('SIGTERM', 'before-exit');
    expect(result.status).toBe(7);
    expect(result.stdout).toBe('beforeExit 1\n');
    expectAllRecords(records);
  });

  it('a beforeExit listener that removes captureCrashes() is still called once', () => {
    const { result, records } = run('SIGTERM', 'uninstall-in-before-exit');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('beforeExit 1\n');
    expectAllRecords(records);
  });

  it("a beforeExit listener prepended ahead of Logbook's, which logs, lets the process exit", () => {
    const { result, records } = run('SIGTERM', 'prepended-before-exit');
    // It ran ahead of Logbook's watch: the console.log's write callback was taken for other work, every time.
    expect({ status: result.status, signal: result.signal }).toEqual({ status: 0, signal: null });
    expect(result.stdout.split('\n').length).toBeLessThanOrEqual(3); // sees the extra turn's 'beforeExit' at most
    expectAllRecords(records);
  });

  it('work a beforeExit listener starts does not keep growing the heap (200,000 promise steps)', () => {
    const { result } = run('SIGTERM', 'work-after-idle', ['--expose-gc']);
    expect(result.status).toBe(0);
    const grew = Number(/heap grew (-?\d+)/.exec(result.stdout)?.[1]);
    // About 100 KB now; watching every callback of that work for as long as it ran grew it by 10.8 MB, and by more
    // the longer the work ran (and it took 2.7 times the CPU time).
    expect(grew).toBeLessThan(4_000_000);
  });
});
