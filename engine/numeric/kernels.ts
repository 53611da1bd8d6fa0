// Numeric kernels with NumPy semantics (broadcasting, dtype rules, np.dot for rank ≤ 2,
// reductions, shape manipulation). Every kernel returns a new contiguous array.

import { NDArray, NumericError, castValue, promote, shapeStr, sizeOf, stridesOf } from './ndarray';
import type { DType } from './ndarray';

/** Multiply-adds one matrix product may cost before the evaluator refuses it. */
const MAX_MATMUL_FLOPS = 50_000_000;

/** The pairs of sizes that stop two shapes from broadcasting (aligned from the right, neither 1). */
export function broadcastClash(a: number[], b: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 1; i <= Math.min(a.length, b.length); i++) {
    const da = a[a.length - i];
    const db = b[b.length - i];
    if (da !== db && da !== 1 && db !== 1) out.push([da, db]);
  }
  return out;
}

export function broadcastShapes(a: number[], b: number[]): number[] | undefined {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** For each flat index of `to`, the flat index of `from` it reads when `from` is broadcast to `to`. */
export function broadcastMap(from: number[], to: number[]): Int32Array {
  const n = sizeOf(to);
  const map = new Int32Array(n);
  const off = to.length - from.length;
  const fs = stridesOf(from);
  const st = to.map((_, i) => (i < off || from[i - off] === 1 ? 0 : fs[i - off]));
  const idx = new Array<number>(to.length).fill(0);
  let src = 0;
  for (let k = 0; k < n; k++) {
    map[k] = src;
    for (let d = to.length - 1; d >= 0; d--) {
      idx[d]++;
      src += st[d];
      if (idx[d] < to[d]) break;
      src -= st[d] * idx[d];
      idx[d] = 0;
    }
  }
  return map;
}

export function broadcastTo(a: NDArray, shape: number[]): NDArray {
  const r = broadcastShapes(a.shape, shape);
  if (!r || r.length !== shape.length || r.some((d, i) => d !== shape[i])) {
    throw new NumericError(`broadcast_to: cannot broadcast ${shapeStr(a.shape)} to ${shapeStr(shape)}`, { shapes: [a.shape, shape], sizes: broadcastClash(a.shape, shape) });
  }
  const map = broadcastMap(a.shape, shape);
  return new NDArray(shape, Float64Array.from(map, (i) => a.data[i]), a.dtype);
}

function broadcastPair(name: string, a: NDArray, b: NDArray): number[] {
  const s = broadcastShapes(a.shape, b.shape);
  if (!s) {
    throw new NumericError(
      `${name}: operands could not be broadcast together with shapes ${shapeStr(a.shape)} ${shapeStr(b.shape)}`,
      { shapes: [a.shape, b.shape], sizes: broadcastClash(a.shape, b.shape) },
    );
  }
  return s;
}

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'floordiv' | 'mod'
  | 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne' | 'and' | 'or';

const BOOL_OPS = new Set<BinaryOp>(['lt', 'le', 'gt', 'ge', 'eq', 'ne', 'and', 'or']);
/** Ops where bool op bool stays bool in NumPy (logical or / and / max / min). */
const BOOL_KEEPING = new Set<BinaryOp>(['add', 'mul', 'maximum', 'minimum']);

function pyMod(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && r < 0 !== y < 0 ? r + y : r;
}

const BIN: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => Math.pow(x, y),
  maximum: (x, y) => (x !== x || y !== y ? NaN : Math.max(x, y)),
  minimum: (x, y) => (x !== x || y !== y ? NaN : Math.min(x, y)),
  floordiv: (x, y) => Math.floor(x / y),
  mod: pyMod,
  lt: (x, y) => +(x < y),
  le: (x, y) => +(x <= y),
  gt: (x, y) => +(x > y),
  ge: (x, y) => +(x >= y),
  eq: (x, y) => +(x === y),
  ne: (x, y) => +(x !== y),
  and: (x, y) => +(x !== 0 && y !== 0),
  or: (x, y) => +(x !== 0 || y !== 0),
};

function binaryDtype(op: BinaryOp, a: NDArray, b: NDArray): DType {
  if (BOOL_OPS.has(op)) return 'bool';
  const p = promote(a.dtype, b.dtype);
  if (p === 'float' || op === 'div') return 'float';
  if (p === 'bool' && BOOL_KEEPING.has(op)) return 'bool';
  if (op === 'pow' && b.data.some((e) => e < 0)) {
    throw new NumericError('pow: integers to negative integer powers are not allowed');
  }
  return 'int';
}

/**
 * Elementwise binary op with broadcasting. Comparisons and and/or give 'bool'; 'div' gives
 * 'float'; otherwise int/bool operands give 'int' (bool+bool, bool*bool, maximum and minimum of
 * bools stay 'bool'). Integer floordiv/mod by zero give 0, as NumPy does.
 */
export function binary(op: BinaryOp, a: NDArray, b: NDArray): NDArray {
  const shape = broadcastPair(op, a, b);
  const dtype = binaryDtype(op, a, b);
  const f = BIN[op];
  const intZero = dtype === 'int' && (op === 'floordiv' || op === 'mod');
  const n = sizeOf(shape);
  const out = new Float64Array(n);
  // Index maps only when an operand is really broadcast (most ops are same-shape or with a scalar).
  const ma = a.size === n ? undefined : a.size === 1 ? 0 : broadcastMap(a.shape, shape);
  const mb = b.size === n ? undefined : b.size === 1 ? 0 : broadcastMap(b.shape, shape);
  for (let k = 0; k < n; k++) {
    const x = a.data[ma === undefined ? k : ma === 0 ? 0 : ma[k]];
    const y = b.data[mb === undefined ? k : mb === 0 ? 0 : mb[k]];
    out[k] = intZero && y === 0 ? 0 : f(x, y);
  }
  if (dtype === 'bool') for (let k = 0; k < out.length; k++) out[k] = out[k] !== 0 ? 1 : 0;
  return new NDArray(shape, out, dtype);
}

export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'tanh' | 'sqrt' | 'abs' | 'square' | 'sign' | 'log1p' | 'expm1'
  | 'not' | 'sin' | 'cos';

const UN: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  sqrt: Math.sqrt,
  abs: Math.abs,
  square: (x) => x * x,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x), // 0 → 0, NaN → NaN
  log1p: Math.log1p,
  expm1: Math.expm1,
  not: (x) => +(x === 0),
  sin: Math.sin,
  cos: Math.cos,
};

/** neg/abs/square/sign keep 'int' (bool → 'int'; -bool is an error as in NumPy); 'not' gives 'bool'; the rest 'float'. */
export function unary(op: UnaryOp, a: NDArray): NDArray {
  let dtype: DType = 'float';
  if (op === 'not') dtype = 'bool';
  else if (op === 'neg' || op === 'abs' || op === 'square' || op === 'sign') {
    if (op === 'neg' && a.dtype === 'bool') throw new NumericError('neg: the - operator is not supported on bool arrays');
    dtype = a.dtype === 'float' ? 'float' : op === 'abs' && a.dtype === 'bool' ? 'bool' : 'int';
  }
  const f = UN[op];
  return new NDArray(a.shape, a.data.map(f), dtype);
}

/**
 * np.dot for rank ≤ 2: scalar × array is elementwise; 1-D·1-D → (); 2-D·1-D → (M,); 1-D·2-D → (N,).
 * A stack of rows times a matrix or vector (`grad @ W.T` on a (B, H, W, C) gradient), where np.dot and
 * np.matmul agree: (..., K) · (K, N) → (..., N), (..., K) · (K,) → (...).
 */
export function matmul(a: NDArray, b: NDArray): NDArray {
  if (a.ndim === 0 || b.ndim === 0) return binary('mul', a, b);
  if (a.ndim > 2 && b.ndim <= 2) {
    const k = a.shape[a.ndim - 1];
    const k2 = b.shape[0];
    if (k !== k2) {
      throw new NumericError(`matmul: ${shapeStr(a.shape)} · ${shapeStr(b.shape)}: inner dimensions ${k} and ${k2} differ`, { shapes: [a.shape, b.shape], sizes: [[k, k2]] });
    }
    const lead = a.shape.slice(0, -1);
    const flat = matmul(new NDArray([sizeOf(lead), k], a.data, a.dtype), b);
    return new NDArray([...lead, ...b.shape.slice(1)], flat.data, flat.dtype);
  }
  if (a.ndim > 2 || b.ndim > 2) {
    throw new NumericError(`matmul: ${shapeStr(a.shape)} · ${shapeStr(b.shape)}: arrays of rank > 2 are not supported`);
  }
  const [m, k] = a.ndim === 2 ? a.shape : [1, a.shape[0]];
  const [k2, n] = b.ndim === 2 ? b.shape : [b.shape[0], 1];
  if (k !== k2) {
    throw new NumericError(`matmul: ${shapeStr(a.shape)} · ${shapeStr(b.shape)}: inner dimensions ${k} and ${k2} differ`, { shapes: [a.shape, b.shape], sizes: [[k, k2]] });
  }
  if (m * k * n > MAX_MATMUL_FLOPS) throw new NumericError(`matmul: ${shapeStr(a.shape)} · ${shapeStr(b.shape)} is too large to evaluate`);
  const out = new Float64Array(sizeOf([m, n]));
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const x = a.data[i * k + p];
      if (x === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += x * b.data[p * n + j];
    }
  }
  const shape = [...(a.ndim === 2 ? [m] : []), ...(b.ndim === 2 ? [n] : [])];
  const p = promote(a.dtype, b.dtype);
  if (p === 'bool') for (let i = 0; i < out.length; i++) out[i] = out[i] !== 0 ? 1 : 0;
  return new NDArray(shape, out, p);
}

function normAxis(name: string, axis: number, ndim: number, shape: number[]): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new NumericError(`${name}: axis ${axis} is out of bounds for array of shape ${shapeStr(shape)}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

export function transpose(a: NDArray, axes?: number[]): NDArray {
  const nd = a.ndim;
  const perm = axes ? axes.map((x) => normAxis('transpose', x, nd, a.shape)) : a.shape.map((_, i) => nd - 1 - i);
  if (perm.length !== nd || new Set(perm).size !== nd) {
    throw new NumericError(`transpose: axes [${axes?.join(', ')}] do not match array of shape ${shapeStr(a.shape)}`);
  }
  const shape = perm.map((p) => a.shape[p]);
  const st = stridesOf(a.shape);
  // Reading a with permuted strides is broadcastMap-like: walk out row-major.
  const out = new Float64Array(a.size);
  const idx = new Array<number>(nd).fill(0);
  let src = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = a.data[src];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      src += st[perm[d]];
      if (idx[d] < shape[d]) break;
      src -= st[perm[d]] * idx[d];
      idx[d] = 0;
    }
  }
  return new NDArray(shape, out, a.dtype);
}

export function reshape(a: NDArray, shape: number[]): NDArray {
  const unknown = shape.filter((d) => d === -1).length;
  const known = sizeOf(shape.filter((d) => d !== -1));
  const bad = (): NumericError =>
    new NumericError(`reshape: cannot reshape array of shape ${shapeStr(a.shape)} into shape ${shapeStr(shape)}`);
  if (unknown > 1 || shape.some((d) => !Number.isInteger(d) || d < -1)) throw bad();
  let s = shape;
  if (unknown === 1) {
    if (known === 0 || a.size % known !== 0) throw bad();
    s = shape.map((d) => (d === -1 ? a.size / known : d));
  }
  if (sizeOf(s) !== a.size) throw bad();
  return new NDArray(s, a.data.slice(), a.dtype);
}

export type ReduceOp = 'sum' | 'mean' | 'max' | 'min' | 'prod';

/** The reduced axes (sorted, non-negative) of an axis argument. */
export function reduceAxes(name: string, shape: number[], axis: number | number[] | undefined): number[] {
  if (axis === undefined) return shape.map((_, i) => i);
  const list = (Array.isArray(axis) ? axis : [axis]).map((x) => normAxis(name, x, shape.length, shape));
  if (new Set(list).size !== list.length) throw new NumericError(`${name}: duplicate value in 'axis'`);
  return list.sort((x, y) => x - y);
}

/** Sum/mean/max/min/prod over axes. sum/prod of int or bool give 'int'; mean gives 'float'; max/min keep the dtype. */
export function reduce(op: ReduceOp, a: NDArray, axis: number | number[] | undefined, keepdims: boolean): NDArray {
  const axes = reduceAxes(op, a.shape, axis);
  const red = new Set(axes);
  const keptShape = a.shape.map((d, i) => (red.has(i) ? 1 : d));
  const count = sizeOf(axes.map((i) => a.shape[i]));
  if ((op === 'max' || op === 'min') && count === 0) {
    throw new NumericError(`${op}: zero-size array ${shapeStr(a.shape)} to reduction operation which has no identity`);
  }
  const outSize = sizeOf(keptShape);
  const init = op === 'max' ? -Infinity : op === 'min' ? Infinity : op === 'prod' ? 1 : 0;
  const acc = new Float64Array(outSize).fill(init);
  const map = broadcastMap(keptShape, a.shape);
  for (let k = 0; k < a.size; k++) {
    const x = a.data[k];
    const o = map[k];
    if (op === 'sum' || op === 'mean') acc[o] += x;
    else if (op === 'prod') acc[o] *= x;
    else if (op === 'max') acc[o] = x !== x || acc[o] !== acc[o] ? NaN : Math.max(acc[o], x);
    else acc[o] = x !== x || acc[o] !== acc[o] ? NaN : Math.min(acc[o], x);
  }
  if (op === 'mean') for (let o = 0; o < outSize; o++) acc[o] /= count;
  const dtype: DType =
    op === 'mean' ? 'float' : op === 'max' || op === 'min' ? a.dtype : a.dtype === 'float' ? 'float' : 'int';
  const shape = keepdims ? keptShape : a.shape.filter((_, i) => !red.has(i));
  return new NDArray(shape, acc, dtype);
}

/** Index of the first maximum/minimum (NaN counts as the extreme, as in NumPy); dtype 'int'. */
export function argReduce(op: 'argmax' | 'argmin', a: NDArray, axis: number | undefined): NDArray {
  const src = axis === undefined ? reshape(a, [a.size]) : a;
  const ax = axis === undefined ? 0 : normAxis(op, axis, a.ndim, a.shape);
  const n = src.shape[ax];
  if (n === 0) throw new NumericError(`${op}: attempt to get ${op} of an empty sequence`);
  const outShape = src.shape.filter((_, i) => i !== ax);
  const inner = sizeOf(src.shape.slice(ax + 1));
  const outer = sizeOf(src.shape.slice(0, ax));
  const out = new Float64Array(outer * inner);
  const better = op === 'argmax' ? (x: number, y: number) => x > y : (x: number, y: number) => x < y;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = 0;
      let bv = src.data[o * n * inner + i];
      for (let j = 1; j < n && bv === bv; j++) {
        const v = src.data[(o * n + j) * inner + i];
        if (v !== v || better(v, bv)) {
          best = j;
          bv = v;
        }
      }
      out[o * inner + i] = best;
    }
  }
  return new NDArray(outShape, out, 'int');
}

export function where(cond: NDArray, a: NDArray, b: NDArray): NDArray {
  const s1 = broadcastPair('where', cond, a);
  const shape = broadcastShapes(s1, b.shape);
  if (!shape) {
    throw new NumericError(
      `where: operands could not be broadcast together with shapes ${shapeStr(cond.shape)} ${shapeStr(a.shape)} ${shapeStr(b.shape)}`,
    );
  }
  const mc = broadcastMap(cond.shape, shape);
  const ma = broadcastMap(a.shape, shape);
  const mb = broadcastMap(b.shape, shape);
  const out = new Float64Array(mc.length);
  for (let k = 0; k < out.length; k++) out[k] = cond.data[mc[k]] !== 0 ? a.data[ma[k]] : b.data[mb[k]];
  return new NDArray(shape, out, promote(a.dtype, b.dtype));
}

/** np.clip(a, lo, hi) = minimum(maximum(a, lo), hi); int stays int when the bounds are integers. */
export function clip(a: NDArray, lo: number | undefined, hi: number | undefined): NDArray {
  const intBounds = (lo === undefined || Number.isInteger(lo)) && (hi === undefined || Number.isInteger(hi));
  const dtype: DType = a.dtype !== 'float' && intBounds ? 'int' : 'float';
  const out = a.data.map((x) => {
    let y = x;
    if (lo !== undefined && y < lo) y = lo;
    if (hi !== undefined && y > hi) y = hi;
    return y;
  });
  return new NDArray(a.shape, out, dtype);
}

export function concatenate(arrays: NDArray[], axis: number): NDArray {
  if (arrays.length === 0) throw new NumericError('concatenate: need at least one array to concatenate');
  const first = arrays[0];
  if (first.ndim === 0) throw new NumericError('concatenate: zero-dimensional arrays cannot be concatenated');
  const ax = normAxis('concatenate', axis, first.ndim, first.shape);
  for (const x of arrays) {
    if (x.ndim !== first.ndim || x.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new NumericError(
        `concatenate: ${shapeStr(first.shape)} and ${shapeStr(x.shape)}: dimensions differ except along axis ${ax} is required`,
      );
    }
  }
  const shape = first.shape.slice();
  shape[ax] = arrays.reduce((s, x) => s + x.shape[ax], 0);
  const outer = sizeOf(shape.slice(0, ax));
  const inner = sizeOf(shape.slice(ax + 1));
  const out = new Float64Array(sizeOf(shape));
  let pos = 0;
  for (let o = 0; o < outer; o++) {
    for (const x of arrays) {
      const chunk = x.shape[ax] * inner;
      out.set(x.data.subarray(o * chunk, (o + 1) * chunk), pos);
      pos += chunk;
    }
  }
  const dtype = arrays.reduce<DType>((d, x) => promote(d, x.dtype), first.dtype);
  return new NDArray(shape, out, dtype);
}

export function expandDims(a: NDArray, axis: number): NDArray {
  const ax = normAxis('expand_dims', axis, a.ndim + 1, a.shape);
  const shape = a.shape.slice();
  shape.splice(ax, 0, 1);
  return new NDArray(shape, a.data.slice(), a.dtype);
}

export function squeeze(a: NDArray, axis?: number): NDArray {
  if (axis === undefined) return new NDArray(a.shape.filter((d) => d !== 1), a.data.slice(), a.dtype);
  const ax = normAxis('squeeze', axis, a.ndim, a.shape);
  if (a.shape[ax] !== 1) {
    throw new NumericError(`squeeze: cannot select an axis to squeeze out which has size not equal to one (axis ${ax} of ${shapeStr(a.shape)})`);
  }
  return new NDArray(a.shape.filter((_, i) => i !== ax), a.data.slice(), a.dtype);
}

/** float→int truncates toward zero; →bool gives 0/1 (nonzero and NaN are true). */
export function astype(a: NDArray, dtype: DType): NDArray {
  return new NDArray(a.shape, a.data.map((x) => castValue(x, dtype)), dtype);
}

export function arange(start: number, stop: number, step: number): NDArray {
  if (step === 0 || !Number.isFinite(step)) throw new NumericError('arange: step must be a nonzero finite number');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const dtype: DType = [start, stop, step].every(Number.isInteger) ? 'int' : 'float';
  const out = new Float64Array(sizeOf([n]));
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return new NDArray([n], out, dtype);
}
