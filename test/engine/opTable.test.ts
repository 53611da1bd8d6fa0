// The op table seen from whole programs: the ops issue 12 added reach the shape analysis, and an op
// with no derivative rule leaves a gradient through it unchecked (silent), never counted as zero.

import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

function check(src: string) {
  const text = src.replace(/^\n/, '');
  return analyzeDocument({ kind: 'python', path: 'ops.py', text }, { ...NO_WALL_CLOCK });
}
function shapeOf(src: string, target: string): string | undefined {
  return check(src).shapes.filter((s) => s.target === target).pop()?.shape;
}

const DOC = `
import numpy as np

def f(x, y, b):
    """
    x -- inputs of shape (n, k)
    y -- weights of shape (n, k)
    b -- a bias of shape (n, 1)
    """
`;

describe('op table in programs', () => {
  it('np.size(a) is how many numbers a holds: a gradient divided by it is checked, a missing division found', () => {
    const src = (dz: string) => `
import numpy as np
x = np.random.randn(5, 3)
w = np.random.randn(3, 2)
z = x @ w
loss = np.sum(z ** 2) / np.size(z)
dz = ${dz}
dw = x.T @ dz
`;
    assert.equal(shapeOf(src('2 * z / np.size(z)'), 'dz'), '(5, 2)');
    assert.deepEqual(check(src('2 * z / np.size(z)')).findings.map((f) => f.code), []);
    assert.deepEqual(check(src('2 * z')).findings.map((f) => f.code), ['wrong-scale']);
  });

  it('np.reshape of a nested list is the array it makes, in the new shape (XOR data as column vectors)', () => {
    const src = `
import numpy as np
X = np.reshape([[0, 0], [0, 1], [1, 0], [1, 1]], (4, 2, 1))
for x in X:
    first = x
`;
    assert.equal(shapeOf(src, 'X'), '(4, 2, 1)');
    assert.equal(shapeOf(src, 'first'), '(2, 1)');
  });

  it('np.nanmean, np.var, x.std and np.broadcast_to have shape rules (axis, keepdims)', () => {
    const src = DOC + `
    a = np.nanmean(x, axis=0)
    v = np.var(x, axis=1, keepdims=True)
    s = x.std(axis=0, keepdims=True)
    p = np.prod(x, axis=1)
    B = np.broadcast_to(b, x.shape)
    return a
`;
    assert.equal(shapeOf(src, 'a'), '(k,)');
    assert.equal(shapeOf(src, 'v'), '(n, 1)');
    assert.equal(shapeOf(src, 's'), '(1, k)');
    assert.equal(shapeOf(src, 'p'), '(n,)');
    assert.equal(shapeOf(src, 'B'), '(n, k)');
  });

  it('np.broadcast_to to a shape whose sizes differ is a shape-mismatch; to one it broadcasts to, nothing', () => {
    const src = (shape: string) => `
import numpy as np
b = np.zeros((2, 1))
B = np.broadcast_to(b, ${shape})
`;
    assert.deepEqual(check(src('(3, 4)')).findings.map((f) => `${f.range.start.line + 1}:${f.code}`), ['3:shape-mismatch']);
    assert.match(check(src('(3, 4)')).findings[0].message, /\(2, 1\) does not broadcast to \(3, 4\): 2 and 3 differ/);
    assert.deepEqual(check(src('(2, 4)')).findings, []);
    assert.deepEqual(check(src('(5, 2, 7)')).findings, []);
  });

  it('a gradient through np.prod is checked: the right one is silent, a wrong one is found', () => {
    const right = DOC + `
    p = np.prod(x, axis=1, keepdims=True)
    loss = np.sum(x * y) + np.sum(p)
    dx = y + p / x
    return loss, dx
`;
    assert.deepEqual(check(right).findings.map((f) => f.code), []);
    assert.equal(check(right).derivations?.find((d) => d.gradient === 'dx')?.status, 'verified');
    const wrong = right.replace('dx = y + p / x', 'dx = y + p * x');
    assert.deepEqual(check(wrong).findings.map((f) => f.code), ['gradient-mismatch']);
  });

  it('a gradient through an op with no derivative rule (%) is unchecked and silent, even when it is wrong', () => {
    // d(x % 1.5)/dx is 1, so dx = y is wrong; the remainder has no rule, so nothing may be said.
    const src = DOC + `
    r = x % 1.5
    loss = np.sum(x * y) + np.sum(r)
    dx = y
    return loss, dx
`;
    const r = check(src);
    assert.deepEqual(r.findings.map((f) => f.code), []);
    assert.notEqual(r.derivations?.find((d) => d.gradient === 'dx')?.status, 'verified');
  });
});
