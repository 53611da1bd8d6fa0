// THE derivative table: one entry per differentiable op, keyed by the op name the evaluator records
// on its tape ('add', 'matmul', 'getitem', ...). This is the project's single statement of the
// derivative rules; the concrete evaluator's reverse pass reads it, and a symbolic face (rendering
// each rule as an expression for chain-rule explanations, `explain`) sits beside each numeric rule
// and is joined to the same entry, so the two are kept together; test/engine/derivation.test.ts checks
// each symbolic face against its numeric rule.
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
function unbroadcastS(g: Sym, shape: number[], out: number[]): Sym {
  if (shape.length === out.length && shape.every((d, i) => d === out[i])) return g;
  if (shape.length === 0) return { k: 'sum', a: g, axis: out.map((_, i) => i), keepdims: false };
  const lead = out.length - shape.length;
  const axes = out.map((d, i) => (i < lead || (shape[i - lead] === 1 && d !== 1) ? i : -1)).filter((i) => i >= 0);
  return { k: 'sum', a: g, axis: axes, keepdims: lead === 0 };
}

const explainBinary = (first: (a: ExplainArgs) => Sym, second: (a: ExplainArgs) => Sym) => (a: ExplainArgs): Sym =>
  unbroadcastS(a.index === 0 ? first(a) : second(a), a.inShapes[a.index], a.outShape);

/** The symbolic faces of the rules, keyed like the numeric ones. */
const explanations: Record<string, (a: ExplainArgs) => Sym | undefined> = {
  add: explainBinary(({ g }) => g, ({ g }) => g),
  sub: explainBinary(({ g }) => g, ({ g }) => negS(g)),
  mul: explainBinary(({ g, inputs }) => mulS(g, inputs[1]), ({ g, inputs }) => mulS(g, inputs[0])),
  div: explainBinary(({ g, inputs }) => ({ k: 'div', a: g, b: inputs[1] }), ({ g, inputs }) => negS({ k: 'div', a: mulS(g, inputs[0]), b: { k: 'pow', a: inputs[1], p: 2 } })),
  matmul: ({ g, index, inputs }) => (index === 0 ? { k: 'matmul', a: g, b: { k: 'T', a: inputs[1] } } : { k: 'matmul', a: { k: 'T', a: inputs[0] }, b: g }),
  transpose: ({ g }) => ({ k: 'T', a: g }),
  neg: ({ g }) => negS(g),
  exp: ({ g, out }) => mulS(g, out),
  log: ({ g, inputs }) => ({ k: 'div', a: g, b: inputs[0] }),
  tanh: ({ g, out }) => mulS(g, { k: 'sub', a: c(1), b: { k: 'pow', a: out, p: 2 } }),
  square: ({ g, inputs }) => mulS(c(2), mulS(g, inputs[0])),
  maximum: explainBinary(({ g, inputs }) => mulS(g, { k: 'gt', a: inputs[0], b: inputs[1] }), ({ g, inputs }) => mulS(g, { k: 'gt', a: inputs[1], b: inputs[0] })),
  reshape: ({ g }) => g,
  squeeze: ({ g }) => g,
  expand_dims: ({ g }) => g,
  copy: ({ g }) => g,
  astype: ({ g }) => g,
  sum: ({ g }) => g,
  mean: ({ g, inShapes, outShape }) => ({ k: 'div', a: g, b: c(sizeOf(inShapes[0]) / Math.max(1, sizeOf(outShape))) }),
};

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

const S = (v: number): NDArray => NDArray.scalar(v);
const mul = (x: NDArray, y: NDArray): NDArray => binary('mul', x, y);
const div = (x: NDArray, y: NDArray): NDArray => binary('div', x, y);
const add = (x: NDArray, y: NDArray): NDArray => binary('add', x, y);
const sub = (x: NDArray, y: NDArray): NDArray => binary('sub', x, y);

/** The gradient for input x, or undefined when x is not a float array. */
function grad(x: NDArray, f: () => NDArray): NDArray | undefined {
  return x.dtype === 'float' ? unbroadcast(f(), x.shape) : undefined;
}

/** An elementwise unary rule: d(out)/d(x) times g. */
function unaryRule(local: (x: NDArray, out: NDArray) => NDArray): DerivativeRule {
  return { vjp: ({ g, inputs: [x], out }) => [grad(x, () => mul(g, local(x, out)))] };
}

/** A binary rule from the gradients before un-broadcasting. */
function binaryRule(fa: (a: VjpArgs) => NDArray, fb: (a: VjpArgs) => NDArray): DerivativeRule {
  return {
    vjp: (args) => {
      const [a, b] = args.inputs;
      return [grad(a, () => fa(args)), grad(b, () => fb(args))];
    },
  };
}

/** Weight 1 where a wins, ½ where a ties b, 0 elsewhere. */
function winWeight(op: 'gt' | 'lt', a: NDArray, b: NDArray): NDArray {
  return add(binary(op, a, b), mul(S(0.5), binary('eq', a, b)));
}

/** Reshapes g to the input's shape (reshape, squeeze, expand_dims, copy). */
const reshapeBack: DerivativeRule = { vjp: ({ g, inputs: [x] }) => [grad(x, () => reshape(g, x.shape))] };

function axisParam(params: Record<string, unknown>): number | number[] | undefined {
  return params.axis as number | number[] | undefined;
}

/** The reduced input's shape with the reduced axes kept as 1. */
function keptShape(x: NDArray, params: Record<string, unknown>): number[] {
  const red = new Set(reduceAxes('vjp', x.shape, axisParam(params)));
  return x.shape.map((d, i) => (red.has(i) ? 1 : d));
}

function extremeRule(): DerivativeRule {
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
const matmulRule: DerivativeRule = {
  vjp: (args) => {
    const { g, inputs: [a, b] } = args;
    if (a.ndim === 0 || b.ndim === 0) return derivatives.mul.vjp(args);
    const a2 = a.ndim === 2 ? a : reshape(a, [1, a.size]);
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

const setitemRule: DerivativeRule = {
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

const concatenateRule: DerivativeRule = {
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

const rules: Record<string, DerivativeRule> = {
  add: binaryRule(({ g }) => g, ({ g }) => g),
  sub: binaryRule(({ g }) => g, ({ g }) => unary('neg', g)),
  mul: binaryRule(({ g, inputs: [, b] }) => mul(g, b), ({ g, inputs: [a] }) => mul(g, a)),
  div: binaryRule(
    ({ g, inputs: [, b] }) => div(g, b),
    ({ g, inputs: [a, b] }) => unary('neg', div(mul(g, a), mul(b, b))),
  ),
  pow: binaryRule(
    ({ g, inputs: [a, b] }) => mul(g, mul(b, binary('pow', a, sub(b, S(1))))),
    ({ g, inputs: [a], out }) => mul(g, where(binary('gt', a, S(0)), mul(out, unary('log', a)), S(0))),
  ),
  maximum: binaryRule(
    ({ g, inputs: [a, b] }) => mul(g, winWeight('gt', a, b)),
    ({ g, inputs: [a, b] }) => mul(g, winWeight('gt', b, a)),
  ),
  minimum: binaryRule(
    ({ g, inputs: [a, b] }) => mul(g, winWeight('lt', a, b)),
    ({ g, inputs: [a, b] }) => mul(g, winWeight('lt', b, a)),
  ),

  neg: unaryRule(() => S(-1)),
  exp: unaryRule((_, out) => out),
  log: unaryRule((x) => div(S(1), x)),
  tanh: unaryRule((_, out) => sub(S(1), mul(out, out))),
  sqrt: unaryRule((_, out) => div(S(0.5), out)),
  abs: unaryRule((x) => unary('sign', x)),
  square: unaryRule((x) => mul(S(2), x)),
  log1p: unaryRule((x) => div(S(1), add(S(1), x))),
  expm1: unaryRule((_, out) => add(out, S(1))),
  sin: unaryRule((x) => unary('cos', x)),
  cos: unaryRule((x) => unary('neg', unary('sin', x))),

  matmul: matmulRule,
  transpose: {
    vjp: ({ g, inputs: [x], params }) => {
      const axes = params.axes as number[] | undefined;
      if (!axes) return [grad(x, () => transpose(g))];
      const inv = new Array<number>(axes.length);
      axes.forEach((p, i) => (inv[p < 0 ? p + axes.length : p] = i));
      return [grad(x, () => transpose(g, inv))];
    },
  },
  reshape: reshapeBack,
  squeeze: reshapeBack,
  expand_dims: reshapeBack,
  copy: reshapeBack,
  /** Identity from float to float; a cast to int or bool has zero derivative. */
  astype: {
    vjp: ({ g, inputs: [x], out }) => [grad(x, () => (out.dtype === 'float' ? reshape(g, x.shape) : NDArray.zeros(x.shape)))],
  },
  broadcast_to: { vjp: ({ g, inputs: [x] }) => [grad(x, () => g)] },

  sum: { vjp: ({ g, inputs: [x], params }) => [grad(x, () => broadcastTo(reshape(g, keptShape(x, params)), x.shape))] },
  mean: {
    vjp: ({ g, inputs: [x], params }) => [
      grad(x, () => {
        const kept = keptShape(x, params);
        const count = sizeOf(x.shape) / sizeOf(kept);
        return broadcastTo(reshape(mul(g, S(1 / count)), kept), x.shape);
      }),
    ],
  },
  max: extremeRule(),
  min: extremeRule(),

  getitem: { vjp: ({ g, inputs: [x], params }) => [grad(x, () => scatterAdd(x.shape, params.src as Int32Array, g))] },
  setitem: setitemRule,
  where: {
    vjp: ({ g, inputs: [cond, a, b] }) => [
      undefined,
      grad(a, () => where(cond, g, S(0))),
      grad(b, () => where(cond, S(0), g)),
    ],
  },
  clip: {
    vjp: ({ g, inputs: [x], params }) => {
      const lo = params.lo as number | undefined;
      const hi = params.hi as number | undefined;
      const pass = x.data.map((v) => +((lo === undefined || v >= lo) && (hi === undefined || v <= hi)));
      return [grad(x, () => mul(g, new NDArray(x.shape, pass)))];
    },
  },
  concatenate: concatenateRule,
};

/** The table, with a null prototype so a lookup of a name like 'constructor' finds nothing. */
export const derivatives: Record<string, DerivativeRule> = Object.assign(
  Object.create(null) as Record<string, DerivativeRule>,
  Object.fromEntries(Object.entries(rules).map(([op, r]) => [op, explanations[op] ? { ...r, explain: explanations[op] } : r])),
);
