// Shapes from use and from links the code implies (issue 11): what the engine infers where the code
// states no shape. Each case checks shapes a reader derives by hand from the code.

import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { buildProgramModel } from '../../engine/program/model';
import { parsePython } from '../../engine/syntax/python/parse';

const FIX = path.join(__dirname, '..', 'fixtures', 'python');

function shapesOf(text: string, file = 'x.py') {
  const r = analyzeDocument({ kind: 'python', path: file, text }, { verify: false });
  const lines = text.split('\n');
  /** The shape of the assignment on the first line that starts with `src` (trimmed). */
  const at = (src: string) => {
    const line = lines.findIndex((l) => l.trim().startsWith(src)) + 1;
    assert.ok(line > 0, `no line ${src}`);
    return r.shapes.find((s) => s.range.start.line + 1 === line)?.shape;
  };
  const originAt = (src: string) => {
    const line = lines.findIndex((l) => l.trim().startsWith(src)) + 1;
    return r.shapes.find((s) => s.range.start.line + 1 === line)?.origin;
  };
  return { r, at, originAt };
}

describe('inference from use and implied links', () => {
  const steps = fs.readFileSync(path.join(FIX, 'inference_course', 'correct', 'layer_steps.py'), 'utf8');

  it('links an update step\'s grads to the dict the backward pass returns under that name', () => {
    const model = buildProgramModel(parsePython(steps));
    const into = model.linksTo('update_parameters').map((l) => `${l.kind} ${l.from} -> ${l.param}`).sort();
    assert.deepEqual(into, ['params backward_propagation -> grads', 'params initialize_parameters -> parameters']);
    const { at, originAt } = shapesOf(steps);
    // dW1 = np.dot(dZ1, X.T) / m with dZ1 (n_h, m), X (n_x, m).
    assert.equal(at('dW1 = grads["dW1"]'), '(n_h, n_x)');
    assert.equal(at('db2 = grads["db2"]'), '(n_y, 1)');
    assert.match(originAt('dW1 = grads["dW1"]') ?? '', /from backward_propagation\(\)/);
  });

  it('takes a missing activation unpacked into two names as (A, Z), and an upstream gradient documented without a shape as the output\'s', () => {
    const model = buildProgramModel(parsePython(steps));
    const into = model.linksTo('linear_activation_backward').map((l) => `${l.kind} ${l.from} -> ${l.param}`).sort();
    assert.ok(into.includes('output linear_activation_forward -> dA'), into.join('; '));
    const { at } = shapesOf(steps);
    // Z = np.dot(W, A) + b: W's rows by A's columns; dZ = relu_backward(dA, Z) has that shape.
    assert.equal(at('dZ = relu_backward(dA, activation_cache)'), '(W.shape[0], m)');
    assert.equal(at('dA_prev = np.dot(W.T, dZ)'), '(W.shape[1], m)');
  });

  it('keeps no upstream link where the docstring states the parameter\'s shape', () => {
    const model = buildProgramModel(parsePython(`
def step_forward(x, w):
    out = x.dot(w)
    return out, (x, w)

def step_backward(dout, cache):
    """
    dout -- upstream gradient, of shape (N, M)
    """
    x, w = cache
    return dout.dot(w.T)
`));
    assert.ok(!model.linksTo('step_backward').some((l) => l.kind === 'output'));
  });
});

describe('per-step dicts, in-place updates and computed sizes', () => {
  const rnn = fs.readFileSync(path.join(FIX, 'inference_rnn', 'correct', 'char_rnn_steps.py'), 'utf8');

  it('reads hs[t] of a loop of unknown length as the value the loop stores, through a reversed range', () => {
    const { at } = shapesOf(rnn);
    // ps[t] = softmax of Why @ hs[t] + by: (n_vocab, 1) = (11, 1); hs[t] is (n_hidden, 1) = (24, 1).
    assert.equal(at('dscores = np.copy(ps[t])'), '(11, 1)');
    assert.equal(at('dh_next = np.zeros_like(hs[0])'), '(24, 1)');
    assert.equal(at('dWhh += draw @ hs[t - 1].T'), '(24, 24)');
  });

  it('keeps an in-place update\'s shape when its right side is unknown, and shows a computed size as written', () => {
    const { at, originAt } = shapesOf(`
import numpy as np

def f(W, n, k):
    dW = np.zeros((n, 4 * k))
    dW += W.something_unknown()
    return dW
`);
    assert.equal(at('dW += W.something_unknown()'), '(n, 4*k)');
    assert.match(originAt('dW += W.something_unknown()') ?? '', /in-place \+= on line 6/);
  });
});

describe('inputs of no stated kind in arithmetic with numbers', () => {
  it('keeps a scalar-scaled input open, so (lambd / m) * W has W\'s shape and the sum the known one', () => {
    const text = fs.readFileSync(path.join(FIX, 'inference_scalar', 'correct', 'l2_backward.py'), 'utf8');
    const { r, at } = shapesOf(text);
    assert.equal(r.findings.length, 0);
    // dZ3 = A3 - Y: Y is (n_y, m) by its docstring ("output size" is n_y, "number of examples" m).
    assert.equal(at('dZ3 = A3 - Y'), '(n_y, m)');
    // dW1 = dZ1 @ X.T / m + (lambd / m) * W1: dZ1's rows by X's rows.
    assert.equal(at('dW1 = 1. / m * np.dot(dZ1, X.T)'), '(A1.shape[0], n_x)');
  });

  it('takes a parameter named like a size in integer arithmetic as a size, and any other as a value', () => {
    const { at } = shapesOf(`
import numpy as np

def f(n_h, Y, A):
    W = np.zeros((2 * n_h, 3))
    dA = (1 - Y) / (1 - A) + np.ones((4, 5))
    return W, dA
`);
    assert.equal(at('W = np.zeros((2 * n_h, 3))'), '(2*n_h, 3)');
    // 1 - Y and 1 - A stay inputs of no stated shape, decided by the known operand: (4, 5).
    assert.equal(at('dA = (1 - Y) / (1 - A)'), '(4, 5)');
  });
});

describe('class methods', () => {
  it("gives backward(grad) the shape of forward's result and a constructor's size kept on the object", () => {
    const text = fs.readFileSync(path.join(FIX, 'inference_classes', 'correct', 'layers_with_grad.py'), 'utf8');
    const { r, at, originAt } = shapesOf(text);
    assert.equal(r.findings.length, 0);
    // forward returns X @ W + b: (X.shape[0], n_out); dW = X.T @ grad is (n_in, n_out).
    assert.equal(at('self.dW = self.X.T @ grad'), '(n_in, n_out)');
    // Recurrent.forward returns h[:, -2] of h (batch, steps + 1, n_h): (batch, n_h).
    assert.equal(at('d_h = grad'), '(batch, n_h)');
    assert.match(originAt('d_h = grad') ?? '', /gradient of what forward\(\) returns/);
    assert.equal(at('h = np.zeros((batch, steps + 1, self.n_h))'), '(batch, steps+1, n_h)');
    // backward(self, W, x, dz) beside forward(self, W, x): dz is the gradient of W @ x, W and x are forward's.
    assert.equal(at('dW = np.dot(dz, x.T)'), '(W.shape[0], W.shape[1])');
    assert.equal(at('dx = np.dot(W.T, dz)'), '(W.shape[1], x.shape[1])');
  });
});

describe('deferred and integer-array inputs', () => {
  it('shows np.zeros_like(W) once W\'s use decides it, and indexes with range(N) beside labels of no stated shape', () => {
    const text = fs.readFileSync(path.join(FIX, 'inference', 'correct', 'softmax_undocumented.py'), 'utf8');
    const { r, at, originAt } = shapesOf(text);
    assert.equal(r.findings.length, 0);
    // X.dot(W): W's rows are X's columns.
    assert.equal(at('dW = np.zeros_like(W)'), '(X.shape[1], W.shape[1])');
    assert.match(originAt('dW = np.zeros_like(W)') ?? '', /inferred from X\.dot\(W\) on line 10/);
    // probs[range(N), y]: one entry per row, y taken as N labels.
    assert.equal(at('dscores[range(N), y] -= 1'), '(N,)');
  });
});

describe('minibatch loops', () => {
  it('takes rows by an integer index array from np.arange sliced [i:i + size], with RandomState weights', () => {
    const text = fs.readFileSync(path.join(FIX, 'inference_script', 'correct', 'minibatch_class.py'), 'utf8');
    const { r, at } = shapesOf(text);
    assert.equal(r.findings.length, 0);
    // rows[start:start + self.batch_size] has batch_size entries; X[idx] is (batch_size, n_features).
    assert.equal(at('idx = rows[start:start + self.batch_size]'), '(batch_size,)');
    assert.equal(at('delta_out = a_out - Y[idx]'), '(batch_size, n_labels)');
    assert.equal(at('grad_w_h = np.dot(X[idx].T, delta_h)'), '(n_features, n_hidden)');
  });
});

describe('fused gates', () => {
  it('splits a (batch, 3*n_h) array into three (batch, n_h) gates', () => {
    const text = fs.readFileSync(path.join(FIX, 'inference_classes', 'correct', 'fused_gates.py'), 'utf8');
    const { r, at } = shapesOf(text);
    assert.equal(r.findings.length, 0);
    // forward returns h = o * tanh(c), o a third of the gates (batch, 3*n_h): (batch, n_h), n_h named by self.n_h.
    assert.equal(at('d_o = grad * tanhc'), '(batch, n_h)');
    assert.equal(at('d_a_o = d_o * g_o * (1 - g_o)'), '(batch, n_h)');
    assert.equal(at('gates = 1 / (1 + np.exp(-(X @ W)))'), '(batch, 3*n_h)');
  });
  it('reads v.reshape(-1, 1) of a vector (N,) as (N, 1), whatever the rank of the array it came from', () => {
    const { at } = shapesOf(`
import numpy as np

def loss(W, X):
    logits = X.dot(W)
    top = np.max(logits, axis=1).reshape(-1, 1)
    row = np.sum(logits, axis=1).reshape(1, -1)
    return top
`);
    // X (X.shape[0], X.shape[1]) from use, W (X.shape[1], W.shape[1]); the max over axis 1 is (X.shape[0],).
    assert.equal(at('top = '), '(X.shape[0], 1)');
    assert.equal(at('row = '), '(1, X.shape[0])');
  });

  it('keeps a forward docstring\'s example sizes apart from the number of examples in its backward pass', () => {
    const text = fs.readFileSync(path.join(FIX, 'inference_examples', 'bugs', 'dW2_missing_transpose.py'), 'utf8');
    const { r } = shapesOf(text);
    // The cache's A1 is (5, m): the planted np.dot(dZ2, A1) would need m to be 5, an example's size.
    const line = text.split('\n').findIndex((l) => l.includes('np.dot(dZ2, A1)'));
    const found = r.findings.filter((f) => f.range.start.line === line).map((f) => `${f.code}: ${f.message}`);
    assert.deepEqual(found, ['missing-transpose: np.dot: (4, m) · (5, m): inner dimensions m and 5 differ']);
  });
});
