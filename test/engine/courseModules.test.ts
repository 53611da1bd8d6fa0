// A course assignment that writes only the backward pass: the forward pass, cost, initialiser and update
// come from the course's utility module (reg_utils), which is not beside the file (engine/concrete/courseModules.ts);
// labels documented as (output size, m) take the network's one output unit (verify/concretize.ts labelsClash).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

const DIR = path.join(__dirname, '..', 'fixtures', 'gradients', 'course_module');

function analyse(rel: string, text?: string) {
  const file = path.join(DIR, rel);
  return analyzeDocument({ kind: 'python', path: file, text: text ?? fs.readFileSync(file, 'utf8') }, NO_WALL_CLOCK);
}

describe('a course module that is not beside the file', () => {
  it('runs the assignment\'s driver through reg_utils\' published functions: every gradient of the L2 backward pass is checked right', () => {
    const r = analyse('correct/l2_backward.py');
    assert.deepEqual(r.findings, []);
    const checked = (r.derivations ?? []).filter((d) => d.status === 'verified');
    // dZ3 … db1: the six parameters' gradients and the five intermediates, each right.
    assert.equal(checked.length, 11, checked.map((d) => d.gradient).join(' '));
    assert.ok(['dW1', 'db1', 'dW2', 'db2', 'dW3', 'db3'].every((g) => checked.some((d) => d.gradient === g)));
  });

  it('the labels take the output\'s one unit: Y documented as (output size, m) is not six rows broadcast against A3 (1, m)', () => {
    // Without it, `dZ3 = A3 - Y` broadcast to (6, m) and `np.dot(W3.T, dZ3)` failed: a shape finding on correct code.
    const r = analyse('correct/l2_backward.py');
    assert.equal(r.findings.filter((f) => f.code === 'shape-mismatch' || f.code === 'missing-transpose').length, 0);
    const dW3 = (r.derivations ?? []).find((d) => d.gradient === 'dW3');
    assert.match(dW3?.text ?? '', /matches the derivative/);
  });

  it('a module of another name with the same functions is not assumed to be the course\'s', () => {
    const text = fs.readFileSync(path.join(DIR, 'correct/l2_backward.py'), 'utf8').replace('from reg_utils import', 'from my_utils import');
    const r = analyse('correct/l2_backward.py', text);
    assert.deepEqual(r.findings, []);
    assert.equal((r.derivations ?? []).filter((d) => d.status === 'verified').length, 0);
  });
});
