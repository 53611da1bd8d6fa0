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
});
