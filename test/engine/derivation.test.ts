// Derivations name the right forward lines, shapes and factors (expected texts written from the
// course's own equations, not copied from output), and the derivative table's symbolic faces agree
// with its numeric rules.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import type { Derivation } from '../../engine/api';
import { moduleReader } from '../../cli/files';
import { NO_WALL_CLOCK } from './budget';
import { derivatives } from '../../engine/ops/table';
import { NDArray } from '../../engine/numeric/ndarray';
import { Rng } from '../../engine/numeric/rng';
import { evalSym, v, type Sym } from '../../engine/numeric/sym';
import { relativeError } from '../../engine/verify/checker';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

function derivationsOf(rel: string): { text: string; byGradient: Map<string, Derivation> } {
  const file = path.join(FIXTURES, rel);
  const text = fs.readFileSync(file, 'utf8');
  const r = analyzeDocument({ kind: 'python', path: file, text }, { readModule: moduleReader(path.dirname(file)), ...NO_WALL_CLOCK });
  // The first derivation of each gradient: the line computing it (an update function reading it back,
  // `dW1 = grads["dW1"]`, comes later and is verified as part of it).
  const byGradient = new Map<string, Derivation>();
  for (const d of r.derivations ?? []) if (!byGradient.has(d.gradient)) byGradient.set(d.gradient, d);
  return { text, byGradient };
}

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line contains ${needle}`);
  return i + 1;
}

describe('derivations: planar (one hidden layer, tanh then sigmoid)', () => {
  const { text, byGradient } = derivationsOf('python/planar/correct/planar.py');
  const z2 = lineOf(text, 'Z2 = np.dot(W2, A1) + b2');
  const a1 = lineOf(text, 'A1 = np.tanh(Z1)');
  const z1 = lineOf(text, 'Z1 = np.dot(W1, X) + b1');

  it('derives every gradient line of backward_propagation, each verified', () => {
    for (const g of ['dZ2', 'dW2', 'db2', 'dZ1', 'dW1', 'db1']) {
      const d = byGradient.get(g);
      assert.ok(d, `no derivation for ${g}`);
      assert.equal(d.ok, true, `${g}: ${d.text}`);
      assert.match(d.text, /verdict: matches the derivative of the forward pass \(checked numerically with .*m = \d/);
    }
  });

  it('dZ1 = (W2ᵀ · dZ2) ⊙ tanh′(Z1), because of the Z2 and A1 lines, with 1 − A1² and the shapes', () => {
    const d = byGradient.get('dZ1')!;
    assert.match(d.text, /dZ1 = \(W2ᵀ · dZ2\) ⊙ tanh′\(Z1\)/);
    assert.ok(d.text.includes(`because Z2 = np.dot(W2, A1) + b2 (line ${z2}) and A1 = np.tanh(Z1) (line ${a1})`), d.text);
    assert.ok(d.text.includes(`tanh′(Z1) = 1 − A1², from A1 = np.tanh(Z1) (line ${a1})`), d.text);
    assert.ok(d.text.includes('W2ᵀ · dZ2: (n_h, n_y) · (n_y, m) → (n_h, m)'), d.text);
    assert.ok(d.text.includes("Z2 = W2 · A1 maps A1's (n_h, m) to (n_y, m), so the gradient flows back through W2ᵀ"), d.text);
    assert.match(d.text, /dZ1 = ∂L\/∂Z1, per example/);
  });

  it('dW1 = 1/m dZ1 · Xᵀ, with why the 1/m is there', () => {
    const d = byGradient.get('dW1')!;
    assert.match(d.text, /dW1 = 1\/m dZ1 · Xᵀ/);
    assert.ok(d.text.includes(`because Z1 = np.dot(W1, X) + b1 (line ${z1})`), d.text);
    assert.ok(d.text.includes('dZ1 · Xᵀ: (n_h, m) · (m, n_x) → (n_h, n_x)'), d.text);
    assert.match(d.text, /why 1\/m: J is the mean of the m per-example losses/);
    assert.match(d.text, /dW1 = ∂J\/∂W1/);
  });

  it('db1 sums dZ1 over the examples, and dZ2 = A2 − Y through the cost', () => {
    assert.match(byGradient.get('db1')!.text, /db1 = 1\/m Σ\(dZ1, axis=1\)/);
    assert.match(byGradient.get('dZ2')!.text, /dZ2 = A2 − Y/);
    assert.match(byGradient.get('dZ2')!.text, /σ′\(Z2\) = A2 ⊙ \(1 − A2\)/);
  });
});

describe('derivations: L-layer (linear_backward, through the caches)', () => {
  const { text, byGradient } = derivationsOf('python/llayer/correct/llayer.py');
  const z = lineOf(text, 'Z = np.dot(W, A) + b');
  it('dA_prev = Wᵀ · dZ and dW = 1/m dZ · A_prevᵀ, because Z = W·A + b', () => {
    assert.match(byGradient.get('dA_prev')!.text, /dA_prev = Wᵀ · dZ/);
    assert.match(byGradient.get('dW')!.text, /dW = 1\/m dZ · A_prevᵀ/);
    assert.ok(byGradient.get('dW')!.text.includes(`because Z = np.dot(W, A) + b (line ${z})`));
    assert.match(byGradient.get('dAL')!.text, /dAL = −\(Y ⊘ AL − \(1 − Y\) ⊘ \(1 − AL\)\)/);
  });
});

describe('derivations: a wrong line', () => {
  it('says what the line should be, in the user\'s names, and that later lines follow from it', () => {
    const { byGradient } = derivationsOf('gradients/planar/bugs/dZ1_sigmoid_derivative_for_tanh.py');
    const d = byGradient.get('dZ1')!;
    assert.equal(d.ok, false);
    assert.equal(d.expected, 'np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))');
    const dw1 = byGradient.get('dW1')!;
    assert.equal(dw1.ok, false);
    assert.match(dw1.text, /computed from dZ1, which is wrong \(line \d+\): fix that line first/);
  });
});

describe('derivative table: the symbolic face of each rule agrees with its numeric rule', () => {
  const rng = new Rng(7);
  const cases: Record<string, number[][]> = {
    add: [[3, 4], [3, 1]], sub: [[3, 4], [1, 4]], mul: [[3, 4], [3, 4]], div: [[3, 4], [3, 1]], matmul: [[3, 4], [4, 5]],
    transpose: [[3, 4]], neg: [[3, 4]], exp: [[3, 4]], log: [[3, 4]], tanh: [[3, 4]], square: [[3, 4]], maximum: [[3, 4], [3, 4]],
    reshape: [[3, 4]], squeeze: [[3, 4]], expand_dims: [[3, 4]], copy: [[3, 4]], astype: [[3, 4]], sum: [[3, 4]], mean: [[3, 4]],
    broadcast_to: [[3, 1]],
  };
  const explained = Object.keys(derivatives).filter((op) => derivatives[op].explain);
  it('has a case for every op with a symbolic face', () => {
    assert.deepEqual(explained.filter((op) => !cases[op]).sort(), []);
  });
  for (const op of explained) {
    it(op, () => {
      const inputs = cases[op].map((s) => {
        const a = rng.normalArray(s);
        return op === 'log' ? new NDArray(a.shape, a.data.map((x) => Math.abs(x) + 0.5)) : a;
      });
      // Outputs as the evaluator would produce them.
      const out = forward(op, inputs);
      const g = rng.normalArray(out.shape);
      const values = [...inputs, out, g];
      const sym = (i: number): Sym => v(`x${i}`, values[i].shape, undefined, i);
      const numeric = derivatives[op].vjp({ g, inputs, out, params: paramsOf(op) });
      inputs.forEach((_, index) => {
        const s = derivatives[op].explain!({ g: sym(values.length - 1), index, inputs: inputs.map((_, i) => sym(i)), out: sym(inputs.length), inShapes: inputs.map((x) => x.shape), outShape: out.shape, params: paramsOf(op) });
        assert.ok(s, `${op}: no expression for input ${index}`);
        let val = evalSym(s, (n) => values[n])!;
        const want = numeric[index]!;
        // The symbolic form leaves NumPy's implicit broadcasting and reshapes implicit (Σ keeps dims,
        // a reshape's gradient is the same numbers): compare after them.
        if (val.size !== want.size) val = broadcastTo(val, want.shape);
        assert.equal(val.size, want.size, `${op} input ${index}: sizes`);
        assert.ok(relativeError(val.data, want.data) < 1e-12, `${op} input ${index}`);
      });
    });
  }
});

import { binary, broadcastTo, matmul, reduce, reshape, transpose, unary } from '../../engine/numeric/kernels';

function paramsOf(op: string): Record<string, unknown> {
  return op === 'sum' || op === 'mean' ? { axis: 1, keepdims: true } : op === 'expand_dims' ? { axis: 0 } : {};
}

function forward(op: string, x: NDArray[]): NDArray {
  switch (op) {
    case 'add': case 'sub': case 'mul': case 'div': case 'maximum':
      return binary(op, x[0], x[1]);
    case 'matmul': return matmul(x[0], x[1]);
    case 'transpose': return transpose(x[0]);
    case 'neg': case 'exp': case 'log': case 'tanh': case 'square': return unary(op, x[0]);
    case 'reshape': return reshape(x[0], [4, 3]);
    case 'squeeze': case 'copy': case 'astype': return x[0].clone();
    case 'expand_dims': return reshape(x[0], [1, 3, 4]);
    case 'sum': case 'mean': return reduce(op, x[0], 1, true);
    case 'broadcast_to': return broadcastTo(x[0], [2, 3, 4]);
    default: throw new Error(op);
  }
}

describe('derivations: lines verification could not check say so, and why', () => {
  function all(rel: string) {
    const file = path.join(__dirname, '..', '..', rel);
    const text = fs.readFileSync(file, 'utf8');
    return { text, ds: analyzeDocument({ kind: 'python', path: file, text }, { readModule: moduleReader(path.dirname(file)), ...NO_WALL_CLOCK }).derivations ?? [] };
  }
  it('a line with a shape finding is unchecked "fix that first"; the lines before it in the same function are still checked', () => {
    const { text, ds } = all('examples/planar_classifier_buggy.py');
    const line = (needle: string) => text.split('\n').findIndex((l) => l.startsWith(`    ${needle}`));
    const dw1 = ds.find((d) => d.range.start.line === line('dW1 = 1 / m * np.dot(dZ1, X)'));
    assert.equal(dw1?.status, 'unchecked');
    assert.match(dw1!.text, /^Not checked numerically: the shape checks report a problem on this line; fix that first\.$/);
    // the run stopped at dW1's np.dot, but dZ2 and dW2 above it were finished and are checked
    assert.equal(ds.find((d) => d.range.start.line === line('dW2 = 1 / m * np.dot(dZ2, A1.T)'))?.status, 'verified');
  });
  it('a function whose inputs could not be made says what stopped it, and nothing is reported about it', () => {
    const { ds } = all('test/fixtures/python/cs231n_layers/correct/layers.py');
    const un = ds.filter((d) => d.status === 'unchecked');
    assert.ok(un.length > 0);
    for (const d of un) assert.match(d.text, /^Not checked numerically: (the evaluator does not run this code|the random inputs made from what the shape analysis knows did not fit the code|no run reached|no cost was computed|.* was not paired)/);
  });
});
