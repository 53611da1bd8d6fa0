// `backprop-lint graph`: the same graph as the engine's, as JSON, DOT and SVG (through the layout the
// editor's view uses), from a separate process with its exit status.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ComputationGraph } from '../../engine/graph';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'backprop-lint.js');
const PLANAR = path.join(ROOT, 'test', 'fixtures', 'gradients', 'planar', 'correct', 'planar.py');
const TRANSPOSE = path.join(ROOT, 'test', 'fixtures', 'graph', 'planar_missing_transpose.py');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('backprop-lint graph', function () {
  this.timeout(30000);
  before(() => assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'run `npm run build` first'));

  it('--format json: the engine\'s graph, every gradient verified, exit 0', () => {
    const r = run(['graph', '--format', 'json', PLANAR]);
    assert.equal(r.code, 0, r.err);
    const g = JSON.parse(r.out) as ComputationGraph;
    assert.equal(g.unit, '<module>');
    assert.deepEqual(g.gradients.map((x) => `${x.name} ${x.verdict}`).sort(), ['dW1 ok', 'dW2 ok', 'dZ1 ok', 'dZ2 ok', 'db1 ok', 'db2 ok']);
    assert.ok(g.edges.some((e) => e.name === 'Z1' && e.shape === '(n_h, m)'));
  });

  it('--format svg at a line: shapes, badges and the ✗ of a missing transpose; exit 1', () => {
    const line = fs.readFileSync(TRANSPOSE, 'utf8').split('\n').findIndex((l) => l.startsWith('    dW1 = ')) + 1;
    const r = run(['graph', `${TRANSPOSE}:${line}`, '--format=svg']);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(r.out.includes('<style>'), 'a standalone SVG carries its colours');
    assert.ok(r.out.includes('>Z1 (n_h, m)</text>'), 'edge label of Z1');
    assert.ok(r.out.includes('>dW1 ✗</text>'));
    assert.ok(r.out.includes('>dZ1 ✓</text>'));
    assert.match(r.out, /dW1 \(line \d+\): np\.dot: .*expected dW1 = 1 \/ m \* np\.dot\(dZ1, X\.T\)/);
    // Laid out: every node box has a position inside the drawing.
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(r.out)!;
    for (const m of r.out.matchAll(/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)" rx="(?:3|9)"\/>/g)) {
      assert.ok(+m[1] >= 0 && +m[1] + +m[3] <= +w + 1 && +m[2] >= 0 && +m[2] + +m[4] <= +h + 1, m[0]);
    }
  });

  it('--format dot writes Graphviz with the same nodes and edges; --output writes a file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-graph-'));
    try {
      const file = path.join(dir, 'g.dot');
      const r = run(['graph', '--format', 'dot', '--output', file, PLANAR]);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, '');
      const dot = fs.readFileSync(file, 'utf8');
      assert.match(dot, /^digraph "<module>" \{/);
      assert.match(dot, /"n\d+" -> "cost" \[label="A2 \(n_y, m\)"\];/);
      assert.ok(dot.includes('dW1 ✓'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--unit picks a unit by name; an unknown one, a bad format or a missing file exit 2', () => {
    const r = run(['graph', '--format', 'json', '--unit', 'nn_model', PLANAR]);
    assert.equal(r.code, 0, r.err);
    assert.equal((JSON.parse(r.out) as ComputationGraph).unit, 'nn_model');
    const bad = run(['graph', '--unit', 'nope', PLANAR]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /no unit 'nope'.*units: <module>, <module> \(cost 2\), nn_model/);
    assert.equal(run(['graph', '--format', 'png', PLANAR]).code, 2);
    assert.equal(run(['graph', path.join(ROOT, 'nope.py')]).code, 2);
  });
});
