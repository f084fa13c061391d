// A tiny tagged template for server-rendered pages: every interpolated value is escaped unless it is
// already Html (built by this same template, or `raw()` for trusted markup). Escaping is the default, so a
// course title or a user's name can never become markup.

import { escapeHtml } from '@logbook/web';

export { escapeHtml };

/** Markup that is safe to send as is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  throw new TypeError(
    `html\`\`: cannot interpolate a ${typeof value}; pass a string, a number, Html or an array of them.`,
  );
}

/** html`<p>${name}</p>`: interpolations are escaped; arrays are joined; null, undefined and false render nothing. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Trusted markup written by the application itself (never user input). */
export function raw(markup: string): Html {
  return new Html(markup);
}
