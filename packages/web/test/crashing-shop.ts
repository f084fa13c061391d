// The fixture of the crash-page tests: a shop on loopback whose every page throws, answered with Logbook's crash
// page, and Debian's Chromium to look at it. Call it inside a describe block; it starts and stops with that block.

import { createServer } from 'node:http';
import type { Browser } from 'playwright-core';
import { Level, TestHandler } from 'logbook';
import { afterAll, beforeAll } from 'vitest';
import { createWebLogbook, type WebLogbook } from '../src/index.js';
import { runningSite, type RunningSite } from './behaviour.js';
import { launchChromium } from '../../../test/support/chromium.js';

export interface CrashingShop {
  /** The shop's address, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly browser: Browser;
}

/** A shop whose handler throws `new Error(message)` on every request. */
export function crashingShop(message: string): CrashingShop {
  let handler: TestHandler | undefined;
  let logbook: WebLogbook | undefined;
  let site: RunningSite | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    handler = new TestHandler({ level: Level.INFO }).pushApplication();
    logbook = createWebLogbook({ app: { name: 'shop', version: '1.0.0', env: 'test' } });
    const server = createServer(
      logbook.node(() => {
        throw new Error(message);
      }),
    ).listen(0, '127.0.0.1');
    site = await runningSite(server, logbook);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    logbook?.close();
    handler?.popApplication();
  });
  return {
    get url() {
      return site!.url;
    },
    get browser() {
      return browser!;
    },
  };
}
