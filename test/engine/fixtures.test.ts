// Every fixture under test/fixtures/python: correct files produce no findings at all; each bug
// file produces exactly the findings written inline under its lines. UPDATE_EXPECT=1 rewrites the
// expectation lines from what the engine reports (review the diff).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import type { AnalysisResult, Finding } from '../../engine/api';
import { readNotebook } from '../../engine/syntax/notebook';
import { moduleReader } from '../../cli/files';
import { applyEdits } from '../../cli/document';
import { readExpectations, rewriteExpectations, satisfies } from './fixtureExpectations';
import { NO_WALL_CLOCK } from './budget';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
/** Shape fixtures (test/fixtures/python) and gradient-verification fixtures (test/fixtures/gradients). */
const ROOTS = [path.join(FIXTURES, 'python'), path.join(FIXTURES, 'gradients')];
const UPDATE = process.env.UPDATE_EXPECT === '1';

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return e.name.endsWith('.py') || e.name.endsWith('.ipynb') ? [p] : [];
  });
}

/** Helper modules (imported by others, no functions of their own under test) are checked too. */
const files = ROOTS.flatMap(walk).sort();

function describeFinding(f: Finding): string {
  return `${f.cell !== undefined ? `cell ${f.cell + 1}:` : ''}${f.range.start.line + 1}:${f.range.start.column + 1} ${f.code}: ${f.message}`;
}

function compare(text: string, findings: Finding[], label: string): void {
  const expected = readExpectations(text);
  const unmatched = [...findings];
  const missing: string[] = [];
  for (const e of expected) {
    const i = unmatched.findIndex((f) => satisfies(f, e));
    if (i >= 0) unmatched.splice(i, 1);
    else missing.push(`${e.line + 1}:${e.column + 1} ${e.code}${e.fragment ? `: ${e.fragment}` : ''}`);
  }
  assert.deepEqual(
    { missing, unexpected: unmatched.map(describeFinding) },
    { missing: [], unexpected: [] },
    `${label}: findings differ from the inline expectations`,
  );
}

describe('fixtures: inline expectations', () => {
  it('finds the fixtures', () => {
    assert.ok(files.length >= 60, `only ${files.length} fixture files under ${ROOTS.join(', ')}`);
  });
  for (const file of files) {
    const rel = path.relative(FIXTURES, file);
    it(rel, () => {
      const raw = fs.readFileSync(file, 'utf8');
      const readModule = moduleReader(path.dirname(file));
      let result: AnalysisResult;
      if (file.endsWith('.ipynb')) {
        const nb = readNotebook(raw);
        assert.ok(!('error' in nb), `${rel}: ${'error' in nb ? nb.error : ''}`);
        const cells = (nb as { cells: string[] }).cells;
        result = analyzeDocument({ kind: 'notebook', path: file, cells }, { readModule, ...NO_WALL_CLOCK });
        assert.equal(result.truncated, false, `${rel}: analysis was truncated`);
        if (UPDATE) return; // notebooks' expectations are edited by hand
        cells.forEach((cell, i) => compare(cell, result.findings.filter((f) => f.cell === i), `${rel} cell ${i + 1}`));
        return;
      }
      result = analyzeDocument({ kind: 'python', path: file, text: raw }, { readModule, ...NO_WALL_CLOCK });
      assert.equal(result.truncated, false, `${rel}: analysis was truncated`);
      if (UPDATE) {
        const next = rewriteExpectations(raw, result.findings);
        if (next !== raw) fs.writeFileSync(file, next);
        return;
      }
      if (file.includes(`${path.sep}correct${path.sep}`)) {
        assert.deepEqual(result.findings.map(describeFinding), [], `${rel} is a correct fixture`);
      }
      compare(raw, result.findings, rel);
    });
  }
});

const GRADIENT_CODES = new Set([
  'missing-transpose', 'missing-batch-mean', 'extra-batch-mean', 'wrong-scale', 'wrong-activation-derivative',
  'elementwise-vs-matmul', 'wrong-sum-axis', 'missing-keepdims', 'gradient-mismatch',
]);

describe('fixtures: a gradient finding\'s fix makes the file verify clean', () => {
  const bugFiles = files.filter((f) => f.includes(`${path.sep}gradients${path.sep}`) && f.includes(`${path.sep}bugs${path.sep}`) && readExpectations(fs.readFileSync(f, 'utf8')).length > 0);
  it('finds the gradient bug fixtures', () => assert.ok(bugFiles.length >= 18, `only ${bugFiles.length}`));
  for (const file of bugFiles) {
    const rel = path.relative(FIXTURES, file);
    it(rel, () => {
      const readModule = moduleReader(path.dirname(file));
      let text = fs.readFileSync(file, 'utf8');
      const first = analyzeDocument({ kind: 'python', path: file, text }, { readModule, ...NO_WALL_CLOCK });
      const gradient = first.findings.filter((f) => GRADIENT_CODES.has(f.code));
      assert.ok(gradient.length > 0, `${rel}: no gradient finding`);
      const missingFix = gradient.filter((f) => !f.fixes.some((x) => x.certain));
      // gradient-mismatch has no single-edit fix by definition; every other finding must have one.
      assert.deepEqual(missingFix.filter((f) => f.code !== 'gradient-mismatch').map((f) => `${f.range.start.line + 1} ${f.code}`), [], `${rel}: findings without a certain fix`);
      const edits = gradient.flatMap((f) => f.fixes.find((x) => x.certain)?.edits ?? []);
      if (edits.length === 0) return;
      text = applyEdits(text, edits).text;
      const after = analyzeDocument({ kind: 'python', path: file, text }, { readModule, ...NO_WALL_CLOCK });
      assert.deepEqual(after.findings.map(describeFinding), [], `${rel}: findings remain after applying the fixes`);
    });
  }
});
