import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { hostileSite } from './support/hostile-site.js';
import type { SiteLogs } from './support/site-logs.js';
import { settled } from './support/browser.js';
import { focused, tabThrough } from '../../../test/support/accessibility.js';
import { paintedIn } from '../../../test/support/painted.js';

describe('the dashboard with the keyboard alone', () => {
  let site: SiteLogs;
  const s = dashboardSession({
    name: 'dashboard-keyboard-',
    records: () => {
      const made = hostileSite();
      site = made.site;
      return made.records;
    },
  });

  it('Tab goes views, live control, filter, then the overview’s numbers, each with a visible ring', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    const seen = await tabThrough(s.page, 8);
    expect(seen.map((f) => f?.name)).toEqual([
      'Overview',
      'Requests',
      'Pause',
      'Add a filter, written key=value',
      'Add',
      // The cards' buttons say what the number counts.
      expect.stringMatching(/^[\d,]+ server errors \(5xx\)$/),
      expect.stringMatching(/^[\d,]+ error records$/),
      expect.stringMatching(/^[\d,]+ humans$/),
    ]);
    for (const f of seen) {
      expect(f?.ring, f?.name).toBe(true);
      expect(f?.shown, f?.name).toBe(true);
    }
  });

  for (const scheme of ['light', 'dark'] as const)
    it(`the focus ring stands out at 3:1 from what is around it, ${scheme}`, async () => {
      await s.page.emulateMedia({ colorScheme: scheme });
      await s.page.goto(s.dashboard.url);
      await settled(s.page);
      for (const selector of [
        '.views button',
        '#pause',
        '#filter-input',
        '#cards button.v',
        '#panel-attackers button.v',
      ]) {
        await s.page.locator(selector).first().focus();
        // Focus set by a script shows its ring only after a key: Shift alone moves nothing.
        await s.page.keyboard.press('Shift');
        const box = (await s.page.locator(selector).first().boundingBox())!;
        // The band above the control: the 2 px ring 2 px away, and the page or panel behind it.
        const band = await paintedIn(s.page, { x: box.x + 4, y: box.y - 6, width: box.width - 8, height: 6 });
        expect(band.inked, `${selector} ring drawn`).toBeGreaterThan(0.2);
        expect(band.contrast, `${selector} ring contrast`).toBeGreaterThanOrEqual(3);
      }
      await s.page.emulateMedia({ colorScheme: 'light' });
    });

  it('Enter on a value filters by it and keeps the focus on that value; Enter on its chip’s × removes it', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    await s.page.locator('#cards button.v[data-k="client"][data-v="human"]').focus();
    await s.page.keyboard.press('Enter');
    await expect.poll(() => s.page.locator('#chips .chip').count()).toBe(1);
    await settled(s.page, 2);
    // The overview was drawn anew; the focus is on the same value in it, not back at the page's start.
    expect((await focused(s.page))?.name).toMatch(/ humans$/);

    await s.page.locator('#chips button.chip-x').focus();
    await s.page.keyboard.press('Space');
    await expect.poll(() => s.page.locator('#chips .chip').count()).toBe(0);
    await settled(s.page, 3);
    // The chip is gone: the focus goes to where another filter is written.
    expect((await focused(s.page))?.id).toBe('filter-input');

    // Typing a filter and Enter adds it.
    await s.page.keyboard.type('status=404');
    await s.page.keyboard.press('Enter');
    await expect.poll(() => s.page.locator('#chips .chip').textContent()).toContain('404');
  });

  it('a record opens with Enter or Space, takes the focus, and Escape closes it back onto its row', async () => {
    await s.page.goto(`${s.dashboard.url}?view=requests`);
    await settled(s.page);
    const row = s.page.locator('#records tr.rec').nth(2);
    const id = await row.getAttribute('data-id');
    await row.focus();
    for (const key of ['Enter', 'Space']) {
      await s.page.keyboard.press(key);
      await s.page.locator('#detail:not([hidden])').waitFor();
      // The focus is in the record, whose heading a screen reader reads out.
      expect((await focused(s.page))?.id, key).toBe('detail-title');
      await s.page.keyboard.press('Escape');
      await expect.poll(() => s.page.locator('#detail').isHidden()).toBe(true);
      const back = await s.page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { dataset: { id?: string } } } }).document
            .activeElement.dataset.id,
      );
      expect(back, key).toBe(id);
    }
    // The Close button does the same.
    await s.page.keyboard.press('Enter');
    await s.page.locator('#detail:not([hidden])').waitFor();
    await s.page.locator('#detail-close').focus();
    await s.page.keyboard.press('Enter');
    await expect.poll(() => s.page.locator('#detail').isHidden()).toBe(true);
  });

  it('a ticket’s Solve button names its ticket, works with Enter, and keeps the focus as it becomes Reopen', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    const button = s.page.locator('#panel-tickets button.ticket-action.solve').first();
    const fingerprint = (await button.getAttribute('data-ticket'))!;
    await button.focus();
    expect((await focused(s.page))?.name).toMatch(new RegExp(`^Solve (again )?ticket ${fingerprint}$`));
    await s.page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(s.page))?.name).toBe(`Reopen ticket ${fingerprint}`);
    // Put back as it was, for the other tests.
    await s.page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(s.page))?.name).toMatch(/^Solve/);
  });

  it('an incident opened with Enter takes the focus to its heading, and Back returns it to the link', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    // A crash ticket's latest incident, a link in the overview.
    const link = s.page.locator('#panel-tickets button[data-incident]').first();
    const ref = (await link.getAttribute('data-incident'))!;
    expect(site.incidents.map((i) => i.ref)).toContain(ref);
    await link.focus();
    await s.page.keyboard.press('Enter');
    await settled(s.page, 2);
    const heading = await focused(s.page);
    expect(heading?.tag).toBe('h2');
    expect(heading?.name).toContain(ref);
    // Tab goes on to Back, which Enter presses.
    await s.page.locator('#incident-back').focus();
    await s.page.keyboard.press('Enter');
    await settled(s.page, 3);
    expect((await focused(s.page))?.name).toBe(ref);
  });
});
