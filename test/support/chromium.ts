// Debian's Chromium, for the tests of every package that look at a page as a person's browser draws it.

import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { aptInstall } from './debian-packages.js';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's chromium, installed when missing; fails with how to install it when that fails. */
function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  aptInstall('chromium');
  if (!existsSync(CHROMIUM))
    throw new Error(
      `These tests need Debian's chromium at ${CHROMIUM} and installing it failed. ` +
        'Install it with: apt-get update && apt-get install -y chromium',
    );
  return CHROMIUM;
}

/** A headless Chromium that reaches nothing on its own (no updates, sync or background requests). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
