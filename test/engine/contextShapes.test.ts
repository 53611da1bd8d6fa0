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
