// Custom autograd functions (engine/conventions/autograd.ts): static forward(ctx, ...) and backward(ctx,
// ...) run as a pair on one context object, `ctx.save_for_backward` keeps tensors for `ctx.saved_tensors`,
// the backward's results are the gradients of forward's inputs by position, and a course framework's
// Tensor wrappers (`.data`, `tensor.Tensor(...)`, `unbroadcast`) are unwrapped.

import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';
import { statementShapes } from './statementShapes';
import { parsePython } from '../../engine/syntax/python/parse';
import { isAutogradFunction } from '../../engine/conventions/autograd';
import type { Stmt } from '../../engine/syntax/ast';

function analyze(text: string) {
  const r = analyzeDocument({ kind: 'python', path: 'functions.py', text }, { ...NO_WALL_CLOCK });
  return {
    findings: r.findings.map((f) => `${f.range.start.line + 1} ${f.code}`),
    verified: (r.derivations ?? []).filter((d) => d.status === 'verified').map((d) => d.gradient).sort(),
  };
}

const TORCH_MUL = (gradY: string) => `import torch


class Mul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x * y

    @staticmethod
    def backward(ctx, grad_output):
        x, y = ctx.saved_tensors
        da = grad_output * y
        db = grad_output * ${gradY}
        return da, db
`;

const WRAPPED_ADD_ROW = (gradB: string) => `import numpy as np
from mytorch import tensor
from mytorch.autograd_engine import Function
from mytorch.nn.functional import unbroadcast


class AddRow(Function):
    @staticmethod
    def forward(ctx, a, b):
        """a: (n, d); b: (1, d)"""
        ctx.save_for_backward(a, b)
        return tensor.Tensor(a.data * np.exp(b.data), requires_grad=True)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        grad_a = grad_output.data * np.exp(b.data)
        grad_b = ${gradB}
        return tensor.Tensor(unbroadcast(grad_a, a.shape)), tensor.Tensor(unbroadcast(grad_b, b.shape))
`;

describe('custom autograd functions', () => {
  it("pairs the returned gradients with forward's inputs by position, whatever they are named", () => {
    const ok = analyze(TORCH_MUL('x'));
    assert.deepEqual(ok.findings, []);
    assert.deepEqual(ok.verified, ['da', 'db']);
    // db is the gradient of y (forward's second input): grad_output * y is wrong for it.
    assert.deepEqual(analyze(TORCH_MUL('y')).findings, ['14 gradient-mismatch']);
  });

  it('unwraps a framework\'s tensors and sums a broadcast gradient back to its input\'s shape (unbroadcast)', () => {
    const right = analyze(WRAPPED_ADD_ROW('grad_output.data * a.data * np.exp(b.data)'));
    assert.deepEqual(right.findings, []);
    assert.deepEqual(right.verified, ['grad_a', 'grad_b']);
    assert.deepEqual(analyze(WRAPPED_ADD_ROW('grad_output.data * np.exp(b.data)')).findings, ['18 gradient-mismatch']);
  });

  it('a @staticmethod of an ordinary class takes its first argument as it is, not as self', () => {
    const got = statementShapes(`import numpy as np
class Activation:
    @staticmethod
    def derivative(X):
        """X -- (n_h, m)"""
        D = X.T
        return D
`);
    assert.equal(got.get('D = X.T [D]'), '(m, n_h)');
  });

  it('static forward and backward whose first parameter is not a context are no autograd function', () => {
    const cls = (first: string) => parsePython(`class Layer:
    @staticmethod
    def forward(${first}, w):
        return ${first} @ w

    @staticmethod
    def backward(${first}, dout):
        return dout
`).body[0] as Stmt & { kind: 'class' };
    assert.equal(isAutogradFunction(cls('ctx')), true);
    assert.equal(isAutogradFunction(cls('x')), false);
  });

  it("unbroadcast's result has the shape it is given, not the gradient's (a false update-shape finding otherwise)", () => {
    const got = statementShapes(`import numpy as np
from mytorch.nn.functional import unbroadcast

def bias_grad(g, b):
    """g -- (n, d)
    b -- (1, d)"""
    db = unbroadcast(g, b.shape)
    b = b - 0.1 * db
    return b
`);
    assert.equal(got.get('db = unbroadcast(g, b.shape) [db]'), '(1, d)');
    assert.equal(got.get('b = b - 0.1 * db [b]'), '(1, d)');
  });
});
