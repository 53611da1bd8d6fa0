// Lists of per-layer gradients in Nielsen's style (nabla_w[k] for weights[k], nabla_b[k] for biases[k]),
// filled by a backprop(x, y) that runs its own forward pass and starts from the output error.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { isNablaList, partnerOfList } from '../../engine/conventions/gradientNames';
import { NO_WALL_CLOCK } from './budget';

const NET = fs.readFileSync(path.join(__dirname, '../fixtures/python/nabla_lists/correct/layered_net.py'), 'utf8');

function analyze(text: string) {
  const r = analyzeDocument({ kind: 'python', path: 'net.py', text }, { ...NO_WALL_CLOCK });
  return {
    findings: r.findings.map((f) => `${f.range.start.line + 1} ${f.code}`),
    // One derivation per statement: `nabla_w[k] = error @ outs[k].T` writes every layer's item.
    verifiedLines: (r.derivations ?? []).filter((d) => d.status === 'verified').map((d) => d.range.start.line + 1),
  };
}

describe("Nielsen's lists of per-layer gradients", () => {
  it('pairs nabla_w with weights and nabla_b with biases, one example’s delta_nabla_* too', () => {
    assert.equal(partnerOfList('nabla_w'), 'weights');
    assert.equal(partnerOfList('delta_nabla_b'), 'biases');
    assert.equal(isNablaList('nabla_w'), true);
    assert.equal(isNablaList('nabla'), false);
  });

  it("checks each layer's weight gradient against the output error's objective; a right network draws nothing", () => {
    const r = analyze(NET);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.verifiedLines, [33]);
  });

  it("the backward pass's x is the input forward was given, though forward rebinds and returns its own x", () => {
    // Before: backprop(x, y) was handed forward's output as x (forward ends `return x`), and the right
    // network was reported wrong.
    assert.match(NET, /x = np\.tanh\(w @ x \+ b\)\n {8}return x/);
    assert.deepEqual(analyze(NET).findings, []);
  });

  it("finds a hidden error that takes the derivative at the wrong layer", () => {
    const wrong = NET.replace('tanh_prime(pre[k - 1])', 'tanh_prime(pre[k])');
    assert.notEqual(wrong, NET);
    assert.deepEqual(analyze(wrong).findings, ['33 gradient-mismatch']);
  });
});
