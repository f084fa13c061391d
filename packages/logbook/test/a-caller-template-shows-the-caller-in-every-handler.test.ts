// `{caller}` in a text template shows the file and line of the log call whatever handler writes the line: a file,
// a TestHandler, and a handler behind a wrapper (fingers-crossed, dedup) that passes records on to it.
// Found by mutation testing: only StreamHandler asked for the caller, so a FileHandler wrote an empty caller.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DedupHandler,
  FileHandler,
  FingersCrossedHandler,
  JsonFormatter,
  Logger,
  StreamHandler,
  TestHandler,
  TextFormatter,
} from '../src/index.js';
import { MemoryStream, pushForTest } from './helpers.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const log = new Logger('orders');

/** The 1-based number of the line of this file that holds `marker`. */
function lineOf(marker: string): number {
  const lines = readFileSync(THIS_FILE, 'utf8').split('\n');
  return lines.findIndex((line) => line.includes(marker) && !line.includes('lineOf(')) + 1;
}

const withCaller = (): TextFormatter => new TextFormatter({ template: '{caller} {message}', stack: false });

function logTwo(): void {
  log.info('first'); // marker: first call
  log.error('second'); // marker: second call
}

const expected = (): string[] => [
  `${THIS_FILE}:${lineOf('marker: first call')} first`,
  `${THIS_FILE}:${lineOf('marker: second call')} second`,
];

describe('a {caller} template', () => {
  it('shows the file and line of the call in a FileHandler line', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'logbook-caller-')), 'app.log');
    const file = new FileHandler(path, { formatter: withCaller() });
    file.pushApplication();
    try {
      logTwo();
    } finally {
      file.popApplication();
      file.close();
    }
    expect(readFileSync(path, 'utf8').split('\n').slice(0, -1)).toEqual(expected());
  });

  it('shows them in a TestHandler line', () => {
    const sink = pushForTest(new TestHandler({ formatter: withCaller() }));
    logTwo();
    expect(sink.formatted).toEqual(expected());
  });

  it('shows them for a trail a FingersCrossedHandler held, and for records a DedupHandler passed on', () => {
    const trailSink = new TestHandler({ formatter: withCaller() });
    new FingersCrossedHandler(trailSink).bind(logTwo);
    expect(trailSink.formatted).toEqual(expected());

    const dedupSink = new TestHandler({ formatter: withCaller() });
    new DedupHandler(dedupSink).bind(logTwo);
    expect(dedupSink.formatted).toEqual(expected());
  });

  it('is not captured for wrapping handlers whose inner handler shows no caller', () => {
    const json = new MemoryStream();
    pushForTest(new FingersCrossedHandler(new TestHandler()));
    pushForTest(new DedupHandler(new TestHandler(), { bubble: true }));
    pushForTest(new StreamHandler(json, { formatter: new JsonFormatter({ host: 'h' }), bubble: true }));
    log.info('x');
    expect(JSON.parse(json.lines[0]!)).not.toHaveProperty('caller');
  });
});
