// Snippets: code pasted from a forum post or cut from its notebook, without its imports and without the
// cells that defined its data (engine/conventions/snippetModules.ts, engine/interp/snippetNames.ts), and
// the labels of a backward pass that calls its own forward pass (verify/entries.ts comparedResult).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';
import { statementShapes } from './statementShapes';

const findings = (text: string) =>
  analyzeDocument({ kind: 'python', path: 'snippet.py', text }, { ...NO_WALL_CLOCK }).findings.map((f) => `${f.range.start.line + 1} ${f.code}`);

// A forum post's two-layer network: no import, no parameters, no data (the fixture's own words say so).
const FORUM = fs.readFileSync(path.join(__dirname, '../fixtures/python/snippet/correct/forum_two_layer.py'), 'utf8');

describe('pasted code: no imports, data it does not show', () => {
  it('`np` that nothing binds is NumPy: a function without its import gets shapes', () => {
    const got = statementShapes(`def f(W, X):
    """W -- (n_h, n_x)
    X -- (n_x, m)"""
    Z = np.dot(W, X)
    return Z
`);
    assert.equal(got.get('Z = np.dot(W, X) [Z]'), '(n_h, m)');
  });

  it('a document that binds `np` itself keeps its meaning: no NumPy shapes', () => {
    const got = statementShapes(`np = MyLib()
def f(W, X):
    """W -- (n_h, n_x)
    X -- (n_x, m)"""
    Z = np.dot(W, X)
    return Z
`);
    assert.equal(got.get('Z = np.dot(W, X) [Z]'), undefined);
  });

  it('`torch` that nothing binds is PyTorch: a class excerpt gets shapes', () => {
    const got = statementShapes(`class Net:
    def __init__(self, n_in, n_h):
        self.w = torch.randn(n_in, n_h)

    def forward(self, x):
        h = torch.mm(x, self.w)
        return h
`);
    assert.equal(got.get('self.w = torch.randn(n_in, n_h) [self.w]'), '(n_in, n_h)');
    assert.equal(got.get('h = torch.mm(x, self.w) [h]'), '(x.shape[0], n_h)');
  });

  it("a snippet's data it never shows is decided by its use; a function it calls stays unknown", () => {
    const got = statementShapes(`z1 = x.dot(theta1) + b1
h1 = mystery(z1)
z2 = np.tanh(z1)
dz2 = z2 - y
dw2 = np.dot(z2.T, dz2)
`);
    assert.equal(got.get('z1 = x.dot(theta1) + b1 [z1]'), '(x.shape[0], theta1.shape[1])');
    assert.equal(got.get('h1 = mystery(z1) [h1]'), undefined);
    assert.equal(got.get('dw2 = np.dot(z2.T, dz2) [dw2]'), '(theta1.shape[1], theta1.shape[1])');
  });

  it('a correct snippet whose batch size m is one of its unseen names draws no finding about the 1/m', () => {
    // Before: m was made up apart from the data, so dZ1 (of no 1/m, correctly) was "m times too large".
    assert.deepEqual(findings(FORUM), []);
  });

  it('a dropped transpose in a snippet is found: its data takes the shape its use decided', () => {
    assert.deepEqual(findings(FORUM.replace('np.dot(dZ1, X.T)', 'np.dot(dZ1, X)')), ['13 missing-transpose']);
  });

  it("labels compared with the forward pass's last result are made of its shape, not the first's", () => {
    const net = (wT: string) => `import torch
class TwoLayer:
    def __init__(self, n_in, n_hidden, n_out):
        self.w1 = torch.randn(n_in, n_hidden)
        self.w2 = torch.randn(n_hidden, n_out)

    def forward(self, x):
        pre = torch.mm(x, self.w1)
        hidden = torch.relu(pre)
        out = torch.mm(hidden, self.w2)
        return pre, hidden, out

    def backward(self, x, y):
        pre, hidden, out = self.forward(x)
        grad_out = out - y
        grad_w2 = torch.mm(hidden.T, grad_out)
        grad_pre = torch.mm(grad_out, self.w2.T) * (pre > 0).float()
        grad_w1 = torch.mm(${wT}, grad_pre)
        self.w1 = self.w1 - 0.1 * grad_w1
        self.w2 = self.w2 - 0.1 * grad_w2
`;
    // Before: y was made of pre's shape, and \`out - y\` failed: a false shape-mismatch.
    assert.deepEqual(findings(net('x.T')), []);
    assert.deepEqual(findings(net('x')), ['18 missing-transpose']);
  });
});
