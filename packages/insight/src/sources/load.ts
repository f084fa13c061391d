import { isUtf8 } from 'node:buffer';
import { stageTimer } from '../timing.js';
import { rows, openDb, closeDb, type Db } from '../db.js';
import { RECORDS_COLUMNS, createTables } from '../table.js';
import { classifyStage, buildRecords, type StageTables } from '../classify-stage.js';
import { expandSources } from './files.js';
import { detectFile, unknownFormatReason, type FormatOption, type SourceFormat } from './detect.js';
import { loadAccessLog } from './access-log.js';
import type { RequestTimeUnit } from './request-time.js';
import { loadJsonl } from './jsonl.js';
import { loadJsonAccessLog } from './json-access.js';
import { jsonAccessProblem } from './json-access-keys.js';
import { notAnAccessEntry } from './json-access-server.js';
import { countNonEmptyLines, isBlank } from './line-scan.js';
import { boundedLines, isLongLine, type LongLine } from './bounded-lines.js';
import { parseAccessLine } from './access-line.js';
import { withoutLeadingMark } from './json-refused-lines.js';
import { MAX_JSON_LINE } from './json-value.js';
import { ZERO_FILL, zeroRun } from './zero-fill.js';
import { counted } from '../render/counted.js';

export interface LoadOptions {
  /** Force a format instead of detecting it per file. */
  format?: FormatOption;
  /** How a number after an access line's fields is read as the request's duration (see request-time.ts). */
  requestTime?: RequestTimeUnit;
  /** Fail when any line was skipped. */
  strict?: boolean;
  /**
   * Leave out what no report section reads — record ids, message texts, channel, session, user name and email,
   * response bytes, device, the source file and the incident body: those columns stay in `records` but are
   * left NULL where that saves work.
   * For a one-off `logbook report`; the dashboard and `logbook sql` load everything.
   */
  lean?: boolean;
  /** Called after each file, to drive a progress bar. */
  onProgress?: (done: number, total: number, file: string) => void;
}

export interface SkipSample {
  line: number;
  reason: string;
}
export interface SkippedFile {
  file: string;
  count: number;
  samples: SkipSample[];
}
export interface SourceFile {
  file: string;
  format: SourceFormat | 'empty' | 'unknown';
  gzip: boolean;
  records: number;
}
export interface Skipped {
  count: number;
  files: SkippedFile[];
}

/** A database holding the `records` table (and `requests`/`events` views) built from a set of sources. */
export interface LoadedLogs extends Db {
  files: SourceFile[];
  skipped: Skipped;
  /** The inputs as given, to find the folder that holds `.logbook/` state. */
  inputs: string[];
  close(): void;
}

/** Raised by --strict when lines were skipped. */
export class StrictError extends Error {
  override name = 'StrictError';
}

const MAX_LINE = 1024 * 1024;
const SAMPLES = 3;

/** Reads every source into one DuckDB database. Malformed lines are skipped and counted per file. */
export async function loadSources(inputs: readonly string[], options: LoadOptions = {}): Promise<LoadedLogs> {
  const timing = stageTimer();
  const files = expandSources(inputs);
  const db = await openDb();
  const stage: StageTables = { access: [] };
  const sources: SourceFile[] = [];
  const skipped: SkippedFile[] = [];
  let done = 0;
  for (const file of files) {
    const detected = detectFile(file);
    const format = forced(options.format) ?? detected.format;
    let records = 0;
    let lines: number;
    let badTexts: string[] | undefined;
    if (format === 'access') {
      const table = `access_${stage.access.length}`;
      ({ records, lines, badTexts } = await loadAccessLog(
        db,
        file,
        detected.gzip,
        table,
        timing,
        options.lean,
        options.requestTime,
      ));
      stage.access.push({ table, file });
    } else if (format === 'json-access') {
      // Staged as an access log: classified, and in every report, exactly like one.
      const table = `access_${stage.access.length}`;
      ({ records, lines } = await loadJsonAccessLog(
        db,
        file,
        detected.gzip,
        table,
        options.lean,
        options.requestTime,
        detected.server,
      ));
      stage.access.push({ table, file });
    } else if (format === 'jsonl') {
      if (!stage.jsonl) {
        stage.jsonl = 'stage_jsonl';
        await db.conn.run(`CREATE TABLE ${stage.jsonl} (${RECORDS_COLUMNS})`);
      }
      ({ records, lines } = await loadJsonl(db, file, detected.gzip, stage.jsonl, options.lean));
    } else if (detected.damaged !== undefined) {
      lines = 1; // not readable at all: listed as one skipped line rather than stopping every command on it
    } else {
      lines = await countNonEmptyLines(file, detected.gzip);
    }
    sources.push({ file, format, gzip: detected.gzip, records });
    timing(format === 'access' ? 'access: tidy and count' : `${format}: read`);
    if (lines > records) {
      skipped.push({
        file,
        count: lines - records,
        samples:
          detected.damaged !== undefined
            ? [{ line: 1, reason: `gzip magic bytes but no gzip data (${detected.damaged}); file skipped` }]
            : await sampleBadLines(file, detected.gzip, format, Math.min(SAMPLES, lines - records), badTexts),
      });
      timing('samples of skipped lines');
    }
    options.onProgress?.(++done, files.length, file);
  }
  const classified = await classifyStage(db, stage);
  timing('classify');
  await buildRecords(db, stage, classified, options.lean);
  timing('build records');
  await createTables(db);
  const total = skipped.reduce((n, f) => n + f.count, 0);
  const loaded: LoadedLogs = {
    ...db,
    files: sources,
    skipped: { count: total, files: skipped },
    inputs: [...inputs],
    close: () => closeDb(db),
  };
  if (options.strict && total > 0) {
    loaded.close();
    const first = skipped[0]!;
    const where = first.samples[0]
      ? `at line ${first.samples.map((s) => s.line).join(', ')} (${first.samples[0].reason})`
      : '(its line number could not be found)';
    throw new StrictError(
      `--strict: ${counted(total, 'malformed line')} skipped, first in ${first.file} ${where}. Fix or remove them, or run without --strict.`,
    );
  }
  return loaded;
}

function forced(f: FormatOption | undefined): SourceFormat | undefined {
  if (f === undefined || f === 'auto') return undefined;
  return f === 'jsonl' || f === 'json-access' ? f : 'access';
}

/**
 * Finds the first few malformed lines of a file with the same rules the DuckDB readers apply. When the reader
 * handed over the texts of the lines it could not parse, only lines with one of those texts, or that DuckDB could
 * not read at all (invalid UTF-8, longer than 1 MB), are judged: a length compare per line instead of a parse.
 * Should that find fewer than `expected` (a line DuckDB and Node split differently), every line is judged instead.
 */
async function sampleBadLines(
  file: string,
  gzip: boolean,
  format: string,
  expected: number,
  badTexts?: readonly string[],
): Promise<SkipSample[]> {
  if (badTexts) {
    const texts = new Set(badTexts);
    const lengths = new Set(badTexts.map((t) => Buffer.byteLength(t)));
    const samples = await scanSamples(file, gzip, format, (buf) => {
      if (!isUtf8(buf)) return true;
      return lengths.has(buf.length) && texts.has(buf.toString('utf8'));
    });
    if (samples.length >= expected) return samples;
  }
  return scanSamples(file, gzip, format, () => true);
}

/** The longest line a format's reader takes, in bytes. */
const maxLine = (format: string): number => (format === 'access' ? MAX_LINE : MAX_JSON_LINE);

/**
 * Judges the non-blank lines `candidate` picks (every line longer than the format's reader takes is picked), in
 * order, until SAMPLES bad ones are found; one for a file of unknown format, which is skipped whole for one reason. A
 * longer line is never held whole (see boundedLines): a zero-filled region of gigabytes is judged by its count.
 */
async function scanSamples(
  file: string,
  gzip: boolean,
  format: string,
  candidate: (line: Buffer) => boolean,
): Promise<SkipSample[]> {
  const limit = isLineFormat(format) ? SAMPLES : 1;
  const samples: SkipSample[] = [];
  let lineNo = 0;
  for await (const lines of boundedLines(file, gzip, maxLine(format)))
    for (const line of lines) {
      lineNo++;
      if (!isLongLine(line) && (line.length === 0 || isBlank(line) || !candidate(line))) continue;
      const reason = isLongLine(line) ? judgeLong(line, format) : judge(line, format);
      if (reason) samples.push({ line: lineNo, reason });
      if (samples.length >= limit) return samples;
    }
  return samples;
}

/** Formats read line by line, whose bad lines are judged one by one (an unknown format is skipped whole). */
const isLineFormat = (format: string): boolean =>
  format === 'jsonl' || format === 'access' || format === 'json-access';

/** What a line longer than the format's reader takes is: a run of NUL bytes and what follows, or just too long. */
function judgeLong(line: LongLine, format: string): string {
  // (the reason depends on how the line starts: a run, then text or not)
  if (!isLineFormat(format))
    return unknownFormatReason(`${line.zeros > 0 ? '\0' : ''}${line.text?.toString('utf8') ?? ''}`);
  return line.zeros > 0 ? zeroFilledReason(line.zeros, line.text, format) : tooLongReason(format);
}

const tooLongReason = (format: string): string =>
  format === 'access' ? 'line longer than 1 MB' : 'line longer than 16 MiB';

function judge(buf: Buffer, format: string): string | undefined {
  if (!isLineFormat(format)) return unknownFormatReason(buf.toString('utf8'));
  const zeros = zeroRun(buf);
  if (zeros > 0) return zeroFilledReason(zeros, buf.subarray(zeros), format);
  if (!isUtf8(buf)) return 'invalid UTF-8';
  const text = buf.toString('utf8');
  if (format === 'access')
    return parseAccessLine(text) ? undefined : 'not a complete access-log line (truncated?)';
  let value: unknown;
  try {
    // a mark before a line is passed over, as the readers do (json-refused-lines.ts)
    value = JSON.parse(withoutLeadingMark(text));
  } catch {
    return 'not valid JSON (truncated?)';
  }
  if (format === 'json-access') {
    // Caddy's other loggers' lines are passed over by the reader, not skipped
    if (otherLoggersLine(value) !== undefined) return undefined;
    return jsonAccessProblem(value);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const rec = value as { time?: unknown; level?: unknown };
  if (typeof rec.time !== 'string' || typeof rec.level !== 'string')
    return 'not a Logbook record (no time or level)';
  if (Number.isNaN(Date.parse(rec.time))) return 'time is not an ISO-8601 date';
  return undefined;
}

/** Why a parsed line is a line of another logger than the access log's (Caddy's), or undefined. */
const otherLoggersLine = (value: unknown): string | undefined =>
  typeof value === 'object' && value !== null
    ? notAnAccessEntry(value as Record<string, unknown>)
    : undefined;

/**
 * Why a line that starts with `zeros` NUL bytes (see zero-fill.ts) was skipped: the run, and what follows it when
 * that is no line either (`rest` undefined: longer than the format's reader takes). Every
 * reader reads the line after the run, as it would on a line of its own.
 */
function zeroFilledReason(zeros: number, rest: Buffer | undefined, format: string): string {
  const run = `${counted(zeros, 'NUL byte')} (${ZERO_FILL})`;
  if (rest === undefined) return `${run}, then ${tooLongReason(format)}`;
  if (isBlank(rest)) return run;
  const after = judge(rest, format);
  if (after !== undefined) return `${run}, then ${after}`;
  if (format === 'access') return `${run} before a request, which is read`;
  if (format === 'jsonl') return `${run} before a record, which is read`;
  const other = otherLoggersLine(parsedOrUndefined(rest));
  return other === undefined ? `${run} before a request, which is read` : `${run} before ${other}`;
}

function parsedOrUndefined(buf: Buffer): unknown {
  try {
    return JSON.parse(withoutLeadingMark(buf.toString('utf8')));
  } catch {
    return undefined;
  }
}

export { rows };
