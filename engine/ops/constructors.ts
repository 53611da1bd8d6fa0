// Array constructors: np.random.*, np.zeros/ones/empty/full and their _like, np.eye, np.array of
// nested literals, np.arange, and the Generator methods of np.random.default_rng().

import type { Expr } from '../syntax/ast';
import type { ArrayValue, Value } from '../interp/values';
import type { Shape } from '../shapes/shapeOps';
import type { CallSite, OpContext } from './types';
import { arg, asArray, constantProduct } from './types';
import type { Concrete, OpEntry } from './definition';
import { NDArray } from '../numeric/ndarray';
import { arange as arangeKernel, concatenate, expandDims } from '../numeric/kernels';
import { Rng } from '../numeric/rng';
import { reshapeBack } from '../numeric/vjp';
import { takeRows } from '../numeric/indexing';
import { type CArr, NONE, Unevaluable, num } from '../concrete/values';
import { cast, dtypeOf, intOf, numberOf, shapeOf } from './concreteArgs';
import { unaryShape } from './unary';

function made(ctx: OpContext, site: CallSite, shape: Shape | undefined, dtype?: ArrayValue['dtype']): ArrayValue {
  const v: ArrayValue = { t: 'array', shape, dtype, origin: `${ctx.src(site.call.func)} on line ${ctx.lineOf(site.call.span.start)}`, site: { kind: 'operation', file: ctx.file, span: site.call.span } };
  return v;
}

/** Marks an array made rank 1 from one size argument, so a later contradiction blames it. */
function noteRank1(v: ArrayValue, site: CallSite, sizeArg: Expr | undefined): ArrayValue {
  if (v.shape?.length === 1 && sizeArg) v.note = { madeRank1: { span: site.call.span, sizeArg, shape: v.shape } };
  return v;
}

/** randn(d0, d1, ...), rand(...): sizes as separate arguments. */
const variadicSizes: OpEntry = {
  id: 'randn',
  spellings: ['np.random.randn', 'np.random.rand', 'rng.randn', 'rng.rand'],
  syntax: 'call',
  concrete(c) {
    const shape = c.args.length ? shapeOf(c.args[0], c.args.slice(1)) : [];
    return c.host.fresh(c.name.endsWith('randn') ? c.host.rng.normalArray(shape) : c.host.rng.uniformArray(shape), c.span);
  },
  derivative: { leaf: 'makes a new array: a leaf of the tape' },
  shape(site, ctx) {
    if (site.args.length === 0) return { t: 'float' };
    const shape = site.args.map((v, i) => ctx.dimOf(v, site.argExprs[i]));
    const v = made(ctx, site, shape);
    return site.args.length === 1 ? noteRank1(v, site, site.argExprs[0]) : v;
  },
};

/** zeros(shape), ones(shape), empty(shape): one shape argument. */
const shapeFirst: OpEntry = {
  id: 'filled',
  spellings: ['np.zeros', 'np.ones', 'np.empty', 'np.full'],
  syntax: 'call',
  concrete(c) {
    const shape = shapeOf(c.get(0, 'shape'));
    const fill = c.fn === 'ones' ? 1 : c.fn === 'full' ? numberOf(c.get(1, 'fill_value')) : 0;
    const dt = dtypeOf(c.fn === 'full' ? c.get(2, 'dtype') : c.get(1, 'dtype')) ?? 'float';
    return c.host.fresh(NDArray.full(shape, fill, dt), c.span);
  },
  derivative: { leaf: 'makes a new array: a leaf of the tape' },
  shape(site, ctx) {
    const s = arg(site, 0, 'shape');
    if (!s.v) return { t: 'array', shape: undefined };
    const shape = ctx.shapeArg(s.v, s.e);
    return noteRank1(made(ctx, site, shape), site, s.e);
  },
};

/** Distributions with a size= keyword: np.random.normal(loc, scale, size), uniform, randint, choice. */
/** The distributions the evaluator draws from (the others stop a run, unchecked). */
const drawSized: Concrete = (c) => {
  const name = c.name;
  if (name === 'np.random.randint') {
    const lo = intOf(c.get(0, 'low'), 'randint');
    const hiV = c.get(1, 'high');
    const [low, high] = hiV && hiV.t !== 'none' ? [lo, intOf(hiV, 'randint')] : [0, lo];
    const size = c.get(2, 'size');
    return c.host.fresh(c.host.rng.intArray(size && size.t !== 'none' ? shapeOf(size) : [], low, high), c.span);
  }
  if (name === 'np.random.binomial') {
    // A dropout mask: binomial(1, keep_prob, shape). Each draw is n Bernoulli trials.
    const n = intOf(c.get(0, 'n'), 'binomial');
    const p = numberOf(c.get(1, 'p'));
    const size = c.get(2, 'size');
    if (n < 0 || n > 1000 || !(p >= 0 && p <= 1)) throw new Unevaluable('np.random.binomial with these parameters');
    const out = NDArray.full(size && size.t !== 'none' ? shapeOf(size) : [], 0, 'int');
    for (let i = 0; i < out.data.length; i++) for (let k = 0; k < n; k++) if (c.host.rng.next() < p) out.data[i]++;
    return c.host.fresh(out, c.span);
  }
  if (name === 'np.random.choice') {
    // choice(a, size=None, replace=True, p=None): a sampled character index, a shuffled subset of rows.
    const a = c.get(0, 'a');
    const items: number[] =
      a?.t === 'num' && a.int ? Array.from({ length: a.v }, (_, i) => i)
      : a?.t === 'list' && a.items.every((x) => x.t === 'num') ? a.items.map((x) => (x as { v: number }).v)
      : a?.t === 'arr' && a.a.ndim === 1 ? [...a.a.data]
      : [];
    if (items.length === 0) throw new Unevaluable('np.random.choice of something other than a size, a list of numbers or a 1-D array');
    const ints = !(a?.t === 'arr' && a.a.dtype === 'float') && !(a?.t === 'list' && a.items.some((x) => x.t === 'num' && !x.int));
    const replace = c.get(2, 'replace');
    if (replace && replace.t === 'bool' && !replace.v) throw new Unevaluable('np.random.choice without replacement');
    const pv = c.get(3, 'p');
    const probs = pv && pv.t !== 'none' ? (pv.t === 'arr' ? [...pv.a.data] : undefined) : items.map(() => 1 / items.length);
    if (!probs || probs.length !== items.length) throw new Unevaluable('np.random.choice with these probabilities');
    const draw = () => {
      let u = c.host.rng.next();
      for (let i = 0; i < items.length; i++) if ((u -= probs[i]) < 0) return items[i];
      return items[items.length - 1];
    };
    const size = c.get(1, 'size');
    if (!size || size.t === 'none') return num(draw(), ints);
    const shape = shapeOf(size);
    const out = NDArray.full(shape, 0, ints ? 'int' : 'float');
    for (let i = 0; i < out.data.length; i++) out.data[i] = draw();
    return c.host.fresh(out, c.span);
  }
  if (name === 'np.random.permutation') {
    // permutation(n): 0..n-1 shuffled; permutation(x): x's rows shuffled (a selection on the tape).
    const x = c.get(0, 'x');
    if (x?.t === 'num') return c.host.fresh(takeRows(arangeKernel(0, intOf(x, 'permutation'), 1), c.host.rng.permutation(intOf(x, 'permutation'))).out, c.span);
    const a = c.arr(x);
    if (a.a.ndim === 0) throw new Unevaluable('np.random.permutation of a 0-d array');
    return shuffledRows(c, a);
  }
  if (name === 'np.random.shuffle') {
    // In place, along the first axis: the array now holds its rows in a new order.
    const x = c.get(0, 'x');
    if (x?.t !== 'arr' || x.a.ndim === 0) throw new Unevaluable('np.random.shuffle of something other than an array');
    const out = shuffledRows(c, x);
    x.a = out.a;
    x.node = out.node;
    return NONE;
  }
  if (name === 'np.random.random' || name === 'np.random.random_sample') {
    return c.host.fresh(c.host.rng.uniformArray(shapeOf(c.get(0, 'size'))), c.span);
  }
  if (name === 'np.random.normal' || name === 'np.random.uniform') {
    const size = c.get(2, 'size');
    const shape = size ? shapeOf(size) : [];
    const normal = name.endsWith('normal');
    const p = numberOf(c.get(0, normal ? 'loc' : 'low') ?? num(0, false));
    const q = numberOf(c.get(1, normal ? 'scale' : 'high') ?? num(1, false));
    const out = normal ? c.host.rng.normalArray(shape) : c.host.rng.uniformArray(shape, p, q);
    if (normal) for (let i = 0; i < out.data.length; i++) out.data[i] = p + q * out.data[i];
    return c.host.fresh(out, c.span);
  }
  throw new Unevaluable(`${name} is not modelled by the evaluator`);
};

/** x with its rows in a random order, recorded as the selection it is (its gradient goes back to x's rows). */
function shuffledRows(c: Parameters<Concrete>[0], x: CArr): CArr {
  const { out, src } = takeRows(x.a, c.host.rng.permutation(x.a.shape[0]));
  return c.rec('getitem', [x], out, { src });
}

const sized: OpEntry = {
  id: 'random_sized',
  syntax: 'call',
  concrete: drawSized,
  derivative: { leaf: 'makes a new array: a leaf of the tape' },
  spellings: [
    'np.random.normal', 'np.random.uniform', 'np.random.randint', 'np.random.binomial', 'np.random.choice',
    'np.random.random', 'np.random.random_sample', 'np.random.standard_normal', 'np.random.permutation', 'np.random.shuffle',
    'rng.normal', 'rng.uniform', 'rng.integers', 'rng.standard_normal', 'rng.random', 'rng.choice',
    // np.random.RandomState(seed)'s own methods (the abstract interpreter's `rng` is either generator)
    'rng.randint', 'rng.permutation', 'rng.shuffle',
  ],
  shape(site, ctx) {
    const name = site.call.func.kind === 'attr' ? site.call.func.name : '';
    const positionalSize: Record<string, number> = {
      normal: 2, uniform: 2, randint: 2, binomial: 2, choice: 1, random: 0, random_sample: 0, standard_normal: 0, integers: 2,
    };
    if (name === 'shuffle') return { t: 'none' };
    if (name === 'permutation') {
      const a = arg(site, 0, 'x');
      if (a.v?.t === 'int') return made(ctx, site, [ctx.dimOf(a.v, a.e)], 'int');
      return { t: 'array', shape: asArray(a.v)?.shape };
    }
    const s = arg(site, positionalSize[name] ?? 99, 'size');
    if (!s.v || s.v.t === 'none') return name === 'randint' || name === 'integers' ? { t: 'int', dim: ctx.dims.unknown() } : { t: 'float' };
    const dtype = name === 'randint' || name === 'integers' ? 'int' : undefined;
    return noteRank1(made(ctx, site, ctx.shapeArg(s.v, s.e), dtype), site, s.e);
  },
};

const likeOps: OpEntry = {
  id: 'filled_like',
  spellings: ['np.zeros_like', 'np.ones_like', 'np.empty_like', 'np.full_like'],
  syntax: 'call',
  concrete(c) {
    const x = c.arr(c.get(0, 'a'));
    const fill = c.fn === 'ones_like' ? 1 : c.fn === 'full_like' ? numberOf(c.get(1, 'fill_value')) : 0;
    return c.host.fresh(NDArray.full(x.a.shape, fill, x.a.dtype === 'bool' ? 'float' : x.a.dtype), c.span);
  },
  derivative: { leaf: 'makes a new array: a leaf of the tape' },
  shape(site, ctx) {
    const a = asArray(arg(site, 0, 'a').v);
    return { t: 'array', shape: a?.shape, origin: `${ctx.src(site.call.func)} on line ${ctx.lineOf(site.call.span.start)}`, site: { kind: 'operation', file: ctx.file, span: site.call.span } };
  },
};

const eye: OpEntry = {
  id: 'eye',
  spellings: ['np.eye', 'np.identity'],
  syntax: 'call',
  concrete(c) {
    if (c.fn !== 'eye') throw new Unevaluable(`${c.name} is not modelled by the evaluator`);
    return c.host.fresh(NDArray.identity(intOf(c.get(0, 'N'), 'np.eye')), c.span);
  },
  derivative: { leaf: 'makes a new array: a leaf of the tape' },
  shape(site, ctx) {
    const n = arg(site, 0, 'N');
    if (!n.v) return { t: 'array', shape: undefined };
    const d = ctx.dimOf(n.v, n.e);
    const m = arg(site, 1, 'M');
    return made(ctx, site, [d, m.v && m.v.t !== 'none' ? ctx.dimOf(m.v, m.e) : d]);
  },
};

/** np.array / np.asarray of nested literals, or of an array (a copy). */
const arrayLiteral: OpEntry = {
  id: 'array',
  spellings: ['np.array', 'np.asarray', 'np.asfarray'],
  syntax: 'call',
  concrete(c) {
    if (c.fn === 'asfarray') throw new Unevaluable(`${c.name} is not modelled by the evaluator`);
    if (c.get(0, 'object')?.t === 'arr') return copyConcrete(c);
    const src = c.get(0, 'object');
    if (!src) throw new Unevaluable('np.array()');
    const dt = dtypeOf(c.get(1, 'dtype'));
    if (src.t === 'num') return c.host.fresh(NDArray.scalar(src.v, dt ?? (src.int ? 'int' : 'float')), c.span);
    const items = src.t === 'list' || src.t === 'tuple' ? src.items : undefined;
    if (items && items.some((x) => x.t === 'arr')) {
      // np.array([a, b]) of arrays: stack them, keeping the tape.
      const parts = items.map((x) => c.arr(x)).map((p) => c.rec('expand_dims', [p], expandDims(p.a, 0), { axis: 0 }));
      return c.rec('concatenate', parts, concatenate(parts.map((p) => p.a), 0), { axis: 0 });
    }
    return c.host.fresh(NDArray.fromNested(c.host.plain(src), dt), c.span);
  },
  derivative: { recordedAs: ['copy', 'expand_dims', 'concatenate'] },
  shape: literalArrayShape,
};

/** np.array(x) of an array, np.copy(x), x.copy(): a copy on the tape (np.asarray of an array is the array). */
const copyConcrete: Concrete = (c) => {
  const src = c.get(0, 'a');
  // np.asarray / np.array of an np.matrix is a plain array again (concrete/npMatrix.ts).
  const plain = (v: CArr): CArr => (v.matrix && (c.fn === 'asarray' || c.fn === 'array') ? { t: 'arr', a: v.a, node: v.node } : v);
  if (c.fn === 'asarray' && src?.t === 'arr') return plain(src);
  const x = c.arr(src);
  const dt = dtypeOf(c.method ? undefined : c.get(1, 'dtype'));
  const copy = plain(c.rec('copy', [x], x.a.clone()));
  return dt && dt !== x.a.dtype ? cast(c, copy, dt) : copy;
};

const copyOp: OpEntry = {
  id: 'copy',
  spellings: ['np.copy', 'array.copy'],
  syntax: 'call',
  shape: (site, ctx) => (site.self ? unaryShape(site, ctx) : literalArrayShape(site, ctx)),
  concrete: copyConcrete,
  derivative: { ...reshapeBack, face: ({ g }) => g },
};

function literalArrayShape(site: CallSite, ctx: OpContext): Value {
  const a = arg(site, 0, 'object');
  if (!a.v) return { t: 'array', shape: undefined };
  const shape = literalShape(ctx, a.v);
  return { t: 'array', shape, origin: `${ctx.src(site.call.func)} on line ${ctx.lineOf(site.call.span.start)}`, site: { kind: 'operation', file: ctx.file, span: site.call.span }, note: a.v.t === 'array' ? a.v.note : undefined, tainted: a.v.t === 'array' ? a.v.tainted : undefined };
}

function literalShape(ctx: OpContext, v: Value): Shape | undefined {
  if (v.t === 'array') return v.shape;
  if (v.t === 'int' || v.t === 'float' || v.t === 'bool') return [];
  if (v.t === 'list' || v.t === 'tuple') {
    if (v.items === undefined) return undefined;
    const inner = v.items.length > 0 ? literalShape(ctx, v.items[0]) : [];
    if (inner === undefined) return undefined;
    return [ctx.dims.constant(v.items.length), ...inner];
  }
  return undefined;
}

const arange: OpEntry = {
  id: 'arange',
  spellings: ['np.arange', 'np.linspace'],
  syntax: 'call',
  concrete(c) {
    if (c.fn === 'linspace') {
      // linspace(start, stop, num=50, endpoint=True): num evenly spaced floats.
      const start = numberOf(c.get(0, 'start'));
      const stop = numberOf(c.get(1, 'stop'));
      const n = intOf(c.get(2, 'num') ?? num(50, true), 'np.linspace');
      const endpoint = c.get(3, 'endpoint');
      if ([...c.kwargs.keys()].some((k) => !['start', 'stop', 'num', 'endpoint'].includes(k)) || c.args.length > 4 || n < 0) throw new Unevaluable(`${c.name} with these arguments`);
      const parts = endpoint && endpoint.t === 'bool' && !endpoint.v ? n : n - 1;
      const out = NDArray.zeros([n]);
      for (let i = 0; i < n; i++) out.data[i] = parts > 0 ? start + ((stop - start) * i) / parts : start;
      if (parts > 0 && parts === n - 1 && n > 1) out.data[n - 1] = stop;
      return c.host.fresh(out, c.span);
    }
    const nums = c.args.map(numberOf);
    const [start, stop, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
    return c.host.fresh(arangeKernel(start, stop, step), c.span);
  },
  derivative: { leaf: 'makes a new array: a leaf of the tape' },
  shape(site, ctx) {
    const name = site.call.func.kind === 'attr' ? site.call.func.name : '';
    if (name === 'linspace') {
      const n = arg(site, 2, 'num');
      return made(ctx, site, [n.v ? ctx.dimOf(n.v, n.e) : ctx.dims.constant(50)]);
    }
    if (site.args.length === 1 && site.args[0].t === 'int') return made(ctx, site, [ctx.dimOf(site.args[0], site.argExprs[0])], 'int');
    const ints = site.args.map((v) => (v.t === 'int' ? ctx.dims.value(v.dim) : undefined));
    if (ints.length >= 2 && ints.every((x) => x !== undefined)) {
      const [start, stop, step = 1] = ints as number[];
      return made(ctx, site, [ctx.dims.constant(Math.max(0, Math.ceil((stop - start) / step)))], 'int');
    }
    return made(ctx, site, [ctx.dims.unknown()]);
  },
};

/** np.random.seed: reseeds the run's generator (the interpreter's builtins give its abstract value). */
const seed: OpEntry = {
  id: 'random_seed',
  spellings: ['np.random.seed'],
  syntax: 'call',
  concrete(c) {
    c.host.rng = new Rng(1_000_003 * (intOf(c.args[0] ?? num(0, true), 'seed') + 1) + c.host.opts.seed);
    return NONE;
  },
  derivative: { leaf: 'no array' },
};

const shapeOfOp: OpEntry = {
  id: 'shape_of',
  spellings: ['np.shape'],
  syntax: 'call',
  concrete: (c) => ({ t: 'tuple', items: c.arr(c.args[0]).a.shape.map((d) => num(d, true)) }),
  derivative: { leaf: 'a tuple of ints' },
};

/** np.size(a) (how many numbers: `2 * (y_pred - y_true) / np.size(y_true)`), np.size(a, axis) (one axis). */
const sizeOfOp: OpEntry = {
  id: 'size_of',
  spellings: ['np.size'],
  syntax: 'call',
  concrete(c) {
    const shape = c.arr(c.get(0, 'a')).a.shape;
    const axis = c.get(1, 'axis');
    if (axis && axis.t !== 'none') {
      const i = intOf(axis, 'axis');
      const d = shape[i < 0 ? shape.length + i : i];
      if (d === undefined) throw new Unevaluable('np.size: axis out of range');
      return num(d, true);
    }
    return num(shape.reduce((p, d) => p * d, 1), true);
  },
  shape(site, ctx) {
    const a = asArray(arg(site, 0, 'a').v);
    const axis = arg(site, 1, 'axis').v;
    if (!a?.shape) return { t: 'int', dim: ctx.dims.unknown() };
    if (axis) {
      const i = axis.t === 'int' ? ctx.dims.value(axis.dim) : undefined;
      const d = i === undefined ? undefined : a.shape[i < 0 ? a.shape.length + i : i];
      return { t: 'int', dim: d ?? ctx.dims.unknown() };
    }
    const p = constantProduct(ctx, a.shape);
    return { t: 'int', dim: p === undefined ? ctx.dims.unknown() : ctx.dims.constant(p) };
  },
  derivative: { leaf: 'an int' },
};

/** np.array_equal(a, b): same shape and values (a bool; nothing to differentiate). */
const arrayEqual: OpEntry = {
  id: 'array_equal',
  spellings: ['np.array_equal'],
  syntax: 'call',
  concrete(c) {
    const a = c.arr(c.get(0, 'a1'));
    const b = c.arr(c.get(1, 'a2'));
    const same = a.a.shape.length === b.a.shape.length && a.a.shape.every((d, i) => d === b.a.shape[i]) && a.a.data.every((v, i) => v === b.a.data[i]);
    return { t: 'bool', v: same };
  },
  derivative: { leaf: 'no array: a bool' },
};

/**
 * np.unique(a): its distinct values, sorted, as a vector (`n_classes = np.unique(y).shape[0]`). Its length
 * depends on the values, so the shape analysis knows only its rank; a leaf of the tape.
 */
const unique: OpEntry = {
  id: 'unique',
  spellings: ['np.unique'],
  syntax: 'call',
  concrete(c) {
    if (c.args.length !== 1 || c.kwargs.size > 0) throw new Unevaluable(`${c.name} with these arguments`);
    const a = c.arr(c.get(0, 'ar'));
    const values = [...new Set(a.a.data)].sort((x, y) => x - y);
    const out = NDArray.zeros([values.length], a.a.dtype);
    values.forEach((v, i) => (out.data[i] = v));
    return c.host.fresh(out, c.span);
  },
  derivative: { leaf: 'the distinct values of an array: a leaf of the tape' },
  shape(site, ctx) {
    return made(ctx, site, [ctx.dims.unknown()], site.args[0]?.t === 'array' ? site.args[0].dtype : undefined);
  },
};

export const CONSTRUCTOR_OPS: OpEntry[] = [variadicSizes, shapeFirst, sized, likeOps, eye, arrayLiteral, copyOp, arange, seed, shapeOfOp, sizeOfOp, arrayEqual, unique];
