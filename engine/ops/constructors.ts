// Array constructors: np.random.*, np.zeros/ones/empty/full and their _like, np.eye, np.array of
// nested literals, np.arange, and the Generator methods of np.random.default_rng().

import type { Expr } from '../syntax/ast';
import type { ArrayValue, Value } from '../interp/values';
import type { Shape } from '../shapes/shapeOps';
import type { CallSite, OpContext, OpEntry } from './types';
import { arg, asArray } from './types';

function made(ctx: OpContext, site: CallSite, shape: Shape | undefined, dtype?: ArrayValue['dtype']): ArrayValue {
  const v: ArrayValue = { t: 'array', shape, dtype, origin: `${ctx.src(site.call.func)} on line ${ctx.lineOf(site.call.span.start)}` };
  return v;
}

/** Marks an array made rank 1 from one size argument, so a later contradiction blames it. */
function noteRank1(v: ArrayValue, site: CallSite, sizeArg: Expr | undefined): ArrayValue {
  if (v.shape?.length === 1 && sizeArg) v.note = { madeRank1: { span: site.call.span, sizeArg, shape: v.shape } };
  return v;
}

/** randn(d0, d1, ...), rand(...): sizes as separate arguments. */
const variadicSizes: OpEntry = {
  names: ['np.random.randn', 'np.random.rand'],
  shape(site, ctx) {
    if (site.args.length === 0) return { t: 'float' };
    const shape = site.args.map((v, i) => ctx.dimOf(v, site.argExprs[i]));
    const v = made(ctx, site, shape);
    return site.args.length === 1 ? noteRank1(v, site, site.argExprs[0]) : v;
  },
};

/** zeros(shape), ones(shape), empty(shape): one shape argument. */
const shapeFirst: OpEntry = {
  names: ['np.zeros', 'np.ones', 'np.empty', 'np.full'],
  shape(site, ctx) {
    const s = arg(site, 0, 'shape');
    if (!s.v) return { t: 'array', shape: undefined };
    const shape = ctx.shapeArg(s.v, s.e);
    return noteRank1(made(ctx, site, shape), site, s.e);
  },
};

/** Distributions with a size= keyword: np.random.normal(loc, scale, size), uniform, randint, choice. */
const sized: OpEntry = {
  names: [
    'np.random.normal', 'np.random.uniform', 'np.random.randint', 'np.random.binomial', 'np.random.choice',
    'np.random.random', 'np.random.random_sample', 'np.random.standard_normal', 'np.random.permutation',
    'rng.normal', 'rng.uniform', 'rng.integers', 'rng.standard_normal', 'rng.random', 'rng.choice',
  ],
  shape(site, ctx) {
    const name = site.call.func.kind === 'attr' ? site.call.func.name : '';
    const positionalSize: Record<string, number> = {
      normal: 2, uniform: 2, randint: 2, binomial: 2, choice: 1, random: 0, random_sample: 0, standard_normal: 0, integers: 2,
    };
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
  names: ['np.zeros_like', 'np.ones_like', 'np.empty_like', 'np.full_like'],
  shape(site, ctx) {
    const a = asArray(arg(site, 0, 'a').v);
    return { t: 'array', shape: a?.shape, origin: `${ctx.src(site.call.func)} on line ${ctx.lineOf(site.call.span.start)}` };
  },
};

const eye: OpEntry = {
  names: ['np.eye', 'np.identity'],
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
  names: ['np.array', 'np.asarray', 'np.copy', 'np.asfarray'],
  shape(site, ctx) {
    const a = arg(site, 0, 'object');
    if (!a.v) return { t: 'array', shape: undefined };
    const shape = literalShape(ctx, a.v);
    return { t: 'array', shape, origin: `${ctx.src(site.call.func)} on line ${ctx.lineOf(site.call.span.start)}`, note: a.v.t === 'array' ? a.v.note : undefined, tainted: a.v.t === 'array' ? a.v.tainted : undefined };
  },
};

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
  names: ['np.arange', 'np.linspace'],
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

export const CONSTRUCTOR_OPS: OpEntry[] = [variadicSizes, shapeFirst, sized, likeOps, eye, arrayLiteral, arange];
