// The JSON formatter keeps what repeats (a template's level/channel/msg head, an event name's JSON) to build a
// line from few pieces. What it keeps must never leak into another record's line: the same message logged at
// another level keeps its own level, and an event name with letters beyond ASCII is written as UTF-8 in a file
// every time, not only the first. Fields whose toJSON() gives nothing are left out, and the line still parses.
// Stryker on formatters/json.ts lines 1-160 found none of these checked.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileHandler, JsonFormatter, Logger, StreamHandler } from '../src/index.js';
import { MemoryStream, pushForTest } from './helpers.js';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

type Line = { level: string; channel: string; message: string; event?: string; fields?: unknown };

function jsonLines(): MemoryStream {
  const stream = new MemoryStream();
  pushForTest(new StreamHandler(stream, { formatter: new JsonFormatter() }));
  return stream;
}

const parsed = (lines: readonly string[]): Line[] => lines.map((line) => JSON.parse(line) as Line);

class Unsaid {
  toJSON(): undefined {
    return undefined;
  }
}

describe('JSON lines', () => {
  it('write the same message at each level it is logged at', () => {
    const stream = jsonLines();
    const disk = new Logger('disk');
    disk.info('Disk almost full');
    disk.error('Disk almost full');
    disk.info('Disk almost full');
    new Logger('other').error('Disk almost full');
    expect(parsed(stream.lines).map((line) => `${line.level} ${line.channel}: ${line.message}`)).toEqual([
      'INFO disk: Disk almost full',
      'ERROR disk: Disk almost full',
      'INFO disk: Disk almost full',
      'ERROR other: Disk almost full',
    ]);
  });

  it('write an event name with letters beyond ASCII as UTF-8 in a file, every time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logbook-json-event-'));
    folders.push(dir);
    const path = join(dir, 'app.jsonl');
    const handler = pushForTest(new FileHandler(path, { sync: true }));
    const log = new Logger('shop');
    for (let n = 1; n <= 3; n++) log.info('paid {n}', { n }, { event: 'paiement.reçu' });
    handler.flushSync();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(parsed(lines).map((line) => line.event)).toEqual([
      'paiement.reçu',
      'paiement.reçu',
      'paiement.reçu',
    ]);
  });

  it('leave out fields whose toJSON() gives nothing, and still parse', () => {
    const stream = jsonLines();
    new Logger('app').info('nothing to say', new Unsaid() as unknown as Record<string, unknown>);
    const [line] = parsed(stream.lines);
    expect(line).not.toHaveProperty('fields');
    expect(line?.message).toBe('nothing to say');
  });
});
