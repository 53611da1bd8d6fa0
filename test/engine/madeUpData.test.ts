// Verification of code that loads its data (a text file, an sklearn dataset), times itself, keeps its
// layers in lists and trains in a loop holding other loops: the data is made up in sizes the run
// chooses, the lists' gradients pair item by item, and a training loop stops after one checked
// iteration (but a loss summed over examples is checked when complete).

import { strict as assert } from 'node:assert';
import { snippet } from './snippet';

/** A linear model trained on data from `load` (two columns or more: input, target). */
const fromData = (load: string, epochs = '100') => `
import numpy as np
import time
${load}
x = data[:, 0:1]
t = data[:, 1:2]
w = np.random.randn(1, 1)
t0 = time.time()
for epoch in range(${epochs}):
    p = x.dot(w)
    loss = 0.5 * np.sum((p - t) ** 2)
    dw = x.T.dot(p - t)
    w -= 0.01 * dw
    print(epoch, time.time() - t0)
`;

describe('verification of code that loads its data', () => {
  it('runs on a made-up table for np.loadtxt, np.genfromtxt and np.load, timed with time.time()', () => {
    for (const load of ['data = np.loadtxt("train.csv", delimiter=",")', 'data = np.genfromtxt("train.csv", skip_header=1)', 'data = np.load("train.npy")']) {
      const { status, codes } = snippet(fromData(load));
      assert.equal(status('dw = x.T.dot(p - t)'), 'verified', load);
      assert.deepEqual(codes, [], load);
    }
  });

  it('does not make up what is not one table: an archive, chosen columns', () => {
    for (const load of ['data = np.load("train.npz")', 'data = np.loadtxt("train.csv", usecols=(0, 1))']) {
      assert.notEqual(snippet(fromData(load)).status('dw = x.T.dot(p - t)'), 'verified', load);
    }
  });

  it('gives an sklearn dataset asked for as (X, y) a table and labels; a dataset object stays unknown', () => {
    const load = (call: string) => `from sklearn.datasets import load_iris\n${call}\ndata = np.hstack([X, y.reshape(-1, 1)])`;
    assert.equal(snippet(fromData(load('X, y = load_iris(return_X_y=True)'))).status('dw = x.T.dot(p - t)'), 'verified');
    assert.notEqual(snippet(fromData(load('X, y = load_iris()'))).status('dw = x.T.dot(p - t)'), 'verified');
  });

  it('stops a long training loop on made-up data once its first iteration is checked', () => {
    const { result, status } = snippet(fromData('data = np.loadtxt("train.csv")', '10 ** 9'));
    assert.equal(status('dw = x.T.dot(p - t)'), 'verified');
    assert.equal(result.verificationCutShort, undefined);
  });
});

describe('verification of layers kept in lists', () => {
  const net = (grad: string, inner: string) => `
import numpy as np
layers = [2] + 2 * [4] + [1]
X = np.random.randn(6, 2)
Y = np.random.randn(6, 1)
weights = [np.random.randn(a, b) for a, b in zip(layers[:-1], layers[1:])]
biases = [np.zeros((1, n)) for n in layers[1:]]
L = len(weights)
for it in range(10 ** 9):
    A = [X]
    for l in range(L):
        Z = A[l].dot(weights[l]) + biases[l]
        A.append(np.tanh(Z) if l < L - 1 else Z)
    loss = 0.5 * np.sum((A[L] - Y) ** 2)
    G = A[L] - Y
    ${grad}_w = [None] * L
    ${grad}_b = [None] * L
    for l in range(L - 1, -1, -1):
        ${grad}_w[l] = A[l].T.dot(G)
        ${grad}_b[l] = np.sum(G, axis=0)
        if l > 0:
            G = G.dot(weights[l].T) * (1 - ${inner} ** 2)
    for l in range(L):
        weights[l] -= 0.01 * ${grad}_w[l]
        biases[l] -= 0.01 * ${grad}_b[l]
`;

  it('pairs loss_w[l] with w[l] item by item (10 * [4] repeats a list), and a row bias\'s (n,) gradient is its gradient', () => {
    const { result, status, codes } = snippet(net('loss', 'A[l]').replace(/weights/g, 'w').replace(/biases/g, 'b'));
    assert.equal(status('loss_w[l] = A[l].T.dot(G)'), 'verified');
    assert.equal(status('loss_b[l] = np.sum(G, axis=0)'), 'verified');
    assert.deepEqual(codes, []);
    // The training loop holds loops over the layers: it still stops after its first iteration.
    assert.equal(result.verificationCutShort, undefined);
  });

  it('reports a wrong item of a list of gradients at the line that wrote it', () => {
    const { result } = snippet(net('grad', 'Z').replace(/weights/g, 'W').replace(/biases/g, 'b').replace(/grad_w/g, 'grad_W'));
    const wrong = result.findings.filter((f) => f.code === 'gradient-mismatch').map((f) => f.range.start.line + 1);
    assert.ok(wrong.includes(18), `findings: ${JSON.stringify(result.findings.map((f) => [f.range.start.line + 1, f.code]))}`);
  });
});

describe('loops inside loops', () => {
  it('checks a loss function that sums its cost over examples in a loop holding a loop when it returns, not after one example', () => {
    const { status } = snippet(`
import numpy as np

def naive_loss(W, X, y, reg):
    """
    W -- weights, of shape (D, C)
    X -- data, of shape (N, D)
    y -- labels, of shape (N,)
    """
    loss = 0.0
    dW = np.zeros_like(W)
    for i in range(X.shape[0]):
        s = X[i].dot(W)
        p = np.exp(s) / np.sum(np.exp(s))
        loss += -np.log(p[y[i]])
        for c in range(W.shape[1]):
            dW[:, c] += (p[c] - (c == y[i])) * X[i]
    loss /= X.shape[0]
    dW /= X.shape[0]
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
    return loss, dW
`);
    assert.equal(status('dW += 2 * reg * W'), 'verified');
  });
});
