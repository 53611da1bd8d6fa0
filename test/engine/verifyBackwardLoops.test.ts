// A backward pass through time that adds to its loss as it goes (its loop is no training loop), one
// that updates its object's parameters before it returns, and a data set filled element by element
// before training (constants written in place, no copy per write).

import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

function analyze(src: string) {
  const text = src.replace(/^\n/, '');
  return analyzeDocument({ kind: 'python', path: 'snippet.py', text }, { readModule: () => undefined, ...NO_WALL_CLOCK });
}

const BPTT = `
import numpy as np

def loss_and_grads(xs, ys, W, U):
    hs = {-1: np.zeros((4, 1))}
    for t in range(len(xs)):
        hs[t] = np.tanh(W @ xs[t] + U @ hs[t - 1])
    loss = 0.0
    dW, dU = np.zeros_like(W), np.zeros_like(U)
    dh_next = np.zeros((4, 1))
    for t in reversed(range(len(xs))):
        loss += 0.5 * np.sum((hs[t] - ys[t]) ** 2)
        dz = (1 - hs[t] ** 2) * (hs[t] - ys[t] + dh_next)
        dW += dz @ xs[t].T
        dU += dz @ hs[t - 1].T
        dh_next = U.T @ dz
    return loss, dW, dU

W = np.random.randn(4, 3) * 0.5
U = np.random.randn(4, 4) * 0.5
xs = [np.random.randn(3, 1) for _ in range(5)]
ys = [np.random.randn(4, 1) for _ in range(5)]
loss, dW, dU = loss_and_grads(xs, ys, W, U)
`;

describe('loops of a backward pass and of data preparation', () => {
  it('checks gradients a loop adds to over time steps once the loop is done, even when the loss is added up in the same loop', () => {
    const r = analyze(BPTT);
    assert.deepEqual(r.findings, []);
    assert.equal(r.derivations?.find((d) => d.gradient === 'dU')?.status, 'verified');
    const wrong = analyze(BPTT.replace('dh_next = U.T @ dz', 'dh_next = U @ dz'));
    assert.deepEqual(wrong.findings.map((f) => `${f.range.start.line + 1}:${f.code}`), ['13:gradient-mismatch', '14:gradient-mismatch']);
  });

  it('pairs a gradient with the value of self.W the backward pass updated in place before it returned', () => {
    const layer = (grad: string) => `
import numpy as np

class Layer:
    def __init__(self):
        self.W = np.random.randn(3, 4) * 0.5

    def forward(self, x):
        return np.tanh(self.W @ x)

    def backward(self, x, y, out, lr=0.1):
        loss = 0.5 * np.sum((out - y) ** 2)
        D_W = ${grad}
        self.W -= lr * D_W
        return loss

layer = Layer()
x = np.random.randn(4, 6)
y = np.random.randn(3, 6)
for it in range(3):
    out = layer.forward(x)
    loss = layer.backward(x, y, out)
`;
    const right = analyze(layer('((out - y) * (1 - out ** 2)) @ x.T'));
    assert.deepEqual(right.findings, []);
    assert.equal(right.derivations?.find((d) => d.gradient === 'D_W')?.status, 'verified');
    const wrong = analyze(layer('(out - y) @ x.T'));
    assert.deepEqual(wrong.findings.map((f) => `${f.range.start.line + 1}:${f.code}`), ['12:gradient-mismatch']);
  });

  it('fills a data set in a loop in place: a training step after it is checked', () => {
    const src = `
import numpy as np

X = np.zeros([2000, 30])
Y = np.zeros([2000, 1])
for i in range(2000):
    X[i, i % 30] = 1.0
    Y[i, 0] = 0.5
W = np.random.randn(1, 30) * 0.1
for it in range(5):
    err = X[:50] @ W.T - Y[:50]
    loss = 0.5 * np.sum(err ** 2)
    dW = err.T @ X[:50]
    W -= 0.1 * dW
`;
    const r = analyze(src);
    assert.deepEqual(r.findings, []);
    assert.equal(r.derivations?.find((d) => d.gradient === 'dW')?.status, 'verified');
  });
});
