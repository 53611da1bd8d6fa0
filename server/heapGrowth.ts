// V8's heap growth, set per document. Issue 3's target: the server under 100 MB over the
// benchmark's editing session on the 323-line assignment (bench/server.ts: peak RSS, the VmHWM of the process, worker thread included).
// Figures below: Node 20, 2 cores, scratch runs interleaved with the unchanged server.
// Young generation ("new space", two semi-spaces per isolate): V8 doubles an isolate's new space, up to
// 16 MiB semi-spaces, each time as much as a semi-space has survived since it last grew; an editing
// session keeps results and parses, so within the benchmark's 41 edits the worker's reached 8–16 MiB
// semi-spaces and the main thread's 4 (≈ 30 of the 108 MiB peak), and they keep growing. Small
// semi-spaces cost a small document's session nothing measurable (10 × 41 edits: edit → diagnostics
// p50 14.9 → 15.2 ms, p95 27.9 → 26.3 ms; warm, over 8 × 41 edits, p50 ≈ +0.8 ms), but a large
// document's analysis keeps MiBs alive across scavenges: with 2 MiB semi-spaces the 10,000-line file's
// 41 analyses took ≈ 15 % longer (scavenges 0.8 → 1.5 s).
// Old generation: over 8 × 41 edits of the small document the worker's filled with garbage up to ≈ 4 ×
// what survived its last full collection (V8's growing factor for a heap allowed 2 GiB or more) and the
// peak kept rising (106 MiB); growing it by 50 % kept the peak at 89 MiB, latency unchanged, where the
// 10,000-line document's analyses take 20–40 % longer with that many full collections.
// Hence two regimes, set for each analysis: a small document keeps the young generations at the size
// they have (the main thread's 1 MiB semi-spaces, or 2 with --no-worker; the worker's 2, which it
// grows to while loading) and grows the old generations by 50 %; a large one gets V8's defaults.
// Over the benchmark's session: peak 108 → 86 MiB (worker), 88 → 75 MiB (--no-worker), with the engine
// out of the main thread's bundle; over 8 × 41 edits, 139–146 → 89–90 MiB.

import * as v8 from 'node:v8';
import type { DocumentInput } from '../engine/index';
import { inputLength } from './inputLength';

/** Documents of at least this many characters (≈ 3,000 lines) are analysed with V8's default heap growth. */
export const LARGE_DOCUMENT_CHARS = 100_000;

export type HeapGrowth = 'small' | 'large';

/** The regime a document is analysed in. */
export function heapGrowthFor(input: DocumentInput): HeapGrowth {
  return inputLength(input) >= LARGE_DOCUMENT_CHARS ? 'large' : 'small';
}

/**
 * V8 flags of each regime. Both are read whenever V8 sizes a heap (a new space about to grow, the old
 * generation's next limit after a full collection), by every isolate of the process, so setting them
 * on the main thread governs the worker's heaps too. --semi-space-growth-factor=1: new spaces never
 * grow; 2 is V8's default. V8 shrinks a new space only at a collection after allocation has slowed
 * down, so after a large document the young generations may stay large a while (after 10 edits of the
 * 10,000-line file: 32 MiB each, still so after 164 edits of the 323-line file and 10 s idle), as
 * they always did. --heap-growing-percent=50: the old generation's next limit is 1.5 × what survived; 0 is
 * V8's default.
 */
const HEAP_FLAGS: Record<HeapGrowth, string> = {
  small: '--semi-space-growth-factor=1 --heap-growing-percent=50',
  large: '--semi-space-growth-factor=2 --heap-growing-percent=0',
};

let heapGrowth: HeapGrowth | undefined;

/**
 * The heap regime of this process: 'small' from the server's start (server/main.ts, before anything
 * else loads), then the regime of each document as its analysis starts (WorkerEngine, InProcessEngine).
 */
export function setHeapGrowth(growth: HeapGrowth): void {
  if (growth === heapGrowth) return;
  heapGrowth = growth;
  applyHeapFlags(growth);
}

/** V8 raises --semi-space-growth-factor to at least 2 whenever it sets up an isolate's heap (a new worker): put ours back. */
export function reapplyHeapGrowth(): void {
  if (heapGrowth !== undefined) applyHeapFlags(heapGrowth);
}

function applyHeapFlags(growth: HeapGrowth): void {
  try {
    v8.setFlagsFromString(HEAP_FLAGS[growth]);
  } catch {
    // memory only: never worth failing for
  }
}
