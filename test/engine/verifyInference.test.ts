// Verification of code that states little: sizes learnt from a failed forward pass, a backward pass
// that fails on its forward pass's shapes, helpers called once per time step, a lone parameter
// gradient, gradients through ops with no derivative rule.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { moduleReader } from '../../cli/files';
import { NO_WALL_CLOCK } from './budget';
import { documentedSizes } from '../../engine/verify/verify';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'gradients');

function analyzeFixture(rel: string) {
  const file = path.join(FIXTURES, rel);
  const text = fs.readFileSync(file, 'utf8');
  const result = analyzeDocument({ kind: 'python', path: file, text }, { readModule: moduleReader(path.dirname(file)), ...NO_WALL_CLOCK });
  const lines = text.split('\n');
  /** The status of the gradient line whose text (trimmed) is `source`, within function `fn`. */
  const status = (fn: string, source: string) => {
    const start = lines.findIndex((l) => l.startsWith(`def ${fn}(`));
    const line = lines.findIndex((l, i) => i > start && l.trim() === source);
    assert.ok(start >= 0 && line > start, `${rel}: no line ${source} in ${fn}`);
    return result.derivations?.find((d) => d.range.start.line === line)?.status;
  };
  return { result, status };
}

/** The status of the first derivation of `gradient` in a snippet. */
function snippetStatus(text: string, gradient: string) {
  return snippet(text).derivations?.find((d) => d.gradient === gradient)?.status;
}

function snippet(src: string) {
  const text = src.replace(/^\n/, '');
  return analyzeDocument({ kind: 'python', path: 'snippet.py', text }, { readModule: () => undefined, ...NO_WALL_CLOCK });
}

describe('verification of code that states little', () => {
  it('learns from a failed forward pass which sizes must be equal: a layer with no docstring is checked', () => {
    const { status } = analyzeFixture('affine_pair/correct/fc_layers.py');
    // fc_relu_forward(x, w, b) states nothing: its inputs are guessed, the first attempt fails on x.dot(w).
    assert.equal(status('fc_relu_backward', 'da = dout * (a > 0)'), 'verified');
  });

  it('reports a backward pass that fails on its forward pass\'s shapes, in the code\'s names, with a re-checked transpose', () => {
    // Nothing states a shape, so the shape analysis cannot tell N from D; the concrete run can.
    const { result } = analyzeFixture('affine_pair/bugs/dw_missing_transpose_undocumented.py');
    assert.equal(result.findings.length, 1);
    const [f] = result.findings;
    assert.equal(f.code, 'missing-transpose');
    assert.match(f.message, /^x\.dot\(dout\): \((\d+), (\d+)\) · \(\1, (\d+)\): inner dimensions \2 and \1 differ: the backward pass fails/);
    const certain = f.fixes.filter((x) => x.certain);
    assert.deepEqual(certain.map((x) => x.title), ['Transpose x (x.T)']);
    assert.deepEqual(certain[0].edits.map((e) => e.newText), ['.T']);
  });

  it('checks the sum over time steps, not each step\'s share of a shared weight\'s gradient', () => {
    const { result, status } = analyzeFixture('rnn_sequence/correct/rnn_sequence.py');
    assert.deepEqual(result.findings, []);
    assert.equal(status('sequence_backward', 'dWh += dWh_t'), 'verified');
    assert.equal(status('sequence_backward', 'dWx += dWx_t'), 'verified');
  });

  it('does not check a local derivative (dtanh = 1 - tanh ** 2) as a gradient of the loss', () => {
    const { result, status } = analyzeFixture('rnn_step/correct/rnn_step.py');
    assert.deepEqual(result.findings, []);
    assert.notEqual(status('rnn_cell_backward', 'dtanh = 1 - tanh ** 2'), 'wrong');
    assert.equal(status('rnn_cell_backward', 'da = dh * dtanh'), 'verified');
  });

  it('a statement whose value goes into a right gradient in its function is verified as part of it, through loops and in-place writes', () => {
    const step = analyzeFixture('rnn_step/correct/rnn_step.py');
    // dtanh is a local derivative, not a gradient of the loss; its value goes into dx, which is right.
    const dtanh = step.result.derivations?.find((d) => d.gradient === 'dtanh');
    assert.equal(dtanh?.status, 'verified');
    assert.match(dtanh!.text, /^Verified as part of d\w+ \(line \d+\)/);
    const seq = analyzeFixture('rnn_sequence/correct/rnn_sequence.py');
    assert.deepEqual(seq.result.findings, []);
    const lines = fs.readFileSync(path.join(FIXTURES, 'rnn_sequence/correct/rnn_sequence.py'), 'utf8').split('\n');
    const unverified = (seq.result.derivations ?? []).filter((d) => d.status !== 'verified').map((d) => lines[d.range.start.line].trim());
    assert.deepEqual(unverified, []);
  });

  it('a statement that stores a gradient checked in a callee (grads["dW" + str(l + 1)] = dW_temp) is verified: it holds that value', () => {
    const { result, status } = analyzeFixture('llayer/correct/llayer.py');
    assert.deepEqual(result.findings, []);
    for (const line of ['grads["dA" + str(l)] = dA_prev_temp', 'grads["dW" + str(l + 1)] = dW_temp', 'grads["db" + str(l + 1)] = db_temp']) {
      assert.equal(status('L_model_backward', line), 'verified', line);
    }
    const lines = fs.readFileSync(path.join(FIXTURES, 'llayer/correct/llayer.py'), 'utf8').split('\n');
    const at = lines.findIndex((l) => l.trim() === 'grads["dW" + str(l + 1)] = dW_temp');
    const d = result.derivations?.find((x) => x.range.start.line === at);
    assert.match(d!.text, /^Verified as part of dW \(line \d+\): it holds that gradient's value/);
  });

  it('a wrong gradient verifies nothing that goes into it', () => {
    const text = (dw: string) => `
import numpy as np

def double_forward(x, w):
    """
    - x: inputs of shape (N, D)
    - w: weights of shape (D,)
    """
    out = 2 * x * w
    cache = (x, w)
    return out, cache

def double_backward(dout, cache):
    x, w = cache
    dtwice = 2 * dout
    dx = 2 * dout * w
    dw = ${dw}
    return dx, dw
`;
    const statusOf = (src: string, gradient: string) => snippetStatus(src.replace(/^\n/, ''), gradient);
    // Right: dtwice goes into dw, which is right.
    assert.equal(statusOf(text('np.sum(dtwice * x, axis=0)'), 'dtwice'), 'verified');
    // Wrong (x * x for x): dtwice goes only into the wrong dw, and says nothing.
    assert.notEqual(statusOf(text('np.sum(dtwice * x * x, axis=0)'), 'dtwice'), 'verified');
    assert.equal(statusOf(text('np.sum(dtwice * x * x, axis=0)'), 'dx'), 'verified');
  });

  it('a run that stops inside a backward loop checks nothing the loop was still adding to', () => {
    // frozenset is not modelled: the run stops in the first time step of the backward loop, when dW
    // holds one step's share. Checked then, it would be "wrong"; it is unfinished, so it is unchecked.
    const src = `
import numpy as np

T, H = 4, 3
W = np.random.randn(H, H)
xs = np.random.randn(T, H, 1)

def run(W, xs):
    hs = {-1: np.zeros((H, 1))}
    loss = 0
    for t in range(T):
        hs[t] = np.tanh(W @ hs[t - 1] + xs[t])
        loss += np.sum(hs[t])
    dW = np.zeros_like(W)
    dh_next = np.zeros((H, 1))
    for t in reversed(range(T)):
        draw = (1 - hs[t] ** 2) * (1 + dh_next)
        dW += draw @ hs[t - 1].T
        seen = frozenset(range(t))
        dh_next = W.T @ draw
    return loss, dW

loss, dW = run(W, xs)
`;
    const result = snippet(src);
    assert.deepEqual(result.findings, []);
    assert.notEqual(snippetStatus(src.replace(/^\n/, ''), 'dW'), 'wrong');
    // Without the unmodelled line, the same loop is checked and right.
    const whole = src.replace('        seen = frozenset(range(t))\n', '');
    assert.deepEqual(snippet(whole).findings, []);
    assert.equal(snippetStatus(whole.replace(/^\n/, ''), 'dW'), 'verified');
  });

  it('a char-RNN script: a made-up text for open().read(), set() for the vocabulary, and h of the sampling function is not the h the loss differentiates', () => {
    const { result, status } = analyzeFixture('char_rnn/correct/char_rnn.py');
    assert.deepEqual(result.findings, []);
    for (const line of ['dVo += dscores @ hs[t].T', 'dbo += dscores', 'dbh += draw', 'dU += draw @ xs[t].T', 'dW += draw @ hs[t - 1].T']) assert.equal(status('loss_and_grads', line), 'verified', line);
  });

  it('a parameter documented as a list or tuple of N ints is N sizes, named as the docstring lists them', () => {
    assert.deepEqual(documentedSizes(':param kernel_size: tuple of 4 ints (kh, kw, c_in, c_out)\n:param w_init: init', 'kernel_size'), ['kh', 'kw', 'c_in', 'c_out']);
    // The names may continue on the next, deeper-indented line.
    assert.deepEqual(documentedSizes(':param f: A list/tuple of int that has length 3 (a,\n    b, c)\n:param s: x', 'f'), ['a', 'b', 'c']);
    assert.deepEqual(documentedSizes('stride -- a 2-tuple of integers', 'stride'), ['stride[0]', 'stride[1]']);
    assert.equal(documentedSizes(':param x: array of shape (N, D)', 'x'), undefined);
    assert.equal(documentedSizes(':param sizes: list of ints, the layer sizes', 'sizes'), undefined);
    assert.equal(documentedSizes(':param k: tuple of 2 floats (a, b)', 'k'), undefined);
  });

  it('a layer library: initializer objects from a module that is not here make the parameters, and its ops module\'s sigmoid is the standard one', () => {
    const { result } = analyzeFixture('layer_library/correct/layers.py');
    assert.deepEqual(result.findings, []);
    const lines = fs.readFileSync(path.join(FIXTURES, 'layer_library/correct/layers.py'), 'utf8').split('\n');
    const at = (source: string, after: string) => {
      const from = lines.findIndex((l) => l.startsWith(after));
      const line = lines.findIndex((l, i) => i > from && l.trim() === source);
      return result.derivations?.find((d) => d.range.start.line === line)?.status;
    };
    assert.equal(at('dinputs = grad @ self.params["w"].T', 'class Linear'), 'verified');
    assert.equal(at('dinputs = grad * out * (1 - out)', 'class Sigmoid'), 'verified');
    assert.equal(at('self.grads["w"] = self.ctx["X"].T @ grad', 'class Linear'), 'verified');
  });

  it('a dropout mask drawn with np.random.binomial is run, so its backward pass is checked', () => {
    const pair = (back: string) => `
import numpy as np

def dropout_forward(x, keep_prob):
    """
    - x: inputs of shape (N, D)
    - keep_prob: probability of keeping a unit, a scalar
    """
    mask = np.random.binomial(1, keep_prob, x.shape) / keep_prob
    out = x * mask
    cache = mask
    return out, cache

def dropout_backward(dout, cache):
    mask = cache
    dx = ${back}
    return dx
`;
    assert.deepEqual(snippet(pair('dout * mask')).findings, []);
    assert.equal(snippetStatus(pair('dout * mask').replace(/^\n/, ''), 'dx'), 'verified');
    assert.deepEqual(snippet(pair('dout')).findings.map((f) => f.code), ['gradient-mismatch']);
  });

  it('np.split cuts gates into pieces on the tape: their shapes are known and a gradient through them is checked', () => {
    const pair = (back: string) => `
import numpy as np

def gates_forward(x, W):
    """
    - x: inputs of shape (N, D)
    - W: weights of shape (D, 6)
    """
    a = x @ W
    i, f, o = np.split(a, 3, axis=1)
    out = np.tanh(i) * f + o
    cache = (x, W, i, f)
    return out, cache

def gates_backward(dout, cache):
    x, W, i, f = cache
    di = dout * f * (1 - np.tanh(i) ** 2)
    df = dout * np.tanh(i)
    do = dout
    da = np.hstack([di, df, do])
    dW = ${back}
    return dW
`;
    const right = snippet(pair('x.T @ da'));
    assert.deepEqual(right.findings, []);
    assert.deepEqual(right.shapes.filter((s) => s.range.start.line === 8).map((s) => s.shape), ['(N, 2)', '(N, 2)', '(N, 2)']);
    assert.equal(snippetStatus(pair('x.T @ da').replace(/^\n/, ''), 'dW'), 'verified');
    // The pieces swapped in the join: f's gradient where i's belongs.
    const wrong = snippet(pair('x.T @ np.hstack([df, di, do])'));
    assert.deepEqual(wrong.findings.map((f) => f.code), ['gradient-mismatch']);
  });

  it('a gradient of zeros against a truth of zeros tests nothing: not verified', () => {
    const src = `
import numpy as np

def mute_forward(x, w):
    """
    - x: inputs of shape (N, D)
    - w: weights of shape (D,)
    """
    out = x * w * 0.0
    cache = (x, w)
    return out, cache

def mute_backward(dout, cache):
    x, w = cache
    dw = np.sum(dout * x * 0.0, axis=0)
    dx = dout * 0.0
    return dx, dw
`.replace(/^\n/, '');
    assert.deepEqual(snippet(src).findings, []);
    assert.notEqual(snippetStatus(src, 'dw'), 'verified');
    assert.notEqual(snippetStatus(src, 'dx'), 'verified');
  });

  it('a settings dict passed on to another function gets the keys that function reads (bn_param → mode)', () => {
    const src = `
import numpy as np

def scale_forward(x, gamma, bn_param):
    """
    - x: inputs of shape (N, D)
    - gamma: scale of shape (D,)
    """
    mode = bn_param['mode']
    if mode == 'train':
        out = x * gamma
    else:
        out = x
    cache = (x, gamma)
    return out, cache

def wrapped_forward(x, gamma, bn_param):
    """
    - x: inputs of shape (N, D)
    - gamma: scale of shape (D,)
    """
    out, cache = scale_forward(x, gamma, bn_param)
    return out, cache

def wrapped_backward(dout, cache):
    x, gamma = cache
    dgamma = np.sum(dout * x, axis=0)
    dx = dout * gamma
    return dx, dgamma
`.replace(/^\n/, '');
    assert.deepEqual(snippet(src).findings, []);
    assert.equal(snippetStatus(src, 'dgamma'), 'verified');
  });

  it('leaves a gradient through np.prod (no derivative rule) or a NaN comparison unchecked, never wrong', () => {
    const { result, status } = analyzeFixture('products/correct/products.py');
    assert.deepEqual(result.findings, []);
    assert.notEqual(status('product_loss', 'dx = y + p / x'), 'wrong');
    assert.notEqual(status('log_product_loss', 'dx = y + p / x'), 'wrong');
  });

  const LONE = (update: string) => `
import numpy as np

def fit(X, y, lr=0.1):
    """
    X -- inputs of shape (n, m)
    y -- targets of shape (1, m)
    """
    m = X.shape[1]
    w = np.random.randn(1, X.shape[0])
    for i in range(3):
        p = np.dot(w, X)
        cost = np.sum((p - y) ** 2) / (2 * m)
        dw = np.dot(p - y, X.T)
        ${update}
    return w
`;

  it('a lone parameter gradient m times too large is a missing 1/m, unless the update divides by m', () => {
    assert.deepEqual(snippet(LONE('w = w - lr * dw')).findings.map((f) => f.code), ['missing-batch-mean']);
    assert.deepEqual(snippet(LONE('w = w - lr / m * dw')).findings.map((f) => f.code), []);
  });

  it('with no cost in the file, checks what the backward pass computes from its own output gradient (dZ2 = A2 - Y), never the seed itself', () => {
    const { result, status } = analyzeFixture('seed_twolayer/correct/twolayer_seed.py');
    assert.deepEqual(result.findings, []);
    assert.equal(status('backward', 'dW2 = dZ2 @ A1.T / m'), 'verified');
    assert.equal(status('backward', 'dW1 = dZ1 @ X.T / m'), 'verified');
    assert.equal(status('backward', 'dZ1 = (p["W2"].T @ dZ2) * (1 - A1 ** 2)'), 'verified');
    assert.notEqual(status('backward', 'dZ2 = A2 - Y'), 'verified');
  });

  const SEEDED = (dW1: string, db1: string) => `
import numpy as np

def step(W1, b1, W2, b2, X, Y):
    m = X.shape[1]
    Z1 = W1 @ X + b1
    A1 = np.maximum(0, Z1)
    Z2 = W2 @ A1 + b2
    dZ2 = Z2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (W2.T @ dZ2) * (Z1 > 0)
    dW1 = ${dW1}
    db1 = ${db1}
    return dW1, db1, dW2, db2
`;

  it('judges the 1/m of seeded gradients by agreement: a minority missing it is reported, a tie or none carrying it is not', () => {
    assert.deepEqual(snippet(SEEDED('dZ1 @ X.T', 'np.sum(dZ1, axis=1, keepdims=True) / m')).findings.map((f) => f.code), ['missing-batch-mean']);
    assert.deepEqual(snippet(SEEDED('dZ1 @ X.T / m', 'np.sum(dZ1, axis=1, keepdims=True) / m')).findings.map((f) => f.code), []);
    // Two of four carry 1/m: no majority, no finding.
    assert.deepEqual(snippet(SEEDED('dZ1 @ X.T', 'np.sum(dZ1, axis=1, keepdims=True)')).findings.map((f) => f.code), []);
  });

  it('a gradient off by a size the verifier chose (a mean over (n_y, m), right when n_y = 1) is no finding', () => {
    const { result } = analyzeFixture('mean_over_outputs/correct/model_mean_cost.py');
    assert.deepEqual(result.findings, []);
  });
});
