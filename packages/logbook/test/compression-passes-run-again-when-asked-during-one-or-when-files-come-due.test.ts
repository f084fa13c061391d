// The rotating handlers compress backups in passes, one at a time (writer/compression-passes.ts). A rotation
// during a running pass must get a pass after it, or its backup stays plain until the next rotation (days, for a
// quiet log); a pass that left a file because it was written to moments ago must look again when it comes due,
// and not sooner (a process may still be finishing a batch in it). Driven here with a pass of our own, as the
// handlers' passes wait 2 s before each file.
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { CompressionPasses } from '../src/writer/compression-passes.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()`; fails naming `what` if it never is. */
const until = (what: string, done: () => boolean): Promise<boolean> => waitUntil(what, done);

describe('compression passes', () => {
  it('run once for several requests made before the pass starts', async () => {
    let runs = 0;
    const passes = new CompressionPasses(() => Promise.resolve(++runs && Infinity), 10);
    passes.schedule();
    passes.schedule();
    passes.schedule();
    await sleep(100);
    expect(runs).toBe(1);
  });

  it('run again right after a pass during which another was asked for, and then stop', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const passes = new CompressionPasses(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
      return Infinity;
    }, 10);
    passes.schedule();
    await until('the first pass', () => runs === 1);
    passes.schedule(); // a rotation while the first pass runs
    release();
    await until('a second pass', () => runs === 2);
    await sleep(100);
    expect(runs).toBe(2);
  });

  it('look again when the files a pass left come due, not sooner, and never once nothing is left', async () => {
    const starts: number[] = [];
    let due = 0;
    const passes = new CompressionPasses(() => {
      starts.push(Date.now());
      if (starts.length > 1) return Promise.resolve(Infinity);
      due = Date.now() + 150;
      return Promise.resolve(due);
    }, 10);
    passes.schedule();
    await until('a pass when the files come due', () => starts.length === 2);
    expect(starts).toHaveLength(2);
    expect(starts[1]).toBeGreaterThanOrEqual(due);
    await sleep(100);
    expect(starts).toHaveLength(2);
  });

  it('schedule none after the handler stopped them during a pass, and stop resolves when that pass has ended', async () => {
    let runs = 0;
    let ended = false;
    let release: () => void = () => {};
    const passes = new CompressionPasses(async () => {
      runs++;
      await new Promise<void>((resolve) => (release = resolve));
      ended = true;
      return Date.now() + 20; // files come due soon: a pass would follow
    }, 10);
    passes.schedule();
    await until('the pass', () => runs === 1);
    const stopped = passes.stop(); // closed while this pass runs
    expect(passes.signal.aborted).toBe(true);
    passes.schedule(); // a rotation during close
    setTimeout(() => release(), 50);
    await stopped;
    expect(ended).toBe(true);
    await sleep(150);
    expect(runs).toBe(1);
  });

  it('start no pass that was scheduled before they were stopped', async () => {
    let runs = 0;
    const passes = new CompressionPasses(() => Promise.resolve(++runs && Infinity), 20);
    passes.schedule();
    await passes.stop();
    await sleep(100);
    expect(runs).toBe(0);
  });

  it('go on after a pass that failed', async () => {
    let runs = 0;
    const passes = new CompressionPasses(
      () => (++runs === 1 ? Promise.reject(new Error('EACCES')) : Promise.resolve(Infinity)),
      10,
    );
    passes.schedule();
    await until('the pass that fails', () => runs === 1);
    await sleep(20);
    passes.schedule();
    await until('the pass after it', () => runs === 2);
    expect(runs).toBe(2);
  });
});
