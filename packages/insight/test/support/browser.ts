import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../../../test/support/chromium.js';

/** Debian's headless Chromium (see test/support/chromium.ts). */
export const launchBrowser = launchChromium;

const here = dirname(fileURLToPath(import.meta.url));
/** Screenshots land here (gitignored), for a person to look at after a run. */
export const SCREENSHOTS = resolve(here, '../../../../.artifacts/screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * The little of the page's globals these helpers touch. Page functions run in the browser and must not be strings
 * (the dashboard's CSP forbids eval); the project type-checks without the DOM library, hence this shape.
 */
export interface PageGlobals {
  document: { body: { dataset: Record<string, string | undefined>; innerText: string } };
}

/**
 * Waits until the page finished its latest load (body data-state=ready) after at least `loads` loads. Past the
 * deadline it fails naming what it waited for and the state the page was in: Playwright's own "Timeout 20000ms
 * exceeded" says neither.
 */
export async function settled(page: Page, loads = 1): Promise<void> {
  const ms = 20_000;
  try {
    await page.waitForFunction(
      (n) => {
        const body = (globalThis as unknown as PageGlobals).document.body;
        return body.dataset.state === 'ready' && Number(body.dataset.loads ?? 0) >= n;
      },
      loads,
      { timeout: ms },
    );
  } catch (error) {
    const state = await page
      .evaluate(() => {
        const { state, loads } = (globalThis as unknown as PageGlobals).document.body.dataset;
        return `data-state=${state ?? '(none)'} data-loads=${loads ?? '(none)'}`;
      })
      .catch((e: unknown) => `no state (${String(e)})`);
    throw new Error(
      `timed out after ${ms} ms waiting for the dashboard's load ${loads} to finish ` +
        `(body data-state=ready, data-loads >= ${loads}); the page had ${state}`,
      { cause: error },
    );
  }
}

export async function loadCount(page: Page): Promise<number> {
  return page.evaluate(() => Number((globalThis as unknown as PageGlobals).document.body.dataset.loads ?? 0));
}

interface LineBoxes {
  document: {
    querySelectorAll(selector: string): ArrayLike<unknown>;
    createRange(): { selectNodeContents(node: unknown): void; getClientRects(): ArrayLike<{ top: number }> };
  };
}

/** How many lines the text of each element matching `selector` takes on the page (1 when it does not wrap). */
export function linesOf(page: Page, selector: string): Promise<number[]> {
  return page.evaluate((sel) => {
    const doc = (globalThis as unknown as LineBoxes).document;
    return Array.from(doc.querySelectorAll(sel)).map((element) => {
      const range = doc.createRange();
      range.selectNodeContents(element);
      return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
    });
  }, selector);
}
