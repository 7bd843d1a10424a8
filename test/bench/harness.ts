// Tiny benchmark helpers: warm up, then run for a fixed time budget and report the rate.

export interface Measurement {
  /** operations per second */
  opsPerSec: number;
  /** mean time per operation, microseconds */
  usPerOp: number;
  iterations: number;
}

/** CPU time of this process in milliseconds: steadier than wall time on a shared machine. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Runs `fn` repeatedly for about `ms` milliseconds of CPU time after a warm-up, in 5 rounds, and
 * reports the best round (the least disturbed by other work on the machine).
 */
export function measure(fn: () => unknown, ms = 600): Measurement {
  const warmUntil = cpuMs() + Math.min(200, ms / 3);
  while (cpuMs() < warmUntil) fn();
  let best = Infinity;
  let total = 0;
  const roundMs = ms / 5;
  for (let round = 0; round < 5; round++) {
    let iterations = 0;
    let batch = 1;
    const start = cpuMs();
    let now = start;
    while (now - start < roundMs) {
      for (let i = 0; i < batch; i++) fn();
      iterations += batch;
      now = cpuMs();
      if (now - start < roundMs / 10) batch *= 2;
    }
    total += iterations;
    best = Math.min(best, (now - start) / iterations);
  }
  return { opsPerSec: 1000 / best, usPerOp: best * 1000, iterations: total };
}

export function section(title: string): void {
  console.log(`\n## ${title}`);
}

export function row(label: string, value: string, goal?: string): void {
  console.log(`  ${label.padEnd(58)} ${value.padStart(16)}${goal ? `   ${goal}` : ''}`);
}

export const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
