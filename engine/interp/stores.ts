// Contradictions met when a value is stored: a gradient whose shape differs from what it
// differentiates (gradient-shape), and an update that changes a parameter's shape. Like a shape
// rule, a store only describes the contradiction (ctx.contradiction); the checks layer
// (engine/checks/blame.ts) decides the finding, at the store or at an earlier cause.

import type { Expr, Stmt } from '../syntax/ast';
import type { Scope } from './scope';
import type { Value } from './values';
import type { OpContext } from '../ops/types';
import { compareShapes, type Shape } from '../shapes/shapeOps';
import { pairedArray } from './gradientPairs';
import { someExpr } from '../syntax/walk';
import { partnerOf } from '../conventions/gradientNames';

type Peek = (e: Expr) => Value | undefined;
/** A dict key as the interpreter can decide it now (`"dW" + str(l)` with l known). */
type KeyOf = (e: Expr) => string | undefined;

/** The shape the value being assigned must have, when that is known before evaluating it. */
export function expectedShapeFor(target: Expr, scope: Scope, peek: Peek, keyOf: KeyOf): Shape | undefined {
  const p = pairedArray(target, scope, keyOf);
  if (p?.value.shape) return p.value.shape;
  const prev = peek(target);
  return prev?.t === 'array' ? prev.shape : undefined;
}

/**
 * `dy = 1 - h[t] * h[t]`, `dtanh = 1 - tanh ** 2`: a local derivative, computed from forward values
 * alone (no gradient on its right, a number minus a value in it), whatever its name says. It is not the
 * gradient of the value its name pairs it with (y, the labels), so it need not have that shape.
 */
function localDerivative(stmt: Stmt): boolean {
  if (stmt.kind !== 'assign') return false;
  if (someExpr(stmt.value, (e) => e.kind === 'name' && partnerOf(e.id) !== undefined)) return false;
  return someExpr(stmt.value, (e) => e.kind === 'binop' && e.op === '-' && e.left.kind === 'num');
}

/** `intermediate`: the target is assigned again later in its body (syntax/laterAssignments.ts): no gradient-shape check yet. */
export function storeContradictions(ctx: OpContext, stmt: Stmt, target: Expr, v: Value, prev: Value | undefined, scope: Scope, keyOf: KeyOf, intermediate = false): void {
  if (v.t !== 'array' || !v.shape || v.tainted) return;
  const targetText = ctx.src(target);
  const paired = pairedArray(target, scope, keyOf);
  const valueSpan = stmt.kind === 'assign' || stmt.kind === 'augassign' ? stmt.value.span : stmt.span;
  // A partner the code reshaped on purpose (`gamma.reshape(-1, 1)` handed to a helper, whose caller
  // reshapes the gradient back) is not a statement of its gradient's shape.
  if (!intermediate && paired?.value.shape && !paired.value.tainted && !paired.value.note?.deliberate && paired.value !== v && !localDerivative(stmt)) {
    if (compareShapes(ctx.dims, v.shape, paired.value.shape) === 'different') {
      ctx.contradiction({
        operands: [v],
        counterparts: [paired.value],
        code: 'gradient-shape',
        span: valueSpan,
        message: `${targetText} has shape ${ctx.render(v.shape)} but ${paired.name} has shape ${ctx.render(paired.value.shape)}`,
        fixes: [],
      });
      v.tainted = true;
      return;
    }
  }
  // An update of a parameter: the new value reads the old one (W1 = W1 - lr * dW1, or +=).
  if (prev?.t === 'array' && prev.shape && !prev.tainted && prev !== v) {
    // Only a step of the form `T = T - x` / `T = T + x` / `T -= x` is an update; `X = X.T` and
    // `A = relu(A)` reshape on purpose.
    const v0 = stmt.kind === 'assign' ? stmt.value : undefined;
    const isUpdate =
      (stmt.kind === 'augassign' && (stmt.op === '-' || stmt.op === '+')) ||
      (v0?.kind === 'binop' && (v0.op === '-' || v0.op === '+') && ctx.src(v0.left) === targetText);
    if (isUpdate && compareShapes(ctx.dims, v.shape, prev.shape) === 'different') {
      ctx.contradiction({
        operands: [v],
        counterparts: [prev],
        code: 'shape-mismatch',
        span: valueSpan,
        message: `this update changes the shape of ${targetText} from ${ctx.render(prev.shape)} to ${ctx.render(v.shape)}`,
        fixes: [],
      });
      v.tainted = true;
    }
  }
}
