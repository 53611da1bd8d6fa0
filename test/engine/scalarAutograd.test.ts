// Scalar autograd engines (engine/verify/scalarAutograd.ts): micrograd-style operator methods whose
// closures add each input's share of the gradient, checked against central differences of their results.

import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../engine/analyze';
import { parsePython } from '../../engine/syntax/python/parse';
import { scalarOps } from '../../engine/verify/scalarAutograd';
import { NO_WALL_CLOCK } from './budget';

const VALUE = (mulSelf: string, powSelf: string) => `import math

class Value:
    def __init__(self, data, _children=(), _op=''):
        self.data = data
        self.grad = 0
        self._backward = lambda: None
        self._prev = set(_children)

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), '*')
        def _backward():
            ${mulSelf}
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        assert isinstance(k, (int, float))
        out = Value(self.data ** k, (self,), '**')
        def _backward():
            ${powSelf}
        out._backward = _backward
        return out

    def __truediv__(self, other):
        return self * other ** -1
`;

const RIGHT_MUL = 'self.grad += other.data * out.grad';
const RIGHT_POW = 'self.grad += k * self.data ** (k - 1) * out.grad';

function findings(text: string): string[] {
  return analyzeDocument({ kind: 'python', path: 'engine.py', text }, { ...NO_WALL_CLOCK }).findings.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

describe('scalar autograd engines', () => {
  it('finds the operators that make an output node with a closure, and which inputs each closure writes', () => {
    const ops = scalarOps(parsePython(VALUE(RIGHT_MUL, RIGHT_POW)).body);
    assert.deepEqual(ops.map((o) => `${o.def.name}: ${[...o.writes.keys()].join(' ')}`), ['__mul__: self other', '__pow__: self']);
  });

  it('is silent on right closures, and an exponent the closure never writes is a plain number', () => {
    assert.deepEqual(findings(VALUE(RIGHT_MUL, RIGHT_POW)), []);
  });

  it("finds a closure whose share disagrees with its result's derivative", () => {
    assert.deepEqual(findings(VALUE('self.grad += self.data * out.grad', RIGHT_POW)), ['14 gradient-mismatch']);
    assert.deepEqual(findings(VALUE(RIGHT_MUL, 'self.grad += self.data ** (k - 1) * out.grad')), ['23 gradient-mismatch']);
  });

  it('finds a closure that replaces the gradient instead of adding to it', () => {
    const text = VALUE('self.grad = other.data * out.grad', RIGHT_POW);
    const r = analyzeDocument({ kind: 'python', path: 'engine.py', text }, { ...NO_WALL_CLOCK });
    assert.deepEqual(r.findings.map((f) => `${f.range.start.line + 1} ${f.code}`), ['14 gradient-mismatch']);
    assert.match(r.findings[0].message, /replaced where it must be added to/);
  });

  it('reads a JavaScript engine the same way and names its inputs as it does (this.grad)', () => {
    const js = (share: string) => `class Value {
  constructor(data, children = []) {
    this.data = data;
    this.grad = 0;
    this._prev = children;
  }

  tanh() {
    const t = Math.tanh(this.data);
    const out = new Value(t, [this]);
    out._backward = () => {
      this.grad += ${share} * out.grad;
    };
    return out;
  }
}
`;
    const run = (text: string) => analyzeDocument({ kind: 'typescript', language: 'javascript', path: 'value.js', text }, { ...NO_WALL_CLOCK }).findings;
    assert.deepEqual(run(js('(1 - t * t)')), []);
    const wrong = run(js('(1 - t)'));
    assert.deepEqual(wrong.map((f) => `${f.range.start.line + 1} ${f.code}`), ['12 gradient-mismatch']);
    assert.match(wrong[0].message, /^this\.grad disagrees with the derivative of tanh's result with respect to this\.data/);
  });

  it("checks a tensor engine's operators on matrices, where a missing transpose shows", () => {
    const tensor = (share: string) => `import numpy as np

class Tensor:
    def __init__(self, data, _children=()):
        self.data = np.array(data, dtype=float)
        self.grad = np.zeros_like(self.data)
        self._prev = set(_children)

    def __matmul__(self, other):
        out = Tensor(self.data @ other.data, (self, other))
        def _backward():
            self.grad += ${share}
            other.grad += self.data.T @ out.grad
        out._backward = _backward
        return out
`;
    assert.deepEqual(findings(tensor('out.grad @ other.data.T')), []);
    // On numbers (the first shape tried) the transpose changes nothing; on 2 × 2 matrices it does.
    assert.deepEqual(findings(tensor('out.grad @ other.data')), ['12 gradient-mismatch']);
  });

  it('an engine that only differentiates nodes asked for (requires_grad) is asked: no false disagreement', () => {
    const gated = (share: string) => `class Node:
    def __init__(self, data, parents=(), requires_grad=False):
        self.data = data
        self.grad = 0.0
        self.requires_grad = requires_grad
        self.parents = parents

    def __mul__(self, other):
        out = Node(self.data * other.data, (self, other), self.requires_grad or other.requires_grad)
        def backward():
            if self.requires_grad:
                self.grad += ${share}
            if other.requires_grad:
                other.grad += self.data * out.grad
        out.backward_fn = backward
        return out
`;
    // Before: the inputs were made with requires_grad=False, the closure added nothing, and a right engine was "wrong".
    assert.deepEqual(findings(gated('other.data * out.grad')), []);
    assert.deepEqual(findings(gated('self.data * out.grad')), ['12 gradient-mismatch']);
  });

  it('a class whose methods attach no closure to a node of its own class is not an engine', () => {
    assert.deepEqual(scalarOps(parsePython(`class Layer:
    def forward(self, x):
        out = Other(x)
        def hook():
            self.grad = 1
        out._backward = hook
        return out
`).body), []);
  });
});
