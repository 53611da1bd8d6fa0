// A worker's answer in two messages: first the result without its shapes, expression shapes and
// derivations (the findings the diagnostics are made of), then those three. Copying a long document's
// result between threads is slow (the 10,000-line benchmark file: 1.7 MB, 4,500 expression shapes,
// 30–90 ms to serialise and read back, measured 2026-12-06), and the diagnostics need none of it: the
// main thread publishes them from the first message while the rest is still being copied.

import type { AnalysisResult } from '../engine/index';

/** What the second message carries. */
export type ResultRest = Pick<AnalysisResult, 'shapes' | 'exprShapes' | 'derivations'>;

/** Worker → main thread: the rest of the result of job `restOf`, or why it could not be sent. */
export interface WorkerAnswerRest {
  restOf: number;
  rest?: ResultRest;
  error?: string;
}

/** The result without its rest (empty lists in its place), and the rest. */
export function splitResult(result: AnalysisResult): { head: AnalysisResult; rest: ResultRest } {
  const { shapes, exprShapes, derivations, ...head } = result;
  return { head: { ...head, shapes: [], exprShapes: [], derivations: [] }, rest: { shapes, exprShapes, derivations } };
}

/** The whole result again: the first message's, with the rest put back. */
export function joinResult(head: AnalysisResult, rest: ResultRest): AnalysisResult {
  return { ...head, shapes: rest.shapes, exprShapes: rest.exprShapes, derivations: rest.derivations };
}
