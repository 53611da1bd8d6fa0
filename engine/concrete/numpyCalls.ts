// NumPy spellings for the concrete evaluator: each call runs its kernel (numeric/kernels.ts) and is
// recorded on the tape under the op name the derivative table (numeric/vjp.ts) is keyed by. The
// spellings are the shape table's (ops/table.ts); test/engine/concreteOps.test.ts keeps the two in step.

import type { Span } from '../syntax/ast';
import { NDArray } from '../numeric/ndarray';
import {
  argReduce, arange, astype, binary, clip, concatenate, expandDims, matmul, reduce, reshape, squeeze, transpose, where,
  type BinaryOp, type ReduceOp, type UnaryOp,
} from '../numeric/kernels';
import { Rng } from '../numeric/rng';
import type { Evaluator } from './evaluator';
import { type CArr, type CValue, NONE, Unevaluable, num } from './values';

const UNARY: Record<string, UnaryOp> = {
  exp: 'exp', log: 'log', tanh: 'tanh', sqrt: 'sqrt', abs: 'abs', absolute: 'abs', square: 'square', sign: 'sign',
  negative: 'neg', log1p: 'log1p', expm1: 'expm1', sin: 'sin', cos: 'cos',
};
const BINARY: Record<string, BinaryOp> = {
  add: 'add', subtract: 'sub', multiply: 'mul', divide: 'div', true_divide: 'div', power: 'pow', maximum: 'maximum', minimum: 'minimum',
  greater: 'gt', less: 'lt', equal: 'eq', not_equal: 'ne', greater_equal: 'ge', less_equal: 'le', logical_and: 'and', logical_or: 'or',
};
const REDUCE: Record<string, ReduceOp> = { sum: 'sum', nansum: 'sum', nanmean: 'mean', mean: 'mean', max: 'max', amax: 'max', min: 'min', amin: 'min', prod: 'prod' };
const CASTS: Record<string, 'float' | 'int' | 'bool'> = {
  float64: 'float', float32: 'float', float: 'float', int64: 'int', int32: 'int', int: 'int', bool: 'bool', bool_: 'bool',
};

/** The spellings this file evaluates (checked against the shape table by a test). */
export const CONCRETE_SPELLINGS = [
  ...['dot', 'matmul', ...Object.keys(UNARY), ...Object.keys(BINARY), ...Object.keys(REDUCE), 'argmax', 'argmin', 'transpose', 'reshape',
    'squeeze', 'expand_dims', 'ravel', 'zeros', 'ones', 'empty', 'full', 'zeros_like', 'ones_like', 'empty_like', 'full_like', 'array',
    'asarray', 'copy', 'where', 'clip', 'concatenate', 'vstack', 'hstack', 'arange', 'eye', 'int64', 'int32', 'float64', 'float32',
    'random.randn', 'random.rand', 'outer'].map((n) => `np.${n}`),
  ...['dot', 'sum', 'mean', 'max', 'min', 'argmax', 'argmin', 'transpose', 'reshape', 'squeeze', 'flatten', 'ravel', 'copy', 'astype'].map((n) => `array.${n}`),
];

interface Args {
  get(i: number, kw: string): CValue | undefined;
}

function argsOf(args: CValue[], kwargs: Map<string, CValue>, self: CValue | undefined): Args {
  const all = self ? [self, ...args] : args;
  return { get: (i, kw) => (i < all.length ? all[i] : kwargs.get(kw)) };
}

function intOf(v: CValue | undefined, what: string): number {
  if (v?.t === 'num' && v.int) return v.v;
  if (v?.t === 'arr' && v.a.size === 1 && v.a.dtype !== 'float') return v.a.data[0];
  throw new Unevaluable(`${what}: expected an int`);
}

function shapeOf(v: CValue | undefined, rest: CValue[] = []): number[] {
  if (v?.t === 'tuple' || v?.t === 'list') return v.items.map((x) => intOf(x, 'shape'));
  if (v && rest.length) return [v, ...rest].map((x) => intOf(x, 'shape'));
  return [intOf(v, 'shape')];
}

function axisOf(v: CValue | undefined): number | number[] | undefined {
  if (!v || v.t === 'none') return undefined;
  if (v.t === 'tuple' || v.t === 'list') return v.items.map((x) => intOf(x, 'axis'));
  return intOf(v, 'axis');
}

function flag(v: CValue | undefined): boolean {
  return v !== undefined && (v.t === 'bool' ? v.v : v.t === 'num' ? v.v !== 0 : false);
}

function dtypeOf(v: CValue | undefined): 'float' | 'int' | 'bool' | undefined {
  if (!v || v.t === 'none') return undefined;
  if (v.t === 'builtin') return CASTS[v.name.slice(v.name.lastIndexOf('.') + 1)];
  if (v.t === 'str') return CASTS[v.v];
  return undefined;
}

export function numpyCall(ev: Evaluator, name: string, args: CValue[], kwargs: Map<string, CValue>, self: CValue | undefined, span: Span | undefined): CValue {
  const a = argsOf(args, kwargs, self);
  const method = name.startsWith('array.');
  const fn = method ? name.slice(6) : name.slice(3);
  const arr = (v: CValue | undefined): CArr => {
    if (!v) throw new Unevaluable(`${name}: missing argument`);
    return ev.toArr(v, span);
  };
  const rec = (op: string, inputs: CArr[], out: NDArray, params: Record<string, unknown> = {}) => ev.record(op, inputs, params, out, span);

  if (fn === 'dot' || fn === 'matmul') {
    const x = arr(a.get(0, 'a'));
    const y = arr(a.get(1, 'b'));
    return rec('matmul', [x, y], matmul(x.a, y.a));
  }
  if (fn in UNARY && !method) {
    const x = arr(a.get(0, 'x'));
    return rec(UNARY[fn], [x], ev.unaryKernel(UNARY[fn], x.a));
  }
  if (fn in BINARY && !method) {
    const x = arr(a.get(0, 'x1'));
    const y = arr(a.get(1, 'x2'));
    return rec(BINARY[fn], [x, y], binary(BINARY[fn], x.a, y.a));
  }
  if (fn in REDUCE) {
    const x = arr(a.get(0, 'a'));
    const axis = axisOf(a.get(1, 'axis'));
    const keepdims = flag(kwargs.get('keepdims'));
    return rec(REDUCE[fn], [x], reduce(REDUCE[fn], x.a, axis, keepdims), { axis, keepdims });
  }
  if (fn === 'argmax' || fn === 'argmin') {
    const x = arr(a.get(0, 'a'));
    const axis = axisOf(a.get(1, 'axis'));
    return rec(fn, [x], argReduce(fn, x.a, axis as number | undefined));
  }
  if (fn === 'transpose') {
    const x = arr(a.get(0, 'a'));
    const rest = method ? args : args.slice(1);
    const axes = rest.length === 0 || rest[0].t === 'none' ? undefined : shapeOf(rest[0], rest.slice(1));
    return rec('transpose', [x], transpose(x.a, axes), { axes });
  }
  if (fn === 'reshape') {
    const x = arr(a.get(0, 'a'));
    const rest = method ? args : args.slice(1);
    const shape = shapeOf(rest[0] ?? kwargs.get('newshape') ?? kwargs.get('shape'), rest.slice(1));
    return rec('reshape', [x], reshape(x.a, shape));
  }
  if (fn === 'flatten' || fn === 'ravel') {
    const x = arr(a.get(0, 'a'));
    return rec('reshape', [x], reshape(x.a, [-1]));
  }
  if (fn === 'squeeze') {
    const v = a.get(0, 'a');
    if (v?.t === 'num') return v;
    const x = arr(v);
    const axis = a.get(1, 'axis');
    const ax = axis && axis.t !== 'none' ? intOf(axis, 'axis') : undefined;
    return rec('squeeze', [x], squeeze(x.a, ax), { axis: ax });
  }
  if (fn === 'expand_dims') {
    const x = arr(a.get(0, 'a'));
    const axis = intOf(a.get(1, 'axis'), 'axis');
    return rec('expand_dims', [x], expandDims(x.a, axis), { axis });
  }
  if (fn === 'copy' || ((fn === 'array' || fn === 'asarray') && a.get(0, 'object')?.t === 'arr')) {
    const src = a.get(0, 'a');
    if (fn === 'asarray' && src?.t === 'arr') return src;
    const x = arr(src);
    const dt = dtypeOf(a.get(1, 'dtype'));
    const copy = rec('copy', [x], x.a.clone());
    return dt && dt !== x.a.dtype ? cast(ev, copy, dt, span) : copy;
  }
  if (fn === 'array' || fn === 'asarray') {
    const src = a.get(0, 'object');
    if (!src) throw new Unevaluable('np.array()');
    const dt = dtypeOf(a.get(1, 'dtype'));
    if (src.t === 'num') return ev.fresh(NDArray.scalar(src.v, dt ?? (src.int ? 'int' : 'float')), span);
    const items = src.t === 'list' || src.t === 'tuple' ? src.items : undefined;
    if (items && items.some((x) => x.t === 'arr')) {
      // np.array([a, b]) of arrays: stack them, keeping the tape.
      const parts = items.map((x) => ev.toArr(x, span)).map((p) => rec('expand_dims', [p], expandDims(p.a, 0), { axis: 0 }));
      return rec('concatenate', parts, concatenate(parts.map((p) => p.a), 0), { axis: 0 });
    }
    const out = NDArray.fromNested(ev.plain(src), dt);
    return ev.fresh(out, span);
  }
  if (fn === 'astype') return cast(ev, arr(self), dtypeOf(args[0] ?? kwargs.get('dtype')) ?? 'float', span);
  if (fn in CASTS && !method) {
    const v = a.get(0, 'x');
    const dt = CASTS[fn];
    if (v?.t === 'num') return num(dt === 'int' ? Math.trunc(v.v) : v.v, dt === 'int');
    return cast(ev, arr(v), dt, span);
  }
  if (fn === 'zeros' || fn === 'ones' || fn === 'empty' || fn === 'full') {
    const shape = shapeOf(a.get(0, 'shape'));
    const fill = fn === 'ones' ? 1 : fn === 'full' ? numberOf(a.get(1, 'fill_value')) : 0;
    const dt = dtypeOf(fn === 'full' ? a.get(2, 'dtype') : a.get(1, 'dtype')) ?? 'float';
    return ev.fresh(NDArray.full(shape, fill, dt), span);
  }
  if (fn === 'zeros_like' || fn === 'ones_like' || fn === 'empty_like' || fn === 'full_like') {
    const x = arr(a.get(0, 'a'));
    const fill = fn === 'ones_like' ? 1 : fn === 'full_like' ? numberOf(a.get(1, 'fill_value')) : 0;
    return ev.fresh(NDArray.full(x.a.shape, fill, x.a.dtype === 'bool' ? 'float' : x.a.dtype), span);
  }
  if (fn === 'eye') {
    const n = intOf(a.get(0, 'N'), 'np.eye');
    const out = NDArray.zeros([n, n]);
    for (let i = 0; i < n; i++) out.data[i * n + i] = 1;
    return ev.fresh(out, span);
  }
  if (fn === 'arange') {
    const nums = args.map(numberOf);
    const [start, stop, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
    return ev.fresh(arange(start, stop, step), span);
  }
  if (fn === 'where') {
    if (args.length < 3) throw new Unevaluable('np.where with one argument');
    const c = arr(args[0]);
    const x = arr(args[1]);
    const y = arr(args[2]);
    return rec('where', [c, x, y], where(c.a, x.a, y.a));
  }
  if (fn === 'clip') {
    const x = arr(a.get(0, 'a'));
    const lo = optionalNumber(a.get(1, 'a_min'));
    const hi = optionalNumber(a.get(2, 'a_max'));
    return rec('clip', [x], clip(x.a, lo, hi), { lo, hi });
  }
  if (fn === 'concatenate' || fn === 'vstack' || fn === 'hstack') {
    const list = a.get(0, 'arrays');
    if (!list || (list.t !== 'list' && list.t !== 'tuple')) throw new Unevaluable(name);
    const parts = list.items.map((x) => ev.toArr(x, span));
    const axis = fn === 'vstack' ? 0 : fn === 'hstack' ? (parts[0].a.ndim === 1 ? 0 : 1) : a.get(1, 'axis') ? intOf(a.get(1, 'axis'), 'axis') : 0;
    return rec('concatenate', parts, concatenate(parts.map((p) => p.a), axis), { axis });
  }
  if (fn === 'outer') {
    const x = arr(a.get(0, 'a'));
    const y = arr(a.get(1, 'b'));
    const col = rec('reshape', [x], reshape(x.a, [-1, 1]));
    const row = rec('reshape', [y], reshape(y.a, [1, -1]));
    return rec('mul', [col, row], binary('mul', col.a, row.a));
  }
  if (name === 'np.random.seed') {
    ev.rng = new Rng(1_000_003 * (intOf(args[0] ?? num(0, true), 'seed') + 1) + ev.opts.seed);
    return NONE;
  }
  if (name === 'np.random.randn' || name === 'np.random.rand') {
    const shape = args.length ? shapeOf(args[0], args.slice(1)) : [];
    return ev.fresh(name.endsWith('randn') ? ev.rng.normalArray(shape) : ev.rng.uniformArray(shape), span);
  }
  if (name === 'np.random.randint') {
    const lo = intOf(a.get(0, 'low'), 'randint');
    const hiV = a.get(1, 'high');
    const [low, high] = hiV && hiV.t !== 'none' ? [lo, intOf(hiV, 'randint')] : [0, lo];
    const size = a.get(2, 'size');
    return ev.fresh(ev.rng.intArray(size && size.t !== 'none' ? shapeOf(size) : [], low, high), span);
  }
  if (name === 'np.linalg.norm') {
    // sqrt(sum(x²)), recorded as its three ops so it differentiates.
    const x = arr(a.get(0, 'x'));
    const sq = rec('square', [x], ev.unaryKernel('square', x.a));
    const sum = rec('sum', [sq], reduce('sum', sq.a, undefined, false), { axis: undefined, keepdims: false });
    return rec('sqrt', [sum], ev.unaryKernel('sqrt', sum.a));
  }
  if (name === 'np.random.random' || name === 'np.random.random_sample') {
    return ev.fresh(ev.rng.uniformArray(shapeOf(a.get(0, 'size'))), span);
  }
  if (name === 'np.random.normal' || name === 'np.random.uniform') {
    const size = a.get(2, 'size');
    const shape = size ? shapeOf(size) : [];
    const p = numberOf(a.get(0, name.endsWith('normal') ? 'loc' : 'low') ?? num(0, false));
    const q = numberOf(a.get(1, name.endsWith('normal') ? 'scale' : 'high') ?? num(1, false));
    const out = name.endsWith('normal') ? ev.rng.normalArray(shape) : ev.rng.uniformArray(shape, p, q);
    if (name.endsWith('normal')) for (let i = 0; i < out.data.length; i++) out.data[i] = p + q * out.data[i];
    return ev.fresh(out, span);
  }
  if (name === 'np.shape') return { t: 'tuple', items: arr(args[0]).a.shape.map((d) => num(d, true)) };
  throw new Unevaluable(`${name} is not modelled by the evaluator`);
}

function numberOf(v: CValue | undefined): number {
  if (v?.t === 'num') return v.v;
  if (v?.t === 'bool') return v.v ? 1 : 0;
  if (v?.t === 'arr' && v.a.size === 1) return v.a.data[0];
  throw new Unevaluable('expected a number');
}

function optionalNumber(v: CValue | undefined): number | undefined {
  return !v || v.t === 'none' ? undefined : numberOf(v);
}

function cast(ev: Evaluator, x: CArr, dt: 'float' | 'int' | 'bool', span: Span | undefined): CArr {
  const out = astype(x.a, dt);
  // A cast to float passes gradients; truncation to int or bool is a step function (no gradient).
  return ev.record(dt === 'float' ? 'astype' : `astype_${dt}`, [x], {}, out, span);
}
