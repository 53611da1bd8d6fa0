// Gradient-verification benchmark: analyzeDocument's timings.verifyMs (concrete runs, gradient
// checks, repair re-runs and derivations) on the planar and L-layer assignments, correct and with
// one planted bug each (a bug costs the repair search's re-runs). Target: under 50 ms each.
// Run standalone: `npx tsx bench/verify.ts`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../engine/analyze';
import { moduleReader } from '../cli/files';
import { REPO_ROOT } from './inputs';
import { msRow, summarize, type Row, type Summary } from './stats';

export const TARGET_VERIFY_MS = 50;
const WARMUP = 3;
const RUNS = 20;

const CASES = [
  { label: 'planar assignment (correct)', file: 'test/fixtures/python/planar/correct/planar.py' },
  { label: 'L-layer assignment (correct)', file: 'test/fixtures/python/llayer/correct/llayer.py' },
  { label: 'planar with dW1 missing 1/m (repairs)', file: 'test/fixtures/gradients/planar/bugs/dW1_missing_batch_mean.py' },
  { label: 'L-layer with dW missing 1/m (repairs)', file: 'test/fixtures/gradients/llayer/bugs/dW_missing_batch_mean.py' },
];

export interface VerifyBenchResult {
  label: string;
  lines: number;
  verify: Summary;
  /** The same, without derivations (`check`: AnalyzeOptions.derivations false). */
  withoutDerivations: Summary;
  cold: number;
  checks: string;
}

export function benchVerify(): VerifyBenchResult[] {
  return CASES.map((c) => {
    const file = path.join(REPO_ROOT, c.file);
    const text = fs.readFileSync(file, 'utf8');
    const run = (derivations = true) => analyzeDocument({ kind: 'python', path: file, text }, { readModule: moduleReader(path.dirname(file)), derivations });
    const first = run();
    for (let i = 1; i < WARMUP; i++) run();
    const samples: number[] = [];
    let last = first;
    for (let i = 0; i < RUNS; i++) {
      last = run();
      samples.push(last.timings.verifyMs ?? Number.NaN);
    }
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) bare.push(run(false).timings.verifyMs ?? Number.NaN);
    const derived = last.derivations ?? [];
    const checks = `${derived.length} gradient lines derived (${derived.filter((d) => d.ok).length} right), ${last.findings.length} findings`;
    return { label: c.label, lines: text.split('\n').length, verify: summarize(samples), withoutDerivations: summarize(bare), cold: first.timings.verifyMs ?? Number.NaN, checks };
  });
}

export function verifyRows(results: VerifyBenchResult[]): Row[] {
  const rows: Row[] = [];
  for (const r of results) {
    const s = `Verification: ${r.label} (${r.lines} lines)`;
    rows.push(msRow(s, `verification, warm median (n=${r.verify.n})`, r.verify.median, TARGET_VERIFY_MS, r.checks));
    rows.push(msRow(s, 'verification, warm p95', r.verify.p95, TARGET_VERIFY_MS));
    rows.push(msRow(s, 'verification without derivations (check), warm median', r.withoutDerivations.median));
    rows.push(msRow(s, 'verification, first run in this process', r.cold));
  }
  return rows;
}

if (require.main === module) {
  for (const row of verifyRows(benchVerify())) console.log(`${row.section} | ${row.figure} | ${row.value} | ${row.target ?? ''} | ${row.note ?? ''}`);
}
