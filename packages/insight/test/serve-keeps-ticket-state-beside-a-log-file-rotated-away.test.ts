import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { siteLogs, writeLog } from './support/site-logs.js';

describe('logbook serve keeps ticket state beside a log file that was rotated away', () => {
  const dir = mkdtempSync(join(tmpdir(), 'serve-rotated-'));
  let d: Dashboard | undefined;
  afterAll(async () => {
    await d?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('solving a ticket after the named file was renamed writes the state in the log folder, not the working folder', async () => {
    const file = join(dir, 'app.jsonl');
    writeLog(file, siteLogs({ seed: 5 }).records);
    d = await startDashboard({ sources: [file], port: 0, follow: false });
    // logrotate's first step: the file the dashboard was started on is renamed, and no new one is there yet
    renameSync(file, `${file}.1`);
    const cwdState = join(process.cwd(), '.logbook', 'tickets.json');
    const before = existsSync(cwdState);

    const res = await fetch(new URL('/api/tickets/fp-search-null/solve', d.url), {
      method: 'POST',
      headers: { 'x-logbook-request': '1' },
    });
    expect(res.status).toBe(200);
    const state = JSON.parse(readFileSync(join(dir, '.logbook', 'tickets.json'), 'utf8'));
    expect(Object.keys(state.solved)).toEqual(['fp-search-null']);
    expect(existsSync(cwdState)).toBe(before);
  });
});
