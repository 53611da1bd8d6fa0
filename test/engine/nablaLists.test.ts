// Lists of per-layer gradients in Nielsen's style (nabla_w[k] for weights[k], nabla_b[k] for biases[k]),
// filled by a backprop(x, y) that runs its own forward pass and starts from the output error.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { isNablaList, partnerOfList } from '../../engine/conventions/gradientNames';
import { NO_WALL_CLOCK } from './budget';

const NET = fs.readFileSync(path.join(__dirname, '../fixtures/python/nabla_lists/correct/layered_net.py'), 'utf8');

function analyze(text: string) {
  const r = analyzeDocument({ kind: 'python', path: 'net.py', text }, { ...NO_WALL_CLOCK });
  return {
    findings: r.findings.map((f) => `${f.range.start.line + 1} ${f.code}`),
    // One derivation per statement: `nabla_w[k] = error @ outs[k].T` writes every layer's item.
    verifiedLines: (r.derivations ?? []).filter((d) => d.status === 'verified').map((d) => d.range.start.line + 1),
  };
}

describe("Nielsen's lists of per-layer gradients", () => {
  it('pairs nabla_w with weights and nabla_b with biases, one example’s delta_nabla_* too', () => {
    assert.equal(partnerOfList('nabla_w'), 'weights');
    assert.equal(partnerOfList('delta_nabla_b'), 'biases');
    assert.equal(isNablaList('nabla_w'), true);
    assert.equal(isNablaList('nabla'), false);
    // A name an object's prototype has is no list of the table's (it was Object's constructor function).
    assert.equal(partnerOfList('nabla_constructor'), 'constructor');
  });

  it("checks each layer's weight gradient against the output error's objective; a right network draws nothing", () => {
    const r = analyze(NET);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.verifiedLines, [33]);
  });

  it("the backward pass's x is the input forward was given, though forward rebinds and returns its own x", () => {
    // Before: backprop(x, y) was handed forward's output as x (forward ends `return x`), and the right
    // network was reported wrong.
    assert.match(NET, /x = np\.tanh\(w @ x \+ b\)\n {8}return x/);
    assert.deepEqual(analyze(NET).findings, []);
  });

  it("finds a hidden error that takes the derivative at the wrong layer", () => {
    const wrong = NET.replace('tanh_prime(pre[k - 1])', 'tanh_prime(pre[k])');
    assert.notEqual(wrong, NET);
    assert.deepEqual(analyze(wrong).findings, ['33 gradient-mismatch']);
  });

  it("a parameter whose default names one of the file's classes (a cost class with static methods) gets that class", () => {
    const withCost = `import numpy as np


class SquaredError:
    @staticmethod
    def output_error(z, a, y):
        return (a - y) * (1.0 - np.tanh(z) ** 2)


class Net:
    def __init__(self, sizes, cost=SquaredError):
        self.cost = cost
        self.weights = [np.random.randn(o, i) for i, o in zip(sizes[:-1], sizes[1:])]
        self.biases = [np.zeros((o, 1)) for o in sizes[1:]]

    def forward(self, a):
        for w, b in zip(self.weights, self.biases):
            a = np.tanh(w @ a + b)
        return a

    def backprop(self, x, y):
        nabla_w = [np.zeros_like(w) for w in self.weights]
        outs, pre = [x], []
        for w, b in zip(self.weights, self.biases):
            pre.append(w @ outs[-1] + b)
            outs.append(np.tanh(pre[-1]))
        error = self.cost.output_error(pre[-1], outs[-1], y)
        for k in range(len(self.weights) - 1, -1, -1):
            nabla_w[k] = error @ outs[k].T
            if k > 0:
                error = (self.weights[k].T @ error) * HIDDEN
        return nabla_w
`;
    // Before: "Net.__init__: nothing is known of cost", and nothing was checked.
    const right = analyze(withCost.replace('HIDDEN', '(1.0 - np.tanh(pre[k - 1]) ** 2)'));
    assert.deepEqual(right.findings, []);
    assert.deepEqual(right.verifiedLines, [29]);
    assert.deepEqual(analyze(withCost.replace('HIDDEN', 'np.tanh(pre[k - 1])')).findings, ['29 gradient-mismatch']);
  });
});
