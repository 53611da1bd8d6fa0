// The CLI as a user runs it: a separate process, its output and exit status.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { BUGGY, ROOT, runCli as run } from './helpers';

describe('backprop-lint CLI', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'run `npm run build` first');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-cli-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints findings as path:line:col: severity[code] message and exits 1', () => {
    const file = path.join(dir, 'buggy.py');
    fs.writeFileSync(file, BUGGY);
    const r = run(['check', file]);
    assert.equal(r.code, 1, r.err);
    assert.ok(r.out.includes(`${file}:9:20: error[missing-transpose] np.dot: (n_h, m) · (n_x, m): inner dimensions m and n_x differ`), r.out);
    assert.match(r.out, /1 problem \(1 error, 0 warnings\) in 1 of 1 file\./);
  });

  it('exits 0 on a clean folder and says so', () => {
    const clean = path.join(dir, 'clean');
    fs.mkdirSync(clean);
    fs.writeFileSync(path.join(clean, 'ok.py'), BUGGY.replace('np.dot(dZ1, X)', 'np.dot(dZ1, X.T)'));
    const r = run(['check', clean]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /No problems found in 1 file\./);
  });

  it('prints JSON with 1-based positions and fixes', () => {
    const file = path.join(dir, 'json.py');
    fs.writeFileSync(file, BUGGY);
    const r = run(['check', '--format', 'json', file]);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    const d = j.files[0].diagnostics[0];
    assert.equal(d.code, 'missing-transpose');
    assert.deepEqual([d.line, d.column, d.endLine, d.endColumn], [9, 20, 9, 34]);
    assert.deepEqual(d.fixes[0].edits[0], { line: 9, column: 33, endLine: 9, endColumn: 33, newText: '.T' });
  });

  it('--fix applies certain fixes, says what changed, and the file then checks clean', () => {
    const file = path.join(dir, 'fix.py');
    fs.writeFileSync(file, BUGGY.replace('np.sum(dZ1, axis=1)', 'np.sum(dZ1, axis=1, keepdims=True)'));
    const r = run(['check', '--fix', file]);
    assert.match(r.out, /fixed .*fix\.py:9:20 \[missing-transpose\] Transpose X \(X\.T\)/);
    assert.ok(fs.readFileSync(file, 'utf8').includes('np.dot(dZ1, X.T)'));
    assert.equal(run(['check', file]).code, 0);
  });

  it('reports notebook findings by cell, numbered as Jupyter and ruff number them (markdown cells counted)', () => {
    const file = path.join(dir, 'nb.ipynb');
    const cells = [
      { cell_type: 'markdown', metadata: {}, source: ['# Title'] },
      { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: ['import numpy as np\n', 'n_x, n_h, m = 3, 4, 5\n', 'X = np.random.randn(n_x, m)\n'] },
      { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: ['%matplotlib inline\n', 'W1 = np.random.randn(n_h, n_x)\n', 'Z1 = np.dot(W1, X.T)\n'] },
    ];
    fs.writeFileSync(file, JSON.stringify({ cells, metadata: { kernelspec: { language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 }));
    const r = run(['check', '--format', 'json', file]);
    assert.equal(r.code, 1, r.err);
    const d = JSON.parse(r.out).files[0].diagnostics[0];
    assert.equal(d.code, 'missing-transpose');
    // The third cell of the notebook (the markdown title is the first), its third line.
    assert.equal(d.cell, 3);
    assert.equal(d.line, 3);
    const text = run(['check', file]);
    assert.ok(text.out.includes(`${file}:cell 3:3:`), text.out);
  });

  it('prints every assignment with its shape', () => {
    const file = path.join(dir, 'shapes.py');
    fs.writeFileSync(file, BUGGY.replace('np.dot(dZ1, X)', 'np.dot(dZ1, X.T)'));
    const r = run(['shapes', file]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^9: dW1 = 1\. \/ m \* np\.dot\(dZ1, X\.T\)  \(n_h, n_x\)$/m);
    assert.match(r.out, /^10: db1 = 1\. \/ m \* np\.sum\(dZ1, axis=1\)  \(n_h,\)$/m);
  });

  it('exits 2 with a reason on usage and read errors', () => {
    const r1 = run(['frobnicate']);
    assert.equal(r1.code, 2);
    assert.match(r1.err, /unknown command 'frobnicate'/);
    const r2 = run(['check', path.join(dir, 'does-not-exist.py')]);
    assert.equal(r2.code, 2);
    assert.match(r2.err, /no such file or folder/);
    const bad = path.join(dir, 'bad.ipynb');
    fs.writeFileSync(bad, '{not json');
    const r3 = run(['check', bad]);
    assert.equal(r3.code, 2);
    assert.match(r3.out, /bad\.ipynb: not analysed: not a notebook: invalid JSON/);
    assert.match(r3.out, /No problems found in 0 files; 1 file not analysed\./);
  });

  describe('gradient verification', () => {
    const planar = path.join(ROOT, 'test', 'fixtures', 'python', 'planar', 'correct', 'planar.py');
    const bugDir = path.join(ROOT, 'test', 'fixtures', 'gradients', 'planar', 'bugs');

    it('explain FILE:LINE prints the derivation of that gradient line and exits 0 when it is right', () => {
      const line = fs.readFileSync(planar, 'utf8').split('\n').findIndex((l) => l.includes('dZ1 = np.dot(W2.T, dZ2)')) + 1;
      const r = run(['explain', `${planar}:${line}`]);
      assert.equal(r.code, 0, r.err);
      assert.ok(r.out.startsWith(`${planar}:${line}: dZ1\n`), r.out);
      assert.ok(r.out.includes('dZ1 = (W2ᵀ · dZ2) ⊙ tanh′(Z1)'), r.out);
      assert.match(r.out, /verdict: matches the derivative of the forward pass/);
    });

    it('explain exits 1 on a wrong line and gives the expected expression; 2 off any gradient line', () => {
      const file = path.join(bugDir, 'dZ1_sigmoid_derivative_for_tanh.py');
      const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('dZ1 = np.dot(W2.T, dZ2) * (A1 * (1 - A1))')) + 1;
      const r = run(['explain', `${file}:${line}`]);
      assert.equal(r.code, 1, r.err);
      assert.ok(r.out.includes('expected dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))'), r.out);
      const off = run(['explain', `${planar}:1`]);
      assert.equal(off.code, 2);
      assert.match(off.err, /no gradient line the engine could check at .*planar\.py:1 \(checked gradient lines: \d+/);
    });

    it('check reports a missing 1/m and --fix inserts it, after which the file verifies clean', () => {
      const file = path.join(dir, 'dW1_missing_batch_mean.py');
      fs.copyFileSync(path.join(bugDir, 'dW1_missing_batch_mean.py'), file);
      fs.copyFileSync(path.join(bugDir, 'planar_utils.py'), path.join(dir, 'planar_utils.py'));
      const r = run(['check', file]);
      assert.equal(r.code, 1, r.err);
      assert.match(r.out, /dW1_missing_batch_mean\.py:\d+:\d+: error\[missing-batch-mean\] dW1 is m times too large/);
      const f = run(['check', '--fix', file]);
      assert.match(f.out, /fixed .*\[missing-batch-mean\] Divide by m/);
      assert.ok(fs.readFileSync(file, 'utf8').includes('dW1 = 1 / m * np.dot(dZ1, X.T)'));
      assert.equal(run(['check', file]).code, 0);
    });
  });
});
