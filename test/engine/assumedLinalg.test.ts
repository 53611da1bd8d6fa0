// Linear-algebra helpers from a project's own module that is not beside the file (`import { dot,
// transpose } from './tensor/helpers'`) run with NumPy's meaning in verification, marked assumed: a
// right gradient through them is verified, a wrong one is never claimed right (and, being assumed,
// never reported either). The fixture is test/fixtures/typescript/missing-module/correct/affine_pair.ts;
// its planted bug is made here by editing one line.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';
import { moduleReader } from '../../cli/files';
import { SCRIPT_FIXTURES_ROOT } from './scriptFixtures';

const FILE = path.join(SCRIPT_FIXTURES_ROOT, 'missing-module', 'correct', 'affine_pair.ts');

function verdicts(text: string): { findings: string[]; byGradient: Map<string, string> } {
  const r = analyzeDocument({ kind: 'typescript', path: FILE, text, language: 'typescript' }, { ...NO_WALL_CLOCK, readModule: moduleReader(path.dirname(FILE)) });
  return { findings: r.findings.map((f) => `${f.code}: ${f.message}`), byGradient: new Map((r.derivations ?? []).map((d) => [d.gradient, d.status])) };
}

describe('verification through a missing module\'s linear-algebra helpers (assumed NumPy)', () => {
  const text = fs.readFileSync(FILE, 'utf8');

  it('verifies a camelCase backward pass after its forward pass, outputs returned as an object', () => {
    const { findings, byGradient } = verdicts(text);
    assert.deepEqual(findings, []);
    assert.equal(byGradient.get('dKernel'), 'verified', JSON.stringify([...byGradient]));
    assert.equal(byGradient.get('dInput'), 'verified', JSON.stringify([...byGradient]));
  });

  it('never verifies a wrong gradient through them, and reports nothing it only assumed', () => {
    const planted = text.replace('const dInput = dot(transpose(kernel), dOut);', 'const dInput = dot(transpose(kernel), add(dOut, dOut));');
    assert.notEqual(planted, text);
    const { findings, byGradient } = verdicts(planted);
    assert.deepEqual(findings, []);
    assert.notEqual(byGradient.get('dInput'), 'verified');
    assert.equal(byGradient.get('dKernel'), 'verified');
  });
});
