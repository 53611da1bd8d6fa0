// The TypeScript library tables (engine/syntax/typescript/libraries) lower calls to NumPy spellings;
// every spelling they write must be an op of the table (engine/ops/table.ts) with a shape rule, and,
// so that a lowered gradient can be checked numerically, a concrete evaluation.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { opBySpelling } from '../../engine/ops/table';
import { UFUNC_NAMES } from '../../engine/syntax/typescript/libraries/common';

const DIR = path.join(__dirname, '..', '..', 'engine', 'syntax', 'typescript');

function writtenSpellings(): Set<string> {
  const out = new Set<string>();
  const files = [...fs.readdirSync(DIR).map((f) => path.join(DIR, f)), ...fs.readdirSync(path.join(DIR, 'libraries')).map((f) => path.join(DIR, 'libraries', f))];
  for (const f of files.filter((x) => x.endsWith('.ts'))) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/npCall\(\s*'([a-z_.]+)'/g)) out.add(`np.${m[1]}`);
  }
  for (const u of UFUNC_NAMES) out.add(`np.${u}`);
  return out;
}

describe('TypeScript library targets are ops of the table', () => {
  const spellings = writtenSpellings();

  it('finds the library tables\' targets (np.dot, np.reshape, np.tanh at least)', () => {
    for (const s of ['np.dot', 'np.reshape', 'np.tanh']) assert.ok(spellings.has(s), s);
  });

  it('every target has a shape rule and a concrete evaluation', () => {
    const missing = [...spellings].filter((s) => !opBySpelling(s)?.shape || !opBySpelling(s)?.concrete);
    assert.deepEqual(missing, []);
  });
});
