// Shape manipulation: reshape (with -1), squeeze, expand_dims, flatten/ravel, concatenate, stack,
// vstack, hstack, broadcast_to. Where a size can't be decided the dimension is unknown, never guessed.

import type { ArrayValue, Value } from '../interp/values';
import { UNKNOWN } from '../interp/values';
import { broadcast, type Shape } from '../shapes/shapeOps';
import { arithmeticSize } from '../shapes/sizeArith';
import type { CallSite, OpContext } from './types';
import { arg, asArray, constantProduct } from './types';
import type { ConcreteCall, OpEntry } from './definition';
import { broadcastTo, concatenate as concatKernel, expandDims as expandKernel, reshape as reshapeKernel, squeeze as squeezeKernel } from '../numeric/kernels';
import { concatenateRule, grad, reshapeBack, unbroadcastS } from '../numeric/vjp';
import { type CArr, type CValue, Unevaluable } from '../concrete/values';
import { type IndexPart, getitem, select, setitem } from '../numeric/indexing';
import { NDArray } from '../numeric/ndarray';
import { intOf, numberOf, shapeOf } from './concreteArgs';

const reshape: OpEntry = {
  id: 'reshape',
  spellings: ['np.reshape', 'array.reshape'],
  syntax: 'call',
  concrete(c) {
    const x = c.arr(c.get(0, 'a'));
    const rest = c.method ? c.args : c.args.slice(1);
    const shape = shapeOf(rest[0] ?? c.kwargs.get('newshape') ?? c.kwargs.get('shape'), rest.slice(1));
    return c.rec('reshape', [x], reshapeKernel(x.a, shape));
  },
  derivative: { ...reshapeBack, face: ({ g }) => g },
  shape(site, ctx) {
    const input = site.self ?? arg(site, 0, 'a').v;
    // np.reshape([[0, 0], [0, 1]], (2, 2, 1)): a nested list is the array it makes.
    const a: ArrayValue | undefined = asArray(input) ?? (input?.t === 'list' || input?.t === 'tuple' ? { t: 'array', shape: undefined } : undefined);
    if (!a) return UNKNOWN;
    let sizes: { v: Value; e: CallSite['argExprs'][number] | undefined }[];
    const first = site.self ? arg(site, 0, 'shape') : arg(site, 1, 'newshape');
    if (!first.v) return { t: 'array', shape: undefined };
    if (site.self && site.args.length > 1) sizes = site.args.map((v, i) => ({ v, e: site.argExprs[i] }));
    else if (first.v.t === 'tuple' || (first.v.t === 'list' && first.v.items)) {
      const items = first.v.t === 'tuple' ? first.v.items : first.v.items!;
      const elts = first.e && (first.e.kind === 'tuple' || first.e.kind === 'list') ? first.e.elts : [];
      sizes = items.map((v, i) => ({ v, e: elts[i] }));
    } else sizes = [{ v: first.v, e: first.e }];
    const minusOne = sizes.findIndex((s) => s.v.t === 'int' && ctx.dims.value(s.v.dim) === -1);
    const shape: Shape = sizes.map((s, i) => (i === minusOne ? ctx.dims.unknown() : ctx.dimOf(s.v, s.e)));
    // An input whose rank was assumed from use (a 2-D guess for CS231n's (N, d_1, ..., d_k)) does not
    // say what its -1 folds.
    if (minusOne >= 0 && a.shape && !a.shape.some((d) => ctx.dims.isInferred(d))) {
      // x.reshape(x.shape[0], -1): the rest of the axes folded into one; known when all are.
      const known = shape.filter((_, i) => i !== minusOne);
      const total = constantProduct(ctx, a.shape);
      const part = constantProduct(ctx, known);
      if (total !== undefined && part !== undefined && part !== 0) shape[minusOne] = ctx.dims.constant(total / part);
      else if (a.shape.length === shape.length && known.every((d, i) => ctx.dims.compare(d, a.shape![i < minusOne ? i : i + 1]) === 'equal')) {
        shape[minusOne] = a.shape[minusOne];
      } else if (a.shape.length === 2 && shape.length === 2) {
        // (N, D).reshape(N, -1) is (N, D).
        const other = minusOne === 0 ? 1 : 0;
        if (ctx.dims.compare(shape[other], a.shape[other]) === 'equal') shape[minusOne] = a.shape[minusOne];
      }
    }
    // v.reshape(-1, 1) of a vector (N,) is (N, 1): the other axes are all 1, the -1 is the vector's one
    // axis, whatever the rank of the array it came from.
    if (minusOne >= 0 && ctx.dims.value(shape[minusOne]) === undefined && !ctx.dims.isNamed(shape[minusOne]) && a.shape?.length === 1 && shape.every((d, i) => i === minusOne || ctx.dims.value(d) === 1)) {
      shape[minusOne] = a.shape[0];
    }
    return { t: 'array', shape, tainted: a.tainted, origin: `reshape on line ${ctx.lineOf(site.call.span.start)}`, site: { kind: 'operation', file: ctx.file, span: site.call.span }, note: { deliberate: true } };
  },
};

const squeeze: OpEntry = {
  id: 'squeeze',
  spellings: ['np.squeeze', 'array.squeeze'],
  syntax: 'call',
  concrete(c) {
    const v = c.get(0, 'a');
    if (v?.t === 'num') return v;
    const x = c.arr(v);
    const axis = c.get(1, 'axis');
    const ax = axis && axis.t !== 'none' ? intOf(axis, 'axis') : undefined;
    return c.rec('squeeze', [x], squeezeKernel(x.a, ax), { axis: ax });
  },
  derivative: { ...reshapeBack, face: ({ g }) => g },
  shape(site, ctx) {
    const input = site.self ?? arg(site, 0, 'a').v;
    const a = asArray(input);
    if (!a) return input?.t === 'float' ? input : UNKNOWN;
    if (!a.shape) return { t: 'array', shape: undefined, tainted: a.tainted };
    // Only axes known to be 1 go; an axis that might be 1 makes the result unknown.
    if (a.shape.some((d) => ctx.dims.value(d) === undefined && !ctx.dims.isRigid(d))) return { t: 'array', shape: undefined, tainted: a.tainted };
    return { t: 'array', shape: a.shape.filter((d) => ctx.dims.value(d) !== 1), tainted: a.tainted };
  },
};

const expandDims: OpEntry = {
  id: 'expand_dims',
  spellings: ['np.expand_dims'],
  syntax: 'call',
  concrete(c) {
    const x = c.arr(c.get(0, 'a'));
    const axis = intOf(c.get(1, 'axis'), 'axis');
    return c.rec('expand_dims', [x], expandKernel(x.a, axis), { axis });
  },
  derivative: { ...reshapeBack, face: ({ g }) => g },
  shape(site, ctx) {
    const a = asArray(arg(site, 0, 'a').v);
    const ax = arg(site, 1, 'axis').v;
    if (!a?.shape || ax?.t !== 'int') return { t: 'array', shape: undefined };
    const n = ctx.dims.value(ax.dim);
    if (n === undefined) return { t: 'array', shape: undefined };
    const shape = [...a.shape];
    const at = n < 0 ? shape.length + 1 + n : n;
    shape.splice(at, 0, ctx.dims.constant(1));
    return { t: 'array', shape, tainted: a.tainted, note: { deliberate: true } };
  },
};

const flatten: OpEntry = {
  id: 'ravel',
  spellings: ['np.ravel', 'array.flatten', 'array.ravel'],
  syntax: 'call',
  concrete(c) {
    const x = c.arr(c.get(0, 'a'));
    return c.rec('reshape', [x], reshapeKernel(x.a, [-1]));
  },
  derivative: { recordedAs: ['reshape'] },
  shape(site, ctx) {
    const a = asArray(site.self ?? arg(site, 0, 'a').v);
    if (!a?.shape) return { t: 'array', shape: undefined };
    const p = constantProduct(ctx, a.shape);
    if (a.shape.length === 1) return { t: 'array', shape: a.shape };
    return { t: 'array', shape: [p !== undefined ? ctx.dims.constant(p) : ctx.dims.unknown()] };
  },
};

function joinAxis(ctx: OpContext, shapes: Shape[], axis: number): Shape | undefined {
  const rank = shapes[0].length;
  if (shapes.some((s) => s.length !== rank) || axis < 0 || axis >= rank) return undefined;
  const out = [...shapes[0]];
  const sizes = shapes.map((s) => ctx.dims.value(s[axis]));
  // Symbolic parts: their sum, shown as written (`n_h+input_dim`) and compared with nothing (sizeArith.ts).
  out[axis] = sizes.every((x) => x !== undefined)
    ? ctx.dims.constant((sizes as number[]).reduce((x, y) => x + y, 0))
    : shapes.slice(1).reduce((sum, s) => arithmeticSize(ctx.dims, '+', sum, s[axis]), shapes[0][axis]);
  return out;
}

/** The shape rule of every join: concatenate, vstack, hstack, stack, row_stack, column_stack. */
function joinShape(site: CallSite, ctx: OpContext): Value {
  const f = site.call.func;
  const name = f.kind === 'attr' ? f.name : '';
  const seq = arg(site, 0, 'arrays').v;
  if (!seq || (seq.t !== 'list' && seq.t !== 'tuple') || !seq.items) return { t: 'array', shape: undefined };
  const arrays = seq.items.map(asArray);
  if (arrays.some((a) => !a?.shape)) return { t: 'array', shape: undefined };
  let shapes = arrays.map((a) => a!.shape!);
  const axisV = arg(site, 1, 'axis').v;
  const axis = axisV?.t === 'int' ? ctx.dims.value(axisV.dim) : axisV ? undefined : 0;
  if (name === 'stack') {
    if (axis === undefined) return { t: 'array', shape: undefined };
    const shape = [...shapes[0]];
    shape.splice(axis < 0 ? shape.length + 1 + axis : axis, 0, ctx.dims.constant(shapes.length));
    return { t: 'array', shape };
  }
  if (name === 'vstack' || name === 'row_stack') {
    shapes = shapes.map((s) => (s.length === 1 ? [ctx.dims.constant(1), s[0]] : s));
    return { t: 'array', shape: joinAxis(ctx, shapes, 0) };
  }
  if (name === 'hstack') return { t: 'array', shape: joinAxis(ctx, shapes, shapes[0].length === 1 ? 0 : 1) };
  if (name === 'column_stack') {
    shapes = shapes.map((s) => (s.length === 1 ? [s[0], ctx.dims.constant(1)] : s));
    return { t: 'array', shape: joinAxis(ctx, shapes, 1) };
  }
  if (axis === undefined) return { t: 'array', shape: undefined };
  return { t: 'array', shape: joinAxis(ctx, shapes, axis < 0 ? shapes[0].length + axis : axis) };
}

/**
 * The parts a join concatenates and the axis it concatenates them on: vstack/row_stack take a 1-D part
 * as one row, column_stack as one column, stack gives every part a new axis (each recorded as a
 * reshape or expand_dims, so the join differentiates as a concatenate).
 */
function joinParts(c: ConcreteCall, parts: CArr[]): { parts: CArr[]; axis: number } {
  const axisV = c.get(1, 'axis');
  switch (c.fn) {
    case 'vstack':
    case 'row_stack':
      return { parts: parts.map((p) => (p.a.ndim === 1 ? c.rec('reshape', [p], reshapeKernel(p.a, [1, -1])) : p)), axis: 0 };
    case 'column_stack':
      return { parts: parts.map((p) => (p.a.ndim === 1 ? c.rec('reshape', [p], reshapeKernel(p.a, [-1, 1])) : p)), axis: 1 };
    case 'hstack':
      return { parts, axis: parts[0].a.ndim === 1 ? 0 : 1 };
    case 'stack': {
      const given = axisV ? intOf(axisV, 'axis') : 0;
      const ndim = parts[0].a.ndim + 1;
      const axis = given < 0 ? given + ndim : given;
      if (axis < 0 || axis >= ndim) throw new Unevaluable(`np.stack with axis ${given} for ${ndim - 1}-D arrays`);
      return { parts: parts.map((p) => c.rec('expand_dims', [p], expandKernel(p.a, axis), { axis })), axis };
    }
    default:
      return { parts, axis: axisV ? intOf(axisV, 'axis') : 0 };
  }
}

const concatenate: OpEntry = {
  id: 'concatenate',
  spellings: ['np.concatenate', 'np.vstack', 'np.hstack', 'np.stack', 'np.row_stack', 'np.column_stack'],
  syntax: 'call',
  shape: joinShape,
  concrete(c) {
    const list = c.get(0, 'arrays');
    if (!list || (list.t !== 'list' && list.t !== 'tuple') || list.items.length === 0) throw new Unevaluable(c.name);
    const { parts, axis } = joinParts(c, list.items.map((x) => c.arr(x)));
    return c.rec('concatenate', parts, concatKernel(parts.map((p) => p.a), axis), { axis });
  },
  derivative: { ...concatenateRule, face: 'none', reason: 'no symbolic face yet: a derivation stops at a join' },
};

/** np.broadcast_to(x, shape): the given shape (the kernel checks that x broadcasts to it). */
const broadcastToOp: OpEntry = {
  id: 'broadcast_to',
  spellings: ['np.broadcast_to'],
  syntax: 'call',
  shape(site, ctx) {
    const a = asArray(arg(site, 0, 'array').v);
    const s = arg(site, 1, 'shape');
    if (!a || !s.v) return UNKNOWN;
    const target = ctx.shapeArg(s.v, s.e);
    if (a.shape && target && !a.tainted) {
      // Two sizes of one axis that differ (neither 1) cannot broadcast: NumPy raises.
      const r = broadcast(ctx.dims, a.shape, target);
      if (!r.ok) {
        const message = `np.broadcast_to: ${ctx.render(a.shape)} does not broadcast to ${ctx.render(target)}: ${ctx.dims.render(a.shape[r.axisA])} and ${ctx.dims.render(target[r.axisB])} differ`;
        ctx.contradiction({ operands: [a], code: 'shape-mismatch', span: site.call.span, message, fixes: [] });
        return { t: 'array', shape: target, tainted: true, dtype: a.dtype };
      }
    }
    return { t: 'array', shape: target, tainted: a.tainted, dtype: a.dtype };
  },
  concrete(c) {
    const x = c.arr(c.get(0, 'array'));
    const shape = shapeOf(c.get(1, 'shape'));
    return c.rec('broadcast_to', [x], broadcastTo(x.a, shape), { shape });
  },
  derivative: {
    vjp: ({ g, inputs: [x] }) => [grad(x, () => g)],
    face: ({ g, inShapes, outShape }) => unbroadcastS(g, inShapes[0], outShape),
  },
};

/** The axis np.split and its spellings cut: hsplit the columns (of a 1-D array, its only axis), vsplit the rows. */
function splitAxis(fn: string, ndim: number, given: number | undefined): number {
  if (fn === 'hsplit') return ndim === 1 ? 0 : 1;
  if (fn === 'vsplit') return 0;
  const a = given ?? 0;
  return a < 0 ? a + ndim : a;
}

/** Where the pieces of an axis of length n start and end: k equal sections, or cuts at the given indices. */
function splitBounds(n: number, sections: number | number[], uneven: boolean): [number, number][] | undefined {
  if (typeof sections === 'number') {
    if (sections <= 0 || (!uneven && n % sections !== 0)) return undefined;
    const base = Math.floor(n / sections);
    const extra = n % sections;
    const out: [number, number][] = [];
    let at = 0;
    for (let i = 0; i < sections; i++) {
      const len = base + (i < extra ? 1 : 0);
      out.push([at, at + len]);
      at += len;
    }
    return out;
  }
  const cuts = [0, ...sections.map((c) => Math.max(0, Math.min(n, c < 0 ? c + n : c))), n];
  return cuts.slice(0, -1).map((c, i) => [c, Math.max(c, cuts[i + 1])]);
}

/** `x[parts]` on the tape, as the evaluator's subscript records it (a getitem with its source map). */
function gather(c: ConcreteCall, x: CArr, parts: IndexPart[]): CArr {
  const sel = select(x.a.shape, parts);
  return c.rec('getitem', [x], new NDArray(sel.shape, Float64Array.from(sel.src, (i) => x.a.data[i]), x.a.dtype), { src: sel.src });
}

/**
 * np.split(x, 3, axis=1) (an LSTM's gates), np.array_split, np.hsplit, np.vsplit: a list of pieces,
 * each a slice of x on the tape. The shape rule knows the pieces' count; a piece's length along the
 * cut axis only when the axis length is a known constant.
 */
const split: OpEntry = {
  id: 'split',
  spellings: ['np.split', 'np.array_split', 'np.hsplit', 'np.vsplit'],
  syntax: 'call',
  shape(site, ctx) {
    const x = asArray(arg(site, 0, 'ary').v);
    const sec = arg(site, 1, 'indices_or_sections').v;
    const axisV = arg(site, 2, 'axis').v;
    const f = site.call.func;
    const fn = f.kind === 'attr' ? f.name : f.kind === 'name' ? f.id : '';
    // A spelling this rule cannot tell apart (an alias: `from numpy import hsplit as hs`) is left unknown.
    if (!x?.shape || !sec || !['split', 'array_split', 'hsplit', 'vsplit'].includes(fn)) return UNKNOWN;
    const given = axisV === undefined ? undefined : axisV.t === 'int' ? ctx.dims.value(axisV.dim) : Number.NaN;
    const axis = splitAxis(fn, x.shape.length, given);
    if (Number.isNaN(axis) || axis < 0 || axis >= x.shape.length) return UNKNOWN;
    const n = ctx.dims.value(x.shape[axis]);
    let sections: number | number[] | undefined;
    if (sec.t === 'int') sections = ctx.dims.value(sec.dim);
    else if ((sec.t === 'list' || sec.t === 'tuple') && sec.items) {
      const cuts = sec.items.map((v) => (v.t === 'int' ? ctx.dims.value(v.dim) : undefined));
      if (cuts.every((c): c is number => c !== undefined)) sections = cuts;
    }
    if (sections === undefined) return UNKNOWN;
    const count = typeof sections === 'number' ? sections : sections.length + 1;
    if (count <= 0 || count > 64) return UNKNOWN;
    const bounds = n === undefined ? undefined : splitBounds(n, sections, fn === 'array_split');
    const items: Value[] = Array.from({ length: count }, (_, i) => {
      const shape = [...x.shape!];
      shape[axis] = bounds ? ctx.dims.constant(bounds[i][1] - bounds[i][0]) : ctx.dims.unknown();
      return { t: 'array', shape, tainted: x.tainted, dtype: x.dtype };
    });
    return { t: 'list', items };
  },
  concrete(c) {
    const x = c.arr(c.get(0, 'ary'));
    const sec = c.get(1, 'indices_or_sections');
    const axisV = c.get(2, 'axis');
    const axis = splitAxis(c.fn, x.a.ndim, axisV ? intOf(axisV, 'axis') : undefined);
    if (axis < 0 || axis >= x.a.ndim) throw new Unevaluable(`${c.name}: axis out of range`);
    const sections = sec?.t === 'num' && sec.int ? sec.v : sec?.t === 'list' || sec?.t === 'tuple' ? sec.items.map((v) => intOf(v, c.name)) : undefined;
    if (sections === undefined) throw new Unevaluable(`${c.name} of these sections`);
    const bounds = splitBounds(x.a.shape[axis], sections, c.fn === 'array_split');
    // NumPy raises when the sections do not divide the axis (np.split): the run stops the same way.
    if (!bounds) throw new Unevaluable(`${c.name}: the array does not split into equal parts`);
    const items: CValue[] = bounds.map(([start, stop]) => gather(c, x, x.a.shape.map((_, k) => (k === axis ? { kind: 'slice', start, stop } : { kind: 'slice' }))));
    return { t: 'list', items };
  },
  derivative: { recordedAs: ['getitem'] },
};

/** np.pad's pad_width: n, (before, after), or one (before, after) per axis; undefined when it says something else. */
function padWidths<T>(v: T | undefined, ndim: number, items: (x: T) => T[] | undefined, int: (x: T) => number | undefined): [number, number][] | undefined {
  if (v === undefined) return undefined;
  const n = int(v);
  if (n !== undefined) return Array.from({ length: ndim }, () => [n, n]);
  const list = items(v);
  if (!list) return undefined;
  const pairOf = (x: T): [number, number] | undefined => {
    const k = int(x);
    if (k !== undefined) return [k, k];
    const xs = items(x);
    if (!xs || xs.length < 1 || xs.length > 2) return undefined;
    const a = int(xs[0]);
    const b = int(xs[xs.length - 1]);
    return a === undefined || b === undefined ? undefined : [a, b];
  };
  const ints = list.map(int);
  if (ints.every((k) => k !== undefined) && (list.length === 1 || list.length === 2) && ndim !== list.length) {
    const [a, b] = [ints[0]!, ints[ints.length - 1]!];
    return Array.from({ length: ndim }, () => [a, b]);
  }
  const pairs = list.map(pairOf);
  if (pairs.some((p) => p === undefined)) return undefined;
  if (pairs.length === 1) return Array.from({ length: ndim }, () => pairs[0]!);
  return pairs.length === ndim ? (pairs as [number, number][]) : undefined;
}

/**
 * np.pad(x, pad_width) with a constant (CS231n's zero padding in conv_forward_naive): x in the middle of
 * a larger array; its gradient is the middle of the upstream gradient.
 */
const pad: OpEntry = {
  id: 'pad',
  spellings: ['np.pad'],
  syntax: 'call',
  shape(site, ctx) {
    const x = asArray(arg(site, 0, 'array').v);
    const mode = arg(site, 2, 'mode').v;
    if (!x?.shape || (mode && !(mode.t === 'str' && mode.value === 'constant'))) return UNKNOWN;
    const widths = padWidths<Value>(
      arg(site, 1, 'pad_width').v, x.shape.length,
      (v) => (v.t === 'tuple' ? v.items : v.t === 'list' ? v.items : undefined),
      (v) => (v.t === 'int' ? ctx.dims.value(v.dim) : undefined),
    );
    if (!widths) return UNKNOWN;
    const shape = x.shape.map((d, k) => {
      const w = widths[k][0] + widths[k][1];
      const v = ctx.dims.value(d);
      if (w === 0) return d;
      // A padded symbolic size is shown as written (`H+2`), and compares with nothing.
      const text = ctx.dims.render(d);
      return v !== undefined ? ctx.dims.constant(v + w) : text.includes('?') ? ctx.dims.unknown() : ctx.dims.hinted(`${/^[\w.]+$/.test(text) ? text : `(${text})`}+${w}`);
    });
    return { t: 'array', shape, tainted: x.tainted, dtype: x.dtype };
  },
  concrete(c) {
    const x = c.arr(c.get(0, 'array'));
    const mode = c.get(2, 'mode');
    if (mode && !(mode.t === 'str' && mode.v === 'constant')) throw new Unevaluable(`np.pad in mode ${mode.t === 'str' ? mode.v : '?'}`);
    const fillV = c.kwargs.get('constant_values');
    const fill = fillV === undefined ? 0 : fillV.t === 'num' ? numberOf(fillV) : Number.NaN;
    if (Number.isNaN(fill)) throw new Unevaluable('np.pad with these constant_values');
    const widths = padWidths<CValue>(
      c.get(1, 'pad_width'), x.a.ndim,
      (v) => (v.t === 'tuple' || v.t === 'list' ? v.items : undefined),
      (v) => (v.t === 'num' && v.int && v.v >= 0 ? v.v : undefined),
    );
    if (!widths) throw new Unevaluable('np.pad with this pad_width');
    const outShape = x.a.shape.map((d, k) => d + widths[k][0] + widths[k][1]);
    // Where x sits in the padded array; its gradient is the upstream gradient there.
    const parts: IndexPart[] = widths.map(([before], k) => ({ kind: 'slice', start: before, stop: before + x.a.shape[k] }));
    return c.rec('pad', [x], setitem(NDArray.full(outShape, fill, x.a.dtype), parts, x.a), { parts });
  },
  derivative: {
    vjp: ({ g, params }) => [getitem(g, params.parts as IndexPart[])],
    face: 'none',
    reason: 'no symbolic face yet: a derivation stops at a padding',
  },
};

export const MANIPULATION_OPS: OpEntry[] = [reshape, squeeze, expandDims, flatten, concatenate, broadcastToOp, split, pad];
