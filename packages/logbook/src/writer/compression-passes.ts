/**
 * A rotating handler's compression passes, one at a time. A pass asked for while one runs runs again right after
 * it; a pass that left files because they were written to moments ago says when to look again. `stop()` (the
 * handler's close) ends them: none starts after it, and the running one is cancelled through `signal`.
 */
export class CompressionPasses {
  private state: 'idle' | 'scheduled' | 'running' = 'idle';
  private again = false;
  private timer: NodeJS.Timeout | undefined = undefined;
  private running: Promise<void> | undefined = undefined;
  private readonly stopping = new AbortController();

  /** `pass` compresses what it can and returns when to look again (epoch ms; Infinity for never). */
  constructor(
    private readonly pass: () => Promise<number>,
    private readonly delayMs: number,
  ) {}

  /** Aborted by `stop()`: the running pass gives up the archive it writes and starts no other. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /** A pass `delay` ms from now, unless one is already due. */
  schedule(delay = this.delayMs): void {
    if (this.signal.aborted) return;
    if (this.state === 'running') this.again = true;
    if (this.state !== 'idle') return;
    this.state = 'scheduled';
    this.startAt(Date.now() + delay);
  }

  /**
   * Starts a pass at `at` (epoch ms), not sooner: a timer may fire a millisecond or more before Date.now() reaches
   * its end (it counts from the event loop's cached time), and a file left as written to moments ago would be early.
   */
  private startAt(at: number): void {
    // Unref'd: a pass still to come must not keep a process alive that has nothing else to do.
    this.timer = setTimeout(
      () => {
        if (this.signal.aborted) return;
        if (Date.now() < at) this.startAt(at);
        else this.running = this.run();
      },
      Math.max(at - Date.now(), 0),
    ).unref();
  }

  /** No pass starts after this; resolves once the running one, cancelled, has ended. */
  stop(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    return this.running ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    this.state = 'running';
    this.again = false;
    // Housekeeping must not end the program: a pass that fails (a folder made unreadable) is tried at the next
    // rotation.
    const nextDue = await this.pass().catch(() => Infinity);
    this.state = 'idle';
    this.running = undefined;
    if (this.again) this.schedule();
    else if (nextDue !== Infinity) this.schedule(Math.max(nextDue - Date.now(), 10));
  }
}
