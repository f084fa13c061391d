import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { propertyRuns } from '../../../test/support/property-runs.js';
import type { Report } from '../src/report/build-report.js';
import { renderTerminal } from '../src/render/terminal.js';
import { makeStyle } from '../src/render/style.js';
import { MIN_WIDTH } from '../src/render/display-width.js';
import { formatLive } from '../src/commands/tail.js';
import { flattenLine, type FlatRecord } from '../src/record-line.js';
import { ESCAPE, hostileText, RAW_CONTROL, SGR } from './support/hostile-text.js';
import { siteReport, withLogText } from './support/hostile-report.js';

/** The first raw control character of `text` (our own colour codes taken out), with where it is, or undefined. */
function rawControl(text: string): string | undefined {
  const plain = text.replace(SGR, '');
  const m = RAW_CONTROL.exec(plain);
  return m
    ? `U+${m[0].codePointAt(0)!.toString(16)} at ${m.index} in ${JSON.stringify(plain.slice(Math.max(0, m.index - 40), m.index + 40))}`
    : undefined;
}

/** Lines wider than `width` columns as a terminal draws them (string-width: wide East-Asian 2, marks 0). */
function overWide(text: string, width: number): string[] {
  return text
    .split('\n')
    .filter((line) => stringWidth(line) > width)
    .map((line) => `${stringWidth(line)} columns: ${JSON.stringify(line.replace(SGR, '').slice(0, 200))}`);
}

let base: Report;
beforeAll(async () => {
  base = await siteReport();
}, 60_000);

describe('the terminal report shows hostile log text inert and within its width', () => {
  it('has rows in every section the property fills with log text', () => {
    expect(base.crawlers.length).toBeGreaterThan(0);
    expect(base.attackers.length).toBeGreaterThan(0);
    expect(base.tickets.length).toBeGreaterThan(0);
    expect(base.not_found.broken_links.length + base.not_found.other.length).toBeGreaterThan(0);
    expect(base.clients.unknown.by_name.length).toBeGreaterThan(0);
    expect(base.skipped.count).toBeGreaterThan(0);
  });

  it('shows short log text whole: an IP, a crawler name and a rule id are not cut when the width has room', () => {
    // The first fix clipped each table as one string, lines together: every row after the title was cut to a few
    // characters ("203.0.1…").
    const out = renderTerminal(base, { width: 200, style: makeStyle(true), limit: 4 });
    const rows = [
      ...base.crawlers.slice(0, 4).map((c) => c.name),
      ...base.attackers.slice(0, 4).map((a) => a.ip),
    ];
    expect(rows.length).toBeGreaterThan(4);
    for (const text of rows) expect(out).toContain(text);
  });

  it('holds no raw control character from the logs, and no line wider than --width, in colour or not', () => {
    fc.assert(
      fc.property(
        fc.array(hostileText(), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: MIN_WIDTH, max: 220 }),
        fc.boolean(),
        (texts, width, colour) => {
          const out = renderTerminal(withLogText(base, texts), { width, style: makeStyle(colour), limit: 4 });
          expect(rawControl(out)).toBeUndefined();
          expect(overWide(out, width)).toEqual([]);
          // NO_COLOR: not one escape sequence, ours or the logs'.
          if (!colour) expect(out).not.toMatch(ESCAPE);
        },
      ),
      propertyRuns(60),
    );
  });
});

const flatRecord = (): fc.Arbitrary<FlatRecord> =>
  fc.record(
    {
      time: fc.oneof(hostileText(), fc.constant('2026-11-22T10:00:00.000Z')),
      level: fc.oneof(fc.constantFrom('INFO', 'ERROR', 'WARNING'), hostileText()),
      event: fc.oneof(fc.constant('http.request'), hostileText()),
      message: hostileText(),
      method: hostileText(),
      path: hostileText(),
      status: fc.integer({ min: 100, max: 599 }),
      duration_ms: fc.double({ min: 0, max: 1e6, noNaN: true }),
      ip: hostileText(),
      ua: hostileText(),
      kind: fc.oneof(fc.constantFrom('human', 'crawler', 'scanner', 'unknown'), hostileText()),
      name: hostileText(),
      browser: hostileText(),
      user: hostileText(),
      signals: fc.array(hostileText(), { maxLength: 3 }),
    },
    { requiredKeys: ['time', 'level', 'signals'] },
  );

describe('logbook tail lines show hostile log text inert', () => {
  it('a line holds no raw control character and no line break from the record, in colour or not', () => {
    fc.assert(
      fc.property(flatRecord(), fc.boolean(), (r, colour) => {
        const line = formatLive(r, makeStyle(colour));
        expect(rawControl(line)).toBeUndefined();
        expect(line).not.toContain('\n');
        if (!colour) expect(line).not.toMatch(ESCAPE);
      }),
      propertyRuns(200),
    );
  });

  it('an access-log line or a JSON record read from the file prints as one inert line', () => {
    const jsonLine = fc
      .record({ path: hostileText(), ua: hostileText(), message: hostileText(), user: hostileText() })
      .map(({ path, ua, message, user }) =>
        JSON.stringify({
          time: '2026-11-22T10:00:00.000Z',
          level: 'INFO',
          event: 'http.request',
          message,
          request: { method: 'GET', path, status: 200, ip: '192.0.2.1', ua },
          user: { id: user },
        }),
      );
    // An access line carries only the bytes a server writes: no line break, and quotes escaped.
    const oneLine = hostileText().map((t) => t.replace(/[\n"\\]/g, '_'));
    const accessLine = fc
      .tuple(oneLine, oneLine, oneLine)
      .map(
        ([path, referer, ua]) =>
          `192.0.2.7 - - [22/Nov/2026:10:00:00 +0000] "GET /${path} HTTP/1.1" 404 12 "${referer}" "${ua}"`,
      );
    fc.assert(
      fc.property(fc.oneof(jsonLine, accessLine), fc.boolean(), (text, colour) => {
        const r = flattenLine(text);
        if (r === undefined) return; // not a record: tail prints nothing
        const line = formatLive(r, makeStyle(colour));
        expect(rawControl(line)).toBeUndefined();
        expect(line).not.toContain('\n');
      }),
      propertyRuns(150),
    );
  });
});
