// Shared timing helpers for the benchmarks: clocks, percentiles, formatting, small process utilities.

import * as fs from 'node:fs';

/** Milliseconds from a monotonic high-resolution clock. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs `fn` and returns its result together with the wall time it took in milliseconds. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = nowMs();
  const value = fn();
  return { value, ms: nowMs() - t0 };
}

/** Percentile by the nearest-rank method (p in 0..100) over a copy of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Median: the mean of the two middle samples for an even count. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    median: median(samples),
    p95: percentile(samples, 95),
    min: samples.length ? Math.min(...samples) : Number.NaN,
    max: samples.length ? Math.max(...samples) : Number.NaN,
  };
}

/** `12.3 ms`, with one decimal below 100 ms and none above. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  return ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function fmtMiB(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** One row of the results table. `target` and `pass` are absent for figures without a target. */
export interface Row {
  section: string;
  figure: string;
  value: string;
  target?: string;
  pass?: boolean;
  note?: string;
}

/** A row that is compared against an upper bound in milliseconds. */
export function msRow(section: string, figure: string, ms: number, targetMs?: number, note?: string): Row {
  const row: Row = { section, figure, value: fmtMs(ms) };
  if (targetMs !== undefined) {
    row.target = `< ${targetMs} ms`;
    row.pass = ms < targetMs;
  }
  if (note) row.note = note;
  return row;
}

/** Reads VmRSS and VmHWM (peak RSS) of a process from /proc, in bytes; undefined when unavailable. */
export function readProcMemory(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number | undefined => {
      const m = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
      return m ? Number(m[1]) * 1024 : undefined;
    };
    const rss = field('VmRSS');
    const hwm = field('VmHWM');
    return rss !== undefined && hwm !== undefined ? { rss, hwm } : undefined;
  } catch {
    return undefined;
  }
}

/** Sum of VmRSS/VmHWM over a process and its descendants (pyright runs its checker in worker threads of one process, but be safe). */
export function readProcTreeMemory(pid: number): { rss: number; hwm: number } | undefined {
  const own = readProcMemory(pid);
  if (!own) return undefined;
  let rss = own.rss;
  let hwm = own.hwm;
  for (const child of childPids(pid)) {
    const m = readProcTreeMemory(child);
    if (m) {
      rss += m.rss;
      hwm += m.hwm;
    }
  }
  return { rss, hwm };
}

function childPids(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        const text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
        if (text) out.push(...text.split(/\s+/).map(Number));
      } catch {
        // task gone
      }
    }
  } catch {
    // process gone
  }
  return out;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once `done()` holds (checked every `every` ms), or after `ms` whether it holds or not. */
export async function pollUntil(done: () => boolean, ms: number, every = 10): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await sleep(every);
}

/** Rejects after `ms` unless `p` settles first. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
