// How deeply a function nests its loops. Code that loops over every pixel of every filter of every
// example (a naive convolution or pooling: four loops) makes an array per innermost step; its runs
// start with small sizes (concretize.ts SMALL_SIZES) instead of outgrowing their memory first.

import type { Stmt } from '../syntax/ast';

/** The deepest nesting of `for`/`while` loops in `body` (0 without loops). */
export function loopDepth(body: Stmt[]): number {
  let deepest = 0;
  for (const s of body) {
    const inner = (b: Stmt[]) => loopDepth(b);
    let d = 0;
    switch (s.kind) {
      case 'for':
      case 'while':
        d = 1 + Math.max(inner(s.body), inner(s.orelse));
        break;
      case 'if':
        d = Math.max(inner(s.body), inner(s.orelse));
        break;
      case 'with':
        d = inner(s.body);
        break;
      case 'try':
        d = Math.max(inner(s.body), inner(s.orelse), inner(s.finalbody));
        break;
      default:
        d = 0;
    }
    deepest = Math.max(deepest, d);
  }
  return deepest;
}

/** Loops this deep make a run start with small sizes. */
export const DEEP_LOOPS = 3;
