// The code's own output gradient (`dZ3 = A3 - Y`: a gradient computed from no other gradient) is the
// gradient of the output it pairs with, so it has that output's shape: labels documented as
// (output size, m) meet an output of one row, and the output size is 1, not any size a later line
// would like it to be. Only a subtraction of two arrays counts, written once in the function.

import type { Stmt } from '../syntax/ast';
import type { DimStore } from '../shapes/dim';
import type { Value } from './values';
import type { Shape } from '../shapes/shapeOps';
import { someExpr } from '../syntax/walk';
import { partnerOf } from '../conventions/gradientNames';

/** `want`: the shape of the array the target's name pairs it with (interp/stores.ts expectedShapeFor). */
export function seedTakesOutputShape(dims: DimStore, s: Stmt, v: Value, want: Shape, firstWrite: boolean): void {
  if (!firstWrite || s.kind !== 'assign' || s.targets.length !== 1 || s.targets[0].kind !== 'name') return;
  if (s.value.kind !== 'binop' || s.value.op !== '-') return;
  if (someExpr(s.value, (e) => e.kind === 'name' && partnerOf(e.id) !== undefined)) return;
  if (v.t !== 'array' || !v.shape || v.tainted) return;
  if (want.length !== v.shape.length) return;
  if (v.shape.some((d, i) => dims.compare(d, want[i]) === 'different')) return;
  v.shape.forEach((d, i) => {
    if (dims.compare(d, want[i]) === 'unknown') dims.unify(d, want[i], `the output gradient ${s.targets[0].kind === 'name' ? s.targets[0].id : ''} has the shape of what it differentiates`);
  });
}
