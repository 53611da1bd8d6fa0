// Engine benchmark: analyzeDocument's own parse and analysis timings per input file.
// Cold = the first analyzeDocument call in a fresh Node process (module loading not counted);
// warm = WARM_RUNS calls after WARMUP_RUNS discarded ones, in this process.
// Run standalone: `npx tsx bench/engine.ts` (the `--cold FILE` mode is the child used for cold runs).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { analyzeDocument } from '../engine/analyze';
import type { AnalysisResult } from '../engine/api';
import { generateInputs, readModuleFrom, type BenchFile, type Inputs } from './inputs';
import { fmtMiB, msRow, nowMs, summarize, type Row, type Summary } from './stats';

export const WARMUP_RUNS = 3;
export const WARM_RUNS = 20;
/** Targets for total (parse + analysis) time, by input. */
export const TARGET_SMALL_MS = 20;
export const TARGET_LARGE_MS = 500;

interface ColdResult {
  parseMs: number;
  analyzeMs: number;
  wallMs: number;
  rssBeforeBytes: number;
  maxRssBytes: number;
  findings: number;
  truncated: boolean;
  error?: string;
}

export interface EngineFileResult {
  file: BenchFile;
  target: number;
  cold: ColdResult;
  parse: Summary;
  analyze: Summary;
  total: Summary;
  findings: number;
  shapes: number;
  truncated: boolean;
  syntaxErrors: number;
}

function runOnce(file: BenchFile): { result: AnalysisResult; wallMs: number } {
  const t0 = nowMs();
  const result = analyzeDocument({ kind: 'python', path: file.path, text: file.text }, { readModule: readModuleFrom(file) });
  return { result, wallMs: nowMs() - t0 };
}

function tsxExecArgv(): string[] {
  return process.execArgv.some((a) => a.includes('tsx')) ? process.execArgv : ['--import', 'tsx'];
}

/** One analysis in a fresh process; the child prints a JSON ColdResult. */
function coldRun(file: BenchFile): ColdResult {
  const r = spawnSync(process.execPath, [...tsxExecArgv(), __filename, '--cold', file.path], {
    encoding: 'utf8',
    cwd: path.resolve(__dirname, '..'),
    timeout: 60_000,
  });
  const fail = (error: string): ColdResult => ({
    parseMs: NaN,
    analyzeMs: NaN,
    wallMs: NaN,
    rssBeforeBytes: NaN,
    maxRssBytes: NaN,
    findings: 0,
    truncated: false,
    error,
  });
  if (r.error) return fail(String(r.error));
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ColdResult;
  } catch {
    return fail(`cold child failed (status ${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
}

export function benchEngineFile(file: BenchFile, target: number): EngineFileResult {
  const cold = coldRun(file);
  for (let i = 0; i < WARMUP_RUNS; i++) runOnce(file);
  const parse: number[] = [];
  const analyze: number[] = [];
  const total: number[] = [];
  let last: AnalysisResult | undefined;
  for (let i = 0; i < WARM_RUNS; i++) {
    const { result } = runOnce(file);
    parse.push(result.timings.parseMs);
    analyze.push(result.timings.analyzeMs);
    total.push(result.timings.parseMs + result.timings.analyzeMs);
    last = result;
  }
  return {
    file,
    target,
    cold,
    parse: summarize(parse),
    analyze: summarize(analyze),
    total: summarize(total),
    findings: last?.findings.length ?? 0,
    shapes: last?.shapes.length ?? 0,
    truncated: last?.truncated ?? false,
    syntaxErrors: last?.syntaxErrors.length ?? 0,
  };
}

export function benchEngine(inputs: Inputs): EngineFileResult[] {
  return [benchEngineFile(inputs.small, TARGET_SMALL_MS), benchEngineFile(inputs.large, TARGET_LARGE_MS)];
}

export function engineRows(results: EngineFileResult[]): Row[] {
  const rows: Row[] = [];
  for (const r of results) {
    const s = `Engine: ${r.file.label} (${r.file.lines} lines)`;
    const sanity = `${r.findings} findings, ${r.shapes} shapes${r.truncated ? ', TRUNCATED by budget' : ''}${r.syntaxErrors ? `, ${r.syntaxErrors} syntax errors` : ''}`;
    rows.push(msRow(s, `parse, warm median (n=${r.parse.n})`, r.parse.median));
    rows.push(msRow(s, 'parse, warm p95', r.parse.p95));
    rows.push(msRow(s, `analysis, warm median (n=${r.analyze.n})`, r.analyze.median));
    rows.push(msRow(s, 'analysis, warm p95', r.analyze.p95));
    rows.push(msRow(s, 'parse + analysis, warm median', r.total.median, r.target, sanity));
    rows.push(msRow(s, 'parse + analysis, warm p95', r.total.p95, r.target));
    if (r.cold.error) {
      rows.push({ section: s, figure: 'cold first run', value: 'failed', note: r.cold.error });
    } else {
      rows.push(
        msRow(
          s,
          'parse + analysis, cold first run (fresh process)',
          r.cold.parseMs + r.cold.analyzeMs,
          r.target,
          `parse ${r.cold.parseMs.toFixed(1)} + analysis ${r.cold.analyzeMs.toFixed(1)} ms`,
        ),
      );
      rows.push({
        section: s,
        figure: 'peak RSS of that fresh process',
        value: fmtMiB(r.cold.maxRssBytes),
        note: `RSS before analysing: ${fmtMiB(r.cold.rssBeforeBytes)}`,
      });
    }
  }
  return rows;
}

function coldChild(file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const dir = path.dirname(file);
  const modules = new Map<string, string>();
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.py')) modules.set(f.slice(0, -3), fs.readFileSync(path.join(dir, f), 'utf8'));
  const rssBeforeBytes = process.memoryUsage().rss;
  const t1 = nowMs();
  const result = analyzeDocument({ kind: 'python', path: file, text }, { readModule: (n) => modules.get(n) });
  const wallMs = nowMs() - t1;
  const out: ColdResult = {
    parseMs: result.timings.parseMs,
    analyzeMs: result.timings.analyzeMs,
    wallMs,
    rssBeforeBytes,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    findings: result.findings.length,
    truncated: result.truncated,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

if (require.main === module) {
  const i = process.argv.indexOf('--cold');
  if (i >= 0) {
    coldChild(process.argv[i + 1]!);
  } else {
    const inputs = generateInputs();
    try {
      for (const row of engineRows(benchEngine(inputs))) console.log(`${row.section} | ${row.figure} | ${row.value} | ${row.note ?? ''}`);
    } finally {
      inputs.cleanup();
    }
  }
}
