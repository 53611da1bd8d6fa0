// Shape manipulation: reshape (with -1), squeeze, expand_dims, flatten/ravel, concatenate, stack,
// vstack, hstack. Where a size can't be decided the dimension is unknown, never guessed.

import type { Value } from '../interp/values';
import { UNKNOWN } from '../interp/values';
import type { Dim } from '../shapes/dim';
import type { Shape } from '../shapes/shapeOps';
import type { CallSite, OpContext, OpEntry } from './types';
import { arg, asArray } from './types';

function product(ctx: OpContext, dims: Dim[]): number | undefined {
  let p = 1;
  for (const d of dims) {
    const v = ctx.dims.value(d);
    if (v === undefined) return undefined;
    p *= v;
  }
  return p;
}

const reshape: OpEntry = {
  names: ['np.reshape', 'array.reshape'],
  shape(site, ctx) {
    const input = site.self ?? arg(site, 0, 'a').v;
    const a = asArray(input);
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
      const total = product(ctx, a.shape);
      const part = product(ctx, known);
      if (total !== undefined && part !== undefined && part !== 0) shape[minusOne] = ctx.dims.constant(total / part);
      else if (a.shape.length === shape.length && known.every((d, i) => ctx.dims.compare(d, a.shape![i < minusOne ? i : i + 1]) === 'equal')) {
        shape[minusOne] = a.shape[minusOne];
      } else if (a.shape.length === 2 && shape.length === 2) {
        // (N, D).reshape(N, -1) is (N, D).
        const other = minusOne === 0 ? 1 : 0;
        if (ctx.dims.compare(shape[other], a.shape[other]) === 'equal') shape[minusOne] = a.shape[minusOne];
      }
    }
    return { t: 'array', shape, tainted: a.tainted, origin: `reshape on line ${ctx.lineOf(site.call.span.start)}`, note: { deliberate: true } };
  },
};

const squeeze: OpEntry = {
  names: ['np.squeeze', 'array.squeeze'],
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
  names: ['np.expand_dims'],
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
  names: ['np.ravel', 'array.flatten', 'array.ravel'],
  shape(site, ctx) {
    const a = asArray(site.self ?? arg(site, 0, 'a').v);
    if (!a?.shape) return { t: 'array', shape: undefined };
    const p = product(ctx, a.shape);
    if (a.shape.length === 1) return { t: 'array', shape: a.shape };
    return { t: 'array', shape: [p !== undefined ? ctx.dims.constant(p) : ctx.dims.unknown()] };
  },
};

function joinAxis(ctx: OpContext, shapes: Shape[], axis: number): Shape | undefined {
  const rank = shapes[0].length;
  if (shapes.some((s) => s.length !== rank) || axis < 0 || axis >= rank) return undefined;
  const out = [...shapes[0]];
  const sizes = shapes.map((s) => ctx.dims.value(s[axis]));
  out[axis] = sizes.every((x) => x !== undefined) ? ctx.dims.constant((sizes as number[]).reduce((x, y) => x + y, 0)) : ctx.dims.unknown();
  return out;
}

const concatenate: OpEntry = {
  names: ['np.concatenate', 'np.vstack', 'np.hstack', 'np.stack', 'np.row_stack', 'np.column_stack'],
  shape(site, ctx) {
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
  },
};

export const MANIPULATION_OPS: OpEntry[] = [reshape, squeeze, expandDims, flatten, concatenate];
