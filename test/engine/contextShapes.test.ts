// A line that runs in several contexts with different sizes (one layer class, two instances) shows its
// shape in the class's names, not one instance's numbers under another instance's labels.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

const FILE = path.join(__dirname, '..', 'fixtures', 'gradients', 'layer_instances', 'correct', 'two_dense.py');

function shapeAt(text: string, lineText: string): string | undefined {
  const line = text.split('\n').findIndex((l) => l.trim() === lineText);
  assert.ok(line >= 0, lineText);
  const r = analyzeDocument({ kind: 'python', path: FILE, text }, { ...NO_WALL_CLOCK });
  return r.shapes.find((s) => s.range.start.line === line)?.shape;
}

describe('shapes of lines run in contexts of different sizes', () => {
  const text = fs.readFileSync(FILE, 'utf8');

  it('a layer class used for a (3, 16) and a (16, 2) layer: dW is (n_in, n_out) (it was (n_out, n_out): 16 labelled n_out by the first layer)', () => {
    assert.equal(shapeAt(text, 'self.dW = self.x.T @ grad'), '(n_in, n_out)');
    assert.equal(shapeAt(text, 'self.db = grad.sum(axis=0, keepdims=True)'), '(1, n_out)');
  });
});

describe('shapes in a function whose code contradicts itself', () => {
  const PLANAR = path.join(__dirname, '..', '..', 'examples', 'planar_classifier_buggy.py');
  const text = fs.readFileSync(PLANAR, 'utf8');

  it("shows the function's own view, not a caller's that made X square to fit the missing transpose", () => {
    // backward_propagation's `dW1 = 1 / m * np.dot(dZ1, X)` is a finding; nn_model's call of it merged m
    // with n_x, and A1 and dZ1 were shown as (n_h, n_x).
    assert.match(text, /dW1 = 1 \/ m \* np\.dot\(dZ1, X\)\n/);
    // Its helper module beside it (planar_utils.py) is read, as the CLI and the editor read it.
    const readModule = (name: string) => {
      const file = path.join(path.dirname(PLANAR), `${name}.py`);
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    };
    const r = analyzeDocument({ kind: 'python', path: PLANAR, text }, { readModule, ...NO_WALL_CLOCK });
    const lines = text.split('\n');
    const at = (code: string) => r.shapes.find((s) => lines[s.range.start.line].trim() === code && s.range.start.line > lines.findIndex((l) => l.startsWith('def backward_propagation')))?.shape;
    assert.equal(at('A1 = cache["A1"]'), '(n_h, m)');
    assert.equal(at('dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))'), '(n_h, m)');
  });
});
