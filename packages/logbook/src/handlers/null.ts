import { Handler, type HandlerOptions } from '../handler.js';

/**
 * A blackhole: takes records at or above its level and drops them, so handlers below it never see
 * them. Push one first to make sure nothing reaches handlers pushed by others (Logbook's NullHandler).
 */
export class NullHandler extends Handler {
  override readonly blackhole = true;

  constructor(options: Omit<HandlerOptions, 'bubble' | 'formatter'> = {}) {
    super({ ...options, bubble: false });
  }

  emit(): void {}
}
