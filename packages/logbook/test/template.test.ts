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

  it('keeps doubled braces and text that is not a hole', () => {
    expect(render('{{literal}} { not a hole } {x}', { x: 1 })).toBe('{literal} { not a hole } 1');
    expect(render('unclosed {brace', {})).toBe('unclosed {brace');
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
