// `redact: { keys: 'ssn' }` (one name where a list belongs) used to be walked letter by letter: every key named
// "s" or "n" was redacted and "ssn" was not. A list is required, and the error says what to write.
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';

describe('redaction options given as one value instead of a list', () => {
  it('refuses keys: "ssn" and says to write a list', () => {
    expect(() => createRedactor({ keys: 'ssn' as unknown as string[] })).toThrow(
      `Redaction keys must be a list of names or regular expressions, e.g. keys: ['ssn', /^x-api-/i], got "ssn".`,
    );
  });

  it('refuses values: /pattern/ and says to write a list', () => {
    expect(() => createRedactor({ values: /\d{16}/g as unknown as RegExp[] })).toThrow(
      'Redaction values must be a list of regular expressions, e.g. values: [/\\b\\d{16}\\b/g], got /\\d{16}/g.',
    );
  });

  it('still takes the lists it documents', () => {
    const redact = createRedactor({ keys: ['ssn', /^x-api-/i], values: [/\b\d{16}\b/g] });
    expect(redact({ ssn: '123', s: 'kept', 'X-Api-Key': 'k', note: 'card 4111111111111111' })).toEqual({
      ssn: '[redacted]',
      s: 'kept',
      'X-Api-Key': '[redacted]',
      note: 'card [redacted]',
    });
  });
});
