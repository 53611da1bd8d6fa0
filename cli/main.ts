// backprop-lint: the command-line front door onto the engine.
//
//   backprop-lint check [options] PATH...
//   backprop-lint shapes [--format text|json] FILE
//   backprop-lint explain [--format text|json] FILE[:LINE]   (notebooks: FILE:cell N:LINE)
//
// Exit status: 0 when clean, 1 when something is found, 2 on a usage error or a file not analysed.

import { parseArgs, UsageError, USAGE, type Args } from './args';
import { collectFiles } from './files';
import { loadDocument } from './document';
import { checkJson, fileTextLines, shapeLine, shapesJson, summaryText, type FileReport } from './format';
import { sarifLog } from './sarif';
import { githubLines } from './github';
import { analyzeLoaded, type CheckOptions } from './checkFile';
import { configFor } from './config';
import { checkFiles, defaultJobs } from './pool';
import { codeCellOf, cellNumber } from './locations';
import { err, guardPipes, out, Progress } from './output';
import { VERSION } from './version';
import { parseLocation } from './location';
import { runGraph } from './graph';

async function runCheck(args: Args): Promise<number> {
  const options: CheckOptions = { fix: args.fix, select: args.select, ignore: args.ignore, verifyBudgetSeconds: args.verifyBudgetSeconds, noConfig: args.noConfig };
  const { files, warnings } = collectFiles(args.paths, (f) => configFor(f, options));
  for (const w of warnings) err(`backprop-lint: warning: ${w}`);
  const reports: FileReport[] = [];
  const progress = new Progress();
  const problemsShown = new Set<string>();
  await checkFiles(
    files,
    options,
    args.jobs ?? defaultJobs(),
    (r) => {
      reports.push(r);
      if (r.configProblems && !problemsShown.has(r.configProblems.file)) {
        problemsShown.add(r.configProblems.file);
        progress.clear();
        for (const p of r.configProblems.problems) err(`backprop-lint: warning: ${r.configProblems.file}: ${p}`);
      }
      if (args.format === 'text') {
        const lines = args.quiet ? fileTextLines(r).filter((l) => !/: note: /.test(l)) : fileTextLines(r);
        if (lines.length) progress.clear();
        for (const line of lines) out(line);
      } else if (args.format === 'github') {
        for (const line of githubLines([r])) out(line);
      }
    },
    (done, total, file) => progress.update(done, total, file),
  );
  progress.clear();
  if (args.format === 'json') out(JSON.stringify(checkJson(reports), null, 2));
  else if (args.format === 'sarif') out(JSON.stringify(sarifLog(reports), null, 2));
  else if (args.format === 'text' && !args.quiet) out(summaryText(reports));
  if (reports.some((r) => r.notAnalysed)) return 2;
  if (args.exitZero) return 0;
  return reports.some((r) => r.result.findings.length > 0) ? 1 : 0;
}

function loadForCommand(file: string) {
  const loaded = loadDocument(file);
  if ('notAnalysed' in loaded) throw new Error(`${file}: not analysed: ${loaded.notAnalysed}`);
  const result = analyzeLoaded(file, loaded, { ignore: [], noConfig: false });
  if (result.notAnalysed) throw new Error(`${file}: not analysed: ${result.notAnalysed}`);
  return { loaded, result };
}

function runShapes(args: Args): number {
  const file = args.paths[0];
  const { loaded, result } = loadForCommand(file);
  if (args.format === 'json') out(JSON.stringify(shapesJson(file, result.shapes, loaded.cellNumbers), null, 2));
  else for (const s of result.shapes) out(shapeLine(s, loaded.cellNumbers));
  return 0;
}

function runExplain(args: Args): number {
  const loc = parseLocation(args.paths[0]);
  const { loaded, result } = loadForCommand(loc.file);
  const codeCell = loc.cell === undefined ? 0 : codeCellOf(loaded.cellNumbers, loc.cell);
  if (codeCell === undefined) {
    err(`backprop-lint: ${args.paths[0]}: cell ${loc.cell} is not a code cell`);
    return 2;
  }
  const label = (d: { cell?: number; range: { start: { line: number } } }) =>
    `${d.cell !== undefined ? `cell ${cellNumber(loaded.cellNumbers, d.cell)}:` : ''}${d.range.start.line + 1}`;
  const here = (d: { cell?: number; range: { start: { line: number }; end: { line: number } } }) =>
    (d.cell ?? 0) === codeCell && d.range.start.line <= loc.line! && loc.line! <= d.range.end.line;
  const all = (result.derivations ?? []).filter((d) => d.status !== 'unchecked');
  const chosen = loc.line === undefined ? all : all.filter(here);
  const unchecked = loc.line === undefined ? undefined : (result.derivations ?? []).find((d) => d.status === 'unchecked' && here(d));
  if (unchecked && chosen.length === 0) {
    err(`backprop-lint: ${args.paths[0]}: ${unchecked.gradient}: ${unchecked.text}`);
    return 2;
  }
  if (chosen.length === 0) {
    const lines = all.map(label);
    err(
      `backprop-lint: no gradient line the engine could check at ${args.paths[0]}` +
        (lines.length ? ` (checked gradient lines: ${lines.join(', ')})` : ' (no gradient line in this file could be checked)'),
    );
    return 2;
  }
  if (args.format === 'json') {
    out(JSON.stringify({ path: loc.file, derivations: chosen.map((d) => ({ line: d.range.start.line + 1, ...(d.cell !== undefined ? { cell: cellNumber(loaded.cellNumbers, d.cell) } : {}), gradient: d.gradient, ok: d.ok, text: d.text, ...(d.expected ? { expected: d.expected } : {}) })) }, null, 2));
  } else {
    for (const d of chosen) out(`${loc.file}:${label(d)}: ${d.gradient}\n${d.text}\n`);
  }
  return chosen.every((d) => d.ok) ? 0 : 1;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'graph') return runGraph(argv.slice(1));
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err((e.message ? `backprop-lint: ${e.message}\n` : '') + USAGE);
    return 2;
  }
  if (args.command === 'help') {
    out(USAGE);
    return 0;
  }
  if (args.command === 'version') {
    out(`backprop-lint ${VERSION}`);
    return 0;
  }
  try {
    return args.command === 'check' ? await runCheck(args) : args.command === 'shapes' ? runShapes(args) : runExplain(args);
  } catch (e) {
    err(`backprop-lint: ${(e as Error).message}`);
    return 2;
  }
}

/** The executable's entry (bin/backprop-lint.js): runs the command and sets the exit status. */
export function run(argv: string[]): void {
  guardPipes();
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      err(`backprop-lint: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) run(process.argv.slice(2));
