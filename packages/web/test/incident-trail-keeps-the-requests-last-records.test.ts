// An incident's trail holds what the crashed request logged, at most `trailSize` records: the most recent ones,
// oldest first, so the lines just before the crash are the ones kept.

import { Logger } from 'logbook';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonlSite } from './jsonl-site.js';

const log = new Logger('shop');

let site: JsonlSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

async function crashAfterLogging(lines: number, trailSize: number): Promise<string[]> {
  site = await JsonlSite.start({ trailSize }, () => {
    for (let step = 1; step <= lines; step++) log.debug('step {step}', { step });
    throw new Error('checkout failed');
  });
  await (await fetch(`${site.url}/checkout`)).text();
  await site.accessRecords(1);
  const incident = site.records().find((r) => r.event === 'incident');
  return incident?.incident?.trail?.map((r) => r.message ?? '') ?? [];
}

describe('the incident trail', () => {
  it('keeps every record of a request that logged fewer than trailSize', async () => {
    expect(await crashAfterLogging(2, 3)).toEqual(['step 1', 'step 2']);
  });

  it('keeps exactly trailSize records when the request logged that many', async () => {
    expect(await crashAfterLogging(3, 3)).toEqual(['step 1', 'step 2', 'step 3']);
  });

  it('keeps the last trailSize records, oldest first, when the request logged more', async () => {
    expect(await crashAfterLogging(8, 3)).toEqual(['step 6', 'step 7', 'step 8']);
  });

  it('keeps the last one with a trail of one', async () => {
    expect(await crashAfterLogging(4, 1)).toEqual(['step 4']);
  });
});
