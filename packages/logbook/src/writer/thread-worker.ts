// The write thread: takes batches in order and writes each with one write() call. Two shared counters
// tell the main thread how far it got, so the main thread can wait for it synchronously (exit, crash,
// rotation) without an event loop turn.

import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

interface Batch {
  fd: number;
  text: string;
}

const control = new Int32Array((workerData as { control: SharedArrayBuffer }).control);
const STARTED = 1;
const DONE = 0;

parentPort!.on('message', (batch: Batch) => {
  Atomics.add(control, STARTED, 1);
  try {
    const data = Buffer.from(batch.text, 'utf8');
    let offset = 0;
    while (offset < data.length) offset += writeSync(batch.fd, data, offset, data.length - offset);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    parentPort!.postMessage({ fd: batch.fd, message: err.message, code: err.code, name: err.name });
  }
  Atomics.add(control, DONE, 1);
  Atomics.notify(control, DONE);
});
