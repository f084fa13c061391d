// An error's own properties go into its description's `props`. An error given a million of them (a library that
// copies a whole response onto the error, key by key) took seconds to describe and held all of them in the record.
// Like an object's keys, `props` keeps the first 1000 (docs/record-schema.md).

import { describe, expect, it } from 'vitest';
import { JsonFormatter, LogRecord, toErrorInfo } from '../src/index.js';

function errorWith(count: number): Error {
  const error = new Error('wide') as Error & Record<string, unknown>;
  error.code = { nested: 'no text or number' }; // kept in props, before the numbered ones
  for (let i = 0; i < count; i++) error[`p${i}`] = i;
  return error;
}

const firstThousand = ['code', ...Array.from({ length: 999 }, (_, i) => `p${i}`)];

describe('an error with more than 1000 own properties', () => {
  it('is described with its first 1000 of them in props, in their order', () => {
    const info = toErrorInfo(errorWith(5000));
    expect(info.message).toBe('wide');
    expect(Object.keys(info.props ?? {})).toEqual(firstThousand);
    expect(info.props?.['p998']).toBe(998);
  });

  it('is written with those 1000, as a record reads it and as its JSON line says', () => {
    const record = new LogRecord(Date.UTC(2026, 10, 23), 50, 'app', 'failed', undefined, errorWith(5000));
    expect(Object.keys(record.errorInfo?.props ?? {})).toEqual(firstThousand);
    const line = JSON.parse(new JsonFormatter({ host: 'h' }).format(record)) as {
      error: { props: Record<string, unknown> };
    };
    expect(Object.keys(line.error.props)).toEqual(firstThousand);
  });

  it('keeps all of them when it has exactly 1000', () => {
    const info = toErrorInfo(errorWith(999));
    expect(Object.keys(info.props ?? {})).toEqual(firstThousand);
  });
});
