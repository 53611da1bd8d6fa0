// Small programs with the findings (or silence) the engine must give, one behaviour each.

import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

function check(src: string, modules: Record<string, string> = {}) {
  const text = src.replace(/^\n/, '');
  return analyzeDocument({ kind: 'python', path: 'snippet.py', text }, { readModule: (n) => modules[n], ...NO_WALL_CLOCK });
}
function codes(src: string, modules?: Record<string, string>): string[] {
  return check(src, modules).findings.map((f) => `${f.range.start.line + 1}:${f.code}`);
}
function shapeOf(src: string, target: string): string | undefined {
  return check(src).shapes.filter((s) => s.target === target).pop()?.shape;
}

const DOC = `
import numpy as np

def f(X, W1, b1, dZ1):
    """
    X -- input data of size (n_x, m)
    W1 -- weight matrix of shape (n_h, n_x)
    b1 -- bias vector of shape (n_h, 1)
    dZ1 -- gradient of shape (n_h, m)
    """
`;

describe('engine on snippets', () => {
  it('is silent on the correct forward and backward step', () => {
    assert.deepEqual(codes(DOC + `
    m = X.shape[1]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    dW1 = 1 / m * np.dot(dZ1, X.T)
    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)
    W1 = W1 - 0.01 * dW1
    b1 = b1 - 0.01 * db1
    return W1, b1
`), []);
  });

  it('infers shapes through docstrings, products, broadcasting and reductions', () => {
    const src = DOC + `
    Z1 = np.dot(W1, X) + b1
    S = np.sum(Z1, axis=0, keepdims=True)
    T = Z1.T
    return Z1
`;
    assert.equal(shapeOf(src, 'Z1'), '(n_h, m)');
    assert.equal(shapeOf(src, 'S'), '(1, m)');
    assert.equal(shapeOf(src, 'T'), '(m, n_h)');
  });

  it('reports a missing transpose with the fix that inserts .T', () => {
    const r = check(DOC + `
    dW1 = np.dot(dZ1, X)
`);
    assert.deepEqual(r.findings.map((f) => f.code), ['missing-transpose']);
    const f = r.findings[0];
    assert.match(f.message, /np\.dot: \(n_h, m\) · \(n_x, m\): inner dimensions m and n_x differ/);
    assert.equal(f.fixes[0].edits[0].newText, '.T');
    assert.equal(f.fixes[0].certain, true);
  });

  it('reports swapped operands as a shape mismatch, not as a transpose whose result is wrong', () => {
    const r = check(DOC + `
    dW1 = np.dot(X, dZ1)
`);
    assert.deepEqual(r.findings.map((f) => f.code), ['shape-mismatch']);
  });

  it('blames a sum without keepdims when the bias update broadcasts to (n_h, n_h)', () => {
    const r = check(DOC + `
    db1 = np.sum(dZ1, axis=1)
`);
    assert.deepEqual(r.findings.map((f) => f.code), ['missing-keepdims']);
    assert.equal(r.findings[0].fixes[0].edits[0].newText, ', keepdims=True');
  });

  it('reports a gradient summed over the wrong axis', () => {
    assert.deepEqual(codes(DOC + `
    db1 = np.sum(dZ1, axis=0, keepdims=True)
`), ['11:gradient-shape']);
  });

  it('pairs grad_-prefixed gradients and capitalised gradient dicts with their parameters (the one naming rule)', () => {
    assert.deepEqual(codes(DOC + `
    grad_b1 = np.sum(dZ1, axis=0, keepdims=True)
`), ['11:gradient-shape']);
    assert.deepEqual(codes(DOC + `
    Grads = {}
    Grads["db1"] = np.sum(dZ1, axis=0, keepdims=True)
`), ['12:gradient-shape']);
    // The same sums over the right axis pair and agree: nothing to say.
    assert.deepEqual(codes(DOC + `
    grad_b1 = np.sum(dZ1, axis=1, keepdims=True)
`), []);
  });

  it('reports a rank-1 bias at its constructor', () => {
    const r = check(`
import numpy as np
def init(n_x, n_h, X):
    """X -- input data of size (n_x, m)"""
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros(n_h)
    Z1 = np.dot(W1, X) + b1
    return Z1
`);
    assert.deepEqual(r.findings.map((f) => `${f.range.start.line + 1}:${f.code}`), ['5:rank-1-array']);
  });

  it('reports an assert that cannot hold and learns from one that can', () => {
    assert.deepEqual(codes(`
import numpy as np
def init(n_x, n_h):
    W1 = np.random.randn(n_x, n_h)
    assert W1.shape == (n_h, n_x)
`), ['4:shape-mismatch']);
    const src = `
import numpy as np
def g(A):
    assert A.shape == (4, 3)
    B = A.T
`;
    assert.equal(shapeOf(src, 'B'), '(3, 4)');
  });

  it("reports an update that changes a parameter's shape", () => {
    assert.deepEqual(codes(DOC + `
    W1 = W1 - 0.1 * np.dot(dZ1, dZ1.T)
`), ['11:shape-mismatch']);
  });

  it('is silent on an outer broadcast that is meant (CS231n vectorised distances)', () => {
    assert.deepEqual(codes(`
import numpy as np
def compute_distances_no_loops(X, X_train):
    """
    - X: test data of shape (num_test, D)
    - X_train: training data of shape (num_train, D)
    """
    sq = np.sum(X ** 2, axis=1, keepdims=True) + np.sum(X_train ** 2, axis=1) - 2 * X.dot(X_train.T)
    dists = np.sqrt(np.maximum(sq, 0))
    return dists
`), []);
  });

  it('permutes axes as np.transpose is told, and does not take np.inner for a product', () => {
    const src = `
import numpy as np
def f(x, a, b):
    """
    - x: input of shape (N, H, W)
    - a: matrix of shape (n, k)
    - b: matrix of shape (p, k)
    """
    y = x.transpose(0, 2, 1)
    z = np.transpose(x, (1, 0, 2))
    g = np.inner(a, b)
    return y, z, g
`;
    assert.deepEqual(check(src).findings, []);
    assert.equal(shapeOf(src, 'y'), '(N, W, H)');
    assert.equal(shapeOf(src, 'z'), '(H, N, W)');
  });

  it('keeps the trailing axes of a boolean mask selection', () => {
    const src = `
import numpy as np
def f(X, y):
    """
    - X: data of shape (N, D)
    - y: labels of shape (N,)
    """
    pos = X[y == 1]
    return pos
`;
    assert.match(shapeOf(src, 'pos') ?? '', /^\(\?, D\)$/);
  });

  it('stays silent where it knows nothing', () => {
    assert.deepEqual(codes(`
import numpy as np
import torch
def f(a, b, c):
    x = torch.mm(a, b)
    y = np.dot(a, b) + c
    z = mystery(y).T @ y
    return x, z
`), []);
  });

  it('follows values into helper modules and across calls', () => {
    const helper = `
import numpy as np
def sigmoid(z):
    return 1 / (1 + np.exp(-z))
`;
    const r = check(`
import numpy as np
from helpers import sigmoid

def layer(n_x, n_h, m):
    X = np.random.randn(n_x, m)
    W = np.random.randn(n_h, n_x)
    A = sigmoid(np.dot(W, X))
    B = np.dot(A, W)
    return B
`, { helpers: helper });
    // Only transposing A resolves it (A.T · W is (m, n_x)), so it is a missing transpose.
    assert.deepEqual(r.findings.map((f) => f.code), ['missing-transpose']);
    assert.match(r.findings[0].message, /\(n_h, m\) · \(n_h, n_x\)/);
  });

  it('unrolls loops over layer_dims and keys dicts by "W" + str(l)', () => {
    const r = check(`
import numpy as np
def init(layer_dims):
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
p = init([5, 4, 3])
W2 = p["W2"]
Z = np.dot(p["W1"], np.zeros((5, 10))) + p["b1"]
`);
    assert.deepEqual(r.findings, []);
    assert.equal(r.shapes.find((s) => s.target === 'W2')?.shape, '(3, 4)');
    assert.equal(r.shapes.find((s) => s.target === 'Z')?.shape, '(4, 10)');
  });

  it('honours suppression comments', () => {
    assert.deepEqual(codes(DOC + `
    dW1 = np.dot(dZ1, X)  # backprop-lint: ignore[missing-transpose]
`), []);
    assert.deepEqual(codes(DOC + `
    dW1 = np.dot(dZ1, X)  # backprop-lint: ignore[rank-1-array]
`), ['11:missing-transpose']);
  });

  it('stops an endless loop within its step budget', () => {
    const r = analyzeDocument({ kind: 'python', path: 'x.py', text: `
def f(n):
    return f(n) + g(n)
def g(n):
    while True:
        n = n + 1
    return n
x = f(3)
` }, { maxSteps: 10_000 });
    assert.deepEqual(r.findings, []);
  });
});
