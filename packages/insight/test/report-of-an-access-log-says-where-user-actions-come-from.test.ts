import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, FIXTURE, generateRecords, tempDir, writeJsonl } from './helpers/records.js';

describe('report: the Users section of a log without user actions says where actions come from', () => {
  it('an access log gets one line saying so in the terminal and the HTML report, not six zero counts', async () => {
    const html = join(tempDir(), 'report.html');
    const r = await cli(['report', FIXTURE, '--no-color', '--width', '120']);
    expect(r.code).toBe(0);
    const users = r.out.slice(r.out.indexOf('\nUsers'), r.out.indexOf('\nCrawlers'));
    expect(users).toContain("none recorded: actions come from the application's records");
    expect(users).not.toMatch(/user\.login \d/);
    expect((await cli(['report', FIXTURE, '--html', html])).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    const section = page.slice(page.indexOf('<h2>Users</h2>'), page.indexOf('<h2>Crawlers</h2>'));
    expect(section).toContain('No user actions in this period');
    expect(section).not.toContain('<table');
  });

  it("an application's records keep their counts by action", async () => {
    const dir = tempDir();
    const gen = generateRecords({ users: 4 });
    writeJsonl(join(dir, 'app.jsonl'), gen.records);
    const r = await cli(['report', dir, '--no-color', '--width', '120']);
    expect(r.code).toBe(0);
    const users = r.out.slice(r.out.indexOf('\nUsers'), r.out.indexOf('\nCrawlers'));
    expect(users).toMatch(/user\.login [1-9]/);
    expect(users).not.toContain('none recorded');
  });
});
