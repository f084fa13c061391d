// `{caller}` in a text template, and the record's `caller` once a handler asks for it, name the place in the
// application that made the log call: this file, the line of the call, the function it was made in. Never a
// frame inside logbook itself (the logger's own methods sit between the call and the capture).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AsyncHandler, JsonFormatter, Logger, StreamHandler, TextFormatter } from '../src/index.js';
import { MemoryStream, pushForTest } from './helpers.js';

const THIS_FILE = fileURLToPath(import.meta.url);

const ESM_PROGRAM = fileURLToPath(new URL('./fixtures/log-with-caller.mjs', import.meta.url));

/** The 1-based number of the line of `file` (default this one) that holds `marker`. */
function lineOf(marker: string, file = THIS_FILE): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found = lines.findIndex((line) => line.includes(marker) && !line.includes('lineOf('));
  expect(found).toBeGreaterThanOrEqual(0);
  return found + 1;
}

function reportTheOrder(log: Logger): void {
  log.warning('order {id} is late', { id: 7 }); // marker: named function
}

describe('the caller', () => {
  it('is the file and line of the log call in a text line, and the record keeps the function', () => {
    const stream = new MemoryStream();
    const handler = pushForTest(
      new StreamHandler(stream, { formatter: new TextFormatter({ template: '{caller} {message}' }) }),
    );
    expect(handler.wantsCaller).toBe(true);
    const log = new Logger('orders');
    reportTheOrder(log);
    expect(stream.lines).toEqual([`${THIS_FILE}:${lineOf('marker: named function')} order 7 is late`]);
  });

  it('is empty in the line of a record no log call made (the summary of what an AsyncHandler dropped)', () => {
    const stream = new MemoryStream();
    const inner = new StreamHandler(stream, {
      formatter: new TextFormatter({ template: '[{caller}] {message}' }),
    });
    const handler = pushForTest(new AsyncHandler(inner, { maxQueue: 1 }));
    const log = new Logger('orders');
    log.warning('kept'); // marker: kept
    log.warning('dropped');
    handler.flushSync();
    expect(stream.lines).toEqual([
      `[${THIS_FILE}:${lineOf('marker: kept')}] kept`,
      `[] Dropped 1 records: the queue of ${String(inner)} was full`,
    ]);
  });

  it('is written in the JSON record as file, line, column and function', () => {
    const jsonStream = new MemoryStream();
    pushForTest(new StreamHandler(jsonStream, { formatter: new JsonFormatter({ host: 'h' }) }));
    // The handler that asks for the caller passes the record on to the JSON one.
    const text = new TextFormatter({ template: '{caller}' });
    pushForTest(new StreamHandler(new MemoryStream(), { formatter: text, bubble: true }));
    reportTheOrder(new Logger('orders'));
    const record = JSON.parse(jsonStream.lines[0]!) as { caller?: Record<string, unknown> };
    expect(record.caller).toEqual({
      file: THIS_FILE,
      line: lineOf('marker: named function'),
      column: expect.any(Number) as number,
      function: 'reportTheOrder',
    });
    expect(record.caller!['column']).toBeGreaterThan(1);
  });

  it('is a file path, not a file:// URL, in a program run by Node as ES modules (the built package)', () => {
    const run = spawnSync(process.execPath, [ESM_PROGRAM], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${ESM_PROGRAM}:${lineOf('marker: esm call', ESM_PROGRAM)} shipped\n`);
  });

  it('is left out of records when no handler asks for it', () => {
    const stream = new MemoryStream();
    pushForTest(new StreamHandler(stream, { formatter: new JsonFormatter({ host: 'h' }) }));
    reportTheOrder(new Logger('orders'));
    expect(JSON.parse(stream.lines[0]!)).not.toHaveProperty('caller');
  });
});
