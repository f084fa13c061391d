import { describe, expect, it } from 'vitest';
import { html, raw } from '../src/html.js';

describe('the html template', () => {
  it('escapes every interpolated string, so text can never become markup', () => {
    const name = `<script>alert("x")</script> & 'friends'`;
    expect(html`<p>${name}</p>`.value).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;</p>',
    );
  });

  it('keeps markup built by the template itself and by raw(), joins arrays, drops null and false', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    // prettier-ignore
    const markup = html`<ul>${items}</ul>${raw('<hr>')}${null}${false}${undefined}${3}`;
    expect(markup.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul><hr>3');
  });

  it('refuses a plain object instead of printing [object Object]', () => {
    expect(() => html`${{ a: 1 }}`).toThrow(/cannot interpolate a object/);
  });
});
