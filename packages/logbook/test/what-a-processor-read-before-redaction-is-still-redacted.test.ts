// A processor that runs before redaction (a logger's own processor runs before the stack's, where the
// RedactProcessor sits) may read the rendered message or the error description, e.g. to tag or count
// records. What it read then must not be what is written: every output shows the redacted values.

import { describe, expect, it } from 'vitest';
import {
  ConsoleFormatter,
  JsonFormatter,
  Logger,
  RedactProcessor,
  TestHandler,
  TextFormatter,
} from '../src/index.js';
import { pushForTest } from './helpers.js';

/** The record's JSON, text and console lines after a logger processor read its message and error. */
function outputsAfterAnEarlyRead(log: (logger: Logger) => void): { seen: string[]; outputs: string[] } {
  const sink = pushForTest(new TestHandler());
  pushForTest(new RedactProcessor({ values: [/sk-live-\w+/g] }));
  const seen: string[] = [];
  const logger = new Logger('billing', {
    processor: (record) => {
      seen.push(record.message, JSON.stringify(record.errorInfo ?? null));
    },
  });
  log(logger);
  const record = sink.records[0]!;
  return {
    seen,
    outputs: [
      new JsonFormatter({ host: 'h' }).format(record),
      new TextFormatter({ template: '{message} {error} {fields}' }).format(record),
      new ConsoleFormatter({ color: false }).format(record),
    ],
  };
}

describe('a record read by a processor before redaction', () => {
  it('is written with the secrets of its fields redacted in every output', () => {
    const { seen, outputs } = outputsAfterAnEarlyRead((log) =>
      log.error('charge for {user} with {password} failed', { user: 'ann', password: 'pa55word' }),
    );
    expect(seen[0]).toContain('pa55word'); // the processor ran first and saw the value as given
    for (const out of outputs) {
      expect(out).not.toContain('pa55word');
      expect(out).toContain('charge for ann with [redacted] failed');
    }
  });

  it('is written with the secrets of its error redacted in every output', () => {
    const failure = Object.assign(new Error('key sk-live-42 refused'), { password: 'hunter2' });
    const { seen, outputs } = outputsAfterAnEarlyRead((log) =>
      log.error('charge failed: {error}', {}, { error: failure }),
    );
    expect(seen.join(' ')).toContain('sk-live-42');
    expect(seen.join(' ')).toContain('hunter2');
    for (const out of outputs) {
      expect(out).not.toContain('sk-live-42');
      expect(out).not.toContain('hunter2');
      expect(out).toContain('charge failed: Error: key [redacted] refused');
    }
    expect(JSON.parse(outputs[0]!).error.props).toEqual({ password: '[redacted]' });
  });
});
