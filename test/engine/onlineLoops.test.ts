// Online training loops as people write them: one example at a time, no cost anywhere, the output error
// (`targets[k] - out`, `p - t`) as the seed, weight gradients as outer products applied inline or
// through a momentum velocity, deltas named anything.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { snippet } from './snippet';

/** A sigmoid network trained by a class one row at a time; `delta` is the output delta's expression. */
const momentumClass = (delta: string, step = 'self.v2 = mu * self.v2 + self.rate * np.outer(a1, d2)\n                self.w2 += self.v2') => `
import numpy as np


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


class Net:
    def __init__(self, n_in, n_hid, n_out, rate=0.3):
        self.w1 = np.random.randn(n_in, n_hid)
        self.w2 = np.random.randn(n_hid, n_out)
        self.rate = rate
        self.v1 = 0
        self.v2 = 0

    def fit(self, samples, labels, rounds=5, mu=0.5):
        for r in range(rounds):
            for j in range(samples.shape[0]):
                a1 = sig(np.dot(samples[j], self.w1))
                a2 = sig(np.dot(a1, self.w2))
                d2 = ${delta}
                d1 = a1 * (1.0 - a1) * np.dot(self.w2, d2)
                ${step}
                self.v1 = mu * self.v1 + self.rate * np.outer(samples[j], d1)
                self.w1 += self.v1
`;

describe('online loops: the output error is the seed', () => {
  it('checks the outer products a momentum velocity applies, and the delta they multiply in', () => {
    const { status, codes } = snippet(momentumClass('a2 * (1.0 - a2) * (labels[j] - a2)'));
    assert.deepEqual(codes, []);
    assert.equal(status('d2 = a2 * (1.0 - a2) * (labels[j] - a2)'), 'verified');
    assert.equal(status('self.v2 = mu * self.v2 + self.rate * np.outer(a1, d2)'), 'verified');
    assert.equal(status('self.v1 = mu * self.v1 + self.rate * np.outer(samples[j], d1)'), 'verified');
  });

  it('checks a step applied inline (`self.w2 -= lr * np.outer(a1, d2)`) with the error written either way round', () => {
    const { status, codes } = snippet(momentumClass('a2 * (1.0 - a2) * (a2 - labels[j])', 'self.w2 -= self.rate * np.outer(a1, d2)').replace('self.w1 += self.v1', 'self.w1 -= 2 * self.v1'));
    assert.deepEqual(codes, []);
    assert.equal(status('self.w2 -= self.rate * np.outer(a1, d2)'), 'verified');
  });

  it('reports an activation derivative applied to the activated output on the delta\'s line', () => {
    const { result } = snippet(momentumClass('sig(a2) * (1.0 - sig(a2)) * (labels[j] - a2)'));
    assert.deepEqual(result.findings.map((f) => [f.code, f.range.start.line]), [['wrong-activation-derivative', 20]]);
    assert.match(result.findings[0].message, /d2 uses the wrong activation derivative.*np\.dot\(a1, self\.w2\).*fix: Use the derivative a2 \* \(1 - a2\).*labels\[j\] - a2/);
  });

  it('takes a softmax output error `p - t` as the gradient of the logits (a cross-entropy), not a finding', () => {
    const src = `
import numpy as np

X = np.random.randn(30, 3)
T = np.eye(4)[np.random.randint(0, 4, size=30)]
W = np.random.randn(3, 5)
V = np.random.randn(5, 4)
lr = 0.1
for epoch in range(3):
    for x, t in zip(X, T):
        h = np.tanh(x.dot(W))
        s = np.exp(h.dot(V))
        p = s / s.sum()
        err = p - t
        back = V.dot(err) * (1 - h ** 2)
        V -= lr * np.outer(h, err)
        W -= lr * np.outer(x, back)
`;
    const { status, codes } = snippet(src);
    assert.deepEqual(codes, []);
    assert.equal(status('V -= lr * np.outer(h, err)'), 'verified');
    assert.equal(status('back = V.dot(err) * (1 - h ** 2)'), 'verified');
    // Through weights the same iteration already updated: the derivative of no run, unchecked.
    const late = snippet(src.replace('        back = V.dot(err) * (1 - h ** 2)\n', '').replace('np.outer(x, back)', 'np.outer(x, V.dot(err) * (1 - h ** 2))'));
    assert.deepEqual(late.codes, []);
    assert.notEqual(late.status('W -= lr * np.outer(x, V.dot(err) * (1 - h ** 2))'), 'verified');
  });

  it('starts from the output error when the updates apply named steps to the object\'s weights', () => {
    const trainer = (derivative: string) => `
import numpy as np


class Fitter:
    def __init__(self, n_in, n_hid, n_out, eta=0.1):
        self.A = np.random.randn(n_in, n_hid)
        self.B = np.random.randn(n_hid, n_out)
        self.eta = eta

    def fit(self, X, Y, epochs=3):
        for e in range(epochs):
            for i in range(0, X.shape[0] - 1, 2):
                rows = X[i:i + 2]
                h = np.tanh(rows @ self.A)
                err = h @ self.B - Y[i:i + 2]
                back = (err @ self.B.T) * ${derivative}
                grad_B = h.T @ err
                grad_A = rows.T @ back
                change_B = grad_B
                self.B -= self.eta * change_B
                self.A -= self.eta * grad_A
`;
    const right = snippet(trainer('(1 - h ** 2)'));
    assert.deepEqual(right.codes, []);
    assert.equal(right.status('grad_A = rows.T @ back'), 'verified');
    assert.equal(right.status('back = (err @ self.B.T) * (1 - h ** 2)'), 'verified');
    const wrong = snippet(trainer('(1 - h)'));
    assert.deepEqual(wrong.result.findings.map((f) => [f.code, f.range.start.line]), [['wrong-activation-derivative', 15]]);
  });

  it('takes an error summed for display (`total += np.sum(...)`) for no parameter\'s update', () => {
    const { status, codes } = snippet(`
import numpy as np

P = np.random.randn(5, 3)
Q = np.random.randn(5, 1)
u = np.random.randn(3, 4)
v = np.random.randn(4, 1)
for n in range(20):
    shown = 0
    for k in range(5):
        p = P[k:k + 1]
        s = np.tanh(p.dot(u))
        o = s.dot(v)
        shown += np.sum((o - Q[k:k + 1]) ** 2)
        o_delta = Q[k:k + 1] - o
        s_delta = o_delta.dot(v.T) * (1 - s ** 2)
        v += 0.1 * s.T.dot(o_delta)
        u += 0.1 * p.T.dot(s_delta)
`);
    assert.deepEqual(codes, []);
    assert.equal(status('u += 0.1 * p.T.dot(s_delta)'), 'verified');
    assert.equal(status('s_delta = o_delta.dot(v.T) * (1 - s ** 2)'), 'verified');
  });

  it('runs a class that keeps its activation as a lambda of scipy.special.expit and scales its weights by pow(n, -0.5)', () => {
    const { status, codes } = snippet(`
import numpy
import scipy.special


class Net:
    def __init__(self, n_in, n_hid, n_out, rate):
        self.w_ih = numpy.random.normal(0.0, pow(n_hid, -0.5), (n_hid, n_in))
        self.w_ho = numpy.random.normal(0.0, pow(n_out, -0.5), (n_out, n_hid))
        self.rate = rate
        self.squash = lambda v: scipy.special.expit(v)

    def train(self, x_list, t_list):
        x = numpy.array(x_list, ndmin=2).T
        t = numpy.array(t_list, ndmin=2).T
        h = self.squash(numpy.dot(self.w_ih, x))
        o = self.squash(numpy.dot(self.w_ho, h))
        o_err = t - o
        h_err = numpy.dot(self.w_ho.T, o_err * o * (1.0 - o))
        self.w_ho += self.rate * numpy.dot(o_err * o * (1.0 - o), numpy.transpose(h))
        self.w_ih += self.rate * numpy.dot(h_err * h * (1.0 - h), numpy.transpose(x))
`);
    assert.deepEqual(codes, []);
    assert.equal(status('self.w_ho += self.rate * numpy.dot(o_err * o * (1.0 - o), numpy.transpose(h))'), 'verified');
    assert.equal(status('self.w_ih += self.rate * numpy.dot(h_err * h * (1.0 - h), numpy.transpose(x))'), 'verified');
  });

  it('lets the loss scale an unnamed output error (a minibatch mean, a rate written inside the product)', () => {
    const fixture = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'gradients', 'online_script', 'correct', 'minibatch_mean.py'), 'utf8');
    const src = (step: string) => fixture.replace('B -= 0.5 * h.T @ delta', step);
    const mean = snippet(src('B -= 0.5 * (h.T @ delta)'));
    assert.deepEqual(mean.codes, []);
    assert.equal(mean.status('A -= 0.5 * (xb.T @ hidden_delta)'), 'verified');
    assert.equal(mean.status('B -= 0.5 * (h.T @ delta)'), 'verified');
    for (const step of ['B -= 0.5 * h.T @ delta', 'B -= np.dot(0.5 * h.T, delta)']) assert.deepEqual(snippet(src(step)).codes, [], step);
  });
});
