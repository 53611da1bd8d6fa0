// `assert W1.shape == (n_h, n_x)` and `assert dA_prev.shape == A_prev.shape`: an assert that cannot
// hold is a contradiction (handed to ctx.contradiction; the checks layer makes it a finding); one that
// can hold tells the engine the shape (unifying names, or giving an array of unknown shape its shape).

import type { Expr, Stmt } from '../syntax/ast';
import type { Value } from './values';
import type { OpContext } from '../ops/types';
import { compareShapes, unifyShapes, type Shape } from '../shapes/shapeOps';
import { openHole } from './holes';

export function interpretAssert(
  ctx: OpContext,
  stmt: Stmt & { kind: 'assert' },
  evalExpr: (e: Expr) => Value,
  refine: (target: Expr, v: Value) => void,
): void {
  const t = stmt.test;
  if (t.kind !== 'compare' || t.ops.length !== 1 || t.ops[0] !== '==') {
    evalExpr(t);
    return;
  }
  const sides = [t.left, t.comparators[0]];
  const shapeSide = sides.findIndex((e) => e.kind === 'attr' && e.name === 'shape');
  if (shapeSide < 0) {
    evalExpr(t);
    return;
  }
  const holder = (sides[shapeSide] as Expr & { kind: 'attr' }).obj;
  const otherExpr = sides[1 - shapeSide];
  const held = evalExpr(holder);
  const stated = statedShape(ctx, otherExpr, evalExpr);
  if (!stated) return;
  const line = ctx.lineOf(stmt.span.start);
  if (held.t === 'array' && held.shape) {
    if (held.tainted) return;
    if (compareShapes(ctx.dims, held.shape, stated) === 'different') {
      if (onlyWrittenConstants(ctx, held.shape, stated)) return;
      // A parameter's docstring (copied from another assignment: h_prev -- (n_a, m)) against the
      // code's own assert on it ((hidden_size, 1)): no code computed the value, and the assert is code.
      // The docstring's names it refutes are no longer free (n_a is hidden_size, m is 1 here).
      if (held.stated) {
        if (held.shape.length === stated.length) {
          held.shape.forEach((d, i) => {
            if (ctx.dims.compare(d, stated[i]) !== 'different' || ctx.dims.value(d) !== undefined) return;
            ctx.dims.release(d);
            ctx.dims.unify(d, stated[i], `assert on line ${line}`);
          });
        }
        refine(holder, { t: 'array', shape: stated, origin: `assert on line ${line}`, site: { kind: 'statement', file: ctx.file, span: stmt.span } });
        return;
      }
      // A shape inferred from use (holes.ts) may rest on an assumed rank: no finding rests on it.
      if (held.shape.some((d) => ctx.dims.isInferred(d))) return;
      ctx.contradiction({
        operands: [held],
        counterparts: [{ t: 'array', shape: stated }],
        code: 'shape-mismatch',
        span: t.span,
        message: `assert cannot hold: ${ctx.src(holder)}.shape is ${ctx.render(held.shape)}, asserted ${ctx.render(stated)}`,
        fixes: [],
      });
      held.tainted = true;
      return;
    }
    unifyShapes(ctx.dims, held.shape, stated, `assert on line ${line}`);
    return;
  }
  if (held.t === 'unknown' || (held.t === 'array' && !held.shape)) {
    const v: Value = { t: 'array', shape: stated, origin: `assert on line ${line}`, site: { kind: 'statement', file: ctx.file, span: stmt.span } };
    // An input of no stated shape (holes.ts) is decided: what the function was given has that shape.
    const h = openHole(held);
    if (h) {
      h.resolved = v;
      h.origin = `assert on line ${line}`;
    }
    refine(holder, v);
  }
}

function statedShape(ctx: OpContext, e: Expr, evalExpr: (e: Expr) => Value): Shape | undefined {
  if (e.kind === 'tuple' || e.kind === 'list') {
    return e.elts.map((x) => ctx.dimOf(evalExpr(x), x));
  }
  const v = evalExpr(e);
  if (v.t === 'tuple' && v.items.every((x) => x.t === 'int')) return v.items.map((x) => (x.t === 'int' ? x.dim : ctx.dims.unknown()));
  return undefined;
}

/**
 * `b2 = np.zeros((1, 1))` then `assert b2.shape == (n_y, 1)`: the code wrote a constant where the
 * assert names a size parameter. A call passes that constant for the parameter (n_y = 1 in the
 * assignment), so the assert holds where the code is used: no finding, and nothing learnt.
 */
function onlyWrittenConstants(ctx: OpContext, held: Shape, stated: Shape): boolean {
  if (held.length !== stated.length) return false;
  let any = false;
  for (let i = 0; i < held.length; i++) {
    if (ctx.dims.compare(held[i], stated[i]) !== 'different') continue;
    if (ctx.dims.value(held[i]) === undefined || ctx.dims.value(stated[i]) !== undefined) return false;
    any = true;
  }
  return any;
}
