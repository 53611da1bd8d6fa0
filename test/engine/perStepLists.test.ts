// Recurrent networks written as notebooks write them: the forward pass keeps each time step's values in
// lists and returns them, the backward pass takes those lists (a notebook cell passes it the forward
// pass's results) and walks them in reverse from its own output gradient. The pair is checked as a
// unit (verify.ts: per-step lists, the top level as a driver, one-hot labels for a softmax's output), each
// step's gradient pairs with that step's value (checker.ts itemRead/stepPartners), and a gradient rebuilt
// from itself (`do = o * (1 - o) * do`) with the value the activation was computed from.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';
import { statementShapes } from './statementShapes';

const file = path.join(__dirname, '../fixtures/python/per_step_lists/correct/gated_rnn_steps.py');
const text = fs.readFileSync(file, 'utf8');

const verifiedLines = (src: string, name: string) => {
  const r = analyzeDocument({ kind: 'python', path: name, text: src }, { ...NO_WALL_CLOCK, derivations: true });
  const lines = src.split('\n');
  return { findings: r.findings, verified: new Set((r.derivations ?? []).filter((d) => d.status === 'verified').map((d) => lines[d.range.start.line].trim())) };
};

/** A small LSTM step (forget and output gates), correct; its derivatives rebuild `do` and `df` in place. */
const LSTM = `import numpy as np

hidden_size = 5
vocab_size = 4
z_size = hidden_size + vocab_size


def init_params(hidden_size, vocab_size, z_size):
    W_f = np.random.randn(hidden_size, z_size) * 0.1
    W_o = np.random.randn(hidden_size, z_size) * 0.1
    W_y = np.random.randn(vocab_size, hidden_size) * 0.1
    b_f = np.zeros((hidden_size, 1))
    b_o = np.zeros((hidden_size, 1))
    b_y = np.zeros((vocab_size, 1))
    return W_f, W_o, W_y, b_f, b_o, b_y


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(v):
    e = np.exp(v - np.max(v))
    return e / np.sum(e)


def forward(inputs, h, c, p):
    assert h.shape == (hidden_size, 1)
    W_f, W_o, W_y, b_f, b_o, b_y = p
    z_s, f_s, o_s, c_s, h_s, y_s = [], [], [], [c], [h], []
    for x in inputs:
        z = np.row_stack((h, x))
        f = sigmoid(np.dot(W_f, z) + b_f)
        o = sigmoid(np.dot(W_o, z) + b_o)
        c = f * c
        h = o * np.tanh(c)
        y = softmax(np.dot(W_y, h) + b_y)
        z_s.append(z)
        f_s.append(f)
        o_s.append(o)
        c_s.append(c)
        h_s.append(h)
        y_s.append(y)
    return z_s, f_s, o_s, c_s, h_s, y_s


def backward(z, f, o, c, h, outputs, targets, p):
    W_f, W_o, W_y, b_f, b_o, b_y = p
    dW_f, dW_o, dW_y = np.zeros_like(W_f), np.zeros_like(W_o), np.zeros_like(W_y)
    db_f, db_o, db_y = np.zeros_like(b_f), np.zeros_like(b_o), np.zeros_like(b_y)
    dh_next = np.zeros_like(h[0])
    dc_next = np.zeros_like(c[0])
    loss = 0
    for t in reversed(range(len(outputs))):
        loss += -np.sum(np.log(outputs[t]) * targets[t])
        dy = np.copy(outputs[t])
        dy[np.argmax(targets[t])] -= 1
        dW_y += np.dot(dy, h[t + 1].T)
        db_y += dy
        dh = np.dot(W_y.T, dy) + dh_next
        do = dh * np.tanh(c[t + 1])
        do = o[t] * (1 - o[t]) * do
        dW_o += np.dot(do, z[t].T)
        db_o += do
        dc = dc_next + dh * o[t] * (1 - np.tanh(c[t + 1]) ** 2)
        df = dc * c[t]
        df = f[t] * (1 - f[t]) * df
        dW_f += np.dot(df, z[t].T)
        db_f += df
        dz = np.dot(W_f.T, df) + np.dot(W_o.T, do)
        dh_next = dz[:hidden_size, :]
        dc_next = f[t] * dc
    return loss, (dW_f, dW_o, dW_y, db_f, db_o, db_y)


params = init_params(hidden_size, vocab_size, z_size)
h0 = np.zeros((hidden_size, 1))
c0 = np.zeros((hidden_size, 1))
z_s, f_s, o_s, c_s, h_s, y_s = forward(sequence, h0, c0, params)
loss, grads = backward(z_s, f_s, o_s, c_s, h_s, y_s, next_tokens, params)
`;

describe('forward and backward passes over lists of per-step values', () => {
  it('checks the pair a notebook calls in turn: every parameter and the hidden state, nothing reported', () => {
    const { findings, verified } = verifiedLines(text, file);
    assert.deepEqual(findings, []);
    for (const line of ['dW_y += np.dot(dv, h[t + 1].T)', 'db_y += dv', 'dh = np.dot(W_y.T, dv) + dh_next', 'dW_h += np.dot(da, z[t].T)', 'db_h += da']) {
      assert.ok(verified.has(line), `${line} is not verified: ${[...verified].join(' | ')}`);
    }
  });

  it('gives the step x a shape from the stack it joins, and the sequence the items along a first axis', () => {
    const got = statementShapes(text);
    assert.equal(got.get('for x in inputs: [x]'), '(x.shape[0], 1)');
    assert.equal(got.get('z = np.row_stack((h, x)) [z]'), '(z_size, 1)');
    const loop = statementShapes(`import numpy as np
def run(inputs, W):
    h = np.zeros((4, 1))
    for x in inputs:
        h = np.tanh(W @ np.concatenate([h, x], axis=0))
    first = inputs[0]
    return h
`);
    assert.equal(loop.get('first = inputs[0] [first]'), '(x.shape[0], 1)');
  });

  it('pairs gates rebuilt in place with their pre-activations: a correct LSTM step is clean and verified', () => {
    const { findings, verified } = verifiedLines(LSTM, 'lstm.py');
    assert.deepEqual(findings, []);
    for (const line of ['dW_f += np.dot(df, z[t].T)', 'dW_o += np.dot(do, z[t].T)', 'do = o[t] * (1 - o[t]) * do', 'df = f[t] * (1 - f[t]) * df', 'dc = dc_next + dh * o[t] * (1 - np.tanh(c[t + 1]) ** 2)']) {
      assert.ok(verified.has(line), `${line} is not verified: ${[...verified].join(' | ')}`);
    }
  });

  it("finds a gate's derivative left out, at its line, with the fix", () => {
    const bug = LSTM.replace('df = f[t] * (1 - f[t]) * df', 'df = f[t] * df');
    const r = analyzeDocument({ kind: 'python', path: 'lstm.py', text: bug }, { ...NO_WALL_CLOCK });
    assert.equal(r.findings.length, 1, JSON.stringify(r.findings.map((f) => f.message)));
    const f = r.findings[0];
    assert.equal(f.code, 'wrong-activation-derivative');
    assert.equal(bug.split('\n')[f.range.start.line].trim(), 'df = f[t] * df');
    assert.equal(f.fixes?.[0]?.title, 'Use the derivative f[t] * (1 - f[t])');
  });

  it("pairs accumulators named after their parameter (W_f_d = np.zeros_like(W_f)) and checks past a clipping helper", () => {
    // Gradients named W_f_d were not paired; the clipping helper scaled them in place, so the checked values were the clipped ones.
    const clip = `def clip_gradient_norm(grads, max_norm=0.25):
    total = 0
    for g in grads:
        total += np.sum(np.power(g, 2))
    coef = max_norm / (np.sqrt(total) + 1e-6)
    if coef < 1:
        for g in grads:
            g *= coef
    return grads


def softmax(v):`;
    const variant = LSTM.replace('def softmax(v):', clip)
      .replace('dW_f, dW_o, dW_y = np.zeros_like(W_f), np.zeros_like(W_o), np.zeros_like(W_y)', 'W_f_d = np.zeros_like(W_f)\n    W_o_d = np.zeros_like(W_o)\n    W_y_d = np.zeros_like(W_y)')
      .replace('db_f, db_o, db_y = np.zeros_like(b_f), np.zeros_like(b_o), np.zeros_like(b_y)', 'b_f_d = np.zeros_like(b_f)\n    b_o_d = np.zeros_like(b_o)\n    b_y_d = np.zeros_like(b_y)')
      .replace(/\b(d)(W_[fy o]|b_[fyo])\b/g, '$2_d')
      .replace(/\bdW_o\b/g, 'W_o_d')
      .replace('return loss, (W_f_d, W_o_d, W_y_d, b_f_d, b_o_d, b_y_d)', 'grads = clip_gradient_norm((W_f_d, W_o_d, W_y_d, b_f_d, b_o_d, b_y_d))\n    return loss, grads');
    assert.ok(variant.includes('W_f_d += np.dot(df, z[t].T)') && variant.includes('clip_gradient_norm((W_f_d'), variant);
    const { findings, verified } = verifiedLines(variant, 'lstm.py');
    assert.deepEqual(findings, []);
    for (const line of ['W_f_d += np.dot(df, z[t].T)', 'W_o_d += np.dot(do, z[t].T)', 'W_y_d += np.dot(dy, h[t + 1].T)', 'b_f_d += df']) {
      assert.ok(verified.has(line), `${line} is not verified: ${[...verified].join(' | ')}`);
    }
    const bug = variant.replace('df = f[t] * (1 - f[t]) * df', 'df = f[t] * df');
    const r = analyzeDocument({ kind: 'python', path: 'lstm.py', text: bug }, { ...NO_WALL_CLOCK });
    assert.deepEqual(r.findings.map((f) => [f.code, bug.split('\n')[f.range.start.line].trim()]), [['wrong-activation-derivative', 'df = f[t] * df']]);
  });

  it('finds a recurrence dropped (the next step never gets dh_prev) on the gradients it starves', () => {
    const bug = LSTM.replace('dh_next = dz[:hidden_size, :]', 'dh_prev = dz[:hidden_size, :]');
    const r = analyzeDocument({ kind: 'python', path: 'lstm.py', text: bug }, { ...NO_WALL_CLOCK });
    const lines = bug.split('\n');
    const flagged = r.findings.map((f) => lines[f.range.start.line].trim());
    assert.ok(flagged.includes('dW_f += np.dot(df, z[t].T)'), flagged.join(' | '));
    assert.ok(r.findings.every((f) => f.code === 'gradient-mismatch'));
  });

  it('reads a sequence of character indices (x[i] = 1 for i in inputs) as ints, and a state the product made a matrix is no finding', () => {
    const rnn = `import numpy as np

hidden_size = 8
vocab_size = 5


def init(hidden_size, vocab_size):
    Wxh = np.random.randn(hidden_size, vocab_size) * 0.01
    Whh = np.random.randn(hidden_size, hidden_size) * 0.01
    Why = np.random.randn(vocab_size, hidden_size) * 0.01
    bh = np.zeros((hidden_size, 1))
    by = np.zeros((vocab_size, 1))
    return Wxh, Whh, Why, bh, by


def forward(inputs, hprev, params):
    Wxh, Whh, Why, bh, by = params
    xs, hs, ps = [], [hprev], []
    for i in inputs:
        x = np.zeros((vocab_size, 1))
        x[i] = 1
        h = np.tanh(np.dot(Wxh, x) + np.dot(Whh, hs[-1]) + bh)
        y = np.dot(Why, h) + by
        p = np.exp(y) / np.sum(np.exp(y))
        xs.append(x)
        hs.append(h)
        ps.append(p)
    steps = np.zeros_like(inputs)
    return xs, hs, ps


def backward(xs, hs, ps, targets, params):
    Wxh, Whh, Why, bh, by = params
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(xs))):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1
        dWhy += np.dot(dy, hs[t + 1].T)
        dby += dy
        dh = np.dot(Why.T, dy) + dhnext
        dhraw = (1 - hs[t + 1] * hs[t + 1]) * dh
        dbh += dhraw
        dWxh += np.dot(dhraw, xs[t].T)
        dWhh += np.dot(dhraw, hs[t].T)
        dhnext = np.dot(Whh.T, dhraw)
    return dWxh, dWhh, dWhy, dbh, dby
`;
    assert.equal(statementShapes(rnn).get('steps = np.zeros_like(inputs) [steps]'), '(inputs.shape[0],)');
    // hprev, taken as a matrix by np.dot(Whh, hs[-1]), got a chosen number of columns: the steps broadcast
    // into (hidden_size, 9) and 'the backward pass fails on the shapes its forward pass produces' was reported.
    const r = analyzeDocument({ kind: 'python', path: 'rnn.py', text: rnn }, { ...NO_WALL_CLOCK });
    assert.deepEqual(r.findings, []);
  });
});
