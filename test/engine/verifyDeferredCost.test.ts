// Gradients returned before the cost is computed (a class's backward, then its loss method), and
// helpers a notebook calls but never defines: checked only when the cost is the forward pass the
// gradients read, and a helper only when its name says what it makes.

import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

function snippet(src: string) {
  const text = src.replace(/^\n/, '');
  return analyzeDocument({ kind: 'python', path: 'snippet.py', text }, { readModule: () => undefined, ...NO_WALL_CLOCK });
}
function findings(src: string): string[] {
  return snippet(src).findings.map((f) => `${f.range.start.line + 1}:${f.code}`);
}
function status(src: string, gradient: string) {
  return snippet(src).derivations?.find((d) => d.gradient === gradient)?.status;
}

/** A two-layer model whose backward returns its gradients; `{BACK}` is its last line, `{AFTER}` what the training step does with them. */
const MODEL = `
import numpy as np

class Net:
    def __init__(self, n_in, n_h, n_out):
        self.W1 = np.random.randn(n_h, n_in) * 0.5
        self.W2 = np.random.randn(n_out, n_h) * 0.5

    def forward(self, X):
        h = np.tanh(self.W1 @ X)
        p = np.exp(self.W2 @ h)
        p = p / np.sum(p, axis=0, keepdims=True)
        return h, p

    def backward(self, X, h, p, y):
        dout = np.copy(p)
        dout[y, range(len(y))] -= 1
        dW2 = dout @ h.T
        dhid = self.W2.T @ dout
        dW1 = (1 - h * h) * dhid @ X.T
        {BACK}

    def loss(self, p, y):
        return -np.sum(np.log(p[y, range(len(y))]))

    def step(self, X, y, X_val, y_val):
        h, p = self.forward(X)
        grads = self.backward(X, h, p, y)
        {AFTER}


net = Net(4, 5, 3)
X = np.random.randn(4, 6)
y = np.array([0, 1, 2, 0, 1, 2])
net.step(X, y, X * 2, y)
`;

function model(back: string, after: string): string {
  return MODEL.replace('{BACK}', back).replace('{AFTER}', after);
}

describe('verification of gradients computed before their cost', () => {
  const right = 'return dW1, dW2';

  it('checks a backward pass\'s gradients against the loss its caller computes afterwards from the same forward pass', () => {
    const src = model(right, 'loss = self.loss(p, y)\n        return loss');
    assert.deepEqual(findings(src), []);
    assert.equal(status(src, 'dW1'), 'verified');
    assert.equal(status(src, 'dW2'), 'verified');
    const bad = model('dW2 = 2 * dW2\n        return dW1, dW2', 'loss = self.loss(p, y)\n        return loss');
    assert.deepEqual(findings(bad), ['20:wrong-scale']);
  });

  it('does not check them against a loss computed after an update, or on other data', () => {
    const bad = 'dW2 = 2 * dW2\n        return dW1, dW2';
    const update = 'self.W1 -= 0.1 * grads[0]\n        self.W2 -= 0.1 * grads[1]\n        h, p = self.forward(X)\n        loss = self.loss(p, y)\n        return loss';
    assert.deepEqual(findings(model(bad, update)), []);
    assert.deepEqual(findings(model(right, update)), []);
    const validation = 'h_val, p_val = self.forward(X_val)\n        loss = self.loss(p_val, y_val)\n        return loss';
    assert.deepEqual(findings(model(bad, validation)), []);
    assert.deepEqual(findings(model(right, validation)), []);
  });
});

describe('helpers the document calls but never defines', () => {
  const script = (helper: string) => `
import numpy as np

def loss_and_grad(W, idx, y):
    x = ${helper}(4, 1)
    x[idx] = 1
    z = W @ x
    loss = np.sum((z - y) ** 2)
    dz = 2 * (z - y)
    dW = dz @ x.T
    return loss, dW

W = np.random.randn(3, 4)
y = np.random.randn(3, 1)
loss, dW = loss_and_grad(W, 2, y)
`;

  it('runs one whose name says it makes zeros, called with sizes, as np.zeros', () => {
    assert.equal(status(script('zero_init'), 'dW'), 'verified');
    assert.equal(status(script('init_zeros'), 'dW'), 'verified');
    const wrong = script('zero_init').replace('dW = dz @ x.T', 'dW = 2 * dz @ x.T');
    assert.deepEqual(findings(wrong), ['9:wrong-scale']);
  });

  it('leaves any other undefined helper unknown: nothing is checked', () => {
    assert.notEqual(status(script('one_hot_column'), 'dW'), 'verified');
    const wrong = script('one_hot_column').replace('dW = dz @ x.T', 'dW = 2 * dz @ x.T');
    assert.deepEqual(findings(wrong), []);
  });
});
