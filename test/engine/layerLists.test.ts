// The course's L-layer backward loop, L_model_backward(AL, Y, caches) with no docstring and no driver:
// `caches` is what L_model_forward returns, appended to in a loop of unknown length, so the backward
// pass sees a list of unknown length whose every item read at an index is one layer's cache, with that
// layer's sizes in the forward pass's names (interp/layerItem.ts).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

const DIR = path.join(__dirname, '..', 'fixtures', 'python', 'llayer_backward_loop');
const read = (rel: string) => fs.readFileSync(path.join(DIR, rel), 'utf8');

function analyze(text: string) {
  return analyzeDocument({ kind: 'python', path: 'deep_network.py', text }, { ...NO_WALL_CLOCK });
}

/** Each target's shape, keyed by its line's text and the target. */
function shapes(text: string): Map<string, string> {
  const lines = text.split('\n');
  const out = new Map<string, string>();
  for (const s of analyze(text).shapes) out.set(`${lines[s.range.start.line].trim()} [${s.target}]`, s.shape);
  return out;
}

describe('the L-layer backward loop over the forward pass\'s caches', () => {
  it('each layer\'s gradients in the loop have that layer\'s sizes in the course\'s names', () => {
    const got = shapes(read('correct/deep_network.py'));
    const call = 'dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")';
    assert.equal(got.get(`${call} [dA_prev_temp]`), '(n[l-1], m)');
    assert.equal(got.get(`${call} [dW_temp]`), '(n[l], n[l-1])');
    assert.equal(got.get(`${call} [db_temp]`), '(n[l], 1)');
    assert.equal(got.get('grads["dA" + str(l)] = dA_prev_temp [grads["dA" + str(l)]]'), '(n[l-1], m)');
    assert.equal(got.get('grads["dW" + str(l + 1)] = dW_temp [grads["dW" + str(l + 1)]]'), '(n[l], n[l-1])');
    assert.equal(got.get('grads["db" + str(l + 1)] = db_temp [grads["db" + str(l + 1)]]'), '(n[l], 1)');
  });

  it('the count of items the forward loop\'s passes appended is no length: a loop counted down from L - 2 finds nothing', () => {
    // len(caches) was 3 (two passes and the last layer), so range(L - 2, -1, -1) read the forward
    // pass's first items, whose batch sizes the forward pass had left apart: "m and m differ".
    const text = read('correct/deep_network_counted_down.py');
    assert.deepEqual(analyze(text).findings.map((f) => f.message), []);
    const got = shapes(text);
    const call = 'dA, dW, db = linear_activation_backward(dA, caches[l], "relu")';
    assert.equal(got.get(`${call} [dW]`), '(n[l], n[l-1])');
  });

  it('one layer\'s sizes stay apart: W where W.T is meant, written in the loop, is found in the layer\'s names', () => {
    const r = analyze(read('bugs/loop_dA_prev_missing_transpose.py'));
    assert.deepEqual(
      r.findings.map((f) => `${f.code}: ${f.message}`),
      ['missing-transpose: np.dot: (n[l], n[l-1]) · (n[l], m): inner dimensions n[l-1] and n[l] differ'],
    );
  });

  it('a list whose items differ in structure gives no item (a list appended to itself stays silent)', () => {
    const text = read('correct/deep_network.py').replace('    caches.append(cache)\n    return AL, caches', '    caches.append(caches)\n    return AL, caches');
    assert.notEqual(text, read('correct/deep_network.py'));
    assert.deepEqual(analyze(text).findings, []);
    const got = shapes(text);
    assert.equal(got.get('dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu") [dW_temp]'), undefined);
  });
});

describe('the backward loop counted down over known layers', () => {
  it('reversed(range(L - 1)) with L known spells out the layers: a gradient kept under the wrong key is found where the update subtracts it', () => {
    // The loop's keys were unknown (reversed of a range gave a list of unknown length), so grads["dW2"]
    // never held the value the update reads.
    const r = analyze(read('bugs/grads_dW_holds_dA_prev.py'));
    assert.deepEqual(
      r.findings.map((f) => `${f.code}: ${f.message}`),
      ['shape-mismatch: subtraction (-): (n[l], n[l-1]) and (n[l-1], m) do not broadcast: n[l] and n[l-1] differ'],
    );
  });
});
