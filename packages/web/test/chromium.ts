// Debian's Chromium for the tests that look at a page as a visitor's browser draws it.

import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's chromium, installed with apt-get when missing; fails with how to install it when that fails. */
function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const run = (args: string[]): boolean =>
    spawnSync('apt-get', args, {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0;
  if (!run(['install', '-y', 'chromium'])) {
    run(['update']);
    run(['install', '-y', 'chromium']);
  }
  if (!existsSync(CHROMIUM))
    throw new Error(
      `These tests need Debian's chromium at ${CHROMIUM} and installing it failed. ` +
        'Install it with: apt-get update && apt-get install -y chromium',
    );
  return CHROMIUM;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run'],
  });
}

/** The shapes the page function below touches; the project type-checks without the DOM library. */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    drawImage(image: unknown, x: number, y: number): void;
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  };
}
interface Scratch {
  Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };
  document: { createElement(tag: 'canvas'): Canvas };
}

/** What a person sees of an element's colours. */
export interface Painted {
  /** The contrast ratio of its text against its background, 1 to 21 as WCAG counts it. */
  contrast: number;
  /** The relative luminance of its background, 0 (black) to 1 (white). */
  background: number;
}

/**
 * The colours of the first element matching `selector`, read from the pixels Chromium drew: the commonest colour
 * in the element's box is its background, the colour farthest from it its text.
 */
export async function painted(page: Page, selector: string): Promise<Painted> {
  const box = await page.locator(selector).first().boundingBox({ timeout: 5000 });
  if (box === null) throw new Error(`${selector} is not shown on the page`);
  const png = await page.screenshot({ clip: box });
  // A blank page of its own to decode the picture in, free of the page's Content-Security-Policy.
  const scratch = await page.context().browser()!.newPage();
  try {
    return await scratch.evaluate(async (b64) => {
      const g = globalThis as unknown as Scratch;
      const image = new g.Image();
      image.src = `data:image/png;base64,${b64}`;
      await image.decode();
      const canvas = g.document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, image.width, image.height).data;
      const channel = (v: number): number => {
        const c = v / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      const counts = new Map<number, number>();
      const lum = new Map<number, number>();
      for (let i = 0; i < data.length; i += 4) {
        const key = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (!lum.has(key))
          lum.set(
            key,
            0.2126 * channel(data[i]!) + 0.7152 * channel(data[i + 1]!) + 0.0722 * channel(data[i + 2]!),
          );
      }
      const background = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
      const bl = lum.get(background)!;
      let best = 1;
      for (const l of lum.values())
        best = Math.max(best, (Math.max(l, bl) + 0.05) / (Math.min(l, bl) + 0.05));
      return { contrast: best, background: bl };
    }, png.toString('base64'));
  } finally {
    await scratch.close();
  }
}
