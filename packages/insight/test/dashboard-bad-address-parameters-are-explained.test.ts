import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { siteLogs } from './support/site-logs.js';
import { screenshot } from './support/browser.js';

describe('dashboard: a bad filter or incident in the address is explained in the page’s words', () => {
  const s = dashboardSession({
    name: 'dashboard-bad-url-',
    records: () => siteLogs({ seed: 8, visitors: 6 }).records,
  });

  const errorShown = async (query: string): Promise<string> => {
    await s.page.goto(`${s.dashboard.url}${query}`);
    await s.page.waitForFunction(() => {
      const body = (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } })
        .document.body;
      return body.dataset.state === 'error';
    });
    return (await s.page.locator('#error').textContent()) ?? '';
  };

  it('an incident reference that is not one says what one looks like (was "No such API.")', async () => {
    const res = await fetch(`${s.dashboard.url}api/incident/checkout-crash`);
    expect(res.status).toBe(400);
    const text = await errorShown('?incident=checkout-crash');
    expect(text).toContain('"checkout-crash" is not an incident reference');
    expect(text).toContain('E-7K2Q9F');
    await screenshot(s.page, 'dashboard-bad-incident-reference');
  });

  it('a well-formed reference that is not in the logs says so', async () => {
    expect(await errorShown('?incident=E-ZZZZZZ')).toBe('No incident E-ZZZZZZ in these logs.');
  });

  it('an unknown filter key names the page’s keys (rule among them) and how to remove it, not a --filter option', async () => {
    const text = await errorShown(`?f=${encodeURIComponent('colour=red')}`);
    expect(text).not.toContain('--filter');
    expect(text).toMatch(/^Filter colour=red: unknown key "colour"\. Known keys: .*\brule\b/);
    expect(text).toContain('Remove it with the × on its chip');
    // The chip is there to remove it, and removing it brings the overview back.
    await s.page.locator('#chips [data-remove="colour=red"]').click();
    await s.page.waitForFunction(() => {
      const body = (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } })
        .document.body;
      return body.dataset.state === 'ready';
    });
    expect(await s.page.locator('#error').isVisible()).toBe(false);
  });

  it('a bad status value keeps the report’s explanation', async () => {
    const text = await errorShown(`?view=requests&f=${encodeURIComponent('status=abc')}`);
    expect(text).toContain('Filter status=abc: status must be a code such as 404 or a class such as 5xx.');
  });
});
