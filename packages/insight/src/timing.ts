/** The end of the last stage printed, shared by every timer so nested timers print consecutive stages. */
let last: { wall: number; cpu: NodeJS.CpuUsage } | undefined;

/**
 * LOGBOOK_TIMING=1 prints how long each loading and report stage took (wall and CPU of all threads), for the
 * bench and for tuning: each stage runs from the end of the previous one. A no-op otherwise.
 */
export function stageTimer(): (stage: string) => void {
  if (!process.env.LOGBOOK_TIMING) return () => undefined;
  last ??= { wall: performance.now(), cpu: process.cpuUsage() };
  return (stage) => {
    const w = performance.now();
    const c = process.cpuUsage();
    const from = last!;
    const used = (c.user - from.cpu.user + c.system - from.cpu.system) / 1000;
    process.stderr.write(`[timing] ${stage} ${(w - from.wall).toFixed(0)} ms (cpu ${used.toFixed(0)} ms)\n`);
    last = { wall: w, cpu: c };
  };
}
