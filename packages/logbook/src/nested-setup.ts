// Several handlers and processors that push and pop as one (Python Logbook's NestedSetup).

import type { Handler } from './handler.js';
import type { Processor } from './processor.js';
import type { StackMember } from './stack.js';
import { Stackable } from './stackable.js';

export type SetupMember = Handler | Processor;

export class NestedSetup extends Stackable {
  readonly members: readonly SetupMember[];

  /** Members are pushed in order, so the last one is the newest (visited first). */
  constructor(members: readonly SetupMember[]) {
    super();
    this.members = [...members];
  }

  protected override stackMembers(): readonly StackMember[] {
    return this.members;
  }

  /** Flushes every handler in the setup. */
  async flush(): Promise<void> {
    for (const member of this.members) if (member.kind === 'handler') await member.flush();
  }

  flushSync(): void {
    for (const member of this.members) if (member.kind === 'handler') member.flushSync();
  }

  async close(): Promise<void> {
    for (const member of this.members) if (member.kind === 'handler') await member.close();
  }

  override toString(): string {
    return `NestedSetup(${this.members.map(String).join(', ')})`;
  }
}
