// The push/pop/bind verbs shared by handlers, processors and nested setups.

import { stack, type StackMember } from './stack.js';

export abstract class Stackable {
  /** The stack entries this object stands for (a nested setup stands for several). */
  protected stackMembers(): readonly StackMember[] {
    return [this as unknown as StackMember];
  }

  /** Pushes onto the application-wide stack: every async context sees it. */
  pushApplication(): this {
    for (const member of this.stackMembers()) stack.pushApplication(member);
    return this;
  }

  /** Pops from the application stack; throws StackOrderError if something else is on top. */
  popApplication(): void {
    const members = this.stackMembers();
    for (let i = members.length - 1; i >= 0; i--) stack.popApplication(members[i]!);
  }

  /**
   * Pushes onto the current async context until popContext(). Prefer bind(): it cannot leak past
   * the work it wraps.
   */
  pushContext(): this {
    for (const member of this.stackMembers()) stack.pushContext(member);
    return this;
  }

  popContext(): void {
    const members = this.stackMembers();
    for (let i = members.length - 1; i >= 0; i--) stack.popContext(members[i]!);
  }

  /** Runs fn (sync or async) with this object on the stack of fn's async context only. */
  bind<R>(fn: () => R): R {
    const members = this.stackMembers();
    let wrapped: () => R = fn;
    for (let i = members.length - 1; i >= 0; i--) {
      const member = members[i]!;
      const inner = wrapped;
      wrapped = () => stack.bind(member, inner);
    }
    return wrapped();
  }

  /** Pushes to the application stack and pops at the end of a `using` block. */
  applicationBound(): Disposable {
    this.pushApplication();
    return { [Symbol.dispose]: () => this.popApplication() };
  }

  /** Pushes to the current async context and pops at the end of a `using` block. */
  contextBound(): Disposable {
    this.pushContext();
    return { [Symbol.dispose]: () => this.popContext() };
  }
}
