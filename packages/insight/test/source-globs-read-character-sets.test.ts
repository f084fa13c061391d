// A source glob's [...] is one character of a set, as in the shell: `logs/app.json[l]`, `access.log.[0-9]`,
// `access.log.[!0-9]*`. It used to stop the command with "Invalid regular expression: Unterminated character
// class". A set never crosses a folder, a [ with no ] is itself, and a set that is no set is named as such.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandSources, SourceError } from '../src/sources/files.js';

const dir = mkdtempSync(join(tmpdir(), 'insight-globs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const name of [
  'app.jsonl',
  'app.json',
  'access.log.1',
  'access.log.2',
  'access.log.gz',
  'a[1].log',
  'a1.log',
])
  writeFileSync(join(dir, name), '');
mkdirSync(join(dir, 'x'));
writeFileSync(join(dir, 'x', 'y.log'), '');

const names = (pattern: string): string[] => expandSources([join(dir, pattern)]).map((f) => basename(f));

describe('a source glob with a [...] set', () => {
  it('matches one character of the set, a range, or any but the set', () => {
    expect(names('app.json[l]')).toEqual(['app.jsonl']);
    expect(names('access.log.[0-9]')).toEqual(['access.log.1', 'access.log.2']);
    expect(names('access.log.[!0-9]*')).toEqual(['access.log.gz']);
    expect(names('access.log.[^0-9]*')).toEqual(['access.log.gz']);
    expect(names('a[[]1].log')).toEqual(['a[1].log']);
  });

  it('never matches the folder separator', () => {
    expect(() => names('x[/]y.log')).toThrow(SourceError);
    expect(names('[x]/y.log')).toEqual(['y.log']);
  });

  it('takes a [ with no ] after it as itself', () => {
    writeFileSync(join(dir, 'b[.log'), '');
    expect(names('b[.lo*')).toEqual(['b[.log']);
  });

  it('names a set that is no set, and says how to write one', () => {
    expect(() => names('access.log.[9-0]')).toThrow(/\[0-9\], not \[9-0\]/);
    expect(() => names('access.log.[9-0]')).toThrow(SourceError);
  });
});
