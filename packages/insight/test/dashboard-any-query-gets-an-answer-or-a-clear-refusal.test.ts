import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { siteLogs, writeLog } from './support/site-logs.js';
import { hostileText } from './support/hostile-text.js';

/** Words of a database or runtime error that a person should never be shown in place of what to do. */
const INTERNAL =
  /Binder Error|Parser Error|Conversion Error|Catalog Error|Invalid Input Error|Out of Range Error|Internal Error|INTERNAL Error|DuckDB|SELECT |Invalid time value|URI malformed|Cannot read properties|is not a function/;

/**
 * Log text as a browser puts it in an address: at most 150 characters, which with the rest of an address stays under the 16 KB request head Node takes (it refuses more
 * with its own 431 before the dashboard sees it).
 */
const inAddress = (): fc.Arbitrary<string> => hostileText().map((t) => t.slice(0, 150));

let dashboard: Dashboard;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-queries-'));
  writeLog(join(dir, 'app.jsonl'), siteLogs({ seed: 3, visitors: 8 }).records);
  dashboard = await startDashboard({ sources: [dir], port: 0, follow: false });
}, 60_000);
afterAll(async () => {
  await dashboard?.close();
});

/** The headers the dashboard's own page sends with a state-changing call (see access.ts). */
const SAME_ORIGIN_POST = { 'X-Logbook-Request': '1', 'Sec-Fetch-Site': 'same-origin' };

async function ask(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: unknown; text: string }> {
  const res = await fetch(new URL(path, dashboard.url), init);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

/** A 200, or a 4xx whose JSON says in words what was wrong: never a 500, never a database error echoed. */
function expectAnswerOrClearRefusal(r: { status: number; body: unknown; text: string }, asked: string): void {
  const said = `${asked} -> ${r.status} ${r.text.slice(0, 300)}`;
  expect(r.status === 200 || (r.status >= 400 && r.status < 500), said).toBe(true);
  if (r.status !== 200) {
    const error = (r.body as { error?: unknown } | undefined)?.error;
    expect(typeof error, said).toBe('string');
    expect((error as string).length, said).toBeGreaterThan(10);
    expect(error, said).not.toMatch(INTERNAL);
  }
}

const key = fc.constantFrom(
  'client',
  'ip',
  'path',
  'route',
  'status',
  'ua',
  'level',
  'signal',
  'rule',
  'ticket',
  'user',
  'nope',
  '',
  'PATH',
);
const term = fc.oneof(
  fc
    .tuple(
      key,
      fc.constantFrom('=', '!=', '==', ''),
      fc.oneof(inAddress(), fc.constantFrom('4xx', '*', '?', '9xx', '404', "'", '\\')),
    )
    .map(([k, op, v]) => `${k}${op}${v}`),
  inAddress(),
);
const bound = fc.oneof(
  fc.constantFrom(
    '2026-11',
    '2026-02-30',
    '24h',
    '0m',
    '99999999999999d',
    '275761-01-01',
    '9999999w',
    '2026-11-21T10:00Z',
    '-1d',
    '',
  ),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map((n) => `${n}${'mhdw'[Number(n % 4n)]}`),
  inAddress(),
);
const numberish = fc.oneof(
  fc.constantFrom('0', '-1', '1.5', '1e400', 'NaN', '', '9'.repeat(400), '0x10', ' 7'),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  inAddress(),
);

describe('the dashboard answers any query a browser can send, or refuses it in words', () => {
  it('/api/report and /api/records with any filters, time bounds, limits and cursors', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(term, { maxLength: 3 }),
        fc.option(bound, { nil: undefined }),
        fc.option(bound, { nil: undefined }),
        fc.option(numberish, { nil: undefined }),
        fc.option(
          fc.oneof(
            numberish,
            fc.tuple(numberish, numberish).map(([a, b]) => `${a}.${b}`),
          ),
          { nil: undefined },
        ),
        async (terms, since, until, limit, before) => {
          const q = new URLSearchParams();
          for (const t of terms) q.append('f', t);
          if (since !== undefined) q.set('since', since);
          if (until !== undefined) q.set('until', until);
          expectAnswerOrClearRefusal(await ask(`/api/report?${q.toString()}`), `report ${q.toString()}`);
          if (limit !== undefined) q.set('limit', limit);
          if (before !== undefined) q.set('before', before);
          expectAnswerOrClearRefusal(await ask(`/api/records?${q.toString()}`), `records ${q.toString()}`);
        },
      ),
      propertyRuns(40),
    );
  }, 60_000);

  it('a record id, an incident reference or a ticket fingerprint of any shape in the path', async () => {
    const segment = fc.oneof(
      numberish,
      inAddress().map(encodeURIComponent),
      fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '..%2f..', 'E-%ZZ'),
    );
    await fc.assert(
      fc.asyncProperty(segment, async (s) => {
        expectAnswerOrClearRefusal(await ask(`/api/record/${s}`), `record ${s}`);
        expectAnswerOrClearRefusal(await ask(`/api/incident/${s}`), `incident ${s}`);
        // The page's own POST: same origin, as the browser sends it.
        const post = await ask(`/api/tickets/${s}/solve`, {
          method: 'POST',
          headers: SAME_ORIGIN_POST,
        });
        expectAnswerOrClearRefusal(post, `solve ${s}`);
        expect(post.status, `solve ${s}`).not.toBe(403); // the call is the page's own: the ticket is looked up
      }),
      propertyRuns(40),
    );
  }, 60_000);
});

// Counterexamples the properties above found, shrunk.
describe('the dashboard refuses odd addresses in words', () => {
  it('a record id of 400 digits is no record (it was a 500 quoting DuckDB: Referenced column "Infinity" not found)', async () => {
    const r = await ask(`/api/record/${'9'.repeat(400)}`);
    expect({ status: r.status, body: r.body }).toEqual({ status: 404, body: { error: 'No such record.' } });
  });

  it('a ticket fingerprint that is not valid percent-encoding is no ticket (it was a 500 "URI malformed")', async () => {
    const r = await ask('/api/tickets/%zz/solve', { method: 'POST', headers: SAME_ORIGIN_POST });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: 'No ticket with that fingerprint in these logs.' });
  });

  it('a span back past the earliest date is not a date (it was a 400 saying only "Invalid time value")', async () => {
    const r = await ask('/api/report?since=5900889549h');
    expect(r.status).toBe(400);
    expect((r.body as { error: string }).error).toMatch(/^--since 5900889549h: not a date\. Use an ISO date/);
  });
});
