// A training loop's epochs: `for i in range(1500): nn.feedforward(); nn.backprop()`. Each iteration does
// the same computation on the updated weights, so once one has checked gradients the next would repeat
// it. A loop whose variable the body reads only to decide whether to print (`if i % 100 == 0`) is such a
// loop; one that indexes with it (`caches[l]`, `for layer in network`) walks the layers, and its next
// iterations are other layers.

import type { Expr, Stmt } from '../syntax/ast';
import { stmtExprs, walkExpr } from '../syntax/walk';

const memo = new WeakMap<Stmt, boolean>();

/** Whether `loop` repeats one training step: a `for` over `range(...)` whose variable nothing but a test or a print reads. */
export function isEpochLoop(loop: Stmt): boolean {
  const known = memo.get(loop);
  if (known !== undefined) return known;
  let r = false;
  if (loop.kind === 'for' && loop.target.kind === 'name' && loop.iter.kind === 'call' && loop.iter.func.kind === 'name' && loop.iter.func.id === 'range') {
    const v = loop.target.id;
    r = !readsIn(loop.body, v) && !readsIn(loop.orelse, v);
  }
  memo.set(loop, r);
  return r;
}

/** Whether a body reads `name` anywhere but in an `if` test or the arguments of a print. */
function readsIn(body: Stmt[], name: string): boolean {
  for (const s of body) {
    if (s.kind === 'def' || s.kind === 'class') continue;
    const exprs = s.kind === 'if' ? [] : stmtExprs(s);
    if (exprs.some((e) => reads(e, name))) return true;
    if ((s.kind === 'if' || s.kind === 'for' || s.kind === 'while') && (readsIn(s.body, name) || readsIn(s.orelse, name))) return true;
    if (s.kind === 'with' && readsIn(s.body, name)) return true;
    if (s.kind === 'try' && (readsIn(s.body, name) || s.handlers.some((h) => readsIn(h.body, name)) || readsIn(s.orelse, name) || readsIn(s.finalbody, name))) return true;
  }
  return false;
}

function reads(e: Expr, name: string): boolean {
  let found = false;
  walkExpr(e, (x, parent) => {
    if (found || x.kind !== 'name' || x.id !== name) return;
    // Inside print(...) it only reports progress.
    if (parent?.kind === 'call' && parent.func.kind === 'name' && parent.func.id === 'print') return;
    found = true;
  });
  return found;
}
