// A training loop that evaluates its cost only after each epoch's minibatch updates: that cost depends
// on the gradients through the updates, so it is not the cost they are the gradient of (checker.ts).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { snippet } from './snippet';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'gradients', 'epoch_evaluation', 'correct', 'minibatch_mlp.py');

describe('a cost evaluated after the updates', () => {
  it('is not the objective of the minibatch gradients: no mismatch on correct code', () => {
    const { codes, status } = snippet(fs.readFileSync(FIXTURE, 'utf8'));
    assert.deepEqual(codes, []);
    // Not against that cost: with no cost before the updates, against the output error the backward pass
    // starts from (`a_out - y_enc[rows]`, seed.ts errorSeedOf), under which it is right.
    assert.equal(status('grad_w_out = np.dot(a_h.T, delta_out)'), 'verified');
  });

  it('np.unique gives the class count a script sizes its output layer with, and the run goes on', () => {
    const { result, status } = snippet(`
import numpy as np

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

y = np.array([0, 2, 1, 2, 0, 1])
n_classes = np.unique(y).shape[0]
Y = np.eye(n_classes)[y]
X = np.random.randn(6, 4)
W = np.random.randn(4, n_classes) * 0.1
for i in range(3):
    A = sigmoid(X @ W)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dW = X.T @ (A - Y)
    W -= 0.1 * dW
`);
    assert.deepEqual(result.findings, []);
    assert.equal(status('dW = X.T @ (A - Y)'), 'verified');
  });
});
