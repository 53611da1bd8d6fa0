// One file's whole job in `check`: load it, analyse it under its project configuration, apply its
// certain fixes (and analyse the fixed text again). Runs on the main thread or in a worker (pool.ts);
// what it returns is plain data.

import * as path from 'node:path';
import { analyzeDocument } from '../engine/analyze';
import type { AnalysisResult, TextEdit } from '../engine/api';
import { moduleReader } from './files';
import { loadDocument, applyEdits, writeNotebookCells, writeSourceEdits, type Loaded } from './document';
import { applyConfig, configFor, verifyBudgetMs, type Overrides } from './config';
import { cellLabel } from './locations';

export interface CheckOptions extends Overrides {
  fix: boolean;
}

export interface FileReport {
  path: string;
  /** For a notebook: each code cell's 0-based position among all its cells (what locations show, 1-based). */
  cellNumbers?: number[];
  result: AnalysisResult;
  /** `fixed path:line:col [code] title`, one per fix applied. */
  fixed: string[];
  /** Why the file was not analysed (not a file, too large, binary, unreadable, not a notebook). */
  notAnalysed?: string;
  /** Problems in the project configuration file that applied (shown once). */
  configProblems?: { file: string; problems: string[] };
}

const EMPTY: AnalysisResult = { findings: [], shapes: [], exprShapes: [], syntaxErrors: [], derivations: [], truncated: false, timings: { parseMs: 0, analyzeMs: 0 } };

/** `derivations`: false where nothing shows them (`check`). */
export function analyzeLoaded(file: string, loaded: Exclude<Loaded, { notAnalysed: string }>, o: Overrides, derivations = true): AnalysisResult {
  const config = configFor(file, o);
  return analyzeDocument(loaded.doc, {
    ...(derivations ? {} : { derivations: false }),
    readModule: moduleReader(path.dirname(file)),
    verifyBudgetMs: verifyBudgetMs(config, o),
    ...(config?.dimensionNames.length ? { extraDimensionNames: config.dimensionNames } : {}),
  });
}

export function checkFile(file: string, o: CheckOptions): FileReport {
  const config = configFor(file, o);
  const configProblems = config?.problems.length ? { file: config.file, problems: config.problems } : undefined;
  let loaded = loadDocument(file);
  if ('notAnalysed' in loaded) return { path: file, result: EMPTY, fixed: [], notAnalysed: loaded.notAnalysed, configProblems };
  const run = (l: Exclude<Loaded, { notAnalysed: string }>): AnalysisResult => {
    const result = analyzeLoaded(file, l, o, false);
    return { ...result, findings: applyConfig(result.findings, config, o) };
  };
  let result = run(loaded);
  const cellNumbers = loaded.cellNumbers;
  if (result.notAnalysed) return { path: file, cellNumbers, result: EMPTY, fixed: [], notAnalysed: result.notAnalysed, configProblems };
  const fixed = o.fix ? fixFile(file, result, loaded) : [];
  if (fixed.length) {
    loaded = loadDocument(file);
    if ('notAnalysed' in loaded) return { path: file, result: EMPTY, fixed, notAnalysed: loaded.notAnalysed, configProblems };
    result = run(loaded);
  }
  // `check` prints findings, syntax errors and notes: the shapes, hover shapes and derivations stay
  // behind (a worker would otherwise copy them all to the main thread).
  const reported: AnalysisResult = { ...result, shapes: [], exprShapes: [], derivations: [] };
  return { path: file, ...(cellNumbers ? { cellNumbers } : {}), result: reported, fixed, ...(configProblems ? { configProblems } : {}) };
}

/** Applies the certain fixes of one file; returns lines saying what changed. */
function fixFile(file: string, result: AnalysisResult, loaded: Exclude<Loaded, { notAnalysed: string }>): string[] {
  const chosen: { code: string; title: string; edits: TextEdit[]; where: string }[] = [];
  for (const f of result.findings) {
    const fix = f.fixes.find((x) => x.certain);
    if (fix) chosen.push({ code: f.code, title: fix.title, edits: fix.edits, where: `${f.cell !== undefined ? `${cellLabel(loaded.cellNumbers, f.cell)}:` : ''}${f.range.start.line + 1}:${f.range.start.column + 1}` });
  }
  if (chosen.length === 0) return [];
  const applied: TextEdit[] = [];
  if (loaded.source) applied.push(...writeSourceEdits(file, { bytes: loaded.bytes, source: loaded.source }, chosen.flatMap((c) => c.edits)));
  else if (loaded.doc.kind === 'notebook') {
    const cells = [...loaded.doc.cells];
    const byCell = new Map<number, TextEdit[]>();
    for (const c of chosen) for (const e of c.edits) byCell.set(e.cell ?? 0, [...(byCell.get(e.cell ?? 0) ?? []), e]);
    for (const [cell, edits] of byCell) {
      const r = applyEdits(cells[cell], edits);
      cells[cell] = r.text;
      applied.push(...r.applied);
    }
    writeNotebookCells(file, cells, loaded.cellNumbers ?? cells.map((_, i) => i));
  }
  return chosen.filter((c) => c.edits.every((e) => applied.includes(e))).map((c) => `fixed ${file}:${c.where} [${c.code}] ${c.title}`);
}
