// How deeply a function nests its loops. Code that loops over every pixel of every filter of every
// example (a naive convolution or pooling: four loops) makes an array per innermost step; its runs
// start with the smallest sizes (concretize.ts COMPACT_SIZES) instead of outgrowing their memory first.

import type { Stmt } from '../syntax/ast';

/** The deepest nesting of `for`/`while` loops in `body` (0 without loops). */
export function loopDepth(body: Stmt[]): number {
  let deepest = 0;
  for (const s of body) {
    const d =
      s.kind === 'for' || s.kind === 'while' ? 1 + Math.max(loopDepth(s.body), loopDepth(s.orelse))
      : s.kind === 'if' ? Math.max(loopDepth(s.body), loopDepth(s.orelse))
      : s.kind === 'with' ? loopDepth(s.body)
      : s.kind === 'try' ? Math.max(loopDepth(s.body), loopDepth(s.orelse), loopDepth(s.finalbody))
      : 0;
    deepest = Math.max(deepest, d);
  }
  return deepest;
}

/** Loops this deep make a run start with small sizes. */
export const DEEP_LOOPS = 3;
