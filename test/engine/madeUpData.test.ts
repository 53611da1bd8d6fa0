// Verification of code that loads its data (a text file, an sklearn dataset) and times itself: the
// data is made up in sizes the run chooses, and a training loop over it stops after one checked
// iteration, also when it holds other loops (but a loss summed over examples is checked when complete).

import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

function snippet(src: string) {
  const text = src.replace(/^\n/, '');
  const result = analyzeDocument({ kind: 'python', path: 'snippet.py', text }, { readModule: () => undefined, ...NO_WALL_CLOCK });
  const lines = text.split('\n');
  const status = (source: string) => result.derivations?.find((d) => d.range.start.line === lines.findIndex((l) => l.trim() === source))?.status;
  return { result, status, codes: result.findings.map((f) => f.code) };
}

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
