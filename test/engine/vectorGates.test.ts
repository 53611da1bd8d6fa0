// Gates that work on one example at a time (x a vector) and take the upstream gradient after their inputs
// (`backward(self, W, x, dz)` beside `forward(self, W, x)`): the pair is checked with dz as the upstream
// gradient (verify.ts upstreamAt), and when inputs a product took as matrices make the run fail, a second
// try makes them vectors (verify.ts `vectors`; concretize.ts drops the axes only a product assumed).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

const dir = path.join(__dirname, '../fixtures/python/vector_gates');

describe('gates over one example', () => {
  it('verifies every gate, the outer product of vectors (dz as a row times x) included', () => {
    const file = path.join(dir, 'correct/gates.py');
    const text = fs.readFileSync(file, 'utf8');
    const r = analyzeDocument({ kind: 'python', path: file, text }, { ...NO_WALL_CLOCK, derivations: true });
    assert.deepEqual(r.findings, []);
    const lines = text.split('\n');
    const verified = new Set((r.derivations ?? []).filter((d) => d.status === 'verified').map((d) => lines[d.range.start.line].trim()));
    for (const line of ['dW = np.asarray(np.dot(np.transpose(np.asmatrix(dz)), np.asmatrix(x)))', 'dx = np.dot(np.transpose(W), dz)', 'dx = W.T.dot(dout)']) {
      assert.ok(verified.has(line), `${line} is not verified: ${[...verified].join(' | ')}`);
    }
  });
});
