// What a person sees of a part of a page, read from the pixels Chromium drew rather than from the stylesheet: a
// colour that computes fine can still sit on a background nobody expected. Shared by the web and insight tests.

import type { Page } from 'playwright-core';

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
  /** The share of its pixels that are not the background's colour: 0 for a blank box. */
  inked: number;
}

/** A colour as 0xRRGGBB. */
export type Rgb = number;

/** WCAG's relative luminance of an sRGB colour, 0 (black) to 1 (white). */
export function luminance(rgb: Rgb): number {
  const channel = (v: number): number => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return (
    0.2126 * channel((rgb >> 16) & 255) + 0.7152 * channel((rgb >> 8) & 255) + 0.0722 * channel(rgb & 255)
  );
}

/** WCAG's contrast ratio of two colours, 1 to 21 (4.5 is AA for body text). */
export function contrast(a: Rgb, b: Rgb): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The colours of the first element matching `selector`: the commonest colour in the element's box is its
 * background, the colour farthest from it its text.
 */
export async function painted(page: Page, selector: string): Promise<Painted> {
  const element = page.locator(selector).first();
  // The picture is taken of the screen as shown: an element below the fold is scrolled to first.
  await element.scrollIntoViewIfNeeded({ timeout: 5000 });
  const box = await element.boundingBox({ timeout: 5000 });
  if (box === null) throw new Error(`${selector} is not shown on the page`);
  return paintedIn(page, box);
}

/** The colours drawn in a rectangle of the page (in CSS pixels), read as `painted` reads an element's. */
export async function paintedIn(
  page: Page,
  clip: { x: number; y: number; width: number; height: number },
): Promise<Painted> {
  const counts = await colourCounts(page, clip);
  const [background, most] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  let total = 0;
  let best = 1;
  for (const [rgb, n] of counts) {
    total += n;
    best = Math.max(best, contrast(rgb, background));
  }
  return { contrast: best, background: luminance(background), inked: 1 - most / total };
}

/** How many pixels of each colour Chromium drew in the rectangle. */
async function colourCounts(
  page: Page,
  clip: { x: number; y: number; width: number; height: number },
): Promise<Map<Rgb, number>> {
  const png = await page.screenshot({ clip });
  // A blank page of its own to decode the picture in, free of the page's Content-Security-Policy.
  const scratch = await page.context().browser()!.newPage();
  try {
    const pairs = await scratch.evaluate(async (b64) => {
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
      const counts = new Map<number, number>();
      for (let i = 0; i < data.length; i += 4) {
        const key = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return [...counts];
    }, png.toString('base64'));
    return new Map(pairs);
  } finally {
    await scratch.close();
  }
}
