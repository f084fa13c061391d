/**
 * A rotating handler's compression passes, one at a time. A pass asked for while one runs runs again right after
 * it; a pass that left files because they were written to moments ago says when to look again.
 */
export class CompressionPasses {
  private state: 'idle' | 'scheduled' | 'running' = 'idle';
  private again = false;

  /**
   * `pass` compresses what it can and returns when to look again (epoch ms; Infinity for never); after `stopped()`
   * turns true no further pass is scheduled.
   */
  constructor(
    private readonly pass: () => Promise<number>,
    private readonly delayMs: number,
    private readonly stopped: () => boolean = () => false,
  ) {}

  /** A pass `delay` ms from now, unless one is already due. */
  schedule(delay = this.delayMs): void {
    if (this.state === 'running') this.again = true;
    if (this.state !== 'idle') return;
    this.state = 'scheduled';
    setTimeout(() => void this.run(), delay).unref();
  }

  private async run(): Promise<void> {
    this.state = 'running';
    this.again = false;
    const nextDue = await this.pass();
    this.state = 'idle';
    if (this.stopped()) return;
    if (this.again) this.schedule();
    else if (nextDue !== Infinity) this.schedule(Math.max(nextDue - Date.now(), 10));
  }
}
