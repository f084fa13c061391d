// The handler and processor stack. Objects are pushed either to the application (seen everywhere) or
// to the current async context (seen only by code running inside it, e.g. one HTTP request). The
// stack a record walks merges both by push order: the newest push comes first, whatever its scope —
// the rule Python Logbook follows, so a context handler pushed after an application handler wins.

import { AsyncLocalStorage } from 'node:async_hooks';
import { DISABLED } from './level.js';

/** What a stack resolves to for one async context. Cached; rebuilt only when a stack changes. */
export interface ResolvedStack {
  readonly handlers: readonly StackHandler[];
  readonly processors: readonly StackProcessor[];
  /** The lowest level any handler on this stack can receive; below it a call builds nothing. */
  readonly minLevel: number;
  /** Whether some handler wants the caller's file and line (costly: only then is a stack captured). */
  readonly needsCaller: boolean;
}

/** The parts of a handler the stack needs (the full class lives in handler.ts). */
export interface StackHandler {
  readonly kind: 'handler';
  level: number;
  bubble: boolean;
  readonly filter: unknown;
  readonly blackhole: boolean;
  readonly wantsCaller: boolean;
  toString(): string;
}

export interface StackProcessor {
  readonly kind: 'processor';
  toString(): string;
}

export type StackMember = StackHandler | StackProcessor;

export class StackOrderError extends Error {
  override name = 'StackOrderError';
}

interface Entry {
  readonly member: StackMember;
  readonly seq: number;
}

/** One context binding; frames link to the binding they were made inside, so nested contexts inherit. */
class ContextFrame {
  resolved: ResolvedStack | undefined = undefined;
  resolvedAt = -1;
  /**
   * Set by popContext. enterWith() also changes the context of whoever called the pushing code (an async
   * function's caller, until its first await), and a pop made later cannot undo that; a popped frame is
   * therefore skipped wherever it is still linked, so the member is gone everywhere once popped.
   */
  popped = false;
  constructor(
    readonly entry: Entry,
    readonly parent: ContextFrame | undefined,
  ) {}
}

function describe(member: StackMember): string {
  return member.toString();
}

/** Names the top of a stack; "another X" when it reads like the member being popped (two TestHandlers). */
function other(member: StackMember, top: StackMember): string {
  const text = describe(top);
  return text === describe(member) ? `another ${text}` : text;
}

class StackRegistry {
  private seq = 0;
  /** Bumped on every change that could alter a resolved stack. */
  private version = 0;
  private readonly application: Entry[] = [];
  private applicationResolved: ResolvedStack = this.merge([]);
  private readonly storage = new AsyncLocalStorage<ContextFrame | undefined>();
  private contextsUsed = false;
  /** Levels of handlers currently bound to some context, counted, for the global gate. */
  private readonly contextLevels = new Map<number, number>();
  /**
   * Each bound handler's level as counted in contextLevels, and in how many contexts it is bound now (one handler
   * may be bound around several concurrent requests): a level change moves all of them.
   */
  private readonly bound = new Map<StackHandler, { level: number; count: number }>();
  /**
   * The lowest level any handler anywhere can take. A logging call below it returns after one
   * comparison, without looking up its async context.
   */
  gate = DISABLED;

  current(): ResolvedStack {
    if (!this.contextsUsed) return this.applicationResolved;
    const frame = this.storage.getStore();
    if (frame === undefined) return this.applicationResolved;
    if (frame.resolvedAt !== this.version) {
      frame.resolved = this.resolve(frame);
      frame.resolvedAt = this.version;
    }
    return frame.resolved!;
  }

  pushApplication(member: StackMember): void {
    this.application.push({ member, seq: ++this.seq });
    this.changed();
  }

  popApplication(member: StackMember): void {
    const top = this.application.at(-1);
    if (top === undefined) {
      throw new StackOrderError(`Cannot pop ${describe(member)} from the application stack: it is empty.`);
    }
    if (top.member !== member) {
      if (!this.application.some((entry) => entry.member === member)) {
        throw new StackOrderError(
          `Cannot pop ${describe(member)} from the application stack: it is not on it (popped already, or ` +
            'never pushed there: bind() and pushContext() push to the async context, not the application).',
        );
      }
      throw new StackOrderError(
        `Cannot pop ${describe(member)} from the application stack: the top is ${other(member, top.member)}, ` +
          'pushed after it. Pop in the reverse order of pushing.',
      );
    }
    this.application.pop();
    this.changed();
  }

  /** Runs fn with member pushed onto the current async context; popped when fn (or its promise) ends. */
  bind<R>(member: StackMember, fn: () => R): R {
    const frame = new ContextFrame({ member, seq: ++this.seq }, this.storage.getStore());
    this.contextsUsed = true;
    this.countBound(member, +1);
    let result: R;
    try {
      result = this.storage.run(frame, fn);
    } catch (error) {
      this.countBound(member, -1);
      throw error;
    }
    if (isThenable(result)) {
      const release = (): void => this.countBound(member, -1);
      result.then(release, release);
    } else {
      this.countBound(member, -1);
    }
    return result;
  }

  /** Pushes onto the current async context until popContext (AsyncLocalStorage.enterWith). */
  pushContext(member: StackMember): void {
    const frame = new ContextFrame({ member, seq: ++this.seq }, this.storage.getStore());
    this.contextsUsed = true;
    this.countBound(member, +1);
    this.storage.enterWith(frame);
  }

  popContext(member: StackMember): void {
    const frame = this.storage.getStore();
    if (frame === undefined) {
      throw new StackOrderError(
        `Cannot pop ${describe(member)} from the context stack: nothing is pushed here.`,
      );
    }
    if (frame.entry.member !== member) {
      let onStack = false;
      for (let f: ContextFrame | undefined = frame; f !== undefined; f = f.parent) {
        if (f.entry.member === member && !f.popped) onStack = true;
      }
      throw new StackOrderError(
        onStack
          ? `Cannot pop ${describe(member)} from the context stack: the top is ${other(member, frame.entry.member)}, ` +
              'pushed after it. Pop in the reverse order of pushing.'
          : `Cannot pop ${describe(member)} from the context stack: it is not on it (popped already, or ` +
              'never pushed to this async context).',
      );
    }
    this.countBound(member, -1);
    frame.popped = true;
    this.version++; // resolved stacks of contexts still linked to this frame must drop it
    this.storage.enterWith(frame.parent);
  }

  /** A handler's level or bubbling changed: resolved stacks must be rebuilt. */
  handlerChanged(handler: StackHandler): void {
    const entry = this.bound.get(handler);
    if (entry !== undefined) {
      this.adjustLevelCount(entry.level, -entry.count);
      this.adjustLevelCount(handler.level, entry.count);
      entry.level = handler.level;
    }
    this.changed();
  }

  /** Every handler on the application stack, newest first (for flushing at exit). */
  applicationHandlers(): readonly StackHandler[] {
    return this.applicationResolved.handlers;
  }

  private countBound(member: StackMember, delta: 1 | -1): void {
    if (member.kind !== 'handler') return;
    const entry = this.bound.get(member);
    if (delta > 0) {
      if (entry === undefined) this.bound.set(member, { level: member.level, count: 1 });
      else entry.count++;
      this.adjustLevelCount(member.level, 1);
    } else if (entry !== undefined) {
      this.adjustLevelCount(entry.level, -1);
      if (--entry.count === 0) this.bound.delete(member);
    }
    this.recomputeGate();
  }

  private adjustLevelCount(level: number, delta: number): void {
    const count = (this.contextLevels.get(level) ?? 0) + delta;
    if (count <= 0) this.contextLevels.delete(level);
    else this.contextLevels.set(level, count);
  }

  private changed(): void {
    this.version++;
    this.applicationResolved = this.merge(this.application);
    this.recomputeGate();
  }

  private recomputeGate(): void {
    let gate = this.applicationResolved.minLevel;
    for (const level of this.contextLevels.keys()) if (level < gate) gate = level;
    this.gate = gate;
  }

  private resolve(frame: ContextFrame): ResolvedStack {
    const entries: Entry[] = [];
    for (let f: ContextFrame | undefined = frame; f !== undefined; f = f.parent) {
      if (!f.popped) entries.push(f.entry);
    }
    entries.reverse();
    // Both lists are in push order; merge them by sequence number.
    const merged: Entry[] = [];
    let a = 0;
    let c = 0;
    while (a < this.application.length || c < entries.length) {
      const app = this.application[a];
      const ctx = entries[c];
      if (ctx === undefined || (app !== undefined && app.seq < ctx.seq)) {
        merged.push(app!);
        a++;
      } else {
        merged.push(ctx);
        c++;
      }
    }
    return this.merge(merged);
  }

  /** Builds the walk order (newest first) and the lowest level that can reach a handler that emits. */
  private merge(entries: readonly Entry[]): ResolvedStack {
    const handlers: StackHandler[] = [];
    const processors: StackProcessor[] = [];
    let minLevel = DISABLED;
    let blockedFrom = DISABLED; // records at or above this level are stopped by a handler above
    let needsCaller = false;
    for (let i = entries.length - 1; i >= 0; i--) {
      const member = entries[i]!.member;
      if (member.kind === 'processor') {
        if (!processors.includes(member)) processors.push(member);
        continue;
      }
      // A handler pushed twice (setup code run twice, nested applicationBound) takes each record once.
      if (handlers.includes(member)) continue;
      handlers.push(member);
      if (member.level < blockedFrom) {
        if (!member.blackhole) {
          if (member.level < minLevel) minLevel = member.level;
          if (member.wantsCaller) needsCaller = true;
        }
        if (!member.bubble && member.filter === undefined) blockedFrom = member.level;
      }
    }
    return { handlers, processors, minLevel, needsCaller };
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

// One registry per process, even when two copies of this package are loaded (a library and the app
// resolving different paths): both must see the same stack.
const KEY = Symbol.for('logbook.stack-registry.v1');
const holder = globalThis as unknown as Record<symbol, StackRegistry | undefined>;
export const stack: StackRegistry = (holder[KEY] ??= new StackRegistry());
