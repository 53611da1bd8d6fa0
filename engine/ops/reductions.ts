// Reductions with axis and keepdims: sum, mean, max, min, prod, var, std, all, any, and
// np.linalg.norm. A reduction that drops an axis leaves a note on its result, so that when the rank-1
// result later meets a matrix the finding lands on the missing keepdims=True.

import type { ArrayValue } from '../interp/values';
import { UNKNOWN } from '../interp/values';
import { reduce, unary, broadcastTo, reshape } from '../numeric/kernels';
import { NDArray, sizeOf } from '../numeric/ndarray';
import { c as constS } from '../numeric/sym';
import { S, add, axisParam, div, extremeRule, grad, keptShape, mul, sub } from '../numeric/vjp';
import type { Concrete, ConcreteCall, Derivative, OpEntry, OpId, ShapeRule } from './definition';
import { arg, asArray } from './types';
import { intOf, reductionArgs } from './concreteArgs';

/** axis (int or tuple) and keepdims; a reduction that drops an axis of a matrix leaves a note on its result. */
export const reductionShape: ShapeRule = (site, ctx) => {
  const input = site.self ?? arg(site, 0, 'a').v;
  const a = asArray(input);
  if (!a) return UNKNOWN;
  const axisArg = site.self ? arg(site, 0, 'axis') : arg(site, 1, 'axis');
  const keep = site.kw.get('keepdims');
  const keepdims = keep?.t === 'bool' ? keep.value : false;
  if (keep && keep.t !== 'bool') return { t: 'array', shape: undefined, tainted: a.tainted };
  const f = site.call.func;
  const name = f.kind === 'attr' ? f.name : '';
  const dtype = name.startsWith('arg') ? 'int' : name === 'all' || name === 'any' ? 'bool' : undefined;
  if (!a.shape) return { t: 'array', shape: undefined, tainted: a.tainted, dtype };
  const axisV = axisArg.v;
  const rank = a.shape.length;
  let axes: number[] | undefined;
  if (!axisV || axisV.t === 'none') axes = a.shape.map((_, i) => i);
  else if (axisV.t === 'int') {
    const n = ctx.dims.value(axisV.dim);
    if (n !== undefined) axes = [n < 0 ? n + rank : n];
  } else if (axisV.t === 'tuple' && axisV.items.every((x) => x.t === 'int')) {
    const ns = axisV.items.map((x) => (x.t === 'int' ? ctx.dims.value(x.dim) : undefined));
    if (ns.every((n) => n !== undefined)) axes = (ns as number[]).map((n) => (n < 0 ? n + rank : n));
  }
  if (!axes || axes.some((i) => i < 0 || i >= rank)) return { t: 'array', shape: undefined, tainted: a.tainted, dtype };
  const shape = keepdims
    ? a.shape.map((d, i) => (axes!.includes(i) ? ctx.dims.constant(1) : d))
    : a.shape.filter((_, i) => !axes!.includes(i));
  if (shape.length === 0 && !keepdims && (!axisV || axisV.t === 'none')) {
    // Summing a whole accidental broadcast ((N, 1) - (N,) → (N, N)) hides it in a scalar: the
    // last place it can be seen.
    if (a.note?.accidental && !a.tainted && (name === 'sum' || name === 'mean')) {
      ctx.contradiction({ operands: [a], code: 'accidental-broadcast', span: a.note.accidental.span, message: a.note.accidental.message, fixes: [] });
      a.tainted = true;
    }
    // A full reduction gives a NumPy scalar: it broadcasts like a Python float.
    return { t: 'array', shape: [], tainted: a.tainted, dtype };
  }
  const out: ArrayValue = { t: 'array', shape, tainted: a.tainted, dtype, origin: `${ctx.src(site.call.func)} on line ${ctx.lineOf(site.call.span.start)}`, site: { kind: 'operation', file: ctx.file, span: site.call.span } };
  if (!keepdims && rank === 2 && shape.length === 1) out.note = { droppedAxis: { span: site.call.span, call: site.call, shape } };
  else if (a.note?.accidental) out.note = { accidental: a.note.accidental };
  return out;
};

/** The reduction's kernel, recorded as `id` with its axis and keepdims. */
function reduction(id: 'sum' | 'mean' | 'max' | 'min' | 'prod'): Concrete {
  return (c) => {
    const { x, axis, keepdims } = reductionArgs(c);
    return c.rec(id, [x], reduce(id, x.a, axis, keepdims), { axis, keepdims });
  };
}

/**
 * Whether g (the reduction's output) broadcasts back onto the input as NumPy aligns it: with
 * keepdims, or when the reduced axes lead (a trailing axis dropped would be misaligned). Elsewhere
 * the face has no readable form without a reshape, and says nothing.
 */
function alignsBack(inShape: number[], params: Record<string, unknown>): boolean {
  if (params.keepdims) return true;
  const axis = params.axis as number | number[] | undefined;
  if (axis === undefined) return true;
  const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + inShape.length : a)).sort((a, b) => a - b);
  return axes.every((a, i) => a === i);
}

/** Var (or std) along the axes: Σ (x − mean)² / (N − ddof). */
function variance(x: NDArray, axis: number | number[] | undefined, keepdims: boolean, ddof: number): NDArray {
  const m = reduce('mean', x, axis, true);
  const d = sub(x, m);
  const n = x.size / Math.max(1, m.size);
  return div(reduce('sum', mul(d, d), axis, keepdims), S(n - ddof));
}

function spread(id: 'var' | 'std'): Concrete {
  return (c: ConcreteCall) => {
    const { x, axis, keepdims } = reductionArgs(c);
    const d = c.kwargs.get('ddof');
    const ddof = d ? intOf(d, 'ddof') : 0;
    const v = variance(x.a, axis, keepdims, ddof);
    return c.rec(id, [x], id === 'var' ? v : unary('sqrt', v), { axis, keepdims, ddof });
  };
}

/** x − mean(x) along the reduced axes, and the count N − ddof. */
function centred(x: NDArray, params: Record<string, unknown>): { d: NDArray; n: number } {
  const m = reduce('mean', x, axisParam(params), true);
  return { d: sub(x, m), n: x.size / Math.max(1, m.size) - ((params.ddof as number | undefined) ?? 0) };
}

const NO_FACE = 'no symbolic face yet: a derivation stops at this reduction';
const spellings = (...names: string[]) => [...names.map((n) => `np.${n}`), ...names.map((n) => `array.${n}`)];

function entry(id: OpId, names: string[], concrete: Concrete | undefined, derivative: Derivative): OpEntry {
  return { id, spellings: spellings(...names), syntax: 'call', shape: reductionShape, concrete, derivative };
}

export const REDUCTION_OPS: OpEntry[] = [
  entry('sum', ['sum'], reduction('sum'), {
    vjp: ({ g, inputs: [x], params }) => [grad(x, () => broadcastTo(reshape(g, keptShape(x, params)), x.shape))],
    face: ({ g, inShapes, params }) => (alignsBack(inShapes[0], params) ? g : undefined),
  }),
  entry('nansum', ['nansum'], reduction('sum'), { recordedAs: ['sum'] }),
  entry('mean', ['mean'], reduction('mean'), {
    vjp: ({ g, inputs: [x], params }) => [
      grad(x, () => {
        const kept = keptShape(x, params);
        const count = sizeOf(x.shape) / sizeOf(kept);
        return broadcastTo(reshape(mul(g, S(1 / count)), kept), x.shape);
      }),
    ],
    face: ({ g, inShapes, outShape, params }) =>
      alignsBack(inShapes[0], params) ? { k: 'div', a: g, b: constS(sizeOf(inShapes[0]) / Math.max(1, sizeOf(outShape))) } : undefined,
  }),
  // The runs draw no NaN, where np.nanmean is np.mean.
  entry('nanmean', ['nanmean'], reduction('mean'), { recordedAs: ['mean'] }),
  entry('max', ['max', 'amax'], reduction('max'), { ...extremeRule(), face: 'none', reason: NO_FACE }),
  entry('min', ['min', 'amin'], reduction('min'), { ...extremeRule(), face: 'none', reason: NO_FACE }),
  entry('prod', ['prod'], reduction('prod'), {
    // ∂/∂x_i Π x = Π x / x_i (a zero factor gives NaN there: the check is then unchecked, not failed).
    vjp: ({ g, inputs: [x], out, params }) => {
      const kept = keptShape(x, params);
      return [grad(x, () => div(mul(reshape(g, kept), reshape(out, kept)), x))];
    },
    face: 'none',
    reason: NO_FACE,
  }),
  entry('var', ['var'], spread('var'), {
    vjp: ({ g, inputs: [x], params }) => {
      const { d, n } = centred(x, params);
      return [grad(x, () => mul(reshape(g, keptShape(x, params)), mul(d, S(2 / n))))];
    },
    face: 'none',
    reason: NO_FACE,
  }),
  entry('std', ['std'], spread('std'), {
    vjp: ({ g, inputs: [x], out, params }) => {
      const { d, n } = centred(x, params);
      const kept = keptShape(x, params);
      return [grad(x, () => mul(reshape(g, kept), div(d, mul(S(n), reshape(out, kept)))))];
    },
    face: 'none',
    reason: NO_FACE,
  }),
  entry('all', ['all'], undefined, { differentiable: false, reason: 'a bool reduction: piecewise constant' }),
  entry('any', ['any'], undefined, { differentiable: false, reason: 'a bool reduction: piecewise constant' }),
  entry('average', ['average'], undefined, { unknown: 'not evaluated concretely (weights): a run that meets it stops, unchecked' }),
  {
    id: 'norm',
    spellings: ['np.linalg.norm'],
    syntax: 'call',
    shape: reductionShape,
    concrete(c) {
      // sqrt(sum(x²)), recorded as its three ops so it differentiates.
      const x = c.arr(c.get(0, 'x'));
      const sq = c.rec('square', [x], unary('square', x.a));
      const sum = c.rec('sum', [sq], reduce('sum', sq.a, undefined, false), { axis: undefined, keepdims: false });
      return c.rec('sqrt', [sum], unary('sqrt', sum.a));
    },
    derivative: { recordedAs: ['square', 'sum', 'sqrt'] },
  },
];

