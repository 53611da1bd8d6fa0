// Hand-written backprop on PyTorch tensors (no autograd): torch spellings read as the NumPy calls
// they mean (engine/ops/torch.ts), in the shape analysis and in gradient verification.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { moduleReader } from '../../cli/files';
import { NO_WALL_CLOCK } from './budget';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'gradients', 'torch_mlp');

function analyze(text: string, file = 'snippet.py') {
  const result = analyzeDocument({ kind: 'python', path: file, text }, { readModule: file === 'snippet.py' ? () => undefined : moduleReader(path.dirname(file)), ...NO_WALL_CLOCK });
  const lines = text.split('\n');
  const status = (source: string) => {
    const line = lines.findIndex((l) => l.trim() === source);
    assert.ok(line >= 0, `no line ${source}`);
    return result.derivations?.find((d) => d.range.start.line === line)?.status;
  };
  const shape = (target: string) => result.shapes.find((s) => s.target === target)?.shape;
  const codes = result.findings.map((f) => `${f.range.start.line + 1} ${f.code}`);
  return { result, status, shape, codes };
}

const CLASSIFIER = `import torch
import torch.nn.functional as F


def loss_and_grads(x, y, w1, b1, w2):
    n = x.size(0)
    z1 = x.mm(w1) + b1.view(1, -1)
    a1 = torch.sigmoid(z1)
    h = F.relu(torch.cat([a1, z1], dim=1))
    scores = torch.matmul(h, w2)
    probs = F.softmax(scores, dim=1)
    loss = -torch.log(probs[torch.arange(n), y]).mean()
    dscores = probs.clone()
    dscores[torch.arange(n), y] -= 1
    dscores /= n
    dw2 = h.t().mm(dscores)
    dh = dscores.mm(w2.t()) * (h > 0).float()
    da1 = dh[:, :w1.size(1)]
    dz1 = da1 * a1 * (1 - a1) + dh[:, w1.size(1):]
    dw1 = x.t().mm(dz1)
    db1 = dz1.sum(dim=0)
    return loss, dw1, db1, dw2


x = torch.randn(6, 4)
y = torch.randint(0, 3, (6,))
w1 = torch.randn(4, 5) * 0.5
b1 = torch.zeros(5)
w2 = torch.randn(10, 3) * 0.5
loss, dw1, db1, dw2 = loss_and_grads(x, y, w1, b1, w2)
`;

const MLP = fs.readFileSync(path.join(FIXTURES, 'correct', 'mlp.py'), 'utf8');

describe('torch tensors read as NumPy', () => {
  it('checks every gradient line of a hand-written torch MLP', () => {
    const { result, status } = analyze(MLP, path.join(FIXTURES, 'correct', 'mlp.py'));
    assert.deepEqual(result.findings, []);
    for (const line of ['grad_w2 = torch.mm(h.T, grad_logits) / n', 'grad_b2 = torch.sum(grad_logits, dim=0) / n', 'grad_h = torch.mm(grad_logits, self.w2.t())', 'grad_a = grad_h * (1 - h ** 2)', 'grad_w1 = torch.mm(x.T, grad_a) / n', 'grad_b1 = grad_a.sum(dim=0) / n']) {
      assert.equal(status(line), 'verified', line);
    }
  });

  it('reads a snippet that uses torch without importing it (a class pasted from a notebook): checked, and the planted bug found', () => {
    const snippet = MLP.replace(/^import torch\n/m, '');
    assert.ok(!snippet.includes('import torch'));
    const { result, status } = analyze(snippet);
    assert.deepEqual(result.findings, []);
    assert.equal(status('grad_w1 = torch.mm(x.T, grad_a) / n'), 'verified');
    const post = analyze(snippet.replace('grad_w1 = torch.mm(x.T, grad_a) / n', 'grad_w1 = torch.mm(x.T, grad_h) / n'));
    assert.deepEqual(post.codes, ['39 gradient-mismatch']);
  });

  it('finds the hidden weights\' gradient taken from the post-activation gradient, and a dropped transpose in torch.mm\'s spelling', () => {
    const post = analyze(MLP.replace('grad_w1 = torch.mm(x.T, grad_a) / n', 'grad_w1 = torch.mm(x.T, grad_h) / n'));
    assert.deepEqual(post.codes, ['40 gradient-mismatch']);
    const t = analyze(MLP.replace('grad_w2 = torch.mm(h.T, grad_logits) / n', 'grad_w2 = torch.mm(h, grad_logits) / n'));
    assert.deepEqual(t.codes, ['36 missing-transpose']);
    assert.match(t.result.findings[0].message, /^torch\.mm: \(32, n_h\) · \(32, n_out\)/);
  });

  it('verifies gradients through torch.sigmoid, F.relu, torch.cat, F.softmax, .view, .size(i) and .t(), and finds a wrong sigmoid derivative', () => {
    const ok = analyze(CLASSIFIER);
    assert.deepEqual(ok.result.findings, []);
    for (const line of ['dw2 = h.t().mm(dscores)', 'dh = dscores.mm(w2.t()) * (h > 0).float()', 'dz1 = da1 * a1 * (1 - a1) + dh[:, w1.size(1):]', 'dw1 = x.t().mm(dz1)', 'db1 = dz1.sum(dim=0)']) {
      assert.equal(ok.status(line), 'verified', line);
    }
    const bad = analyze(CLASSIFIER.replace('dz1 = da1 * a1 * (1 - a1)', 'dz1 = da1 * (1 - a1)'));
    assert.deepEqual(bad.codes, ['19 wrong-activation-derivative']);
  });

  it('reads `import torch as T`, `from torch import ...`, F.softmax and tensor methods as NumPy', () => {
    const { shape, result } = analyze(`
import torch as T
import torch.nn.functional as F
from torch import mm, tanh, cat, stack


def f(n, d, h):
    x = T.randn(n, d)
    w = T.rand((d, h)).double()
    z = tanh(mm(x, w))
    p = F.softmax(z, dim=1)
    q = F.relu(z) + T.sigmoid(z) + z.clamp(min=0) + T.clamp(z, min=-1.0, max=1.0)
    s = T.sum(p, dim=1, keepdim=True)
    m = p.mean(dim=(0, 1))
    v = z.view(-1)
    r = z.reshape(h, n)
    k = z.size(1)
    u = z.unsqueeze(0)
    sq = u.squeeze(0)
    c = cat([z, z], dim=1)
    st = stack([z, z])
    vals, idx = z.max(dim=1)
    am = T.argmax(z, dim=1)
    onehot = T.eye(h)[am]
    tt = z.t()
    e = T.full((n, h), 0.5) + T.zeros_like(z) + T.ones(n, h) + T.empty(n, h)
    b = T.bmm(T.randn(4, n, d), T.randn(4, d, h))
    y = T.tensor([[1.0, 2.0], [3.0, 4.0]]).float().clone().detach()
    return p, q, s, m, v, r, k, sq, c, st, vals, idx, onehot, tt, e, b, y
`);
    assert.deepEqual(result.findings, []);
    assert.equal(shape('x'), '(n, d)');
    assert.equal(shape('w'), '(d, h)');
    assert.equal(shape('z'), '(n, h)');
    assert.equal(shape('p'), '(n, h)');
    assert.equal(shape('q'), '(n, h)');
    assert.equal(shape('s'), '(n, 1)');
    assert.equal(shape('m'), '()');
    assert.equal(shape('r'), '(h, n)');
    assert.equal(shape('u'), '(1, n, h)');
    assert.equal(shape('sq'), '(n, h)');
    assert.equal(shape('st'), '(2, n, h)');
    assert.equal(shape('vals'), '(n,)');
    assert.equal(shape('idx'), '(n,)');
    assert.equal(shape('onehot'), '(n, h)');
    assert.equal(shape('tt'), '(h, n)');
    assert.equal(shape('e'), '(n, h)');
    assert.equal(shape('b'), '(4, n, h)');
    assert.equal(shape('y'), '(2, 2)');
  });

  it('reports a torch.mm whose inner sizes differ, in the code\'s spelling', () => {
    const { codes, result } = analyze(`
import torch


def f(n, d, h):
    x = torch.randn(n, d)
    w = torch.randn(h, d)
    return torch.mm(x, w)
`);
    assert.deepEqual(codes, ['8 missing-transpose']);
    assert.match(result.findings[0].message, /^torch\.mm: \(n, d\) · \(h, d\)/);
  });

  it('says nothing about torch it does not model: nn.Module, autograd, optimizers', () => {
    const { result } = analyze(`
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 3)

    def forward(self, x):
        return torch.relu(self.fc(x))


net = Net()
opt = torch.optim.SGD(net.parameters(), lr=0.1)
x = torch.randn(8, 10)
w = torch.randn(10, 3, requires_grad=True)
loss = (net(x) - x.mm(w)).pow(2).mean()
loss.backward()
dw = w.grad
opt.step()
`);
    assert.deepEqual(result.findings, []);
  });

  it('keeps NumPy\'s meaning of x.max(1) outside a torch file', () => {
    const { shape } = analyze(`
import numpy as np


def f(n, h):
    z = np.random.randn(n, h)
    m = z.max(1)
    return m
`);
    assert.equal(shape('m'), '(n,)');
  });
});
