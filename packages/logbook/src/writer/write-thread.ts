// One worker thread per process writes file batches, so that formatting (main thread) and the write()
// system call (this thread) run at the same time. Everything handed over stays referenced here until the
// thread says it is written, so the main thread can always finish the job synchronously: drain() waits
// on a shared counter, and if the thread is gone it writes the batches the thread never started.
// Batches are UTF-8 byte strings (writer/byte-string.ts: one character per byte), written as 'latin1'.

import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

interface Batch {
  /** Which handler posted it, so that a failure reaches that handler even after its descriptor changed. */
  readonly owner: number;
  readonly fd: number;
  readonly text: string;
}

/**
 * A batch failed: `rest` is the end of a line the write cut (its start is in the file), `lost` how many
 * further lines were not written.
 */
type FailureListener = (owner: number, error: Error, lost: number, rest: string) => void;

const DONE = 0;
const STARTED = 1;

/**
 * Takes batches in order and writes each with one write() call; two shared counters (DONE, STARTED)
 * tell the main thread how far it got, so the main thread can wait for it synchronously.
 */
const WORKER_SOURCE = `
const { writeSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const control = new Int32Array(workerData.control);
parentPort.on('message', (batch) => {
  Atomics.add(control, 1, 1);
  const data = Buffer.from(batch.text, 'latin1');
  let offset = 0;
  try {
    while (offset < data.length) offset += writeSync(batch.fd, data, offset, data.length - offset);
  } catch (error) {
    let from = offset;
    let rest = '';
    if (offset > 0 && data[offset - 1] !== 10) {
      const end = data.indexOf(10, offset);
      from = end === -1 ? data.length : end + 1;
      rest = batch.text.slice(offset, from);
    }
    let lost = 0;
    for (let at = data.indexOf(10, from); at !== -1; at = data.indexOf(10, at + 1)) lost++;
    parentPort.postMessage({ owner: batch.owner, lost, rest, message: String(error && error.message), code: error && error.code, name: String(error && error.name) });
  }
  Atomics.add(control, 0, 1);
  Atomics.notify(control, 0);
});
`;

interface ThreadFailure {
  owner: number;
  lost: number;
  rest: string;
  message: string;
  code?: string;
  name: string;
}

export class WriteThread {
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;
  private readonly queue: Batch[] = [];
  private head = 0;
  private sent = 0;
  private confirmed = 0;
  private queuedChars = 0;
  private dead = false;
  private readonly failureListeners = new Set<FailureListener>();

  constructor() {
    // The thread's code is inline (eval) so that it runs the same from dist, from sources under a test
    // runner, and from a bundle: there is no second file to locate.
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { control: this.control.buffer },
      stdout: false,
      stderr: false,
    });
    this.worker.on('message', (failure: ThreadFailure) => {
      const error = new Error(failure.message) as NodeJS.ErrnoException;
      error.name = failure.name;
      if (failure.code !== undefined) error.code = failure.code;
      for (const listener of this.failureListeners)
        listener(failure.owner, error, failure.lost, failure.rest);
    });
    this.worker.on('error', () => {
      this.dead = true;
    });
    this.worker.on('exit', () => {
      this.dead = true;
    });
    // After the listeners: adding a 'message' listener refs the worker again.
    this.worker.unref();
  }

  onFailure(listener: FailureListener): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  /** Characters handed over and not yet written. */
  get backlog(): number {
    this.prune();
    return this.queuedChars;
  }

  /** Hands a batch of whole lines over; it is written after every batch posted before it. */
  post(owner: number, fd: number, text: string): void {
    if (this.dead) {
      this.drain();
      writeText(fd, text);
      return;
    }
    this.prune();
    const batch = { owner, fd, text };
    this.queue.push(batch);
    this.queuedChars += text.length;
    this.sent++;
    this.worker.postMessage(batch);
  }

  /**
   * Waits until the thread has written everything handed over. If it makes no progress for
   * `stallMs` (gone, or the process is being torn down), writes the batches it never started itself.
   */
  drain(stallMs = 1000): void {
    let done = Atomics.load(this.control, DONE);
    while (done < this.sent && !this.dead) {
      const result = Atomics.wait(this.control, DONE, done, stallMs);
      const now = Atomics.load(this.control, DONE);
      if (result === 'timed-out' && now === done) break;
      done = now;
    }
    this.prune();
    if (this.confirmed < this.sent) {
      // The thread stopped: what it started may or may not be written; what it never started is ours.
      const started = Atomics.load(this.control, STARTED);
      const index = started - this.confirmed;
      for (let i = this.head + Math.max(index, 0); i < this.queue.length; i++) {
        const batch = this.queue[i]!;
        try {
          writeText(batch.fd, batch.text);
        } catch (error) {
          const lost = batch.text.split('\n').length - 1;
          for (const listener of this.failureListeners) listener(batch.owner, error as Error, lost, '');
        }
      }
      this.queue.length = 0;
      this.head = 0;
      this.queuedChars = 0;
      this.confirmed = this.sent;
      Atomics.store(this.control, DONE, this.sent);
      Atomics.store(this.control, STARTED, this.sent);
    }
  }

  /**
   * Blocks until the backlog is at most `chars`, for up to `ms`. Returns whether it got there.
   */
  waitBelow(chars: number, ms: number): boolean {
    const deadline = Date.now() + ms;
    while (this.backlog > chars && !this.dead) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.control, DONE, Atomics.load(this.control, DONE), left);
    }
    return this.backlog <= chars || this.dead;
  }

  private prune(): void {
    const done = Atomics.load(this.control, DONE);
    while (this.confirmed < done) {
      const batch = this.queue[this.head]!;
      this.queue[this.head] = undefined as unknown as Batch;
      this.head++;
      this.queuedChars -= batch.text.length;
      this.confirmed++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}

function writeText(fd: number, text: string): void {
  const data = Buffer.from(text, 'latin1');
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}

let shared: WriteThread | undefined;

/** The process's write thread, started on first use. */
export function writeThread(): WriteThread {
  return (shared ??= new WriteThread());
}
