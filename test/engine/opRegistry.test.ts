// The op registry, entry by entry (engine/ops/table.ts ALL_OPS). Every entry says what its derivative
// is (a rule, piecewise constant, recorded as other ops, a leaf, or unknown with a reason), and every
// entry is run on random inputs through trials written here:
//   - its concrete evaluation, whose tape node's vector-Jacobian product is compared with central
//     finite differences of the same evaluation;
//   - its symbolic face, evaluated on the same values, against that product;
//   - its shape rule, on the trial's arguments as abstract values, against the shape the kernel made
//     (every axis / keepdims / broadcasting variant the trials list; a reduction's trials must cover
//     keepdims both ways and an axis tuple, an elementwise op's a broadcast).
// An entry with no trial, a trial with no entry, or a concrete evaluation with no shape rule fails.

import { strict as assert } from 'node:assert';
import { ALL_OPS, derivatives, opById, opBySpelling } from '../../engine/ops/table';
import type { ConcreteHost, OpEntry, OpId } from '../../engine/ops/definition';
import { concreteCall } from '../../engine/ops/concreteArgs';
import type { CallSite, OpContext } from '../../engine/ops/types';
import { Tape } from '../../engine/concrete/tape';
import { type CArr, type CValue, num, Unevaluable } from '../../engine/concrete/values';
import type { Value } from '../../engine/interp/values';
import { DimStore } from '../../engine/shapes/dim';
import { renderShape } from '../../engine/shapes/shapeOps';
import { NDArray } from '../../engine/numeric/ndarray';
import { broadcastTo } from '../../engine/numeric/kernels';
import { getitem, select, setitem, type IndexPart } from '../../engine/numeric/indexing';
import { Rng } from '../../engine/numeric/rng';
import { evalSym, v as symVar, type Sym } from '../../engine/numeric/sym';
import type { Expr } from '../../engine/syntax/ast';

// ------------------------------------------------------------------ trial arguments

/** A random float array (normal; `positive`: in [0.5, 2]; `apart`: |x| ≥ 0.5 so no kink or tie is near). */
interface ArrArg { arr: number[]; kind?: 'normal' | 'positive' | 'apart' | 'int' | 'bool' }
type Arg = ArrArg | number | boolean | null | { tuple: Arg[] } | { list: Arg[] } | { float: number };

const A = (...shape: number[]): ArrArg => ({ arr: shape });
const P = (...shape: number[]): ArrArg => ({ arr: shape, kind: 'positive' });
const AP = (...shape: number[]): ArrArg => ({ arr: shape, kind: 'apart' });
const B = (...shape: number[]): ArrArg => ({ arr: shape, kind: 'bool' });
const I = (...shape: number[]): ArrArg => ({ arr: shape, kind: 'int' });
const T = (...items: Arg[]): Arg => ({ tuple: items });

interface CallTrial {
  /** The spelling called: `np.sum`, `array.sum` (then `self` is the array). */
  call: string;
  self?: Arg;
  args?: Arg[];
  kw?: Record<string, Arg>;
  /** No finite-difference comparison (the op is not differentiable at every point drawn, e.g. a tie is likely). */
  noGradient?: boolean;
}

/** An op no call reaches (a subscript, an operator the evaluator applies itself): inputs, params and its forward. */
interface DirectTrial {
  what: string;
  inputs: NDArray[];
  params: Record<string, unknown>;
  forward(xs: NDArray[]): NDArray;
}

type Trial = CallTrial | DirectTrial;

const rng = new Rng(4242);
const idx = (index: IndexPart[]) => index;

/** Each entry's trials, by OpId. `[]` only with a reason in NO_TRIAL. */
const TRIALS: Partial<Record<OpId, Trial[]>> = {
  // unary
  neg: [{ call: 'np.negative', args: [A(3, 4)] }],
  exp: [{ call: 'np.exp', args: [A(3, 4)] }, { call: 'np.exp', args: [A()] }],
  log: [{ call: 'np.log', args: [P(2, 3)] }],
  tanh: [{ call: 'np.tanh', args: [A(2, 2, 2)] }],
  sqrt: [{ call: 'np.sqrt', args: [P(3, 3)] }],
  abs: [{ call: 'np.abs', args: [AP(5)] }, { call: 'np.absolute', args: [AP(2, 3)] }],
  square: [{ call: 'np.square', args: [A(2, 4)] }],
  log1p: [{ call: 'np.log1p', args: [P(3, 1)] }],
  expm1: [{ call: 'np.expm1', args: [A(3)] }],
  sin: [{ call: 'np.sin', args: [A(4, 2)] }],
  cos: [{ call: 'np.cos', args: [A(2, 5)] }],
  sign: [{ call: 'np.sign', args: [AP(3, 2)] }],
  // binary: the same shapes, a broadcast against a column, a row, and a scalar
  add: [{ call: 'np.add', args: [A(3, 4), A(3, 1)] }, { call: 'np.add', args: [A(2, 3), A()] }, { call: 'np.add', args: [A(4), A(2, 4)] }],
  sub: [{ call: 'np.subtract', args: [A(2, 3), A(3)] }, { call: 'np.subtract', args: [A(3, 1), A(1, 4)] }],
  mul: [{ call: 'np.multiply', args: [A(3, 4), A(4)] }, { call: 'np.multiply', args: [A(5), A(5)] }],
  div: [{ call: 'np.divide', args: [A(4, 1), P(1, 3)] }, { call: 'np.true_divide', args: [A(2, 3), P(2, 3)] }],
  pow: [{ call: 'np.power', args: [P(3, 2), A(3, 2)] }, { call: 'np.power', args: [P(2, 4), A()] }],
  maximum: [{ call: 'np.maximum', args: [AP(3, 4), A(3, 1)], noGradient: true }, { call: 'np.maximum', args: [A(2, 3), { float: 0 }] }],
  minimum: [{ call: 'np.minimum', args: [A(2, 5), A(2, 1)], noGradient: true }, { call: 'np.minimum', args: [A(4, 2), { float: 0 }] }],
  gt: [{ call: 'np.greater', args: [A(3, 4), A(3, 1)] }],
  lt: [{ call: 'np.less', args: [A(3, 4), A(4)] }],
  eq: [{ call: 'np.equal', args: [I(3, 4), I(3, 1)] }],
  ne: [{ call: 'np.not_equal', args: [I(2, 3), I(3)] }],
  ge: [{ call: 'np.greater_equal', args: [A(2, 3), A(2, 1)] }],
  le: [{ call: 'np.less_equal', args: [A(2, 3), A()] }],
  and: [{ call: 'np.logical_and', args: [B(2, 3), B(3)] }],
  or: [{ call: 'np.logical_or', args: [B(2, 3), B(2, 1)] }],
  // casts
  astype: [{ call: 'np.float64', args: [A(3, 2)] }, { call: 'array.astype', self: A(2, 3), args: [] }],
  astype_int: [{ call: 'np.int64', args: [A(3, 2)] }],
  astype_bool: [{ call: 'np.bool_', args: [A(2, 2)] }],
  // selection
  where: [{ call: 'np.where', args: [B(3, 4), A(3, 4), A(3, 1)] }, { call: 'np.where', args: [B(3, 1), A(3, 4), { float: 0 }] }],
  clip: [{ call: 'np.clip', args: [AP(3, 4), { float: -0.25 }, { float: 0.25 }] }, { call: 'array.clip', self: AP(2, 3), args: [{ float: -0.25 }, { float: 0.25 }] }],
  argmax: [{ call: 'np.argmax', args: [A(3, 4)], kw: { axis: 1 } }, { call: 'array.argmax', self: A(2, 5), args: [] }],
  argmin: [{ call: 'np.argmin', args: [A(3, 4), 0] }],
  // reductions: axis None, int, negative, tuple; keepdims both ways; the method spelling
  sum: [
    { call: 'np.sum', args: [A(3, 4)] }, { call: 'np.sum', args: [A(3, 4), 0] }, { call: 'np.sum', args: [A(2, 3, 4)], kw: { axis: T(0, -1), keepdims: true } },
    { call: 'array.sum', self: A(3, 4), args: [1], kw: { keepdims: true } }, { call: 'np.sum', args: [A(3, 4)], kw: { axis: -1, keepdims: false } },
  ],
  nansum: [{ call: 'np.nansum', args: [A(3, 4), 1], kw: { keepdims: true } }],
  mean: [
    { call: 'np.mean', args: [A(3, 4)] }, { call: 'np.mean', args: [A(3, 4)], kw: { axis: 1, keepdims: true } }, { call: 'array.mean', self: A(2, 3, 2), args: [T(0, 2)] },
  ],
  nanmean: [{ call: 'np.nanmean', args: [A(3, 4), 0], kw: { keepdims: true } }, { call: 'np.nanmean', args: [A(2, 3)] }],
  max: [{ call: 'np.max', args: [AP(3, 4), 1] }, { call: 'array.max', self: AP(2, 3), args: [], kw: { axis: 0, keepdims: true } }],
  min: [{ call: 'np.min', args: [AP(4, 3), 0], kw: { keepdims: true } }, { call: 'np.amin', args: [AP(2, 3)] }],
  prod: [
    { call: 'np.prod', args: [P(3, 4)], kw: { axis: 1, keepdims: true } }, { call: 'np.prod', args: [P(2, 3)] }, { call: 'array.prod', self: P(2, 3, 2), args: [T(0, 2)] },
    { call: 'np.prod', args: [P(3, 2), 0] },
  ],
  var: [
    { call: 'np.var', args: [A(3, 4)], kw: { axis: 0, keepdims: true } }, { call: 'np.var', args: [A(2, 5)], kw: { ddof: 1 } }, { call: 'array.var', self: A(3, 4), args: [1] },
    { call: 'np.var', args: [A(2, 3, 2)], kw: { axis: T(0, 2) } },
  ],
  std: [
    { call: 'np.std', args: [A(3, 4)], kw: { axis: 1, keepdims: true } }, { call: 'np.std', args: [A(4, 3)], kw: { ddof: 1 } }, { call: 'array.std', self: A(3, 4), args: [0] },
    { call: 'np.std', args: [A(2, 3, 2)], kw: { axis: T(1, 2), keepdims: false } },
  ],
  norm: [{ call: 'np.linalg.norm', args: [A(3, 4)] }],
  // linalg
  matmul: [
    { call: 'np.dot', args: [A(3, 4), A(4, 2)] }, { call: 'np.dot', args: [A(3, 4), A(4)] }, { call: 'np.matmul', args: [A(4), A(4, 5)] },
    { call: 'array.dot', self: A(2, 3), args: [A(3, 3)] }, { call: 'np.dot', args: [A(5), A(5)] },
    { call: 'np.dot', args: [A(2, 3, 4), A(4, 5)] }, { call: 'np.matmul', args: [A(2, 3, 4), A(4)] },
  ],
  transpose: [{ call: 'np.transpose', args: [A(3, 5)] }, { call: 'array.transpose', self: A(2, 3, 4), args: [1, 2, 0] }, { call: 'np.transpose', args: [A(2, 3, 4), T(2, 0, 1)] }],
  outer: [{ call: 'np.outer', args: [A(3), A(4)] }],
  diag: [{ call: 'np.diagflat', args: [A(4, 1)] }, { call: 'np.diag', args: [A(3)] }, { call: 'np.diag', args: [A(4, 4)] }],
  // manipulation
  reshape: [{ call: 'np.reshape', args: [A(3, 4), T(2, 6)] }, { call: 'array.reshape', self: A(3, 4), args: [4, -1] }, { call: 'array.reshape', self: A(2, 3), args: [T(-1,)] }],
  ravel: [{ call: 'np.ravel', args: [A(3, 4)] }, { call: 'array.flatten', self: A(2, 3), args: [] }],
  pad: [{ call: 'np.pad', args: [A(2, 3), T(T(1, 1), T(0, 2))] }, { call: 'np.pad', args: [A(2, 2, 3), 1] }, { call: 'np.pad', args: [A(3, 2), T(2, 1)] }],
  squeeze: [{ call: 'np.squeeze', args: [A(3, 1, 2)] }, { call: 'array.squeeze', self: A(1, 4), args: [] }],
  expand_dims: [{ call: 'np.expand_dims', args: [A(3, 2), -1] }, { call: 'np.expand_dims', args: [A(3, 2), 0] }],
  concatenate: [
    { call: 'np.concatenate', args: [{ list: [A(2, 3), A(4, 3)] }] }, { call: 'np.concatenate', args: [{ list: [A(2, 3), A(2, 1)] }], kw: { axis: 1 } },
    { call: 'np.vstack', args: [{ list: [A(2, 3), A(1, 3)] }] }, { call: 'np.hstack', args: [{ tuple: [A(3, 1), A(3, 2)] }] },
    // 1-D parts are rows of vstack/row_stack and columns of column_stack; stack adds an axis to every part.
    { call: 'np.vstack', args: [{ list: [A(3), A(3)] }] }, { call: 'np.row_stack', args: [{ list: [A(3), A(2, 3)] }] },
    { call: 'np.column_stack', args: [{ tuple: [A(4), A(4, 2)] }] }, { call: 'np.hstack', args: [{ list: [A(2), A(3)] }] },
    { call: 'np.stack', args: [{ list: [A(2, 3), A(2, 3), A(2, 3)] }] }, { call: 'np.stack', args: [{ list: [A(4), A(4)] }], kw: { axis: -1 } },
  ],
  broadcast_to: [{ call: 'np.broadcast_to', args: [A(3, 1), T(2, 3, 4)] }, { call: 'np.broadcast_to', args: [A(4), T(3, 4)] }],
  // constructors (no gradient: the shape rule against the kernel)
  filled: [{ call: 'np.zeros', args: [T(3, 4)] }, { call: 'np.ones', args: [4] }, { call: 'np.full', args: [T(2, 3), { float: 1.5 }] }],
  filled_like: [{ call: 'np.zeros_like', args: [A(3, 4)] }, { call: 'np.ones_like', args: [A(2)] }],
  eye: [{ call: 'np.eye', args: [3] }],
  array: [{ call: 'np.array', args: [{ list: [{ list: [1, 2, 3] }, { list: [4, 5, 6] }] }] }, { call: 'np.array', args: [{ list: [A(3), A(3)] }] }],
  copy: [{ call: 'np.copy', args: [A(3, 4)] }, { call: 'array.copy', self: A(2, 3), args: [] }],
  arange: [{ call: 'np.arange', args: [5] }, { call: 'np.arange', args: [1, 7, 2] }, { call: 'np.linspace', args: [0, 1, 5] }],
  randn: [{ call: 'np.random.randn', args: [3, 4] }, { call: 'np.random.rand', args: [5] }],
  random_sized: [{ call: 'np.random.normal', args: [{ float: 0 }, { float: 1 }], kw: { size: T(3, 2) } }, { call: 'np.random.randint', args: [0, 5], kw: { size: T(4,) } }],
  // subscripts (the evaluator and the interpreter apply them; the entries hold the derivatives)
  getitem: [
    { what: 'x[[1, 1, 0]]', inputs: [rng.normalArray([3, 2])], params: {}, forward: ([x]) => getitem(x, idx([{ kind: 'array', arr: NDArray.fromNested([1, 1, 0]) }])) },
    { what: 'x[::-2, None, 1]', inputs: [rng.normalArray([5, 2])], params: {}, forward: ([x]) => getitem(x, idx([{ kind: 'slice', step: -2 }, { kind: 'newaxis' }, { kind: 'int', i: 1 }])) },
  ],
  setitem: [
    { what: 'x[1:3] = (3,) row', inputs: [rng.normalArray([4, 3]), rng.normalArray([3])], params: {}, forward: ([x, y]) => setitem(x, idx([{ kind: 'slice', start: 1, stop: 3 }]), y) },
  ],
};

/** Entries with no trial, each with why. */
const NO_TRIAL: Partial<Record<OpId, string>> = {
  not: 'Python `not`/`~` on arrays: the evaluator applies it (arith.ts); piecewise constant, so nothing to compare',
  floordiv: 'the `//` operator: piecewise constant, applied by arith.ts',
  mod: 'the `%` operator: its derivative is unknown (said in the entry)',
  random_seed: 'reseeds the generator: no array',
  shape_of: 'a tuple of ints: no array',
  size_of: 'an int: no array (opTable.test.ts runs a gradient divided by it)',
  array_equal: 'a bool: no array',
  unique: 'the distinct values, a leaf whose length depends on them: epochEvaluation.test.ts runs a class count taken from it',
  split: 'a list of arrays, each a getitem on the tape (whose trials cover it): verifyInference.test.ts checks the pieces, their shapes and a gradient through them',
};

// ------------------------------------------------------------------ running a trial

class Host implements ConcreteHost {
  tape = new Tape();
  rng = new Rng(99);
  readonly opts = { seed: 1 };
  toArr(v: CValue, span: undefined): CArr {
    if (v.t === 'arr') return v;
    if (v.t === 'num') return this.fresh(NDArray.scalar(v.v, v.int ? 'int' : 'float'), span);
    if (v.t === 'bool') return this.fresh(NDArray.scalar(v.v ? 1 : 0, 'bool'), span);
    if (v.t === 'list' || v.t === 'tuple') return this.fresh(NDArray.fromNested(this.plain(v)), span);
    throw new Unevaluable(v.t);
  }
  record(op: string, inputs: CArr[], params: Record<string, unknown>, out: NDArray): CArr {
    return { t: 'arr', a: out, node: this.tape.add(op, inputs.map((i) => i.node), params, out, '', undefined) };
  }
  fresh(out: NDArray, span: undefined): CArr {
    return this.record('leaf', [], {}, out);
  }
  plain(v: CValue): unknown {
    if (v.t === 'num') return v.v;
    if (v.t === 'bool') return v.v;
    if (v.t === 'list' || v.t === 'tuple') return v.items.map((x) => this.plain(x));
    if (v.t === 'arr') return v.a.toNested();
    throw new Unevaluable(v.t);
  }
}

function draw(a: ArrArg): NDArray {
  switch (a.kind) {
    case 'positive': return rng.uniformArray(a.arr, 0.5, 2);
    case 'apart': {
      const x = rng.uniformArray(a.arr, 0.5, 1.5);
      const s = rng.uniformArray(a.arr);
      return new NDArray(a.arr, x.data.map((v, i) => (s.data[i] < 0.5 ? -v : v)));
    }
    case 'int': return rng.intArray(a.arr, 0, 3);
    case 'bool': return new NDArray(a.arr, rng.uniformArray(a.arr).data.map((v) => +(v < 0.5)), 'bool');
    default: return rng.normalArray(a.arr);
  }
}

/** The trial's arguments with arrays drawn once; arrays keep their identity so a perturbed copy can replace them. */
interface Drawn { self?: CValue; args: CValue[]; kw: Map<string, CValue>; arrays: NDArray[] }

function drawArgs(t: CallTrial): Drawn {
  const arrays: NDArray[] = [];
  const conv = (a: Arg): CValue => {
    if (a === null) return { t: 'none' };
    if (typeof a === 'number') return num(a, true);
    if (typeof a === 'boolean') return { t: 'bool', v: a };
    if ('float' in a) return num(a.float, false);
    if ('tuple' in a) return { t: 'tuple', items: a.tuple.map(conv) };
    if ('list' in a) return { t: 'list', items: a.list.map(conv) };
    const x = draw(a);
    arrays.push(x);
    return { t: 'arr', a: x, node: -1 };
  };
  const self = t.self !== undefined ? conv(t.self) : undefined;
  const args = (t.args ?? []).map(conv);
  const kw = new Map(Object.entries(t.kw ?? {}).map(([k, v]) => [k, conv(v)]));
  return { self, args, kw, arrays };
}

/** Runs the call with `arrays` in place of the drawn ones (each put on a fresh tape as a leaf). */
function run(entry: OpEntry, t: CallTrial, d: Drawn, arrays = d.arrays): { host: Host; out: CValue; leaves: number[] } {
  const host = new Host();
  const leaves: number[] = [];
  let k = 0;
  const place = (v: CValue): CValue => {
    if (v.t === 'arr') {
      const a = arrays[k++];
      const leaf = host.fresh(a, undefined);
      leaves.push(leaf.node);
      return leaf;
    }
    if (v.t === 'tuple' || v.t === 'list') return { ...v, items: v.items.map(place) } as CValue;
    return v;
  };
  const self = d.self ? place(d.self) : undefined;
  const args = d.args.map(place);
  const kw = new Map([...d.kw].map(([key, v]) => [key, place(v)]));
  const out = entry.concrete!(concreteCall(host, t.call, args, kw, self, undefined));
  return { host, out, leaves };
}

const H = 1e-6;

function relErr(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += a[i] ** 2 + b[i] ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

/** Σ out ⊙ w, the loss whose gradient the product gives. */
function lossOf(out: CValue, w: NDArray): number {
  if (out.t === 'num') return out.v * w.data[0];
  assert.equal(out.t, 'arr');
  const a = (out as CArr).a;
  let s = 0;
  for (let i = 0; i < a.size; i++) s += a.data[i] * w.data[i];
  return s;
}

/** The gradient of Σ out ⊙ w with respect to each input leaf, by reverse mode over the trial's tape. */
function reverse(host: Host, out: CArr, w: NDArray): Map<number, NDArray> {
  const wNode = host.fresh(w, undefined);
  const prod = host.record('mul', [out, wNode], {}, new NDArray(w.shape, out.a.data.map((x, i) => x * w.data[i])));
  const total = host.record('sum', [prod], { axis: undefined, keepdims: false }, NDArray.scalar(prod.a.data.reduce((s, x) => s + x, 0)));
  return host.tape.adjoints(total.node);
}

function checkGradient(entry: OpEntry, t: CallTrial): void {
  const d = drawArgs(t);
  const { host, out, leaves } = run(entry, t, d);
  assert.equal(out.t, 'arr', `${t.call} gives an array`);
  const o = out as CArr;
  const w = rng.normalArray(o.a.shape);
  const adj = reverse(host, o, w);
  d.arrays.forEach((x, k) => {
    if (x.dtype !== 'float') return;
    const g = adj.get(leaves[k]) ?? NDArray.zeros(x.shape);
    const numeric = new Float64Array(x.size);
    for (let j = 0; j < x.size; j++) {
      const at = (h: number) => {
        const xj = x.clone();
        xj.data[j] += h;
        return lossOf(run(entry, t, d, d.arrays.map((y, i) => (i === k ? xj : y))).out, w);
      };
      numeric[j] = (at(H) - at(-H)) / (2 * H);
    }
    const e = relErr(g.data, numeric);
    assert.ok(e < 1e-6, `${t.call} input ${k}: relative error ${e}\nreverse  ${[...g.data]}\nnumeric  ${[...numeric]}`);
  });
}

/** Entries whose face gave an expression on some trial (a face may say nothing on a variant it cannot write). */
const faced = new Set<OpId>();

function checkFace(entry: OpEntry, inputs: NDArray[], out: NDArray, params: Record<string, unknown>, what: string): void {
  const d = entry.derivative;
  if (!('vjp' in d) || d.face === 'none') return;
  const g = rng.normalArray(out.shape);
  const values = [...inputs, out, g];
  const sym = (i: number): Sym => symVar(`x${i}`, values[i].shape, undefined, i);
  const numeric = d.vjp({ g, inputs, out, params });
  inputs.forEach((x, index) => {
    if (x.dtype !== 'float') return;
    const s = d.face !== 'none' ? d.face({ g: sym(values.length - 1), index, inputs: inputs.map((_, i) => sym(i)), out: sym(inputs.length), inShapes: inputs.map((y) => y.shape), outShape: out.shape, params }) : undefined;
    if (!s) return;
    faced.add(entry.id);
    let val = evalSym(s, (n) => values[n])!;
    const want = numeric[index]!;
    // A face leaves NumPy's implicit broadcasting and reshapes implicit: compare after them.
    if (val.size !== want.size) val = broadcastTo(val, want.shape);
    assert.equal(val.size, want.size, `${what} input ${index}: sizes`);
    assert.ok(relErr(val.data, want.data) < 1e-9, `${what} input ${index}: face and product differ`);
  });
}

// ------------------------------------------------------------------ the shape rule on the same call

function abstractOf(dims: DimStore, v: CValue): Value {
  switch (v.t) {
    case 'arr': return { t: 'array', shape: v.a.shape.map((n) => dims.constant(n)), dtype: v.a.dtype === 'float' ? undefined : v.a.dtype };
    case 'num': return v.int ? { t: 'int', dim: dims.constant(v.v) } : { t: 'float' };
    case 'bool': return { t: 'bool', value: v.v };
    case 'none': return { t: 'none' };
    case 'tuple': return { t: 'tuple', items: v.items.map((x) => abstractOf(dims, x)) };
    case 'list': return { t: 'list', items: v.items.map((x) => abstractOf(dims, x)) };
    default: return { t: 'unknown' } as Value;
  }
}

function shapeByRule(entry: OpEntry, t: CallTrial, d: Drawn): { shape: string | undefined; contradictions: string[] } {
  const dims = new DimStore();
  const span = { start: 0, end: 0 };
  const dot = t.call.lastIndexOf('.');
  const func: Expr = { kind: 'attr', obj: { kind: 'name', id: t.call.slice(0, dot), span }, name: t.call.slice(dot + 1), nameSpan: span, span };
  const call = { kind: 'call', func, args: [], keywords: [], span } as Expr & { kind: 'call' };
  const contradictions: string[] = [];
  const ctx: OpContext = {
    dims, text: '', file: '',
    reporter: { report: (f) => contradictions.push(f.message) },
    contradiction: (c) => contradictions.push(c.message),
    lineOf: () => 1,
    dimOf: (v) => (v.t === 'int' ? v.dim : dims.unknown()),
    shapeArg: (v) => (v.t === 'int' ? [v.dim] : v.t === 'tuple' || v.t === 'list' ? v.items?.map((x) => (x.t === 'int' ? x.dim : dims.unknown())) : undefined),
    expectedShapeAt: () => undefined,
    render: (s) => (s ? renderShape(dims, s) : '?'),
    src: () => t.call,
  };
  const args = d.args.map((v) => abstractOf(dims, v));
  const site: CallSite = {
    args, argExprs: [], kw: new Map([...d.kw].map(([k, v]) => [k, abstractOf(dims, v)])), kwExprs: new Map(), call,
    self: d.self ? abstractOf(dims, d.self) : undefined,
  };
  const r = entry.shape!(site, ctx);
  const shape = r.t === 'array' ? r.shape && `(${r.shape.map((x) => dims.value(x) ?? '?').join(', ')})` : r.t === 'float' || r.t === 'int' ? '()' : undefined;
  return { shape, contradictions };
}

function checkShape(entry: OpEntry, t: CallTrial): void {
  const d = drawArgs(t);
  const { out } = run(entry, t, d);
  const made = out.t === 'arr' ? `(${out.a.shape.join(', ')})` : out.t === 'num' ? '()' : `a ${out.t}`;
  const { shape, contradictions } = shapeByRule(entry, t, d);
  assert.deepEqual(contradictions, [], `${t.call}: the rule finds a contradiction in a call the kernel runs`);
  assert.equal(shape, made, `${t.call}: the shape rule says ${shape}, the kernel made ${made}`);
}

// ------------------------------------------------------------------ the tests

const isCall = (t: Trial): t is CallTrial => 'call' in t;
const describeTrial = (t: Trial): string => (isCall(t) ? `${t.call}(${JSON.stringify([t.self, ...(t.args ?? [])].filter((x) => x !== undefined))}${t.kw ? ` ${JSON.stringify(t.kw)}` : ''})` : t.what);

describe('op registry: every entry says what its derivative is', () => {
  for (const e of ALL_OPS) {
    it(`${e.id}`, () => {
      const d = e.derivative;
      if ('vjp' in d) assert.ok(d.face !== 'none' || (d.reason && d.reason.length > 10), `${e.id}: a rule without a face must say why`);
      else if ('differentiable' in d) assert.ok(d.reason.length > 10, `${e.id}: piecewise constant, but why?`);
      else if ('recordedAs' in d) {
        for (const r of d.recordedAs) {
          const inner = opById(r);
          assert.ok(inner, `${e.id} is recorded as ${r}, which has no entry`);
          assert.ok('vjp' in inner.derivative || 'differentiable' in inner.derivative, `${e.id} is recorded as ${r}, which has no derivative`);
        }
      } else if ('leaf' in d) assert.ok(d.leaf.length > 0);
      else assert.ok(d.unknown.length > 10, `${e.id}: an unknown derivative must say why`);
      // An op evaluated concretely under its own id must have a rule or be piecewise constant: an
      // unknown one would leave every gradient through it unchecked (what np.prod did).
      if (e.concrete && 'unknown' in d) assert.fail(`${e.id} is evaluated but its derivative is unknown`);
    });
  }

  it('every op evaluated concretely has a shape rule (np.nanmean had none)', () => {
    const without = ALL_OPS.filter((e) => e.concrete && !e.shape && !('leaf' in e.derivative && e.derivative.leaf.startsWith('no array') || e.id === 'shape_of'));
    assert.deepEqual(without.map((e) => e.id), []);
  });

  it('derivatives holds exactly the entries with a rule', () => {
    assert.deepEqual(Object.keys(derivatives).sort(), ALL_OPS.filter((e) => 'vjp' in e.derivative).map((e) => e.id).sort());
  });

  it('has trials for every entry, or says why not, and no trial without an entry', () => {
    const missing = ALL_OPS.filter((e) => !TRIALS[e.id]?.length && !NO_TRIAL[e.id] && (e.concrete || 'vjp' in e.derivative)).map((e) => e.id);
    assert.deepEqual(missing, []);
    for (const id of Object.keys(TRIALS)) assert.ok(opById(id), `trial for ${id}, which has no entry`);
    for (const [id, ts] of Object.entries(TRIALS)) {
      for (const t of ts!) if (isCall(t)) assert.equal(opBySpelling(t.call)?.id, id, `${t.call} does not reach ${id}`);
    }
  });

  it('reductions are tried with keepdims both ways and an axis tuple; elementwise ops with a broadcast', () => {
    for (const id of ['sum', 'mean', 'prod', 'var', 'std'] as OpId[]) {
      const ts = TRIALS[id]!.filter(isCall);
      assert.ok(ts.some((t) => t.kw?.keepdims === true), `${id}: keepdims=True`);
      assert.ok(ts.some((t) => !t.kw?.keepdims), `${id}: keepdims off`);
      assert.ok(ts.some((t) => [...(t.args ?? []), t.kw?.axis].some((a) => a && typeof a === 'object' && 'tuple' in a)), `${id}: an axis tuple`);
    }
    for (const id of ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'] as OpId[]) {
      const ts = TRIALS[id]!.filter(isCall);
      const shapes = (t: CallTrial) => (t.args ?? []).map((a) => (a && typeof a === 'object' && 'arr' in a ? a.arr.join(',') : 'scalar'));
      assert.ok(ts.some((t) => new Set(shapes(t)).size > 1), `${id}: a broadcasting trial`);
    }
  });
});

describe('op registry: each entry on random inputs', () => {
  for (const e of ALL_OPS) {
    for (const t of TRIALS[e.id] ?? []) {
      const name = `${e.id}: ${describeTrial(t)}`;
      if (!isCall(t)) {
        it(`${name}: reverse mode against finite differences, and the face`, () => {
          const d = e.derivative;
          assert.ok('vjp' in d);
          const out = t.forward(t.inputs);
          const params = { ...t.params };
          if (e.id === 'getitem') params.src = undefined;
          const w = rng.normalArray(out.shape);
          // The subscript's own params (its source map) come from numeric/indexing's select.
          const rule = derivatives[e.id];
          const grads = e.id === 'getitem' ? directGetitem(t, w) : e.id === 'setitem' ? directSetitem(t, w) : rule.vjp({ g: w, inputs: t.inputs, out, params });
          t.inputs.forEach((x, k) => {
            const numeric = new Float64Array(x.size);
            for (let j = 0; j < x.size; j++) {
              const at = (h: number) => {
                const xj = x.clone();
                xj.data[j] += h;
                const o = t.forward(t.inputs.map((y, i) => (i === k ? xj : y)));
                return o.data.reduce((s, v, i) => s + v * w.data[i], 0);
              };
              numeric[j] = (at(H) - at(-H)) / (2 * H);
            }
            assert.ok(relErr(grads[k]!.data, numeric) < 1e-6, `${name} input ${k}`);
          });
        });
        continue;
      }
      if (e.concrete && 'vjp' in e.derivative && !t.noGradient) {
        it(`${name}: reverse mode against finite differences`, () => checkGradient(e, t));
        it(`${name}: the symbolic face against the product`, () => {
          const d = drawArgs(t);
          const { host, out } = run(e, t, d);
          const node = host.tape.nodes[(out as CArr).node];
          assert.equal(node.op, e.id, `${t.call} is recorded as ${e.id}`);
          checkFace(e, node.inputs.map((i) => host.tape.nodes[i].out), node.out, node.params, name);
        });
      }
      if (e.concrete && ('differentiable' in e.derivative || 'recordedAs' in e.derivative)) {
        it(`${name}: the tape carries what the entry says`, () => {
          const d = drawArgs(t);
          const { host, out } = run(e, t, d);
          const ops = host.tape.nodes.filter((n) => n.op !== 'leaf').map((n) => n.op);
          const said = 'recordedAs' in e.derivative ? e.derivative.recordedAs : [e.id];
          // (np.array of nested numbers makes a leaf; of arrays, it records its ops.)
          assert.ok((ops.length > 0 || d.arrays.length === 0) && ops.every((o) => said.includes(o as OpId)), `${t.call} recorded ${ops.join(', ')}`);
          if ('recordedAs' in e.derivative && out.t === 'arr' && out.a.dtype === 'float' && d.arrays.every((x) => x.dtype === 'float') && d.arrays.length > 0) checkGradient(e, t);
        });
      }
      if (e.concrete && e.shape) it(`${name}: the shape rule agrees with the kernel`, () => checkShape(e, t));
    }
  }
});

describe('op registry: faces', () => {
  it('every face gave an expression on at least one trial (and agreed with its product there)', () => {
    const withFace = ALL_OPS.filter((e) => 'vjp' in e.derivative && e.derivative.face !== 'none' && e.concrete).map((e) => e.id);
    assert.deepEqual(withFace.filter((id) => !faced.has(id)), []);
  });
});

/** getitem's product with the source map of its selection. */
function directGetitem(t: DirectTrial, w: NDArray): NDArray[] {
  const [x] = t.inputs;
  const probe = new NDArray(x.shape, Float64Array.from(x.data, (_, i) => i));
  const src = Int32Array.from(t.forward([probe]).data);
  return [derivatives.getitem.vjp({ g: w, inputs: [x], out: t.forward([x]), params: { src } })[0]!];
}

/** setitem's product with the source map of its selection (the positions the value's elements land on). */
function directSetitem(t: DirectTrial, w: NDArray): NDArray[] {
  const [x, y] = t.inputs;
  const sel = select(x.shape, [{ kind: 'slice', start: 1, stop: 3 }]);
  const out = t.forward([x, y]);
  return derivatives.setitem.vjp({ g: w, inputs: [x, y], out, params: { src: sel.src, shape: sel.shape } }).map((g) => g!);
}
