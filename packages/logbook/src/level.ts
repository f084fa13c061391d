// Levels are plain integers so the gate on the hot path is one comparison.
// The numbers leave room between levels and match pino's where the names agree.

export const Level = {
  NOTSET: 0,
  TRACE: 10,
  DEBUG: 20,
  INFO: 30,
  NOTICE: 35,
  WARNING: 40,
  ERROR: 50,
  CRITICAL: 60,
} as const;

export type LevelName = 'TRACE' | 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR' | 'CRITICAL';
export type LevelValue = (typeof Level)[keyof typeof Level];
/** A level given by number or by name, in any case (`'warning'`, `'WARNING'`, `40`). */
export type LevelLike = number | LevelName | Lowercase<LevelName> | 'NOTSET' | 'notset';

/** Above every level: a handler or logger at this level takes nothing. */
export const DISABLED = Number.MAX_SAFE_INTEGER;

const NAMES: ReadonlyMap<number, LevelName> = new Map([
  [Level.TRACE, 'TRACE'],
  [Level.DEBUG, 'DEBUG'],
  [Level.INFO, 'INFO'],
  [Level.NOTICE, 'NOTICE'],
  [Level.WARNING, 'WARNING'],
  [Level.ERROR, 'ERROR'],
  [Level.CRITICAL, 'CRITICAL'],
]);

export const LEVEL_NAMES: readonly LevelName[] = [...NAMES.values()];

export class UnknownLevelError extends Error {
  override name = 'UnknownLevelError';
  constructor(value: unknown) {
    super(
      `Unknown log level ${describe(value)}: use one of ${LEVEL_NAMES.join(', ')} (any case) or a number from 0.`,
    );
  }
}

/** The value that was given, as text: JSON.stringify throws on a BigInt or a cycle, which would hide the reason. */
function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  try {
    // undefined, a symbol, a function: no JSON text, so their own text (`Symbol(info)`, the source).
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

const DIGITS = /^\d{1,15}$/;

/** Turns a level name or number into its number; throws UnknownLevelError for anything else. */
export function toLevel(value: LevelLike): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
    throw new UnknownLevelError(value);
  }
  const upper = typeof value === 'string' ? value.trim().toUpperCase() : '';
  // A number written as text (LOGBOOK_LEVEL=30, a config value "30"): the number it says.
  if (DIGITS.test(upper)) return Number(upper);
  if (upper === 'WARN') return Level.WARNING;
  if (upper === 'FATAL') return Level.CRITICAL;
  const found = (Level as Record<string, number>)[upper];
  if (found === undefined) throw new UnknownLevelError(value);
  return found;
}

/**
 * The name of a level number. A number between two named levels takes the name of the
 * level below it (a custom level 45 prints as WARNING), so every record has a schema-valid name.
 */
export function levelName(level: number): LevelName {
  const exact = NAMES.get(level);
  if (exact !== undefined) return exact;
  let name: LevelName = 'TRACE';
  for (const [value, candidate] of NAMES) if (level >= value) name = candidate;
  return name;
}
