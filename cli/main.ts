// backprop-lint: the command-line front door onto the engine.
//
//   backprop-lint check [--format text|json] [--fix] PATH...
//   backprop-lint shapes [--format text|json] FILE
//   backprop-lint explain [--format text|json] FILE[:LINE]   (notebooks: FILE:CELL:LINE)
//
// Exit status: 0 when clean, 1 when something is found, 2 on a usage or read error.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../engine/analyze';
import type { AnalysisResult, DocumentInput, TextEdit } from '../engine/api';
import { collectFiles, moduleReader } from './files';
import { applyEdits, loadDocument, writeNotebookCells } from './document';
import { parseLocation } from './location';
import { GRAPH_USAGE, runGraph } from './graph';
import { checkJson, formatFindingText, shapeLine, shapesJson, summaryText, type FileReport } from './format';

const USAGE = `usage: backprop-lint check [--format text|json] [--fix] PATH...
       backprop-lint shapes [--format text|json] FILE
       backprop-lint explain [--format text|json] FILE[:LINE]
${GRAPH_USAGE}

check    report shape bugs and wrong gradients in .py and .ipynb files (folders are searched recursively)
shapes   print every assignment with the shape the engine infers
explain  print the chain-rule derivation of the gradient line at LINE (every gradient line without
         LINE), checked against the derivative of the forward pass; notebooks: FILE:CELL:LINE
graph    draw the computational graph of the unit at LINE: shapes on every edge, each gradient line
         on the value it differentiates with its verdict (SVG, Graphviz DOT or JSON)
--fix   apply the fixes that are certain, and say what changed`;

class UsageError extends Error {}

interface Args {
  command: string;
  format: 'text' | 'json';
  fix: boolean;
  paths: string[];
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') throw new UsageError('');
  if (command !== 'check' && command !== 'shapes' && command !== 'explain') throw new UsageError(`unknown command '${command}'`);
  const args: Args = { command, format: 'text', fix: false, paths: [] };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--format') {
      const v = rest[++i];
      if (v !== 'text' && v !== 'json') throw new UsageError(`--format takes text or json, not '${v ?? ''}'`);
      args.format = v;
    } else if (a.startsWith('--format=')) {
      const v = a.slice('--format='.length);
      if (v !== 'text' && v !== 'json') throw new UsageError(`--format takes text or json, not '${v}'`);
      args.format = v;
    } else if (a === '--fix') args.fix = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
    else args.paths.push(a);
  }
  if (args.paths.length === 0) throw new UsageError('no path given');
  if ((command === 'shapes' || command === 'explain') && args.paths.length !== 1) throw new UsageError(`${command} takes one file`);
  return args;
}

/**
 * Verification's wall-clock budget per file in the CLI. The editor's 400 ms keeps typing responsive;
 * a CI run must give the same findings on a slow or busy machine as on a fast one, so the CLI waits
 * (the interpreter's step limits still bound a run; the slowest fixture verifies in ≈ 50 ms).
 */
export const CLI_VERIFY_BUDGET_MS = 30_000;

function analyzeFile(file: string, doc?: DocumentInput): AnalysisResult {
  return analyzeDocument(doc ?? loadDocument(file), { readModule: moduleReader(path.dirname(file)), verifyBudgetMs: CLI_VERIFY_BUDGET_MS });
}

/** Applies the certain fixes of one file; returns lines saying what changed. */
function fixFile(file: string, result: AnalysisResult, doc: DocumentInput): string[] {
  const chosen: { code: string; title: string; edits: TextEdit[]; where: string }[] = [];
  for (const f of result.findings) {
    const fix = f.fixes.find((x) => x.certain);
    if (fix) chosen.push({ code: f.code, title: fix.title, edits: fix.edits, where: `${f.cell !== undefined ? `cell ${f.cell + 1}:` : ''}${f.range.start.line + 1}:${f.range.start.column + 1}` });
  }
  if (chosen.length === 0) return [];
  const said: string[] = [];
  if (doc.kind === 'python') {
    const { text, applied } = applyEdits(doc.text, chosen.flatMap((c) => c.edits));
    fs.writeFileSync(file, text);
    for (const c of chosen) if (c.edits.every((e) => applied.includes(e))) said.push(`fixed ${file}:${c.where} [${c.code}] ${c.title}`);
  } else {
    const cells = [...doc.cells];
    const byCell = new Map<number, TextEdit[]>();
    for (const c of chosen) for (const e of c.edits) byCell.set(e.cell ?? 0, [...(byCell.get(e.cell ?? 0) ?? []), e]);
    const applied: TextEdit[] = [];
    for (const [cell, edits] of byCell) {
      const r = applyEdits(cells[cell], edits);
      cells[cell] = r.text;
      applied.push(...r.applied);
    }
    writeNotebookCells(file, cells);
    for (const c of chosen) if (c.edits.every((e) => applied.includes(e))) said.push(`fixed ${file}:${c.where} [${c.code}] ${c.title}`);
  }
  return said;
}

function runCheck(args: Args): number {
  const files = collectFiles(args.paths);
  const reports: FileReport[] = [];
  const fixed: string[] = [];
  let readError = false;
  for (const file of files) {
    let doc: DocumentInput;
    try {
      doc = loadDocument(file);
    } catch (err) {
      process.stderr.write(`backprop-lint: ${(err as Error).message.startsWith(file) ? '' : `${file}: `}${(err as Error).message}\n`);
      readError = true;
      continue;
    }
    let result = analyzeFile(file, doc);
    if (args.fix) {
      const said = fixFile(file, result, doc);
      if (said.length) {
        fixed.push(...said);
        result = analyzeFile(file);
      }
    }
    reports.push({ path: file, notebook: doc.kind === 'notebook', result });
  }
  if (args.format === 'json') {
    process.stdout.write(JSON.stringify(checkJson(reports), null, 2) + '\n');
  } else {
    for (const line of fixed) process.stdout.write(line + '\n');
    for (const r of reports) {
      for (const f of r.result.findings) process.stdout.write(formatFindingText(r.path, f) + '\n');
      if (r.result.truncated) process.stdout.write(`${r.path}: note: analysis stopped early (step budget); findings may be incomplete\n`);
    }
    process.stdout.write(summaryText(reports) + '\n');
  }
  if (readError) return 2;
  return reports.some((r) => r.result.findings.length > 0) ? 1 : 0;
}

function runShapes(args: Args): number {
  const file = args.paths[0];
  const result = analyzeFile(file);
  if (args.format === 'json') process.stdout.write(JSON.stringify(shapesJson(file, result.shapes), null, 2) + '\n');
  else for (const s of result.shapes) process.stdout.write(shapeLine(s) + '\n');
  return 0;
}

function runExplain(args: Args): number {
  const loc = parseLocation(args.paths[0]);
  const doc = loadDocument(loc.file);
  const result = analyzeFile(loc.file, doc);
  const here = (d: { cell?: number; range: { start: { line: number }; end: { line: number } } }) =>
    (d.cell ?? 0) === (loc.cell ?? 0) && d.range.start.line <= loc.line! && loc.line! <= d.range.end.line;
  const all = (result.derivations ?? []).filter((d) => d.status !== 'unchecked');
  const chosen = loc.line === undefined ? all : all.filter(here);
  const unchecked = loc.line === undefined ? undefined : (result.derivations ?? []).find((d) => d.status === 'unchecked' && here(d));
  if (unchecked && chosen.length === 0) {
    process.stderr.write(`backprop-lint: ${args.paths[0]}: ${unchecked.gradient}: ${unchecked.text}\n`);
    return 2;
  }
  if (chosen.length === 0) {
    const lines = all.map((d) => `${d.cell !== undefined ? `${d.cell + 1}:` : ''}${d.range.start.line + 1}`);
    process.stderr.write(
      `backprop-lint: no gradient line the engine could check at ${args.paths[0]}` +
        (lines.length ? ` (checked gradient lines: ${lines.join(', ')})` : ' (no gradient line in this file could be checked)') + '\n',
    );
    return 2;
  }
  if (args.format === 'json') {
    process.stdout.write(JSON.stringify({ path: loc.file, derivations: chosen.map((d) => ({ line: d.range.start.line + 1, ...(d.cell !== undefined ? { cell: d.cell + 1 } : {}), gradient: d.gradient, ok: d.ok, text: d.text, ...(d.expected ? { expected: d.expected } : {}) })) }, null, 2) + '\n');
  } else {
    for (const d of chosen) process.stdout.write(`${loc.file}:${d.cell !== undefined ? `cell ${d.cell + 1}:` : ''}${d.range.start.line + 1}: ${d.gradient}\n${d.text}\n\n`);
  }
  return chosen.every((d) => d.ok) ? 0 : 1;
}

export function main(argv: string[]): number {
  if (argv[0] === 'graph') return runGraph(argv.slice(1));
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    const msg = (err as Error).message;
    process.stderr.write((msg ? `backprop-lint: ${msg}\n` : '') + USAGE + '\n');
    return 2;
  }
  try {
    return args.command === 'check' ? runCheck(args) : args.command === 'shapes' ? runShapes(args) : runExplain(args);
  } catch (err) {
    process.stderr.write(`backprop-lint: ${(err as Error).message}\n`);
    return 2;
  }
}

if (require.main === module || process.argv[1]?.endsWith('backprop-lint.js')) {
  process.exitCode = main(process.argv.slice(2));
}
