// Matrix products and transposes: np.dot, np.matmul, @, a.dot(b), np.outer, np.transpose, .T.
// A product whose inner dimensions differ is a contradiction; when transposing exactly one operand makes
// it consistent with everything known (including the shape the assignment target must have), the
// finding is a missing transpose and carries that fix.

import type { Expr, Span } from '../syntax/ast';
import type { ArrayValue, Value } from '../interp/values';
import { UNKNOWN } from '../interp/values';
import { compareShapes, matmul, transposed, type Shape } from '../shapes/shapeOps';
import type { CallSite, OpContext } from './types';
import { arg, asArray } from './types';
import type { OpEntry } from './definition';
import { anyTainted } from './definition';
import { transposeEdit, transposeTitle } from '../fixes/edits';
import type { RawFix } from '../diagnostics/contradiction';
import { binary, matmul as matmulKernel, reduce, reshape, transpose } from '../numeric/kernels';
import { NDArray } from '../numeric/ndarray';
import { Unevaluable } from '../concrete/values';
import { grad, matmulRule } from '../numeric/vjp';
import { shapeOf } from './concreteArgs';

interface Candidate {
  fix: RawFix;
  result: Shape;
}

export function matrixProduct(
  ctx: OpContext,
  opText: string,
  left: Value,
  right: Value,
  le: Expr | undefined,
  re: Expr | undefined,
  span: Span,
): Value {
  const a = asArray(left);
  const b = asArray(right);
  if (!a || !b) return UNKNOWN;
  const tainted = anyTainted([a, b]) || undefined;
  if (a.shape === undefined || b.shape === undefined) {
    // Rank known on one side still tells the rank of a 2-D product's result only with both known.
    return { t: 'array', shape: undefined, tainted };
  }
  if ((a.shape.length === 0 || b.shape.length === 0) && opText === 'np.dot') {
    // np.dot with a scalar is multiplication.
    return { t: 'array', shape: a.shape.length === 0 ? b.shape : a.shape, tainted };
  }
  const r = matmul(ctx.dims, a.shape, b.shape);
  if (r.ok) {
    const acc = a.note?.accidental ?? b.note?.accidental;
    return { t: 'array', shape: r.shape, tainted, origin: `${opText} on line ${ctx.lineOf(span.start)}`, site: { kind: 'operation', file: ctx.file, span }, ...(acc ? { note: { accidental: acc } } : {}) };
  }
  if (r.kind !== 'inner') {
    ctx.contradiction({ operands: [a, b], code: 'shape-mismatch', span, message: `${opText}: a scalar operand is not allowed`, fixes: [] });
    return { t: 'array', shape: undefined, tainted: true };
  }
  const sa = ctx.render(a.shape);
  const sb = ctx.render(b.shape);
  const message = `${opText}: ${sa} · ${sb}: inner dimensions ${ctx.dims.render(r.left)} and ${ctx.dims.render(r.right)} differ`;
  const candidates: Candidate[] = [];
  const consider = (e: Expr | undefined, sA: Shape, sB: Shape) => {
    if (!e) return;
    const tried = matmul(ctx.dims, sA, sB, true);
    if (!tried.ok) return;
    const ok = tried.shape;
    candidates.push({
      fix: { title: transposeTitle(ctx.text, e), edits: transposeEdit(ctx.text, e), certain: true },
      result: ok,
    });
  };
  if (a.shape.length === 2) consider(le, transposed(a.shape), b.shape);
  if (b.shape.length === 2) consider(re, a.shape, transposed(b.shape));
  // Consistency with what the target must be (dW1 has W1's shape) decides between candidates.
  let viable = candidates;
  const expected = ctx.expectedShapeAt(span);
  if (expected) viable = candidates.filter((c) => compareShapes(ctx.dims, c.result, expected) !== 'different');
  let fallbackResult: Shape | undefined;
  if (viable.length === 1) {
    ctx.contradiction({ operands: [a, b], code: 'missing-transpose', span, message, fixes: [viable[0].fix] });
    fallbackResult = viable[0].result;
  } else {
    const fixes = viable.map((c) => ({ ...c.fix, certain: false }));
    ctx.contradiction({ operands: [a, b], code: 'shape-mismatch', span, message, fixes });
    if (expected && viable.length === 0) fallbackResult = expected;
  }
  return { t: 'array', shape: fallbackResult, tainted: true };
}

/** `.T`, or np.transpose with a permutation of the axes; a permutation that isn't known gives an unknown shape. */
export function transposeValue(v: Value, axes?: number[] | 'unknown'): Value {
  const a = asArray(v);
  if (!a) return UNKNOWN;
  if (!a.shape) return { ...a, note: undefined };
  const rank = a.shape.length;
  if (axes === 'unknown' || (axes && (axes.length !== rank || new Set(axes.map((i) => (i < 0 ? i + rank : i))).size !== rank))) {
    return { t: 'array', shape: undefined, tainted: a.tainted };
  }
  const shape = axes ? axes.map((i) => a.shape![i < 0 ? i + rank : i]) : transposed(a.shape);
  const out: ArrayValue = { t: 'array', shape, tainted: a.tainted, dtype: a.dtype, origin: a.origin, site: a.site };
  if (a.note?.accidental) out.note = { accidental: a.note.accidental };
  return out;
}

const dot: OpEntry = {
  id: 'matmul',
  // np.inner contracts the last axes of both operands, not a matrix product: it is not modelled.
  spellings: ['np.dot', 'np.matmul', 'array.dot', '@'],
  syntax: 'call',
  concrete(c) {
    const x = c.arr(c.get(0, 'a'));
    const y = c.arr(c.get(1, 'b'));
    return c.rec('matmul', [x, y], matmulKernel(x.a, y.a));
  },
  derivative: {
    ...matmulRule,
    // A matrix times a vector (one operand 1-D, the other 2-D) has no readable face without a reshape.
    face: ({ g, index, inputs, inShapes }) =>
      (inShapes[0].length === 1) !== (inShapes[1].length === 1) || inShapes[0].length > 2 || inShapes[1].length > 2 ? undefined
        : index === 0 ? { k: 'matmul', a: g, b: { k: 'T', a: inputs[1] } } : { k: 'matmul', a: { k: 'T', a: inputs[0] }, b: g },
  },
  shape(site: CallSite, ctx: OpContext) {
    const name = calleeName(site);
    if (site.self) {
      const b = arg(site, 0, 'b');
      return matrixProduct(ctx, name, site.self, b.v ?? UNKNOWN, site.selfExpr, b.e, site.call.span);
    }
    const a = arg(site, 0, 'a');
    const b = arg(site, 1, 'b');
    return matrixProduct(ctx, name, a.v ?? UNKNOWN, b.v ?? UNKNOWN, a.e, b.e, site.call.span);
  },
};

function calleeName(site: CallSite): string {
  const f = site.call.func;
  if (f.kind === 'attr' && f.obj.kind === 'name') return `${f.obj.id}.${f.name}`;
  if (f.kind === 'attr') return `.${f.name}`;
  return f.kind === 'name' ? f.id : 'call';
}

const outer: OpEntry = {
  id: 'outer',
  spellings: ['np.outer'],
  syntax: 'call',
  concrete(c) {
    const x = c.arr(c.get(0, 'a'));
    const y = c.arr(c.get(1, 'b'));
    const col = c.rec('reshape', [x], reshape(x.a, [-1, 1]));
    const row = c.rec('reshape', [y], reshape(y.a, [1, -1]));
    return c.rec('mul', [col, row], binary('mul', col.a, row.a));
  },
  derivative: { recordedAs: ['reshape', 'mul'] },
  shape(site, ctx) {
    const a = asArray(arg(site, 0, 'a').v);
    const b = asArray(arg(site, 1, 'b').v);
    if (!a?.shape || !b?.shape) return { t: 'array', shape: undefined };
    const size = (s: Shape) => (s.length === 1 ? s[0] : ctx.dims.unknown());
    return { t: 'array', shape: [size(a.shape), size(b.shape)] };
  },
};

const transposeOp: OpEntry = {
  id: 'transpose',
  spellings: ['np.transpose', 'array.transpose', '.T'],
  syntax: 'call',
  concrete(c) {
    const x = c.arr(c.get(0, 'a'));
    const rest = c.method ? c.args : c.args.slice(1);
    const axes = rest.length === 0 || rest[0].t === 'none' ? undefined : shapeOf(rest[0], rest.slice(1));
    return c.rec('transpose', [x], transpose(x.a, axes), { axes });
  },
  derivative: {
    vjp: ({ g, inputs: [x], params }) => {
      const axes = params.axes as number[] | undefined;
      if (!axes) return [grad(x, () => transpose(g))];
      const inv = new Array<number>(axes.length);
      axes.forEach((p, i) => (inv[p < 0 ? p + axes.length : p] = i));
      return [grad(x, () => transpose(g, inv))];
    },
    // ᵀ reads as the 2-D transpose: a permutation of more axes has no face.
    face: ({ g, inShapes, params }) => (inShapes[0].length <= 2 && (!params.axes || (params.axes as number[])[0] !== 0) ? { k: 'T', a: g } : undefined),
  },
  shape(site, ctx) {
    const target = site.self ?? arg(site, 0, 'a').v ?? UNKNOWN;
    // x.transpose(1, 0, 2), x.transpose((1, 0, 2)), np.transpose(x, axes=(1, 0, 2)).
    const given = site.self ? (site.args.length > 1 ? { t: 'tuple' as const, items: site.args } : arg(site, 0, 'axes').v) : arg(site, 1, 'axes').v;
    if (!given || given.t === 'none') return transposeValue(target);
    const items = given.t === 'tuple' ? given.items : given.t === 'list' ? given.items : undefined;
    const axes = items?.map((x) => (x.t === 'int' ? ctx.dims.value(x.dim) : undefined));
    return transposeValue(target, axes && axes.every((x) => x !== undefined) ? (axes as number[]) : 'unknown');
  },
};

/**
 * np.diagflat(v), np.diag(v) of a vector: the square matrix with v on its diagonal, recorded as v as a
 * row times the identity; np.diag(M) of a matrix: its diagonal, recorded as (M ⊙ I) summed over rows. A
 * softmax's Jacobian is written with them (`np.diagflat(s) - np.dot(s, s.T)`). Only the main diagonal.
 */
const diagOp: OpEntry = {
  id: 'diag',
  spellings: ['np.diag', 'np.diagflat'],
  syntax: 'call',
  concrete(c) {
    const x = c.arr(c.get(0, 'v'));
    const k = c.get(1, 'k');
    if (k && !(k.t === 'num' && k.v === 0)) throw new Unevaluable(`${c.name} off the main diagonal is not modelled by the evaluator`);
    if (c.fn === 'diagflat' || x.a.ndim === 1) {
      const row = c.rec('reshape', [x], reshape(x.a, [1, -1]));
      const eye = c.host.fresh(NDArray.identity(row.a.shape[1]), c.span);
      return c.rec('mul', [eye, row], binary('mul', eye.a, row.a));
    }
    if (x.a.ndim !== 2 || x.a.shape[0] !== x.a.shape[1]) throw new Unevaluable(`${c.name} of a non-square matrix is not modelled by the evaluator`);
    const eye = c.host.fresh(NDArray.identity(x.a.shape[0]), c.span);
    const masked = c.rec('mul', [x, eye], binary('mul', x.a, eye.a));
    return c.rec('sum', [masked], reduce('sum', masked.a, 1, false), { axis: 1, keepdims: false });
  },
  derivative: { recordedAs: ['reshape', 'mul', 'sum'] },
  shape(site, ctx) {
    const a = asArray(arg(site, 0, 'v').v);
    if (!a?.shape) return { t: 'array', shape: undefined };
    const flat = site.call.func.kind === 'attr' && site.call.func.name === 'diagflat';
    if (a.shape.length === 1) return { t: 'array', shape: [a.shape[0], a.shape[0]] };
    if (flat) {
      // A column or a row flattened: its other axis.
      const one = a.shape.findIndex((d) => ctx.dims.value(d) === 1);
      const n = a.shape.length === 2 && one >= 0 ? a.shape[1 - one] : undefined;
      return { t: 'array', shape: n === undefined ? undefined : [n, n] };
    }
    if (a.shape.length === 2) return { t: 'array', shape: [ctx.dims.compare(a.shape[0], a.shape[1]) === 'equal' ? a.shape[0] : ctx.dims.unknown()] };
    return { t: 'array', shape: undefined };
  },
};

export const LINALG_OPS: OpEntry[] = [dot, outer, transposeOp, diagOp];
