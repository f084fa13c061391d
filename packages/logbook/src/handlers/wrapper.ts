import { Handler, type HandlerOptions } from '../handler.js';

/** A handler that passes records on to another one; flush and close reach the inner handler. */
export abstract class WrapperHandler extends Handler {
  constructor(
    protected readonly inner: Handler,
    options: HandlerOptions = {},
  ) {
    super(options);
    // The records pass through to the inner handler: if it shows the caller, the caller must be captured.
    if (inner.wantsCaller) this.wantsCaller = true;
  }

  override flush(): void | Promise<void> {
    return this.inner.flush();
  }

  override flushSync(): void {
    this.inner.flushSync();
  }

  override close(): void | Promise<void> {
    return this.inner.close();
  }

  override toString(): string {
    return `${super.toString().slice(0, -1)}, inner=${String(this.inner)})`;
  }
}
