// Output of the CLI: text lines like other linters (`path:line:col: severity[code] message`) and
// the JSON format. Lines and columns are 1-based here; the engine's are 0-based. Notebook locations:
// locations.ts.

import type { Finding, ShapeRecord } from '../engine/api';
import type { FileReport } from './checkFile';
import { cellLabel, cellNumber, where } from './locations';

export type { FileReport };

export function formatFindingText(r: Pick<FileReport, 'path' | 'cellNumbers'>, f: Finding): string {
  return `${where(r.path, r.cellNumbers, f)}: ${f.severity}[${f.code}] ${f.message}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Everything text output says about one file besides its findings: fixes, syntax errors, notes. */
export function fileTextLines(r: FileReport): string[] {
  const out = [...r.fixed];
  if (r.notAnalysed) return [...out, `${r.path}: not analysed: ${r.notAnalysed}`];
  for (const f of r.result.findings) out.push(formatFindingText(r, f));
  for (const e of r.result.syntaxErrors) {
    const what = /^syntax error$/i.test(e.message) ? 'syntax error' : `syntax error: ${e.message}`;
    out.push(`${where(r.path, r.cellNumbers, e)}: ${what} (the code it cuts off is not analysed)`);
  }
  if (r.result.truncated) out.push(`${r.path}: note: analysis stopped early (step budget); findings may be incomplete`);
  if (r.result.verificationCutShort) out.push(`${r.path}: note: gradient verification was cut short (${r.result.verificationCutShort}); gradients it had not reached are unchecked`);
  return out;
}

export function summaryText(reports: FileReport[]): string {
  const analysed = reports.filter((r) => !r.notAnalysed);
  const notAnalysed = reports.length - analysed.length;
  const all = analysed.flatMap((r) => r.result.findings);
  const files = plural(analysed.length, 'file');
  const tail = notAnalysed ? `; ${plural(notAnalysed, 'file')} not analysed` : '';
  const syntax = analysed.reduce((n, r) => n + r.result.syntaxErrors.length, 0);
  const syntaxTail = syntax ? `; ${plural(syntax, 'syntax error')}` : '';
  if (all.length === 0) return `No problems found in ${files}${syntaxTail}${tail}.`;
  const count = (sev: string) => all.filter((f) => f.severity === sev).length;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning')];
  const infos = count('information') + count('hint');
  if (infos) parts.push(plural(infos, 'note'));
  const withFindings = analysed.filter((r) => r.result.findings.length > 0).length;
  return `${plural(all.length, 'problem')} (${parts.join(', ')}) in ${withFindings} of ${files}${syntaxTail}${tail}.`;
}

function pos1(p: { line: number; column: number }) {
  return { line: p.line + 1, column: p.column + 1 };
}

export function findingJson(r: Pick<FileReport, 'cellNumbers'>, f: Finding) {
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    line: f.range.start.line + 1,
    column: f.range.start.column + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.column + 1,
    ...(f.cell !== undefined ? { cell: cellNumber(r.cellNumbers, f.cell) } : {}),
    fixes: f.fixes.map((x) => ({
      title: x.title,
      certain: x.certain,
      edits: x.edits.map((e) => {
        const s = pos1(e.range.start);
        const en = pos1(e.range.end);
        return { line: s.line, column: s.column, endLine: en.line, endColumn: en.column, newText: e.newText, ...(e.cell !== undefined ? { cell: cellNumber(r.cellNumbers, e.cell) } : {}) };
      }),
    })),
  };
}

export function checkJson(reports: FileReport[]) {
  return {
    files: reports.map((r) => ({
      path: r.path,
      ...(r.notAnalysed ? { notAnalysed: r.notAnalysed } : {}),
      diagnostics: r.result.findings.map((f) => findingJson(r, f)),
      ...(r.result.syntaxErrors.length
        ? { syntaxErrors: r.result.syntaxErrors.map((e) => ({ message: e.message, line: e.range.start.line + 1, column: e.range.start.column + 1, ...(e.cell !== undefined ? { cell: cellNumber(r.cellNumbers, e.cell) } : {}) })) }
        : {}),
      ...(r.result.verificationCutShort ? { verificationCutShort: r.result.verificationCutShort } : {}),
      ...(r.fixed.length ? { fixed: r.fixed } : {}),
    })),
  };
}

export function shapeLine(s: ShapeRecord, cellNumbers?: number[]): string {
  const cell = s.cell !== undefined ? `${cellLabel(cellNumbers, s.cell)}:` : '';
  return `${cell}${s.range.start.line + 1}: ${s.statement}  ${s.target === firstTarget(s.statement) ? '' : `[${s.target}] `}${s.shape}`;
}

function firstTarget(statement: string): string {
  const m = /^([^=]+?)\s*(?:[-+*/@]?=)/.exec(statement);
  return m ? m[1].trim() : '';
}

export function shapesJson(path: string, shapes: ShapeRecord[], cellNumbers?: number[]) {
  return {
    path,
    shapes: shapes.map((s) => ({
      line: s.range.start.line + 1,
      column: s.range.start.column + 1,
      ...(s.cell !== undefined ? { cell: cellNumber(cellNumbers, s.cell) } : {}),
      target: s.target,
      statement: s.statement,
      shape: s.shape,
      ...(s.origin ? { origin: s.origin } : {}),
    })),
  };
}
