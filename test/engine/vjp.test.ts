// Every rule of the derivative table against central finite differences on seeded random inputs,
// with inputs chosen away from kinks (ties, zero, clip thresholds) and domains kept valid.

import { strict as assert } from 'node:assert';
import { NDArray } from '../../engine/numeric/ndarray';
import {
  arange, astype, binary, broadcastTo, clip, concatenate, expandDims, matmul, reduce, reshape, squeeze, transpose,
  unary, where,
} from '../../engine/numeric/kernels';
import type { BinaryOp, ReduceOp, UnaryOp } from '../../engine/numeric/kernels';
import { getitem, select, setitem } from '../../engine/numeric/indexing';
import type { IndexPart } from '../../engine/numeric/indexing';
import { Rng } from '../../engine/numeric/rng';
import { unbroadcast } from '../../engine/numeric/vjp';
import { derivatives } from '../../engine/ops/table';

interface Case {
  op: string;
  what: string;
  inputs: NDArray[];
  params?: Record<string, unknown>;
  forward(xs: NDArray[]): NDArray;
}

const rng = new Rng(20240611);
const N = (...s: number[]): NDArray => rng.normalArray(s);
/** Positive, away from 0. */
const P = (...s: number[]): NDArray => rng.uniformArray(s, 0.5, 2);
/** Random signs, magnitudes in [0.3, 1.5]. */
const away = (...s: number[]): NDArray => {
  const x = rng.uniformArray(s, 0.3, 1.5);
  x.data.forEach((v, i) => (x.data[i] = rng.next() < 0.5 ? -v : v));
  return x;
};
const A = (v: unknown): NDArray => NDArray.fromNested(v);
const F = (v: unknown): NDArray => NDArray.fromNested(v, 'float');
const I = (v: unknown): IndexPart => ({ kind: 'array', arr: A(v) });

const bin = (op: BinaryOp, a: NDArray, b: NDArray, what: string): Case => ({ op, what, inputs: [a, b], forward: ([x, y]) => binary(op, x, y) });
const un = (op: UnaryOp & string, a: NDArray): Case => ({ op, what: `(${a.shape})`, inputs: [a], forward: ([x]) => unary(op, x) });
const red = (op: ReduceOp, a: NDArray, axis: number | number[] | undefined, keepdims: boolean): Case => ({
  op, what: `(${a.shape}) axis=${axis} keepdims=${keepdims}`, inputs: [a], params: { axis, keepdims },
  forward: ([x]) => reduce(op, x, axis, keepdims),
});
const get = (a: NDArray, index: IndexPart[], what: string): Case => ({
  op: 'getitem', what, inputs: [a], params: { src: select(a.shape, index).src }, forward: ([x]) => getitem(x, index),
});
const set = (a: NDArray, index: IndexPart[], v: NDArray, what: string, withShape = true): Case => {
  const sel = select(a.shape, index);
  return {
    op: 'setitem', what, inputs: [a, v], params: withShape ? { src: sel.src, shape: sel.shape } : { src: sel.src },
    forward: ([x, y]) => setitem(x, index, y),
  };
};
/** np.var / np.std: Σ (x − mean)² / (N − ddof), its square root for std. */
const spread = (op: 'var' | 'std', a: NDArray, axis: number | number[] | undefined, keepdims: boolean, ddof: number): Case => ({
  op, what: `(${a.shape}) axis=${axis} keepdims=${keepdims} ddof=${ddof}`, inputs: [a], params: { axis, keepdims, ddof },
  forward: ([x]) => {
    const d = binary('sub', x, reduce('mean', x, axis, true));
    const n = x.size / reduce('mean', x, axis, true).size;
    const v = binary('div', reduce('sum', binary('mul', d, d), axis, keepdims), NDArray.scalar(n - ddof));
    return op === 'var' ? v : unary('sqrt', v);
  },
});
/** b plus a per-element offset away from 0, broadcast to `shape`: no ties with b. */
const apart = (b: NDArray, shape: number[]): NDArray => binary('add', broadcastTo(b, shape), away(...shape));

const b4 = N(4);
const c2 = N(2, 3);

const cases: Case[] = [
  bin('add', N(3, 4), N(3, 1), '(3,4)+(3,1)'),
  bin('add', N(2, 3), N(), '(2,3)+()'),
  bin('sub', N(2, 3), N(3), '(2,3)-(3,)'),
  bin('mul', N(3, 4), N(4), '(3,4)*(4,)'),
  bin('mul', N(5), N(5), '(5,)*(5,)'),
  bin('div', N(4, 1), P(1, 3), '(4,1)/(1,3)'),
  bin('pow', P(3, 2), N(3, 2), '(3,2)**(3,2)'),
  bin('pow', P(2, 4), N(), '(2,4)**()'),
  bin('maximum', N(3, 4), apart(N(3, 4), [3, 4]), '(3,4) vs (3,4)'),
  bin('maximum', apart(b4, [3, 4]), b4, '(3,4) vs (4,)'),
  bin('minimum', N(2, 5), apart(N(2, 5), [2, 5]), '(2,5) vs (2,5)'),
  bin('minimum', c2, apart(c2, [4, 2, 3]), '(2,3) vs (4,2,3)'),
  un('neg', N(2, 3)),
  un('exp', N(3, 2)),
  un('log', P(4)),
  un('tanh', N(2, 2, 2)),
  un('sqrt', P(3, 3)),
  un('abs', away(5)),
  un('square', N(2, 4)),
  un('log1p', rng.uniformArray([3, 1], -0.5, 2)),
  un('expm1', N(3)),
  un('sin', N(4, 2)),
  un('cos', N(2, 5)),
  { op: 'matmul', what: '(3,4)·(4,2)', inputs: [N(3, 4), N(4, 2)], forward: ([a, b]) => matmul(a, b) },
  { op: 'matmul', what: '(3,4)·(4,)', inputs: [N(3, 4), N(4)], forward: ([a, b]) => matmul(a, b) },
  { op: 'matmul', what: '(4,)·(4,5)', inputs: [N(4), N(4, 5)], forward: ([a, b]) => matmul(a, b) },
  { op: 'matmul', what: '(5,)·(5,)', inputs: [N(5), N(5)], forward: ([a, b]) => matmul(a, b) },
  { op: 'matmul', what: '(2,3,4)·(4,5)', inputs: [N(2, 3, 4), N(4, 5)], forward: ([a, b]) => matmul(a, b) },
  { op: 'matmul', what: '()·(2,3)', inputs: [N(), N(2, 3)], forward: ([a, b]) => matmul(a, b) },
  { op: 'transpose', what: '(2,3,4) axes [1,-1,0]', inputs: [N(2, 3, 4)], params: { axes: [1, -1, 0] }, forward: ([x]) => transpose(x, [1, -1, 0]) },
  { op: 'transpose', what: '(3,5) default', inputs: [N(3, 5)], params: {}, forward: ([x]) => transpose(x) },
  { op: 'reshape', what: '(3,4) → (2,-1)', inputs: [N(3, 4)], forward: ([x]) => reshape(x, [2, -1]) },
  { op: 'squeeze', what: '(3,1,2) axis 1', inputs: [N(3, 1, 2)], forward: ([x]) => squeeze(x, 1) },
  { op: 'expand_dims', what: '(3,2) axis -1', inputs: [N(3, 2)], forward: ([x]) => expandDims(x, -1) },
  { op: 'copy', what: '(2,3)', inputs: [N(2, 3)], forward: ([x]) => x.clone() },
  { op: 'astype', what: '(3,) float', inputs: [N(3)], forward: ([x]) => astype(x, 'float') },
  { op: 'broadcast_to', what: '(3,1) → (2,3,4)', inputs: [N(3, 1)], forward: ([x]) => broadcastTo(x, [2, 3, 4]) },
  (() => {
    // np.pad((2,3), ((1,1),(0,2))): x sits at rows 1..2, columns 0..2 of a (4,5) array of zeros.
    const parts: IndexPart[] = [{ kind: 'slice', start: 1, stop: 3 }, { kind: 'slice', start: 0, stop: 3 }];
    const forward = ([x]: NDArray[]) => setitem(NDArray.full([4, 5], 0, 'float'), parts, x);
    return { op: 'pad', what: '(2,3) by ((1,1),(0,2))', inputs: [N(2, 3)], params: { parts }, forward };
  })(),
  red('sum', N(3, 4), 0, false),
  red('sum', N(2, 3, 4), [0, -1], true),
  red('sum', N(2, 5), undefined, false),
  red('mean', N(3, 4), -1, true),
  red('mean', N(4, 2), undefined, false),
  red('max', N(3, 4), 1, false),
  red('max', N(2, 3), undefined, false),
  red('min', N(4, 3), 0, true),
  red('prod', P(3, 4), 1, true),
  red('prod', P(2, 3), undefined, false),
  red('prod', P(2, 3, 2), [0, 2], false),
  spread('var', N(3, 4), 0, false, 0),
  spread('var', N(2, 5), undefined, false, 1),
  spread('std', N(3, 4), 1, true, 0),
  spread('std', N(4, 3), undefined, false, 1),
  get(N(4, 3), [{ kind: 'array', arr: arange(0, 4, 1) }, I([2, 0, 1, 2])], 'x[arange(4), y]'),
  get(N(3, 2), [I([1, 1, 0])], 'repeated rows'),
  get(N(5, 2), [{ kind: 'slice', step: -2 }, { kind: 'newaxis' }, { kind: 'int', i: 1 }], 'x[::-2, None, 1]'),
  get(N(4, 3), [I([true, false, true, true])], 'row mask'),
  set(N(4, 3), [{ kind: 'slice', start: 1, stop: 3 }], N(3), 'rows 1:3 = (3,) row'),
  set(N(5), [I([1, 3, 1])], N(3), 'repeated fancy, last write wins'),
  set(N(2, 3), [I([[true, false, true], [false, true, false]])], N(), 'mask = scalar'),
  set(N(3, 4), [{ kind: 'slice' }, I([0, 2])], N(3, 2), 'x[:, [0,2]] = (3,2), no shape param', false),
  {
    op: 'where', what: 'cond (3,1), a (3,4), b (4,)', inputs: [A([[true], [false], [true]]), N(3, 4), N(4)],
    forward: ([c, a, b]) => where(c, a, b),
  },
  {
    op: 'clip', what: '(3,4) in [-1, 1]', inputs: [binary('mul', away(3, 4), A(1.6))], params: { lo: -1, hi: 1 },
    forward: ([x]) => clip(x, -1, 1),
  },
  { op: 'clip', what: '(5,) lo only', inputs: [away(5)], params: { lo: 0 }, forward: ([x]) => clip(x, 0, undefined) },
  {
    op: 'concatenate', what: '(2,3) (2,1) (2,2) axis -1', inputs: [N(2, 3), N(2, 1), N(2, 2)], params: { axis: -1 },
    forward: (xs) => concatenate(xs, -1),
  },
  { op: 'concatenate', what: '(1,3) (2,3) axis 0', inputs: [N(1, 3), N(2, 3)], params: { axis: 0 }, forward: (xs) => concatenate(xs, 0) },
];

/** Keeps clip inputs off the thresholds: |x| in [0.48, 2.4] but never within 0.05 of ±1. */
for (const c of cases.filter((k) => k.op === 'clip')) {
  c.inputs[0].data.forEach((v, i, d) => (Math.abs(Math.abs(v) - 1) < 0.05 ? (d[i] = v * 1.2) : 0));
}

const H = 1e-6;

function loss(c: Case, xs: NDArray[], w: NDArray): number {
  const out = c.forward(xs);
  return out.data.reduce((s, v, i) => s + v * w.data[i], 0);
}

function relErr(a: Float64Array, n: Float64Array): number {
  let diff = 0;
  let norm = 0;
  a.forEach((v, i) => {
    diff += (v - n[i]) ** 2;
    norm += v * v + n[i] * n[i];
  });
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
}

describe('vjp: derivative table against finite differences', () => {
  for (const c of cases) {
    it(`${c.op} ${c.what}`, () => {
      const out = c.forward(c.inputs);
      const w = rng.normalArray(out.shape); // the loss sum(out * w) has upstream gradient w
      const grads = derivatives[c.op].vjp({ g: w, inputs: c.inputs, out, params: c.params ?? {} });
      assert.equal(grads.length, c.inputs.length);
      c.inputs.forEach((x, k) => {
        const gk = grads[k];
        if (x.dtype !== 'float') {
          assert.equal(gk, undefined, `input ${k} is not differentiable`);
          return;
        }
        assert.ok(gk, `input ${k} has a gradient`);
        assert.deepEqual(gk.shape, x.shape, `gradient ${k} has its input's shape`);
        const num = new Float64Array(x.size);
        for (let j = 0; j < x.size; j++) {
          const at = (d: number): number => {
            const xj = x.clone();
            xj.data[j] += d;
            return loss(c, c.inputs.map((y, i) => (i === k ? xj : y)), w);
          };
          num[j] = (at(H) - at(-H)) / (2 * H);
        }
        const e = relErr(gk.data, num);
        assert.ok(e < 1e-6, `input ${k}: relative error ${e}\nanalytic ${[...gk.data]}\nnumeric  ${[...num]}`);
      });
    });
  }

  it('has a finite-difference case for every op in the table', () => {
    const missing = Object.keys(derivatives).filter((op) => !cases.some((c) => c.op === op));
    assert.deepEqual(missing, [], `ops without a finite-difference case: ${missing.join(', ')}`);
  });
});

describe('vjp: kinks and helpers', () => {
  const g = F([1, 1, 1]);

  it('splits maximum / minimum ties equally between the operands', () => {
    const a = F([1, 2, 3]);
    const b = F([2, 2, 2]);
    const [ga, gb] = derivatives.maximum.vjp({ g, inputs: [a, b], out: binary('maximum', a, b), params: {} });
    assert.deepEqual([...ga!.data], [0, 0.5, 1]);
    assert.deepEqual([...gb!.data], [1, 0.5, 0]);
    const [ma] = derivatives.minimum.vjp({ g, inputs: [a, b], out: binary('minimum', a, b), params: {} });
    assert.deepEqual([...ma!.data], [1, 0.5, 0]);
  });

  it('splits a max reduction among tied maxima', () => {
    const x = F([[3, 1, 3], [0, 2, 1]]);
    const out = reduce('max', x, 1, false);
    const [gx] = derivatives.max.vjp({ g: F([6, 1]), inputs: [x], out, params: { axis: 1, keepdims: false } });
    assert.deepEqual(gx!.toNested(), [[3, 0, 3], [0, 1, 0]]);
  });

  it('gives pow no exponent gradient where the base is not positive', () => {
    const a = F([-2, 0, 2]);
    const b = F([2, 2, 2]);
    const [ga, gb] = derivatives.pow.vjp({ g, inputs: [a, b], out: binary('pow', a, b), params: {} });
    assert.deepEqual([...ga!.data], [-4, 0, 4]); // 2a
    assert.deepEqual([...gb!.data].slice(0, 2), [0, 0]);
    assert.ok(Math.abs(gb!.data[2] - 4 * Math.log(2)) < 1e-12);
  });

  it('gives no gradient to int inputs and a zero gradient through a cast to int', () => {
    const a = A([1, 2, 3]);
    const [ga, gb] = derivatives.mul.vjp({ g, inputs: [a, A([0.5, 1, 2])], out: g, params: {} });
    assert.equal(ga, undefined);
    assert.deepEqual([...gb!.data], [1, 2, 3]);
    const [gc] = derivatives.astype.vjp({ g, inputs: [F([0.5, 1.5, 2.5])], out: A([0, 1, 2]), params: {} });
    assert.deepEqual([...gc!.data], [0, 0, 0]);
  });

  it('un-broadcasts by summing broadcast axes', () => {
    const gg = F([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]); // (2,2,2)
    assert.deepEqual(unbroadcast(gg, [2, 1]).toNested(), [[1 + 2 + 5 + 6], [3 + 4 + 7 + 8]]);
    assert.deepEqual(unbroadcast(gg, []).toNested(), 36);
    assert.throws(() => unbroadcast(gg, [3]));
  });
});
