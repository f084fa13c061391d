// The training site as `npm start` runs it (the site on a free port, the seed-7 traffic played once, then
// closed), and what docs/training-site.md and docs/record-schema.md say about the records it writes: every
// line valid against the record schema, each event the site writes named in the guide and each event the guide
// says lands in the logs really there, and the `request` of each kind of record shaped as record-schema.md says.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite } from '../examples/training-site/src/site.js';
import { runTraffic } from '../examples/training-site/src/traffic/run-traffic.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const guide = readFileSync(join(root, 'docs/training-site.md'), 'utf8');
const schema = JSON.parse(
  readFileSync(join(root, 'packages/logbook/schema/record.schema.json'), 'utf8'),
) as object;

interface Line {
  text: string;
  record: { event?: string; request?: Record<string, unknown> };
}

let folder: string;
let lines: Line[];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'logbook-training-site-records-'));
  const site = await startSite({ port: 0, logDir: folder, console: false });
  try {
    await runTraffic({ baseUrl: site.url, seed: 7 });
  } finally {
    await site.close();
  }
  lines = readFileSync(join(folder, 'app.jsonl'), 'utf8')
    .split('\n')
    .filter((text) => text !== '')
    .map((text) => ({ text, record: JSON.parse(text) as Line['record'] }));
}, 120_000);

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

const events = (): Set<string> => new Set(lines.flatMap(({ record }) => record.event ?? []));
const requestsOf = (event: string): Record<string, unknown>[] =>
  lines.flatMap(({ record }) => (record.event === event && record.request ? [record.request] : []));

describe('the training site’s records', () => {
  it('are each valid against the record schema', () => {
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const invalid = lines.filter(({ record }) => !validate(record)).map(({ text }) => text);
    expect(lines.length).toBeGreaterThan(400);
    expect(invalid).toEqual([]);
  });

  it('carry only events the guide names, and every event it says lands in the logs', () => {
    const written = events();
    expect([...written].filter((event) => !guide.includes(`\`${event}\``))).toEqual([]);
    const paragraph = /^What lands in the logs:[\s\S]*?\n\n/m.exec(guide)?.[0];
    expect(paragraph, 'docs/training-site.md has its "What lands in the logs" paragraph').toBeDefined();
    const promised = [...paragraph!.matchAll(/`([a-z_]+(?:\.[a-z_]+)*)`/g)].map((m) => m[1]!);
    expect(promised).toContain('http.request');
    expect(promised.filter((event) => !written.has(event))).toEqual([]);
  });

  it('shape `request` as record-schema.md says for access, verdict and action records', () => {
    const access = requestsOf('http.request');
    expect(access.length).toBeGreaterThan(400);
    for (const request of access)
      expect(Object.keys(request)).toEqual(
        expect.arrayContaining(['id', 'method', 'path', 'duration_ms', 'ip']),
      );
    const verdicts = requestsOf('client.verdict');
    expect(verdicts.length).toBeGreaterThan(0);
    for (const request of verdicts)
      expect(['id', 'ip', 'ua']).toEqual(expect.arrayContaining(Object.keys(request)));
    const logins = requestsOf('user.login');
    expect(logins.length).toBeGreaterThan(0);
    for (const request of logins) {
      expect(Object.keys(request)).toEqual(expect.arrayContaining(['id', 'method', 'path', 'ip']));
      expect(request).not.toHaveProperty('status');
      expect(request).not.toHaveProperty('duration_ms');
    }
  });
});
