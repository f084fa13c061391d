import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser.js';
import { expectNoAxeFindings } from '../../../test/support/accessibility.js';

// A page with the faults the accessibility tests exist to catch: a field without a label, a button without a name,
// grey text that does not read, and no language.
const BROKEN = `<!doctype html><html><head><title>broken</title></head><body><main><h1>Broken</h1>
<form><input id="q"><button id="go"></button></form>
<p id="faint" style="color:#bbb;background:#fff">hard to read</p>
<p><input id="other"></p></main></body></html>`;

describe('a failing accessibility check tells a developer what to fix, from the CI log alone', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setContent(BROKEN);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('names each rule with its impact, help and link, and each element by its selector', async () => {
    const message = await expectNoAxeFindings(page, 'the broken page').then(
      () => '',
      (e: Error) => e.message,
    );
    expect(message).toMatch(/^axe-core found \d+ accessibility problem\(s\) on the broken page:/);
    expect(message).toMatch(
      /^label \(critical\): Form elements must have labels — https:\/\/dequeuniversity\.com\/rules\/axe\/4\.\d+\/label/m,
    );
    expect(message).toMatch(/^button-name \(critical\): Buttons must have discernible text/m);
    expect(message).toMatch(/^color-contrast \(serious\): /m);
    expect(message).toMatch(/^html-has-lang \(serious\): /m);
    for (const selector of ['#q', '#go', '#faint', '#other'])
      expect(message).toContain(`    at ${selector}\n`);
    // What axe says is wrong with the element, on the line under it.
    expect(message).toMatch(
      /at #faint\n {6}Fix any of the following: Element has insufficient color contrast/,
    );
  });

  it('a waiver drops one rule on the elements it names only, and the rest is still reported', async () => {
    const message = await expectNoAxeFindings(page, 'the broken page', [
      { rule: 'label', target: '#q', why: 'test: the field is named elsewhere' },
    ]).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(message).not.toContain('at #q\n');
    expect(message).toContain('at #other\n');
    expect(message).toMatch(/^button-name /m);
  });
});
