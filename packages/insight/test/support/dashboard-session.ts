import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startDashboard, type Dashboard, type DashboardOptions } from '../../src/serve/start-dashboard.js';
import { launchBrowser } from './browser.js';
import { writeLog } from './site-logs.js';

/** What a dashboard test in the browser works with; filled in before the block's first test. */
export interface DashboardSession {
  /** The log folder the dashboard reads (app.jsonl in it). */
  readonly dir: string;
  dashboard: Dashboard;
  browser: Browser;
  page: Page;
}

export interface DashboardSessionOptions {
  /** Prefix of the temporary log folder. */
  name: string;
  /** The records app.jsonl holds when the dashboard starts; none leaves the folder empty. */
  records?: () => readonly object[];
  /** Options for startDashboard besides the sources and the port (default: not following the logs). */
  dashboard?: Omit<DashboardOptions, 'sources' | 'port'>;
  /** Opens the page the tests use (default 1280×800). */
  page?: (browser: Browser) => Promise<Page>;
}

/**
 * For a describe block: writes the log, starts the dashboard on it and opens Chromium with one page before the
 * first test, and closes both after the last.
 */
export function dashboardSession(options: DashboardSessionOptions): DashboardSession {
  const session = { dir: mkdtempSync(join(tmpdir(), options.name)) } as DashboardSession;
  beforeAll(async () => {
    if (options.records) {
      const records = options.records();
      const file = join(session.dir, 'app.jsonl');
      // No records: an empty file, as a new log starts (writeLog would leave one blank line).
      if (records.length === 0) writeFileSync(file, '');
      else writeLog(file, records);
    }
    session.dashboard = await startDashboard({
      sources: [session.dir],
      port: 0,
      ...(options.dashboard ?? { follow: false }),
    });
    session.browser = await launchBrowser();
    session.page = await (options.page ?? ((b) => b.newPage({ viewport: { width: 1280, height: 800 } })))(
      session.browser,
    );
  });
  afterAll(async () => {
    await session.browser?.close();
    // A test that stops and restarts the server may leave it closed when it fails in between.
    await session.dashboard?.close().catch(() => undefined);
    rmSync(session.dir, { recursive: true, force: true });
  });
  return session;
}
