// Messages as the CLI prints them: operators named, a driver's sizes shown by the code's names,
// notebook locations counted as Jupyter and ruff count cells (messages, explain's argument, JSON), and
// explain's header on a wrong gradient.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, runCli as run } from './helpers';

const EXAMPLES = path.join(ROOT, 'examples');

describe('backprop-lint CLI messages and locations', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'run `npm run build` first');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-messages-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names an elementwise operator instead of starting the message with "-:"', () => {
    const r = run(['check', 'examples/cs231n_layers.py']);
    assert.match(r.out, /cs231n_layers\.py:159:29: error\[shape-mismatch\] subtraction \(-\): \(N, C\) and \(N,\) do not broadcast: C and N differ/);
    assert.doesNotMatch(r.out, /\] -: /);
  });

  it('shows the code\'s names, not a driver\'s sizes, where the code names a size', () => {
    const file = path.join(dir, 'driver.py');
    fs.writeFileSync(
      file,
      'import numpy as np\n\ndef backward(X, dZ1):\n    """\n    X -- input data of size (n_x, m)\n    dZ1 -- gradient of shape (n_h, m)\n    """\n' +
        '    m = X.shape[1]\n    dW1 = 1. / m * np.dot(dZ1, X)\n    return dW1\n\nX = np.random.randn(2, 400)\ndZ1 = np.random.randn(4, 400)\ndW1 = backward(X, dZ1)\n',
    );
    const r = run(['check', file]);
    assert.ok(r.out.includes(`${file}:9:20: error[missing-transpose] np.dot: (n_h, m) · (n_x, m): inner dimensions m and n_x differ`), r.out);
  });

  it('explain on a gradient missing its 1/m says what it should be and what the line computes', () => {
    const r = run(['explain', 'examples/planar_gradients_buggy.py:176']);
    assert.equal(r.code, 1, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines[1], 'dW2 should be ∂J/∂W2 (the line as written computes m × ∂J/∂W2), shape (n_y, n_h)');
    assert.equal(lines[3], '  dW2 = 1/m dZ2 · A1ᵀ');
    assert.doesNotMatch(lines[1], /per example/);
  });

  describe('a notebook', () => {
    let nb: string;
    before(() => {
      // examples/planar_gradients_buggy.py in three code cells, each after a markdown cell:
      // lines 1–78 are cell 2, lines 79–145 cell 4, lines 146– cell 6.
      const lines = fs.readFileSync(path.join(EXAMPLES, 'planar_gradients_buggy.py'), 'utf8').split('\n');
      const code = (from: number, to: number) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: lines.slice(from - 1, to).map((l) => l + '\n') });
      const md = (t: string) => ({ cell_type: 'markdown', metadata: {}, source: [t] });
      const cells = [md('# Setup'), code(1, 78), md('## Forward'), code(79, 145), md('## Backward'), code(146, lines.length)];
      nb = path.join(dir, 'planar.ipynb');
      fs.writeFileSync(nb, JSON.stringify({ cells, metadata: { kernelspec: { language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 }));
      fs.copyFileSync(path.join(EXAMPLES, 'planar_utils.py'), path.join(dir, 'planar_utils.py'));
    });

    it('locates findings and cites lines by the cell\'s place among all cells, as ruff does', () => {
      const r = run(['check', nb]);
      assert.equal(r.code, 1, r.out + r.err);
      // File line 176 (dW2) is line 31 of cell 6; line 178 (dZ1) is line 33; A1 = np.tanh(Z1) (file line 100) is cell 4, line 22.
      assert.ok(r.out.includes(`${nb}:cell 6:31:5: error[missing-batch-mean] dW2 is m times too large`), r.out);
      assert.ok(r.out.includes(`${nb}:cell 6:33:5: error[wrong-activation-derivative] dZ1 uses the wrong activation derivative: A1 = np.tanh(Z1) (cell 4, line 22) needs`), r.out);
      const json = JSON.parse(run(['check', '--format', 'json', nb]).out);
      assert.deepEqual(json.files[0].diagnostics.map((d: { cell: number; line: number }) => [d.cell, d.line]), [[6, 31], [6, 33]]);
    });

    it('explain takes the same cell numbers: FILE:cell N:LINE or FILE:N:LINE', () => {
      for (const arg of [`${nb}:cell 6:31`, `${nb}:6:31`]) {
        const r = run(['explain', arg]);
        assert.equal(r.code, 1, r.err);
        assert.ok(r.out.startsWith(`${nb}:cell 6:31: dW2\n`), r.out);
      }
      const md = run(['explain', `${nb}:5:1`]);
      assert.equal(md.code, 2);
      assert.match(md.err, /cell 5 is not a code cell/);
      const json = JSON.parse(run(['explain', '--format', 'json', `${nb}:cell 6:31`]).out);
      assert.equal(json.derivations[0].cell, 6);
      assert.equal(json.derivations[0].line, 31);
    });
  });
});
