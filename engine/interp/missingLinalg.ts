// Linear-algebra helpers whose module is not beside the file (`import { dot, transpose } from
// '../math'`, `from utils import matmul, add`): a course's or a project's own small matrix library,
// taken to follow NumPy's rules (issue 11, item 5). Only the shape is modelled, and only as an
// assumption: the helper's source is not there, so nothing it would contradict is established by
// the code. A product whose inner sizes differ, or operands that do not broadcast, make the result
// unknown, silently, and no size is unified through a helper (a later finding never rests on it).
// `multiply` is a matrix product in some libraries and elementwise in others: only its scalar case
// (`multiply(dZ, 1 / m)`) is modelled.

import type { Expr } from '../syntax/ast';
import type { Dim, DimStore } from '../shapes/dim';
import type { Shape } from '../shapes/shapeOps';
import type { OpContext } from '../ops/types';
import type { Value } from './values';
import { deref, holeAsArray, openHole } from './holes';

const PRODUCT = /^(dot|matmul|matMul|mmul|matMult|matrixMult|matrixMultiply|multiplyMatrices|matrixProduct|matrixDot)$/;
const TRANSPOSE = /^(transpose|matTranspose|transposeMatrix)$/;
const ELEMENTWISE = /^(add|subtract|sub|plus|minus|addMatrices|subtractMatrices|hadamard|elementwiseMultiply|elementWiseMultiply|multiplyElementwise|multiplyElements|elementMultiply|dotMultiply|divideElements|elementwiseDivide)$/;
const SCALING = /^(multiply|mul|times|scale|scalarMultiply|multiplyScalar|multiplyByScalar)$/;
/** A cost's derivative with respect to the prediction, `quadraticCostBackward(yHat, y)`, `mse_prime(output, target)`: the prediction's shape. */
const COST_GRADIENT = /^\w*(cost|loss|mse|crossEntropy|cross_entropy)_?(backward|derivative|prime|grad|gradient)$/i;

/** The callee's name when it is a bare name (an imported helper). */
function calleeName(call: Expr & { kind: 'call' }): string | undefined {
  return call.func.kind === 'name' ? call.func.id : undefined;
}

/** True when `name` is one of the helpers this file models (so a caller can tell a modelled miss from an unmodelled one). */
export function isMissingLinalgName(name: string): boolean {
  return PRODUCT.test(name) || TRANSPOSE.test(name) || ELEMENTWISE.test(name) || SCALING.test(name) || COST_GRADIENT.test(name);
}

export function missingLinalgResult(call: Expr & { kind: 'call' }, args: Value[], ctx: OpContext): Value | undefined {
  const name = calleeName(call);
  if (!name || call.keywords.length > 0) return undefined;
  const where = `${ctx.src(call)} on line ${ctx.lineOf(call.span.start)}`;
  const origin = `${name}() on line ${ctx.lineOf(call.span.start)} (its module is not beside the file: taken as NumPy's ${PRODUCT.test(name) ? 'np.dot' : TRANSPOSE.test(name) ? 'np.transpose' : 'elementwise rule'})`;
  // An input of no stated shape in a matrix helper is a 2-D array, as in `W @ X` (holes.ts).
  const matrix = (v: Value): Value => {
    const h = openHole(v);
    return h ? holeAsArray(ctx.dims, h, 2, where) : deref(v);
  };
  if (PRODUCT.test(name)) {
    if (args.length !== 2) return undefined;
    const [a, b] = args.map(matrix);
    const s = product(ctx.dims, shapeOf(a), shapeOf(b));
    return s ? { t: 'array', shape: s, origin } : undefined;
  }
  if (TRANSPOSE.test(name)) {
    if (args.length !== 1) return undefined;
    const a = shapeOf(matrix(args[0]));
    return a ? { t: 'array', shape: [...a].reverse(), origin } : undefined;
  }
  if (ELEMENTWISE.test(name)) {
    if (args.length !== 2) return undefined;
    const [a, b] = args.map((v) => deref(v));
    const sa = shapeOf(a);
    const sb = shapeOf(b);
    // One side unknown: the known side's shape only where it has no size 1 (it could broadcast).
    if (!sa || !sb) {
      const known = sa ?? sb;
      if (!known || known.some((d) => ctx.dims.value(d) === 1)) return undefined;
      return { t: 'array', shape: known, origin };
    }
    const s = silentBroadcast(ctx.dims, sa, sb);
    return s ? { t: 'array', shape: s, origin } : undefined;
  }
  if (COST_GRADIENT.test(name)) {
    // The prediction and the target have one shape: either one that is known gives it, and two that differ give nothing.
    if (args.length < 2) return undefined;
    const [a, b] = args.slice(0, 2).map((v) => shapeOf(deref(v)));
    if (a && b && !sameShape(ctx.dims, a, b)) return undefined;
    const s = a ?? b;
    return s && s.length > 0 ? { t: 'array', shape: s, origin: `${name}() on line ${ctx.lineOf(call.span.start)} (its module is not beside the file: taken as the gradient of a cost with respect to its first argument, of that argument's shape)` } : undefined;
  }
  if (SCALING.test(name)) {
    if (args.length !== 2) return undefined;
    const [a, b] = args.map((v) => deref(v));
    const scalar = (v: Value) => v.t === 'int' || v.t === 'float' || (v.t === 'array' && v.shape?.length === 0);
    const arr = scalar(a) ? b : scalar(b) ? a : undefined;
    const s = arr ? shapeOf(arr) : undefined;
    return s ? { t: 'array', shape: s, origin } : undefined;
  }
  return undefined;
}

function sameShape(dims: DimStore, a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => dims.compare(d, b[i]!) !== 'different');
}

function shapeOf(v: Value): Shape | undefined {
  if (v.t === 'array') return v.shape;
  if (v.t === 'int' || v.t === 'float') return [];
  return undefined;
}

/** NumPy's np.dot shape for operands of rank 1 and 2, without unifying: undefined when the inner sizes differ. */
function product(dims: DimStore, a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (!a || !b || a.length === 0 || b.length === 0 || a.length > 2 || b.length > 2) return undefined;
  const inner1 = a[a.length - 1]!;
  const inner2 = b.length === 1 ? b[0]! : b[0]!;
  if (dims.compare(inner1, inner2) === 'different') return undefined;
  const out: Dim[] = [];
  if (a.length === 2) out.push(a[0]!);
  if (b.length === 2) out.push(b[1]!);
  return out;
}

/** Broadcasting without unifying: undefined when two sizes differ. */
function silentBroadcast(dims: DimStore, a: Shape, b: Shape): Shape | undefined {
  const n = Math.max(a.length, b.length);
  const out: Shape = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i];
    const db = b[b.length - n + i];
    if (da === undefined) { out.push(db!); continue; }
    if (db === undefined) { out.push(da); continue; }
    if (dims.value(da) === 1) { out.push(db); continue; }
    if (dims.value(db) === 1) { out.push(da); continue; }
    const c = dims.compare(da, db);
    if (c === 'different') return undefined;
    if (c === 'equal') { out.push(da); continue; }
    // Undecided: as np's broadcasting, a free size takes the other's; two stated sizes stay open.
    if (dims.isFree(da)) { out.push(db); continue; }
    if (dims.isFree(db)) { out.push(da); continue; }
    return undefined;
  }
  return out;
}
