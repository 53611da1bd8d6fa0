// CLI benchmark: `node bin/backprop-lint.js check FILE` as a whole process (Node startup, bundle
// load, reading files, analysis, output), wall time measured from spawn to exit.
// Run standalone: `npx tsx bench/cli.ts` (needs `npm run build` first).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { generateInputs, REPO_ROOT, type BenchFile } from './inputs';
import { msRow, nowMs, summarize, type Row, type Summary } from './stats';

export const CLI_RUNS = 10;
export const TARGET_CLI_MS = 300;
const CLI = path.join(REPO_ROOT, 'bin', 'backprop-lint.js');

export interface CliResult {
  file: BenchFile;
  wall?: Summary;
  nodeBaseline?: Summary;
  exitCode?: number | null;
  output?: string;
  error?: string;
}

function spawnTimed(args: string[]): { ms: number; status: number | null; stdout: string; stderr: string } {
  const t0 = nowMs();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: REPO_ROOT, timeout: 60_000 });
  const ms = nowMs() - t0;
  if (r.error) throw r.error;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function benchCli(file: BenchFile): CliResult {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'cli.js'))) return { file, error: 'dist/cli.js missing: run `npm run build` first' };
  try {
    const first = spawnTimed([CLI, 'check', file.path]); // untimed: warms the OS file cache
    const samples: number[] = [];
    for (let i = 0; i < CLI_RUNS; i++) samples.push(spawnTimed([CLI, 'check', file.path]).ms);
    const baseline: number[] = [];
    for (let i = 0; i < CLI_RUNS; i++) baseline.push(spawnTimed(['-e', '0']).ms);
    const output = (first.stdout + first.stderr).trim().split('\n').pop() ?? '';
    return { file, wall: summarize(samples), nodeBaseline: summarize(baseline), exitCode: first.status, output };
  } catch (e) {
    return { file, error: String(e) };
  }
}

export function cliRows(r: CliResult): Row[] {
  const s = `CLI: \`backprop-lint check ${r.file.label}\` (${r.file.lines} lines)`;
  if (r.error || !r.wall) return [{ section: s, figure: 'wall time', value: 'failed', note: r.error }];
  return [
    msRow(s, `wall time, median of ${r.wall.n} runs`, r.wall.median, TARGET_CLI_MS, `exit ${r.exitCode}, "${r.output}"`),
    msRow(s, 'wall time, p95', r.wall.p95),
    msRow(s, `for scale: \`node -e 0\`, median of ${r.nodeBaseline?.n ?? 0}`, r.nodeBaseline?.median ?? NaN),
  ];
}

if (require.main === module) {
  const inputs = generateInputs();
  try {
    for (const row of cliRows(benchCli(inputs.small))) console.log(`${row.section} | ${row.figure} | ${row.value} | ${row.note ?? ''}`);
  } finally {
    inputs.cleanup();
  }
}
