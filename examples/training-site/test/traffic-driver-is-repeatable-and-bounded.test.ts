// The traffic driver on its own: the same seed plays the same traffic, a budget stops it, and bad options are
// refused. Each test runs its own site, with no other site in the process: two sites in one process would write
// every record to both logs.

import { describe, expect, it } from 'vitest';
import { startSite } from '../src/site.js';
import { runTraffic } from '../src/traffic/run-traffic.js';
import type { TrafficSummary } from '../src/traffic/played.js';
import { tempDir } from './support/run.js';

describe('the traffic driver', () => {
  it('plays the same traffic for the same seed', async () => {
    const again = await startSite({ port: 0, logDir: tempDir('seed'), console: false });
    try {
      const a = await runTraffic({ baseUrl: again.url, seed: 11, scale: 0.3 });
      const b = await runTraffic({ baseUrl: again.url, seed: 11, scale: 0.3 });
      const stable = (s: TrafficSummary): unknown => ({
        ...s,
        durationMs: 0,
        crash: { ...s.crash, refs: s.crash.refs.length, path: 0 },
      });
      expect(stable(b)).toEqual(stable(a));
      expect(a.requests).toBeGreaterThan(50);
    } finally {
      await again.close();
    }
  }, 60_000);

  it('stops at its request budget and says so', async () => {
    const small = await startSite({ port: 0, logDir: tempDir('budget'), console: false });
    try {
      const s = await runTraffic({ baseUrl: small.url, maxRequests: 40 });
      expect(s.requests).toBe(40);
      expect(s.truncated).toBe(true);
    } finally {
      await small.close();
    }
  });

  it('rejects a base URL it cannot use, saying what to pass', async () => {
    await expect(runTraffic({ baseUrl: 'localhost:3000' })).rejects.toThrow(/http:\/\/ or https:\/\//);
    await expect(runTraffic({ baseUrl: 'http://127.0.0.1:1', scale: 50 })).rejects.toThrow(
      /scale must be a number from 0.1 to 5/,
    );
  });
});
