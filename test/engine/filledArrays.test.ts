// Arrays JavaScript fills by hand (syntax/typescript/filledArrays.ts): new Array(n).fill(0) and
// Array.from({ length: n }, () => …) lower to the NumPy constructors they stand for.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Stmt } from '../../engine/syntax/ast';
import { parseTypeScript } from '../../engine/syntax/typescript/lower';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';
import { show } from './showExpr';

/** The lowered value of `var r = <expr>`. */
function value(expr: string, prelude = ''): string {
  const m = parseTypeScript(`${prelude}\nvar r = ${expr};`, 'javascript').module;
  assert.deepEqual(m.errors, []);
  const last = m.body[m.body.length - 1] as Stmt;
  assert.equal(last.kind, 'assign');
  return show((last as Stmt & { kind: 'assign' }).value);
}

describe('JavaScript arrays filled by hand', () => {
  const table: [string, string][] = [
    ['new Array(n).fill(0)', 'np.zeros(n)'],
    ['Array(n).fill(1)', 'np.ones(n)'],
    ['new Array(n).fill(-1)', 'np.full(n, (-1))'],
    ['Array.from({ length: n }, () => 0)', 'np.zeros(n)'],
    ['Array.from({ length: rows }, () => new Array(cols).fill(0))', 'np.zeros((rows, cols))'],
    ['Array.from({ length: r }, () => Array.from({ length: c }, () => Math.random()))', 'np.random.rand(r, c)'],
    ['Array.from({ length: r }, function () { return Array.from({ length: c }, () => (Math.random() - 0.5) * 0.1); })', '((np.random.rand(r, c) - 0.5) * 0.1)'],
    // One draw shared by every element.
    ['new Array(n).fill(Math.random())', 'np.full(n, np.random.rand())'],
  ];
  for (const [js, np] of table) it(`${js} → ${np}`, () => assert.equal(value(js), np));

  const untouched: string[] = [
    'Array.from({ length: n }, (_, i) => i)', // reads its index
    'new Array(n).fill(null)',
    'new Array([1, 2]).fill(0)', // an array of one element
    'Array.from({ length: n })',
  ];
  for (const js of untouched) it(`${js} is not a filled array`, () => assert.ok(!value(js).startsWith('np.'), value(js)));

  it('an Array of the file\'s own is not the builtin', () => {
    assert.equal(value('Array.from({ length: n }, () => 0)', 'const Array = { from: (o, f) => [] };').startsWith('np.'), false);
  });

  it('the fixture\'s parameters and data get their shapes, and the forward product with them', () => {
    const file = path.join(__dirname, '..', 'fixtures', 'typescript', 'filled-arrays', 'correct', 'hidden_layer_arrays.js');
    const text = fs.readFileSync(file, 'utf8');
    const r = analyzeDocument({ kind: 'typescript', path: file, text, language: 'javascript' }, NO_WALL_CLOCK);
    const shape = (target: string) => r.shapes.filter((s) => s.target === target).map((s) => s.shape);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(shape('W1'), ['(nHidden, nIn)']);
    assert.deepEqual(shape('b1'), ['(nHidden, 1)']);
    assert.deepEqual(shape('A1'), ['(nHidden, 5)']);
    assert.deepEqual(shape('dW2'), ['(nOut, nHidden)', '(nOut, nHidden)']);
  });
});
