// Helpers for derivative rules. The rules themselves are the op entries' `derivative` (engine/ops/*.ts,
// joined in ops/table.ts `derivatives`), each a numeric vector-Jacobian product beside its symbolic
// face; this file holds what they share: un-broadcasting (numeric and symbolic), the elementwise and
// binary rule builders, the reduction helpers, and the rules for matmul, setitem and concatenate.
//
// A rule receives the upstream gradient g (shaped like the op's output), the op's inputs and output,
// and the op's params, and returns one gradient per input, already summed back to that input's shape
// (un-broadcast). Inputs that are not differentiable (int or bool arrays, conditions, index arrays)
// get undefined.
//
// Kinks: maximum/minimum split the gradient equally between a and b where they tie; max/min
// reductions split it equally among the tied extremes; abs uses sign(0) = 0; clip passes the
// gradient where lo ≤ x ≤ hi (bounds included); pow's exponent gradient is 0 where the base ≤ 0.

import { NDArray, NumericError, shapeStr, sizeOf } from './ndarray';
import {
  binary, broadcastShapes, broadcastTo, matmul, reduce, reduceAxes, reshape, transpose, unary, where,
} from './kernels';
import { getitem, scatterAdd } from './indexing';
import type { IndexPart } from './indexing';
import { type Sym, c, mulS, negS } from './sym';

export interface VjpArgs {
  g: NDArray;
  inputs: NDArray[];
  out: NDArray;
  params: Record<string, unknown>;
}

/**
 * One entry per differentiable op. Returns the gradient for each input, already summed back to that
 * input's shape (un-broadcast); undefined for inputs that are not differentiable.
 */
export interface DerivativeRule {
  vjp(a: VjpArgs): (NDArray | undefined)[];
  /**
   * The same rule, symbolically, for derivations: the gradient flowing to input `index` given the
   * upstream gradient `g`, the inputs and output as expressions, and their concrete shapes.
   * Undefined when the op has no readable rendering (fancy indexing); the derivation then stops there.
   */
  explain?(a: ExplainArgs): Sym | undefined;
}

export interface ExplainArgs {
  g: Sym;
  index: number;
  inputs: Sym[];
  out: Sym;
  inShapes: number[][];
  outShape: number[];
  params: Record<string, unknown>;
}

/** Σ over the axes an input of `shape` was broadcast along to reach `out` (db = Σ_m dZ). */
export function unbroadcastS(g: Sym, shape: number[], out: number[]): Sym {
  if (shape.length === out.length && shape.every((d, i) => d === out[i])) return g;
  if (shape.length === 0) return { k: 'sum', a: g, axis: out.map((_, i) => i), keepdims: false };
  const lead = out.length - shape.length;
  const axes = out.map((d, i) => (i < lead || (shape[i - lead] === 1 && d !== 1) ? i : -1)).filter((i) => i >= 0);
  return { k: 'sum', a: g, axis: axes, keepdims: lead === 0 };
}

export const explainBinary = (first: (a: ExplainArgs) => Sym, second: (a: ExplainArgs) => Sym) => (a: ExplainArgs): Sym =>
  unbroadcastS(a.index === 0 ? first(a) : second(a), a.inShapes[a.index], a.outShape);

/** Sums g over the axes along which an array of `shape` was broadcast to g's shape. */
export function unbroadcast(g: NDArray, shape: number[]): NDArray {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const b = broadcastShapes(shape, g.shape);
  if (!b || b.length !== g.ndim || b.some((d, i) => d !== g.shape[i])) {
    throw new NumericError(`unbroadcast: gradient of shape ${shapeStr(g.shape)} cannot be summed to shape ${shapeStr(shape)}`);
  }
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  g.shape.forEach((d, i) => {
    if (i < lead || (shape[i - lead] === 1 && d !== 1)) axes.push(i);
  });
  return reshape(reduce('sum', g, axes, false), shape);
}

export const S = (v: number): NDArray => NDArray.scalar(v);
export const mul = (x: NDArray, y: NDArray): NDArray => binary('mul', x, y);
export const div = (x: NDArray, y: NDArray): NDArray => binary('div', x, y);
export const add = (x: NDArray, y: NDArray): NDArray => binary('add', x, y);
export const sub = (x: NDArray, y: NDArray): NDArray => binary('sub', x, y);

/** The gradient for input x, or undefined when x is not a float array. */
export function grad(x: NDArray, f: () => NDArray): NDArray | undefined {
  return x.dtype === 'float' ? unbroadcast(f(), x.shape) : undefined;
}

/** An elementwise unary rule: d(out)/d(x) times g. */
export function unaryRule(local: (x: NDArray, out: NDArray) => NDArray): DerivativeRule {
  return { vjp: ({ g, inputs: [x], out }) => [grad(x, () => mul(g, local(x, out)))] };
}

/** A binary rule from the gradients before un-broadcasting. */
export function binaryRule(fa: (a: VjpArgs) => NDArray, fb: (a: VjpArgs) => NDArray): DerivativeRule {
  return {
    vjp: (args) => {
      const [a, b] = args.inputs;
      return [grad(a, () => fa(args)), grad(b, () => fb(args))];
    },
  };
}

/** Weight 1 where a wins, ½ where a ties b, 0 elsewhere. */
export function winWeight(op: 'gt' | 'lt', a: NDArray, b: NDArray): NDArray {
  return add(binary(op, a, b), mul(S(0.5), binary('eq', a, b)));
}

/** Reshapes g to the input's shape (reshape, squeeze, expand_dims, copy). */
export const reshapeBack: DerivativeRule = { vjp: ({ g, inputs: [x] }) => [grad(x, () => reshape(g, x.shape))] };

export function axisParam(params: Record<string, unknown>): number | number[] | undefined {
  return params.axis as number | number[] | undefined;
}

/** The reduced input's shape with the reduced axes kept as 1. */
export function keptShape(x: NDArray, params: Record<string, unknown>): number[] {
  const red = new Set(reduceAxes('vjp', x.shape, axisParam(params)));
  return x.shape.map((d, i) => (red.has(i) ? 1 : d));
}

export function extremeRule(): DerivativeRule {
  return {
    vjp: ({ g, inputs: [x], out, params }) => [
      grad(x, () => {
        const kept = keptShape(x, params);
        const hit = binary('eq', x, reshape(out, kept));
        const count = reduce('sum', hit, axisParam(params), true);
        return mul(mul(hit, reshape(g, kept)), div(S(1), count));
      }),
    ],
  };
}

/** np.dot for rank ≤ 2: 1-D left operands act as rows, 1-D right operands as columns. */
export const matmulRule: DerivativeRule = {
  vjp: (args) => {
    const { g, inputs: [a, b] } = args;
    if (a.ndim === 0 || b.ndim === 0) return [grad(a, () => mul(g, b)), grad(b, () => mul(g, a))];
    // A stack of rows (..., K) is the matrix of its rows (a (B, H, W, C) gradient times a (C, N) matrix).
    const a2 = a.ndim === 2 ? a : a.ndim > 2 ? reshape(a, [a.size / a.shape[a.ndim - 1], a.shape[a.ndim - 1]]) : reshape(a, [1, a.size]);
    const b2 = b.ndim === 2 ? b : reshape(b, [b.size, 1]);
    const g2 = reshape(g, [a2.shape[0], b2.shape[1]]);
    return [
      grad(a, () => reshape(matmul(g2, transpose(b2)), a.shape)),
      grad(b, () => reshape(matmul(transpose(a2), g2), b.shape)),
    ];
  },
};

/** The selection shape of a setitem: params.shape when given, else inferred from the value. */
function selectionShape(value: NDArray, n: number, params: Record<string, unknown>): number[] {
  const given = params.shape as number[] | undefined;
  if (given) return given;
  if (value.size === n) return value.shape;
  if (value.size === 1) return [n];
  if (!value.shape.includes(1) && n % value.size === 0) return [n / value.size, ...value.shape];
  throw new NumericError(`setitem vjp: pass params.shape (value of shape ${shapeStr(value.shape)} broadcast to ${n} elements)`);
}

export const setitemRule: DerivativeRule = {
  vjp: ({ g, inputs: [a, value], params }) => {
    const src = params.src as Int32Array;
    const ga = grad(a, () => {
      const r = g.clone();
      for (const i of src) r.data[i] = 0;
      return r;
    });
    const gv = grad(value, () => {
      // Only the last write to an element survives, so only it receives that element's gradient.
      const last = new Map<number, number>();
      src.forEach((i, k) => last.set(i, k));
      const picked = new Float64Array(src.length);
      for (const [i, k] of last) picked[k] = g.data[i];
      const sel = selectionShape(value, src.length, params);
      let vShape = value.shape;
      while (vShape.length > sel.length && vShape[0] === 1) vShape = vShape.slice(1);
      return reshape(unbroadcast(new NDArray(sel, picked), vShape), value.shape);
    });
    return [ga, gv];
  },
};

export const concatenateRule: DerivativeRule = {
  vjp: ({ g, inputs, params }) => {
    const axis = params.axis as number;
    const ax = axis < 0 ? axis + g.ndim : axis;
    let off = 0;
    return inputs.map((x) => {
      const start = off;
      off += x.shape[ax];
      const index: IndexPart[] = [...new Array<IndexPart>(ax).fill({ kind: 'slice' }), { kind: 'slice', start, stop: off }];
      return grad(x, () => getitem(g, index));
    });
  },
};

