// Every TypeScript and JavaScript fixture under test/fixtures/typescript, as fixtures.test.ts runs
// the Python ones: correct files produce no findings, each bug file exactly the findings written
// inline under its lines (`//   ^^^ code: fragment`). Then each bug file's certain fixes, in the
// library's idiom, are applied and the file must come out clean. UPDATE_EXPECT=1 rewrites the
// expectation lines from what the engine reports (review the diff).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import type { AnalysisResult, Finding } from '../../engine/api';
import { applyEdits } from '../../cli/document';
import { scriptLanguageOf } from '../../engine/syntax/typescript/files';
import { readExpectations, rewriteExpectations, satisfies } from './fixtureExpectations';
import { NO_WALL_CLOCK } from './budget';
import { moduleReader } from '../../cli/files';
import { SCRIPT_FIXTURES_ROOT, scriptFixtures } from './scriptFixtures';

const ROOT = SCRIPT_FIXTURES_ROOT;
const UPDATE = process.env.UPDATE_EXPECT === '1';
const files = scriptFixtures();

function analyze(file: string, text: string): AnalysisResult {
  // Modules the file imports (`./layers`) are read from beside it, as the CLI does.
  return analyzeDocument({ kind: 'typescript', path: file, text, language: scriptLanguageOf(file) }, { ...NO_WALL_CLOCK, readModule: moduleReader(path.dirname(file)) });
}

function describeFinding(f: Finding): string {
  return `${f.range.start.line + 1}:${f.range.start.column + 1} ${f.code}: ${f.message}`;
}

/** Codes whose findings come with a certain fix (as in the Python fixtures). */
const FIXABLE = new Set([
  'missing-transpose', 'missing-keepdims', 'missing-batch-mean', 'extra-batch-mean', 'wrong-scale', 'wrong-activation-derivative',
  'elementwise-vs-matmul', 'wrong-sum-axis',
]);

/** Python spellings a fix in a TypeScript file must never contain. */
const PYTHON_TEXT = /\bnp\.|keepdims|\bTrue\b|\bFalse\b|\bNone\b/;

describe('TypeScript fixtures: inline expectations', () => {
  it('finds the fixtures (tfjs, mathjs, ml-matrix, numjs, an own Matrix class, a model importing its layers)', () => {
    for (const lib of ['tfjs', 'mathjs', 'ml-matrix', 'numjs', 'own-matrix', 'imports', 'missing-module', 'free-form-jsdoc', 'types', 'links', 'plain-arrays', 'es5-scripts', 'filled-arrays']) {
      assert.ok(files.some((f) => f.includes(`${path.sep}${lib}${path.sep}correct${path.sep}`)), `no correct fixture for ${lib}`);
      assert.ok(files.some((f) => f.includes(`${path.sep}${lib}${path.sep}bugs${path.sep}`)), `no bug fixture for ${lib}`);
    }
  });
  for (const file of files) {
    const rel = path.relative(ROOT, file);
    it(rel, () => {
      const raw = fs.readFileSync(file, 'utf8');
      const result = analyze(file, raw);
      assert.equal(result.truncated, false, `${rel}: analysis was truncated`);
      assert.deepEqual(result.syntaxErrors.map((e) => e.message), [], `${rel}: syntax errors`);
      if (UPDATE) {
        const next = rewriteExpectations(raw, result.findings, '//');
        if (next !== raw) fs.writeFileSync(file, next);
        return;
      }
      if (file.includes(`${path.sep}correct${path.sep}`)) {
        assert.deepEqual(result.findings.map(describeFinding), [], `${rel} is a correct fixture`);
        return;
      }
      const expected = readExpectations(raw);
      assert.ok(expected.length > 0, `${rel}: a bug fixture without expectations`);
      const unmatched = [...result.findings];
      const missing: string[] = [];
      for (const e of expected) {
        const i = unmatched.findIndex((f) => satisfies(f, e));
        if (i >= 0) unmatched.splice(i, 1);
        else missing.push(`${e.line + 1}:${e.column + 1} ${e.code}${e.fragment ? `: ${e.fragment}` : ''}`);
      }
      assert.deepEqual({ missing, unexpected: unmatched.map(describeFinding) }, { missing: [], unexpected: [] }, `${rel}: findings differ from the inline expectations`);
    });
  }
});

describe('TypeScript fixtures: the certain fixes, in the library\'s idiom, make each bug file clean', () => {
  const bugFiles = files.filter((f) => f.includes(`${path.sep}bugs${path.sep}`));
  for (const file of bugFiles) {
    const rel = path.relative(ROOT, file);
    it(rel, () => {
      const raw = fs.readFileSync(file, 'utf8');
      const first = analyze(file, raw);
      assert.ok(first.findings.length > 0, `${rel}: no finding`);
      for (const f of first.findings) {
        for (const fix of f.fixes) {
          for (const e of fix.edits) assert.doesNotMatch(e.newText, PYTHON_TEXT, `${rel}: a fix in Python: ${fix.title}`);
          assert.doesNotMatch(fix.title, PYTHON_TEXT, `${rel}: a fix title in Python: ${fix.title}`);
        }
      }
      const without = first.findings.filter((f) => FIXABLE.has(f.code) && !f.fixes.some((x) => x.certain));
      assert.deepEqual(without.map(describeFinding), [], `${rel}: findings without a certain fix`);
      if (first.findings.some((f) => !f.fixes.some((x) => x.certain))) return; // e.g. gradient-shape: no single edit
      const edits = first.findings.flatMap((f) => f.fixes.find((x) => x.certain)?.edits ?? []);
      const fixed = applyEdits(raw, edits).text;
      const after = analyze(file, fixed);
      assert.deepEqual(after.syntaxErrors.map((e) => e.message), [], `${rel}: the fixes broke the syntax`);
      assert.deepEqual(after.findings.map(describeFinding), [], `${rel}: findings remain after applying the fixes:\n${fixed}`);
    });
  }
});
