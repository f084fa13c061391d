import { describe, it, expect } from 'vitest';
import stringWidth from 'string-width';
import { textTable } from '../src/render/text-table.js';
import { makeStyle } from '../src/render/style.js';
import { safeText } from '../src/render/escape.js';
import { formatLive } from '../src/commands/tail.js';

const plain = makeStyle(false);
const widest = (text: string): number => Math.max(...text.split('\n').map((l) => stringWidth(l)));

// Counterexamples the property tests of render-terminal-shows-hostile-log-text-inert-within-its-width found, shrunk.
describe('the terminal report keeps its width with wide, invisible and odd log text', () => {
  it('a path of CJK characters is cut by the columns it takes, not by its UTF-16 length', () => {
    // Each character takes two columns: cut to 30 characters it took 60 and pushed the row past the width.
    const path = '/漢字テスト'.repeat(20);
    const out = textTable(
      [
        { title: 'path', flex: true },
        { title: 'hits', align: 'right' },
      ],
      [[path, '3']],
      40,
      plain,
    );
    expect(widest(out)).toBeLessThanOrEqual(40);
    expect(out).toContain('/漢字');
  });

  it('a crawler name or an IP column of 10 KB log text is cut too, not only the flexible columns', () => {
    const out = textTable(
      [{ title: 'ip' }, { title: 'req', align: 'right' }, { title: 'user agent', flex: true }],
      [['A'.repeat(10_000), '3', 'curl/8']],
      80,
      plain,
    );
    expect(widest(out)).toBeLessThanOrEqual(80);
  });

  it('columns stay aligned when a cell holds combining marks (no width) or an emoji (two columns)', () => {
    const out = textTable(
      [{ title: 'name' }, { title: 'hits', align: 'right' }],
      [
        ['e\u0301e\u0301e\u0301', '1'],
        ['👍🏽👍🏽', '22'],
        ['abc', '333'],
      ],
      80,
      plain,
    );
    // Every row ends in the same column, as a terminal draws it.
    expect(new Set(out.split('\n').map((l) => stringWidth(l)))).toEqual(
      new Set([stringWidth('  name  hits')]),
    );
  });

  it('an emoji is never cut in half: no lone surrogate is printed', () => {
    const out = textTable([{ title: 'ua', flex: true }, { title: 'x' }], [['👍'.repeat(50), 'y']], 41, plain);
    expect(out).not.toMatch(/\p{Surrogate}/u);
  });
});

describe('log text shows every bidi control and lone surrogate as an escape', () => {
  it('the Arabic letter mark U+061C (a bidi control that reorders what follows) is shown as \\u061c', () => {
    expect(safeText('evil\u061cgpj.exe')).toBe('evil\\u061cgpj.exe');
  });

  it('a lone surrogate (no character: the terminal would print �) is shown as its code', () => {
    expect(safeText('a\udfffb\ud800')).toBe('a\\udfffb\\ud800');
    // A whole surrogate pair is a character and stays.
    expect(safeText('👍')).toBe('👍');
  });

  it('line and paragraph separators are shown as escapes', () => {
    expect(safeText('a\u2028b\u2029c')).toBe('a\\u2028b\\u2029c');
  });

  it('a tail line with a lone surrogate in its signals shows it as an escape', () => {
    const line = formatLive(
      { time: '2026-11-22T10:00:00.000Z', level: 'INFO', path: '/', signals: ['\udfff'] },
      plain,
    );
    expect(line).toContain('[\\udfff]');
  });
});
