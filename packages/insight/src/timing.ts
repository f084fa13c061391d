/**
 * LOGBOOK_TIMING=1 prints how long each loading and report stage took (wall and CPU of all threads), for the
 * bench and for tuning. A no-op otherwise.
 */
export function stageTimer(): (stage: string) => void {
  if (!process.env.LOGBOOK_TIMING) return () => undefined;
  let wall = performance.now();
  let cpu = process.cpuUsage();
  return (stage) => {
    const w = performance.now();
    const c = process.cpuUsage();
    const used = (c.user - cpu.user + c.system - cpu.system) / 1000;
    process.stderr.write(`[timing] ${stage} ${(w - wall).toFixed(0)} ms (cpu ${used.toFixed(0)} ms)\n`);
    wall = w;
    cpu = c;
  };
}
