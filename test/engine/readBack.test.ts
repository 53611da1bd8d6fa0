// A gradient read back from its dict (`dw = grads["dw"]` in an optimiser loop) holds the checked value
// when it names the same parameter's gradient (engine/verify/partOf.ts readBack).

import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

const source = (read: string) => `import numpy as np

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def propagate(w, b, X, Y):
    """
    w -- weights, a numpy array of size (n_x, 1)
    b -- bias, a scalar
    X -- data of size (n_x, m)
    Y -- true "label" vector of size (1, m)
    """
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dw = 1 / m * np.dot(X, (A - Y).T)
    db = 1 / m * np.sum(A - Y)
    return {"dw": dw, "db": db}, cost

def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.01):
    """
    w -- weights, a numpy array of size (n_x, 1)
    b -- bias, a scalar
    X -- data of size (n_x, m)
    Y -- true "label" vector of size (1, m)
    """
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
${read}
        w = w - learning_rate * dw
        b = b - learning_rate * db
    return w, b
`;

const noteAt = (text: string, needle: string) => {
  const r = analyzeDocument({ kind: 'python', path: 'optimize.py', text }, NO_WALL_CLOCK);
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  return (r.derivations ?? []).find((d) => d.range.start.line === line);
};

describe('a gradient read back from its dict', () => {
  it('`dw = grads["dw"]` holds the value checked in propagate: verified as part of it', () => {
    const text = source('        dw = grads["dw"]\n        db = grads["db"]');
    const dw = noteAt(text, 'dw = grads["dw"]');
    assert.equal(dw?.status, 'verified');
    assert.match(dw?.text ?? '', /^Verified as part of dw \(line 16\): it holds that gradient's value/);
    assert.equal(noteAt(text, 'db = grads["db"]')?.status, 'verified');
  });

  it('a read under another parameter\'s name (`db = grads["dw"]`) is not verified by dw\'s check', () => {
    const text = source('        dw = grads["dw"]\n        db = grads["dw"]');
    assert.notEqual(noteAt(text, 'db = grads["dw"]')?.status, 'verified');
  });
});
