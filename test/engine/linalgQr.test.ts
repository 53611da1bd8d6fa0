// np.linalg.qr in the concrete evaluator (concrete/numpyCalls.ts): an orthogonal initialiser's
// decomposition, reduced, with Q's columns orthonormal and Q R the matrix it was given.

import { strict as assert } from 'node:assert';
import { parsePython } from '../../engine/syntax/python/parse';
import { Evaluator } from '../../engine/concrete/evaluator';
import type { CValue } from '../../engine/concrete/values';
import { LineIndex } from '../../engine/syntax/lineIndex';

function run(text: string): Evaluator {
  const module = parsePython(text);
  assert.deepEqual(module.errors, []);
  const unit = { file: '', text, module, lines: new LineIndex(text) };
  const ev = new Evaluator({ loadUnit: (n) => (n === '' ? unit : undefined), seed: 3, maxSteps: 10_000 });
  ev.runModule(unit);
  return ev;
}

const matrix = (v: CValue | undefined): number[][] => {
  assert.ok(v?.t === 'arr' && v.a.ndim === 2);
  const [r, c] = v.a.shape;
  return Array.from({ length: r }, (_, i) => Array.from(v.a.data.slice(i * c, i * c + c)));
};

describe('np.linalg.qr', () => {
  for (const [m, n] of [[5, 3], [3, 5], [4, 4]]) {
    it(`a ${m} x ${n} matrix: Q (${m}, ${Math.min(m, n)}) with orthonormal columns, R upper triangular, Q R = A`, () => {
      const ev = run(`import numpy as np\nA = np.random.randn(${m}, ${n})\nQ, R = np.linalg.qr(A)\n`);
      const a = matrix(ev.moduleValue('', 'A'));
      const q = matrix(ev.moduleValue('', 'Q'));
      const r = matrix(ev.moduleValue('', 'R'));
      const k = Math.min(m, n);
      assert.equal(q.length, m);
      assert.equal(q[0].length, k);
      assert.equal(r.length, k);
      assert.equal(r[0].length, n);
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          const dot = q.reduce((s, row) => s + row[i] * row[j], 0);
          assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-12, `QᵀQ[${i}][${j}] = ${dot}`);
        }
        for (let j = 0; j < i; j++) assert.equal(r[i][j], 0);
      }
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const qr = q[i].reduce((s, x, c) => s + x * r[c][j], 0);
          assert.ok(Math.abs(qr - a[i][j]) < 1e-12, `(QR)[${i}][${j}] = ${qr}, A = ${a[i][j]}`);
        }
      }
    });
  }
});
