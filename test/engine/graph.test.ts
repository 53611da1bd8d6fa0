// The computational graph (engine/graph): nodes, edges with shapes in the code's names, which gradient
// sits on which value, verdicts and chain-rule paths, on the planar assignment and the L-layer network.
// Expected values are written from the assignments' own equations (Z1 = W1·X + b1, A1 = tanh(Z1), …).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { graphOfDocument, type ComputationGraph, type GraphTarget } from '../../engine/graph';
import { moduleReader } from '../../cli/files';
import { NO_WALL_CLOCK } from './budget';
import { texOf } from '../../engine/graph/tex';
import { readNotebook } from '../../engine/syntax/notebook';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

function graphOf(rel: string, target: GraphTarget = {}): { g: ComputationGraph; text: string } {
  const file = path.join(FIXTURES, rel);
  const text = fs.readFileSync(file, 'utf8');
  return { g: graphOfDocument({ kind: 'python', path: file, text }, { readModule: moduleReader(path.dirname(file)), ...NO_WALL_CLOCK }, target), text };
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

/** The node producing the named value (or the leaf of that name). */
function node(g: ComputationGraph, name: string) {
  const n = g.nodes.find((x) => x.name === name);
  assert.ok(n, `no node named ${name} in ${g.nodes.map((x) => x.name ?? x.label).join(', ')}`);
  return n;
}

function edge(g: ComputationGraph, from: string, to: string) {
  const e = g.edges.find((x) => x.from === from && x.to === to);
  assert.ok(e, `no edge ${from} → ${to}`);
  return e;
}

function gradient(g: ComputationGraph, name: string) {
  const gr = g.gradients.find((x) => x.name === name);
  assert.ok(gr, `no gradient ${name}`);
  return gr;
}

describe('computational graph', () => {
  describe('planar assignment (one tanh hidden layer, sigmoid output)', () => {
    const { g, text } = graphOf('gradients/planar/correct/planar.py');

    it('has the forward ops with their kinds, leaves, and the cost', () => {
      assert.equal(g.unit, '<module>');
      for (const p of ['W1', 'b1', 'W2', 'b2']) assert.equal(node(g, p).kind, 'parameter', p);
      for (const d of ['X', 'Y']) assert.equal(node(g, d).kind, 'data', d);
      assert.equal(node(g, 'Z1').kind, 'add');
      assert.match(node(g, 'Z1').label, /broadcast/);
      assert.equal(node(g, 'A1').kind, 'activation');
      assert.equal(node(g, 'A1').label, 'tanh');
      assert.equal(node(g, 'A2').label, 'sigmoid');
      const cost = g.nodes.find((n) => n.kind === 'cost')!;
      assert.equal(cost.label, 'compute_cost');
      assert.equal(cost.range?.start.line, lineOf(text, 'def compute_cost'));
      // Two matrix products, no constants (1, m, 0.5) as nodes.
      assert.equal(g.nodes.filter((n) => n.kind === 'matmul').length, 2);
      assert.equal(g.nodes.length, 13); // 4 parameters, X, Y, 2 products, 2 adds, tanh, sigmoid, the cost
    });

    it('labels every edge with its shape in the code\'s names', () => {
      const z1 = node(g, 'Z1').id;
      const mm1 = edge(g, node(g, 'W1').id, g.edges.find((e) => e.to !== z1 && e.from === node(g, 'W1').id)!.to);
      assert.equal(mm1.shape, '(n_h, n_x)');
      const product = g.nodes.find((n) => n.id === mm1.to)!;
      assert.equal(product.kind, 'matmul');
      assert.equal(edge(g, node(g, 'X').id, product.id).shape, '(n_x, m)');
      assert.equal(edge(g, product.id, z1).shape, '(n_h, m)');
      assert.equal(edge(g, node(g, 'b1').id, z1).shape, '(n_h, 1)');
      const a1 = edge(g, z1, node(g, 'A1').id);
      assert.equal(a1.name, 'Z1');
      assert.equal(a1.shape, '(n_h, m)');
      assert.equal(edge(g, node(g, 'A2').id, 'cost').shape, '(n_y, m)');
    });

    it('puts each gradient line on the value it differentiates, verified, with its path from the cost', () => {
      const expected: [string, string][] = [['dZ2', 'Z2'], ['dW2', 'W2'], ['db2', 'b2'], ['dZ1', 'Z1'], ['dW1', 'W1'], ['db1', 'b1']];
      for (const [gname, value] of expected) {
        const gr = gradient(g, gname);
        assert.equal(gr.node, node(g, value).id, gname);
        assert.equal(gr.verdict, 'ok', gname);
        assert.equal(gr.range?.start.line, lineOf(text, `    ${gname} = `), gname);
        assert.equal(gr.path[0], 'cost');
        assert.equal(gr.path[gr.path.length - 1], node(g, value).id);
      }
      // dZ1's path: cost ← A2 ← Z2 ← W2·A1 ← A1 ← Z1.
      assert.deepEqual(gradient(g, 'dZ1').path.map((id) => g.nodes.find((n) => n.id === id)!.name ?? g.nodes.find((n) => n.id === id)!.kind), ['cost', 'A2', 'Z2', 'matmul', 'A1', 'Z1']);
      assert.ok(gradient(g, 'dZ1').pathEdges.length >= 4);
    });

    it('carries each derivation with the transpose and the 1/m marked in its TeX', () => {
      const d = gradient(g, 'dW1').derivation!;
      assert.ok(d.tex.some((t) => t.includes('\\frac{1}{m}') && t.includes('bp-batch') && t.includes('bp-transpose')), d.tex.join(' | '));
      assert.ok(gradient(g, 'dZ1').derivation!.tex.some((t) => t.includes("\\tanh'(Z_{1})")));
      assert.ok(d.notes.some((n) => n.startsWith('why the transpose')));
    });

    it('offers every unit and picks the one under the cursor', () => {
      assert.ok(g.units.includes('nn_model'));
      const inModel = graphOf('gradients/planar/correct/planar.py', { unit: 'nn_model' }).g;
      assert.equal(inModel.unit, 'nn_model');
      assert.match(inModel.sizes, /m = \d/);
    });
  });

  describe('planted wrong gradients', () => {
    it('a sigmoid derivative for a tanh layer: ✗ on dZ1 with the expected line, dW1 and db1 ✗ as computed from it', () => {
      const { g } = graphOf('gradients/planar/bugs/dZ1_sigmoid_derivative_for_tanh.py');
      const dz1 = gradient(g, 'dZ1');
      assert.equal(dz1.verdict, 'wrong');
      assert.equal(dz1.basis, 'numeric');
      assert.equal(dz1.node, node(g, 'Z1').id);
      assert.equal(dz1.expected, 'dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))');
      assert.match(dz1.reason!, /wrong activation derivative/);
      for (const n of ['dW1', 'db1']) {
        assert.equal(gradient(g, n).verdict, 'wrong');
        assert.match(gradient(g, n).reason!, /computed from dZ1/);
      }
      for (const n of ['dZ2', 'dW2', 'db2']) assert.equal(gradient(g, n).verdict, 'ok', n);
    });

    it('a missing transpose: ✗ on dW1 from the shape checks, with the fixed line; db1 after it not checked', () => {
      const { g, text } = graphOf('graph/planar_missing_transpose.py', { line: lineOf(text0('graph/planar_missing_transpose.py'), '    dW1 = ') });
      const dw1 = gradient(g, 'dW1');
      assert.equal(dw1.verdict, 'wrong');
      assert.equal(dw1.basis, 'shape');
      assert.equal(dw1.node, node(g, 'W1').id);
      // W1 is still a parameter though the run stopped before checking dW1: its gradient line names it.
      assert.equal(node(g, 'W1').kind, 'parameter');
      assert.equal(dw1.expected, 'dW1 = 1 / m * np.dot(dZ1, X.T)');
      assert.match(dw1.reason!, /np\.dot: .* · \(n_x, m\)/);
      assert.equal(dw1.range?.start.line, lineOf(text, '    dW1 = '));
      assert.equal(gradient(g, 'db1').verdict, 'unchecked');
      assert.equal(gradient(g, 'dZ1').verdict, 'ok');
    });
  });

  describe('L-layer network (relu layers in a loop, sigmoid output)', () => {
    const { g, text } = graphOf('gradients/llayer/correct/llayer.py');

    it('draws the three layers, the loop\'s names indexed by layer, shapes from the run where a line served several layers', () => {
      assert.deepEqual(g.nodes.filter((n) => n.kind === 'parameter').map((n) => `${n.label} ${n.shape}`).sort(),
        ['W[1] (4, 5)', 'W[2] (3, 4)', 'W[3] (1, 3)', 'b[1] (4, 1)', 'b[2] (3, 1)', 'b[3] (1, 1)']);
      assert.deepEqual(g.nodes.filter((n) => n.kind === 'activation').map((n) => n.label), ['sigmoid', 'relu', 'relu']);
      assert.equal(g.nodes.filter((n) => n.kind === 'matmul').length, 3);
      assert.equal(node(g, 'X').kind, 'data');
      assert.equal(node(g, 'X').shape, '(n_x, m)');
      // A[2] feeds the third layer's product: (3, m) with m = 6 in the script's own inputs.
      const a2 = edge(g, node(g, 'A[2]').id, g.edges.find((e) => e.from === node(g, 'A[2]').id)!.to);
      assert.equal(a2.shape, '(3, 6)');
    });

    it('puts dW of each layer on that layer\'s W, each on the line of linear_backward', () => {
      const dws = g.gradients.filter((x) => x.name === 'dW');
      assert.equal(dws.length, 3);
      assert.deepEqual(dws.map((x) => g.nodes.find((n) => n.id === x.node)!.label).sort(), ['W[1]', 'W[2]', 'W[3]']);
      for (const x of dws) {
        assert.equal(x.verdict, 'ok');
        assert.equal(x.range?.start.line, lineOf(text, '    dW = '));
      }
      // The first layer's dW goes back through all three layers.
      const first = dws.find((x) => g.nodes.find((n) => n.id === x.node)!.label === 'W[1]')!;
      assert.equal(first.path.filter((id) => g.nodes.find((n) => n.id === id)?.kind === 'matmul').length, 3);
      assert.equal(gradient(g, 'dAL').node, node(g, 'A[3]').id);
    });

    it('a wrong relu mask in the helper module: ✗ on the dZ of the relu layers', () => {
      const bug = graphOf('gradients/llayer/bugs/relu_backward_wrong_mask.py').g;
      // This fixture is the helper module itself; its graph is its own forward/backward pair.
      assert.ok(bug.units.length > 0);
      assert.ok(bug.gradients.some((x) => x.verdict === 'wrong'), JSON.stringify(bug.gradients.map((x) => [x.name, x.verdict])));
    });
  });

  it('a notebook: nodes and gradient lines carry their cell, lines counted inside it', () => {
    const file = path.join(FIXTURES, 'python', 'notebook', 'correct', 'planar_notebook.ipynb');
    const nb = readNotebook(fs.readFileSync(file, 'utf8'));
    assert.ok(!('error' in nb));
    const cells = nb.cells;
    const g = graphOfDocument({ kind: 'notebook', path: file, cells }, { readModule: moduleReader(path.dirname(file)), ...NO_WALL_CLOCK }, { cell: 6, line: 17 });
    const dz1 = gradient(g, 'dZ1');
    assert.equal(dz1.verdict, 'ok');
    assert.ok(dz1.cell !== undefined && dz1.range);
    assert.ok(cells[dz1.cell].split('\n')[dz1.range.start.line].trimStart().startsWith('dZ1 = '), 'the range is inside its cell');
    const z1 = node(g, 'Z1');
    assert.ok(z1.cell !== undefined && z1.range);
    assert.match(cells[z1.cell].split('\n')[z1.range.start.line], /Z1 = /);
    assert.equal(dz1.node, z1.id);
  });

  it('TeX: names get subscripts, 1/m and ᵀ are marked', () => {
    assert.equal(texOf('dW1 = 1/m dZ1 · Xᵀ'), 'dW_{1} = \\htmlClass{bp-batch}{\\frac{1}{m}} dZ_{1} \\cdot X^{\\htmlClass{bp-transpose}{\\top}}');
    assert.equal(texOf('db1 = 1/m Σ(dZ1, axis=1)'), 'db_{1} = \\htmlClass{bp-batch}{\\frac{1}{m}} \\sum_{\\text{axis 1}} dZ_{1}');
    assert.equal(texOf('dA_prev = ∂J/∂A_prev'), 'dA_{\\text{prev}} = \\frac{\\partial J}{\\partial A_{\\text{prev}}}');
  });
});

function text0(rel: string): string {
  return fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
}
