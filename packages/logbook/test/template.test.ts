import { describe, expect, it } from 'vitest';
import { compileTemplate, renderTemplate, toText } from '../src/index.js';

const render = (template: string, fields?: Record<string, unknown> | unknown[]): string =>
  renderTemplate(compileTemplate(template), fields, toText);

describe('templates', () => {
  it('renders named, positional and dotted holes', () => {
    expect(render('{user} bought {course.title}', { user: 'ann', course: { title: 'TS' } })).toBe(
      'ann bought TS',
    );
    expect(render('{0} and {1}', ['a', 'b'])).toBe('a and b');
  });

  it('shows holes named like inherited members as missing, unless the field is there', () => {
    expect(render('{constructor} {toString} {__proto__} {user.hasOwnProperty}', { user: {} })).toBe(
      '{constructor?} {toString?} {__proto__?} {user.hasOwnProperty?}',
    );
    expect(render('{map} {0}', ['a'])).toBe('{map?} a');
    expect(render('{toString}', { toString: 'own text' })).toBe('own text');
  });

  it("reads a path through a class instance's getter and through a function's own properties", () => {
    class Account {
      constructor(readonly first: string) {}
      get displayName(): string {
        return `${this.first} (customer)`;
      }
    }
    const retry = Object.assign(() => 'done', { attempts: 3 });
    expect(
      render('{user.displayName} after {job.retry.attempts}', { user: new Account('Ann'), job: { retry } }),
    ).toBe('Ann (customer) after 3');
  });

  it('keeps doubled braces and text that is not a hole', () => {
    expect(render('{{literal}} { not a hole } {x}', { x: 1 })).toBe('{literal} { not a hole } 1');
    expect(render('unclosed {brace', {})).toBe('unclosed {brace');
  });

  it('takes letters, digits, _, $ and . as a hole name, up to 100 of them, and nothing else', () => {
    const fields = { AZaz09_$: 'ok', a: { b: 'deep' }, ['x'.repeat(100)]: 'long' };
    expect(render('{AZaz09_$} {a.b} {' + 'x'.repeat(100) + '}', fields)).toBe('ok deep long');
    // Each character just outside those ranges keeps the braces as text.
    for (const odd of ['/', ':', '@', '[', '`', '-', ' ', 'é']) {
      expect(render(`{a${odd}b}`, { [`a${odd}b`]: 'x' })).toBe(`{a${odd}b}`);
    }
    expect(render('{' + 'x'.repeat(101) + '}', { ['x'.repeat(101)]: 'x' })).toBe('{' + 'x'.repeat(101) + '}');
    expect(render('{}', {})).toBe('{}');
  });

  it('writes doubled braces as one also in a template whose only braces are closing ones', () => {
    expect(render('a }} b')).toBe('a } b');
    expect(compileTemplate('a }} b').hasHoles).toBe(false);
    expect(render('}')).toBe('}');
  });

  it('reads a date as its ISO time, an error with no message as its name, symbols and big numbers as text', () => {
    const at = new Date(Date.UTC(2026, 10, 21, 8, 30));
    expect(render('due {when} or {never}', { when: at, never: new Date(Number.NaN) })).toBe(
      'due 2026-11-21T08:30:00.000Z or Invalid Date',
    );
    expect(render('{a} / {b}', { a: new TypeError(''), b: new RangeError('too far') })).toBe(
      'TypeError / RangeError: too far',
    );
    expect(render('{s} {n} {u} {z}', { s: Symbol('tag'), n: 12n, u: undefined, z: null })).toBe(
      'Symbol(tag) 12 {u?} null',
    );
  });

  it('shows missing values visibly and survives throwing getters', () => {
    const fields = {
      get boom(): string {
        throw new Error('no');
      },
    };
    expect(render('{a} {boom}', fields)).toBe('{a?} {boom?}');
  });

  it('renders objects compactly and errors as name: message', () => {
    expect(render('{o} {e}', { o: { a: [1, 2] }, e: new RangeError('out') })).toBe(
      '{"a":[1,2]} RangeError: out',
    );
  });
});
