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

  /**
   * Runs fn with this handler bound (see bind()) and calls `end` once fn has finished, however it finished: a
   * handler that holds records writes them when the work it was bound around is over.
   */
  protected bindThen<R>(fn: () => R, end: () => void): R {
    let result: R;
    try {
      result = super.bind(fn);
    } catch (error) {
      // A job that throws at once still has its lines written (the last of them usually say why).
      end();
      throw error;
    }
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => {
          end();
          return value;
        },
        (error: unknown) => {
          end();
          throw error;
        },
      ) as R;
    }
    end();
    return result;
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
