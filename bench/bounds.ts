// The CLI's bounds, as whole `check` processes (issue 10):
//  - hostile programs (test/fixtures/hostile/: a loop keeping a million 300×300 copies, a 200×200 array
//    doubled a million times, a 50×50 matrix power): wall time and peak RSS, each under 3 s and 300 MB;
//    the output must say verification was cut short;
//  - a folder of 200 files (the examples/ files, copied round-robin), one thread (--jobs 1) against a
//    worker per core (--jobs N): wall time and CPU use.
// Run standalone: `npx tsx bench/bounds.ts` (after `npm run build`).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './inputs';
import { msRow, nowMs, type Row } from './stats';

const CLI = path.join(REPO_ROOT, 'bin', 'backprop-lint.js');
const USAGE = path.join(REPO_ROOT, 'bench', 'processUsage.cjs');
const HOSTILE = path.join(REPO_ROOT, 'test', 'fixtures', 'hostile');
export const TARGET_HOSTILE_MS = 3000;
export const TARGET_HOSTILE_MIB = 300;
export const FOLDER_FILES = 200;

export interface ProcessFigures {
  ms: number;
  maxRssKiB: number;
  cpuMs: number;
  status: number | null;
  stdout: string;
}

export function runMeasured(args: string[], cwd = REPO_ROOT): ProcessFigures {
  const t0 = nowMs();
  const r = spawnSync(process.execPath, ['-r', USAGE, CLI, ...args], { encoding: 'utf8', cwd, timeout: 120_000, maxBuffer: 64 * 2 ** 20 });
  const ms = nowMs() - t0;
  if (r.error) throw r.error;
  const m = /BENCH_USAGE (.*)\n?$/.exec(r.stderr);
  const usage = m ? (JSON.parse(m[1]!) as { maxRssKiB: number; cpuMs: number }) : { maxRssKiB: NaN, cpuMs: NaN };
  return { ms, ...usage, status: r.status, stdout: r.stdout };
}

export interface BoundsResult {
  hostile: { file: string; figures: ProcessFigures }[];
  folder?: { one: ProcessFigures; all: ProcessFigures; jobs: number };
}

export function benchBounds(): BoundsResult {
  const hostile = fs
    .readdirSync(HOSTILE)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => ({ file: f, figures: runMeasured(['check', path.join('test', 'fixtures', 'hostile', f)]) }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-bench-folder-'));
  try {
    const examples = fs.readdirSync(path.join(REPO_ROOT, 'examples')).filter((f) => f.endsWith('.py') && !f.includes('utils')).sort();
    for (let i = 0; i < FOLDER_FILES; i++) {
      const src = examples[i % examples.length]!;
      fs.copyFileSync(path.join(REPO_ROOT, 'examples', src), path.join(dir, `f${String(i).padStart(3, '0')}_${src}`));
    }
    for (const f of fs.readdirSync(path.join(REPO_ROOT, 'examples')).filter((f) => f.includes('utils'))) fs.copyFileSync(path.join(REPO_ROOT, 'examples', f), path.join(dir, f));
    runMeasured(['check', '--jobs', '1', dir]); // untimed: warms the file cache
    const one = runMeasured(['check', '--jobs', '1', dir]);
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    const all = runMeasured(['check', '--jobs', String(cores), dir]);
    if (one.stdout !== all.stdout) throw new Error('the folder printed different output with workers');
    return { hostile, folder: { one, all, jobs: cores } };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function mib(kib: number): string {
  return `${(kib / 1024).toFixed(0)} MiB`;
}

export function boundsRows(r: BoundsResult): Row[] {
  const rows: Row[] = [];
  for (const { file, figures: f } of r.hostile) {
    const s = `CLI bounds: \`check test/fixtures/hostile/${file}\``;
    const cut = /verification was cut short \(([^)]*\)?)\)/.exec(f.stdout)?.[1];
    rows.push(msRow(s, 'wall time', f.ms, TARGET_HOSTILE_MS, cut ? `cut short: ${cut}` : 'no cut-short note'));
    rows.push({ section: s, figure: 'peak RSS', value: mib(f.maxRssKiB), target: `< ${TARGET_HOSTILE_MIB} MB`, pass: f.maxRssKiB * 1024 < TARGET_HOSTILE_MIB * 1e6 });
  }
  if (r.folder) {
    const s = `CLI: \`check\` on a folder of ${FOLDER_FILES} files`;
    const { one, all, jobs } = r.folder;
    rows.push(msRow(s, '--jobs 1: wall time', one.ms, undefined, `CPU ${((100 * one.cpuMs) / one.ms).toFixed(0)} %, peak RSS ${mib(one.maxRssKiB)}`));
    rows.push(msRow(s, `--jobs ${jobs} (a worker per core): wall time`, all.ms, undefined, `CPU ${((100 * all.cpuMs) / all.ms).toFixed(0)} %, peak RSS ${mib(all.maxRssKiB)}; same output`));
  }
  return rows;
}

if (require.main === module) {
  for (const row of boundsRows(benchBounds())) console.log(`${row.section} | ${row.figure} | ${row.value} | ${row.target ?? ''} ${row.pass === undefined ? '' : row.pass ? 'pass' : 'FAIL'} | ${row.note ?? ''}`);
}
