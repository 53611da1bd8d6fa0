// Undefined helpers (engine/concrete/undefinedHelpers.ts): an excerpt calls `softmax` or `relu_grad`
// defined in a cell it does not show. The standard activations run with their assumed definitions; any
// other helper's result has no value, and the statements that need it bind nothing, so the run checks
// only what does not depend on it. Also the links such an excerpt's driver gives (verify/entries.ts
// sharedArguments) and labels that are class indices (`torch.eye(3)[labels]`).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';
import { parsePython } from '../../engine/syntax/python/parse';
import { type DefStmt, sharedArguments } from '../../engine/verify/entries';

const analyze = (text: string) => analyzeDocument({ kind: 'python', path: 'excerpt.py', text }, { ...NO_WALL_CLOCK, derivations: true });
const findings = (text: string) => analyze(text).findings.map((f) => `${f.range.start.line + 1} ${f.code}`);
/** Gradient lines by status: `grad_W2 verified`. */
const statuses = (text: string) =>
  new Map((analyze(text).derivations ?? []).map((d) => [text.split('\n')[d.range.start.line].trim().split(' ')[0], d.status]));

const FIXTURES = path.join(__dirname, '../fixtures/python/undefined_helpers');
const EXCERPT = fs.readFileSync(path.join(FIXTURES, 'correct/class_excerpt.py'), 'utf8');

// One layer and a softmax: the parts the cases below change.
const layer = (backward: string) => `class Net:
    def __init__(self, n_in, n_out):
        self.W = torch.randn(n_in, n_out) * 0.1
        self.b = torch.zeros(n_out)

    def forward(self, x):
        out = torch.mm(x, self.W) + self.b
        probs = softmax(out)
        return out, probs

    def backward(self, x, y, out, probs):
        n = x.shape[0]
        grad_out = probs - torch.eye(4)[y]
${backward}
`;

describe('undefined helpers: what does not depend on them is checked', () => {
  it('a class excerpt: the lines before the undefined relu_grad are checked, the ones after it are not', () => {
    const s = statuses(EXCERPT);
    assert.equal(s.get('grad_W2'), 'verified');
    assert.equal(s.get('grad_c2'), 'verified');
    assert.equal(s.get('grad_act'), 'verified');
    // grad_pre = grad_act * relu_grad(pre): it and everything computed from it wait for the helper.
    assert.notEqual(s.get('grad_pre'), 'verified');
    assert.notEqual(s.get('grad_W1'), 'verified');
    assert.notEqual(s.get('grad_W1'), 'wrong');
  });

  it('a name a skipped statement would have rebound is not checked with its earlier value', () => {
    // grad_W before `average` is n times the gradient: checked as it stands, it would be a false missing 1/n.
    const text = layer(`        grad_W = torch.mm(x.T, grad_out)
        grad_W = average(grad_W, n)
        grad_b = grad_out.sum(dim=0) / n`);
    assert.deepEqual(findings(text), []);
    const s = statuses(text);
    assert.equal(s.get('grad_b'), 'verified');
    assert.notEqual(s.get('grad_W'), 'verified');
  });

  it('an undefined helper in a test stops the run there: a name the branch would rebind is not checked', () => {
    const text = layer(`        grad_W = torch.mm(x.T, grad_out)
        grad_b = grad_out.sum(dim=0) / n
        if batch_mean_wanted(grad_W):
            grad_W = grad_W / n`);
    assert.deepEqual(findings(text), []);
  });

  it('notebook cells without the one defining sigmoid: the forward pass runs with the standard sigmoid', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'correct/planar_cells.py'), 'utf8');
    assert.deepEqual(findings(text), []);
    const s = statuses(text);
    for (const g of ['dW2', 'db2', 'dZ1', 'dW1', 'db1']) assert.equal(s.get(g), 'verified', g);
  });

  it("a forum post's top level: sigmoid is the standard one, the lines after sigmoid_derivative wait for it", () => {
    const text = `Z1 = np.dot(W1, X) + b1
A1 = sigmoid(Z1)
Z2 = np.dot(W2, A1) + b2
A2 = sigmoid(Z2)
dZ2 = A2 - Y
dW2 = np.dot(dZ2, A1.T) / m
db2 = np.sum(dZ2, axis=1, keepdims=True) / m
dA1 = np.dot(W2.T, dZ2)
dZ1 = dA1 * sigmoid_derivative(A1)
dW1 = np.dot(dZ1, X.T)
dW1 = dW1 / m
db1 = np.sum(dZ1, axis=1, keepdims=True) / m
`;
    assert.deepEqual(findings(text), []);
    const s = statuses(text);
    assert.equal(s.get('dW2'), 'verified');
    assert.equal(s.get('dA1'), 'verified');
    for (const g of ['dZ1', 'dW1', 'db1']) assert.notEqual(s.get(g), 'verified', g);
  });

  it('labels picked as one-hot rows (`torch.eye(4)[y]`) are class indices: the pair runs and its lines are checked', () => {
    const text = layer(`        grad_W = torch.mm(x.T, grad_out) / n
        grad_b = grad_out.sum(dim=0) / n`);
    assert.deepEqual(findings(text), []);
    const s = statuses(text);
    assert.equal(s.get('grad_W'), 'verified');
    assert.equal(s.get('grad_b'), 'verified');
  });
});

describe('a driver links forward and backward (entries.ts sharedArguments)', () => {
  const defs = (text: string) => parsePython(text).body.flatMap((s) => (s.kind === 'class' ? s.body : [s])).filter((s): s is DefStmt => s.kind === 'def');
  const link = (text: string) => {
    const all = defs(text);
    const fwd = all.find((d) => d.name === 'forward')!;
    const bwd = all.find((d) => d.name === 'backward')!;
    const r = sharedArguments(all.filter((d) => d !== fwd && d !== bwd), fwd, bwd, 1);
    return { params: Object.fromEntries(r.params), results: Object.fromEntries(r.results) };
  };

  // A layer whose step method calls forward, then (after `body`) backward.
  const driver = (body: string) => `class Net:
    def forward(self, x):
        return x, x
    def backward(self, inputs, labels, pre, probs):
        return inputs
    def step(self, batch, y):
        pre, probs = self.forward(batch)
${body}`;

  it('the same name passed to both, and forward results unpacked then passed on', () => {
    assert.deepEqual(
      link(driver(`        self.backward(batch, y, pre, probs)
`)),
      { params: { inputs: 'x' }, results: { pre: 0, probs: 1 } },
    );
  });

  it('a name rebound between the calls links nothing', () => {
    assert.deepEqual(
      link(driver(`        batch = normalise(batch)
        pre = pre * 2
        self.backward(batch, y, pre, probs)
`)),
      { params: {}, results: { probs: 1 } },
    );
  });
});
