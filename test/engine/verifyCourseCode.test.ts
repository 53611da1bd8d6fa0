// Verification of code as courses and people write it (issue 11): helpers from a course file that is
// not there, a classifier's loss(X, y=None), several upstream gradients, settings dicts, a file whose
// syntax error is outside its functions, a gradient whose parameter's axis of 1 was dropped.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { moduleReader } from '../../cli/files';
import { NO_WALL_CLOCK } from './budget';
import { snippet } from './snippet';
import { freeNames } from '../../engine/syntax/freeNames';
import { builtinValue } from '../../engine/concrete/pyBuiltins';
import { parsePython } from '../../engine/syntax/python/parse';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'gradients');

/** Analyses a fixture (or a text) and gives the status of a gradient line by its trimmed source. */
function analyze(rel: string, text?: string) {
  const file = path.join(FIXTURES, rel);
  const src = text ?? fs.readFileSync(file, 'utf8');
  const result = analyzeDocument({ kind: 'python', path: file, text: src }, { readModule: moduleReader(path.dirname(file)), ...NO_WALL_CLOCK });
  const lines = src.split('\n');
  const status = (source: string) => {
    const line = lines.findIndex((l) => l.trim() === source);
    assert.ok(line >= 0, `${rel}: no line ${source}`);
    return result.derivations?.find((d) => d.range.start.line === line)?.status;
  };
  const codes = result.findings.map((f) => `${f.range.start.line + 1} ${f.code}`);
  return { result, status, codes, src };
}

describe('verification of course code', () => {
  it('runs relu/sigmoid and their backward helpers from a course file that is not there with their standard definitions', () => {
    const { result, status } = analyze('course_helpers/correct/deep_step.py');
    assert.deepEqual(result.findings, []);
    // Both branches of the activation string are run: the else branch gets another activation's name.
    assert.equal(status('dZ = sigmoid_backward(dA, act_cache)'), 'verified');
    assert.equal(status('dZ = relu_backward(dA, act_cache)'), 'verified');
    assert.equal(status('dW = np.dot(dZ, A_prev.T) / m'), 'verified');
  });

  it('through assumed helpers, reports only what does not depend on them: a missing 1/m, a dropped axis', () => {
    assert.deepEqual(analyze('course_helpers/bugs/dW_missing_batch_mean.py').codes, ['36 missing-batch-mean']);
    const keep = analyze('course_helpers/bugs/db_missing_keepdims.py');
    assert.deepEqual(keep.codes, ['37 missing-keepdims']);
    // Since shapes from use (issue 11) the shape checks find it first, in the code's names; verification's
    // message has the run's sizes. Either way it names both shapes.
    assert.match(keep.result.findings[0].message, /db has shape \(\w+,\) but b has shape \(\w+, 1\)/);
  });

  it('never reports a mismatch through an assumed helper: the course\'s own helper may differ from the standard one', () => {
    // A relu_backward that is wrong by the standard definition's measure is the course's business.
    const { src } = analyze('course_helpers/correct/deep_step.py');
    const odd = src.replace('dZ = relu_backward(dA, act_cache)', 'dZ = relu_backward(dA, act_cache) * 2.0');
    const { result, status } = analyze('course_helpers/correct/deep_step.py', odd);
    assert.deepEqual(result.findings, []);
    assert.notEqual(status('dZ = relu_backward(dA, act_cache) * 2.0'), 'wrong');
  });

  it('gives a classifier\'s loss(X, y=None) class labels so its gradients are checked, and exercises the penalty its loss uses', () => {
    const ok = analyze('classifier_loss/correct/two_layer_classifier.py');
    assert.deepEqual(ok.result.findings, []);
    for (const line of ['dW2 = hidden.T.dot(dscores)', 'dW1 = X.T.dot(dhidden)', 'dW1 += 2 * reg * W1', 'db1 = np.sum(dhidden, axis=0)']) assert.equal(ok.status(line), 'verified', line);
    assert.deepEqual(analyze('classifier_loss/bugs/dW1_penalty_missing_two.py').codes, ['35 gradient-mismatch']);
  });

  it('leaves a penalty at 0 when the function\'s cost does not use it', () => {
    const { result } = snippet(`
import numpy as np

def loss_and_grads(X, y, W, reg=0.0):
    N = X.shape[0]
    scores = X.dot(W)
    probs = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    loss = -np.log(probs[np.arange(N), y]).sum() / N
    dscores = probs
    dscores[np.arange(N), y] -= 1
    dW = X.T.dot(dscores) / N + 2 * reg * W
    return loss, dW
`);
    assert.deepEqual(result.findings, []);
  });

  it('verifies the functions of a file whose syntax error is outside them', () => {
    const ok = analyze('partial_parse/correct/one_hidden_unfinished.py');
    assert.ok(ok.result.syntaxErrors.length > 0);
    assert.deepEqual(ok.result.findings, []);
    assert.equal(ok.status('dW1 = np.dot(dZ1, X.T) / m'), 'verified');
    assert.deepEqual(analyze('partial_parse/bugs/db1_missing_batch_mean.py').codes, ['42 missing-batch-mean']);
  });

  it('does not verify a function whose own body holds the syntax error', () => {
    const { result } = snippet(`
import numpy as np

def backward(X, Y, A2, A1, W2):
    m = X.shape[1]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / (m
    return dW2
`);
    assert.ok(result.syntaxErrors.length > 0);
    assert.equal(result.derivations?.filter((d) => d.status !== 'unchecked').length ?? 0, 0);
  });

  it('checks a step with two upstream gradients (dnext_h, dnext_c) against both outputs', () => {
    const { result, status } = snippet(`
import numpy as np

def cell_step_forward(x, prev_c, Wx, b):
    """
    - x: (N, D)
    - prev_c: (N, H)
    - Wx: (D, H)
    - b: (H,)
    """
    g = np.tanh(x.dot(Wx) + b)
    next_c = prev_c + g
    next_h = np.tanh(next_c)
    cache = (x, Wx, g, next_h)
    return next_h, next_c, cache

def cell_step_backward(dnext_h, dnext_c, cache):
    x, Wx, g, next_h = cache
    dc = dnext_c + dnext_h * (1 - next_h ** 2)
    dprev_c = dc
    da = dc * (1 - g ** 2)
    dx = da.dot(Wx.T)
    dWx = x.T.dot(da)
    db = da.sum(axis=0)
    return dx, dprev_c, dWx, db
`);
    assert.deepEqual(result.findings, []);
    assert.equal(status('dx = da.dot(Wx.T)'), 'verified');
    assert.equal(status('dprev_c = dc'), 'verified');
  });

  it('reports a step that drops dnext_c', () => {
    const { result } = snippet(`
import numpy as np

def cell_step_forward(x, prev_c, Wx, b):
    """
    - x: (N, D)
    - prev_c: (N, H)
    - Wx: (D, H)
    - b: (H,)
    """
    g = np.tanh(x.dot(Wx) + b)
    next_c = prev_c + g
    next_h = np.tanh(next_c)
    cache = (x, Wx, g, next_h)
    return next_h, next_c, cache

def cell_step_backward(dnext_h, dnext_c, cache):
    x, Wx, g, next_h = cache
    dc = dnext_h * (1 - next_h ** 2)
    dprev_c = dc
    da = dc * (1 - g ** 2)
    dx = da.dot(Wx.T)
    dWx = x.T.dot(da)
    db = da.sum(axis=0)
    return dx, dprev_c, dWx, db
`);
    assert.ok(result.findings.length >= 1, 'a finding');
    assert.equal(result.findings[0].range.start.line, 18);
  });

  it('runs a layer whose settings come in a *_param dict (mode, p)', () => {
    const { result, status } = snippet(`
import numpy as np

def dropout_forward(x, dropout_param):
    """
    - x: (N, D)
    """
    p, mode = dropout_param['p'], dropout_param['mode']
    mask = None
    if mode == 'train':
        mask = (np.random.rand(*x.shape) < p) / p
        out = x * mask
    else:
        out = x
    cache = (dropout_param, mask)
    return out, cache

def dropout_backward(dout, cache):
    dropout_param, mask = cache
    if dropout_param['mode'] == 'train':
        dx = dout * mask
    else:
        dx = dout
    return dx
`);
    assert.deepEqual(result.findings, []);
    assert.equal(status('dx = dout * mask'), 'verified');
    // The test-mode branch did not run: nothing of it is verified, not even as part of dx.
    assert.notEqual(status('dx = dout'), 'verified');
  });

  it('a group norm layer is run with G = 1 (a divisor of C), an empty gn_param read with .get, and dx paired with the x it was passed', () => {
    const { result, status } = analyze('group_norm/correct/group_norm.py');
    assert.deepEqual(result.findings, []);
    for (const line of ['dx = dx.T.reshape(N, C, H, W)', 'dbeta = np.sum(dout, axis=(0, 2, 3), keepdims=True)', 'dgamma = np.sum(dout * xhat, axis=(0, 2, 3), keepdims=True)']) assert.equal(status(line), 'verified', line);
    // The same text with G read as a size would reshape into a width C // G of 0; a settings dict
    // guessed as a number has no .get: either way nothing would be checked.
    const dx = result.derivations?.find((d) => d.gradient === 'dx' && d.status === 'verified' && !d.text.startsWith('Verified as part of'));
    assert.ok(dx, 'dx has a verdict of its own');
    assert.match(dx.text, /∂J\/∂x/);
  });

  it('a fused gate width written 4H in a docstring is four times H in the run, so the LSTM step can be checked', () => {
    const { result, status } = analyze('fused_gates_4h/correct/lstm_step.py');
    assert.deepEqual(result.findings, []);
    for (const line of ['dWx = x.T.dot(da)', 'dWh = prev_h.T.dot(da)', 'dprev_h = da.dot(Wh.T)']) assert.equal(status(line), 'verified', line);
    const sizes = /H = (\d+), 4 \* H = (\d+)/.exec(result.derivations?.find((d) => d.status === 'verified' && !d.text.startsWith('Verified as part of'))?.text ?? '');
    assert.ok(sizes, 'the verdict names H and 4 * H');
    assert.equal(Number(sizes[2]), 4 * Number(sizes[1]));
  });

  it('a snippet whose data, weights and numpy import are not shown runs on guessed values for them', () => {
    const { result, status } = analyze('snippet_free_names/correct/forum_post.py');
    assert.deepEqual(result.findings, []);
    for (const line of ['dW2 = hidden.T.dot(dscores)', 'dhidden = dscores.dot(W2.T) * (1 - hidden ** 2)', 'dW1 = X.T.dot(dhidden)']) assert.equal(status(line), 'verified', line);
  });

  it('free names: read at the top level and bound nowhere; an augmented assignment binds nothing, a star import hides everything', () => {
    const free = (src: string) => [...freeNames(parsePython(src).body, (n) => builtinValue(n) !== undefined)].sort();
    assert.deepEqual(free('z = x.dot(W) + b\nb += 1\nys = [i * 2 for i in range(3)]\nf = lambda t: t + z\nimport numpy as np\nfor k in range(2):\n    q = k\n'), ['W', 'b', 'x']);
    assert.deepEqual(free('from helpers import *\nz = x.dot(W)\n'), []);
    assert.deepEqual(free('def f(a):\n    return a + hidden_in_body\nprint(f(1))\n'), []);
  });
});
