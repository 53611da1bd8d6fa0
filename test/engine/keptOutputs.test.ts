// Layers that keep their results on the object (forward sets self.output and returns nothing; nnfs's
// classes): each is checked as a unit with that attribute as its output (verify.ts keptOutput), and a
// softmax's backward written with np.diagflat runs (ops/linalg.ts diag).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

const file = path.join(__dirname, '../fixtures/python/kept_outputs/correct/layer_classes.py');
const text = fs.readFileSync(file, 'utf8');

describe('layers that keep their output on the object', () => {
  it('checks every layer as a unit: Dense, ReLU and the softmax Jacobian', () => {
    const r = analyzeDocument({ kind: 'python', path: file, text }, { ...NO_WALL_CLOCK, derivations: true });
    assert.deepEqual(r.findings, []);
    const lines = text.split('\n');
    const verified = new Set((r.derivations ?? []).filter((d) => d.status === 'verified').map((d) => lines[d.range.start.line].trim()));
    for (const line of [
      'self.dweights = np.dot(self.inputs.T, dvalues)',
      'self.dbiases = np.sum(dvalues, axis=0, keepdims=True)',
      'self.dinputs = np.dot(dvalues, self.weights.T)',
      'self.dinputs[self.inputs <= 0] = 0',
      'self.dinputs[index] = np.dot(jacobian, single_dvalues)',
    ]) assert.ok(verified.has(line), `${line} is not verified: ${[...verified].join(' | ')}`);
  });

  it('takes no stored input for the output: a forward pass that ends by keeping its input draws nothing', () => {
    // Taken for the output, self.x (the input) made the correct backward pass fail on shapes: a false finding.
    const layer = `import numpy as np


class Dense:
    def __init__(self, n_in, n_out):
        self.W = np.random.randn(n_in, n_out) * 0.1

    def forward(self, x):
        self.out = x.dot(self.W)
        self.x = x

    def backward(self, dout):
        self.dW = self.x.T.dot(dout)
        self.dx = dout.dot(self.W.T)
`;
    assert.deepEqual(analyzeDocument({ kind: 'python', path: 'dense.py', text: layer }, { ...NO_WALL_CLOCK }).findings, []);
  });
});
