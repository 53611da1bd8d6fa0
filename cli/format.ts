// Output of the CLI: text lines like other linters (`path:line:col: severity[code] message`) and
// the JSON format. Lines and columns are 1-based here; the engine's are 0-based.

import type { AnalysisResult, Finding, ShapeRecord } from '../engine/api';

export interface FileReport {
  path: string;
  notebook: boolean;
  result: AnalysisResult;
}

function where(path: string, f: { range: { start: { line: number; column: number } }; cell?: number }): string {
  const pos = `${f.range.start.line + 1}:${f.range.start.column + 1}`;
  return f.cell !== undefined ? `${path}:cell ${f.cell + 1}:${pos}` : `${path}:${pos}`;
}

export function formatFindingText(path: string, f: Finding): string {
  return `${where(path, f)}: ${f.severity}[${f.code}] ${f.message}`;
}

export function summaryText(reports: FileReport[]): string {
  const all = reports.flatMap((r) => r.result.findings);
  const files = reports.length;
  const fileWord = files === 1 ? 'file' : 'files';
  if (all.length === 0) return `No problems found in ${files} ${fileWord}.`;
  const count = (sev: string) => all.filter((f) => f.severity === sev).length;
  const parts = [`${count('error')} errors`, `${count('warning')} warnings`];
  const infos = count('information') + count('hint');
  if (infos) parts.push(`${infos} notes`);
  const withFindings = reports.filter((r) => r.result.findings.length > 0).length;
  return `${all.length} problem${all.length === 1 ? '' : 's'} (${parts.join(', ')}) in ${withFindings} of ${files} ${fileWord}.`;
}

function pos1(p: { line: number; column: number }) {
  return { line: p.line + 1, column: p.column + 1 };
}

export function findingJson(f: Finding) {
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    line: f.range.start.line + 1,
    column: f.range.start.column + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.column + 1,
    ...(f.cell !== undefined ? { cell: f.cell + 1 } : {}),
    fixes: f.fixes.map((x) => ({
      title: x.title,
      certain: x.certain,
      edits: x.edits.map((e) => {
        const s = pos1(e.range.start);
        const en = pos1(e.range.end);
        return { line: s.line, column: s.column, endLine: en.line, endColumn: en.column, newText: e.newText, ...(e.cell !== undefined ? { cell: e.cell + 1 } : {}) };
      }),
    })),
  };
}

export function checkJson(reports: FileReport[]) {
  return {
    files: reports.map((r) => ({
      path: r.path,
      diagnostics: r.result.findings.map(findingJson),
      ...(r.result.syntaxErrors.length ? { syntaxErrors: r.result.syntaxErrors.map((e) => ({ message: e.message, line: e.range.start.line + 1, column: e.range.start.column + 1, ...(e.cell !== undefined ? { cell: e.cell + 1 } : {}) })) } : {}),
    })),
  };
}

export function shapeLine(s: ShapeRecord): string {
  const cell = s.cell !== undefined ? `cell ${s.cell + 1}:` : '';
  return `${cell}${s.range.start.line + 1}: ${s.statement}  ${s.target === firstTarget(s.statement) ? '' : `[${s.target}] `}${s.shape}`;
}

function firstTarget(statement: string): string {
  const m = /^([^=]+?)\s*(?:[-+*/@]?=)/.exec(statement);
  return m ? m[1].trim() : '';
}

export function shapesJson(path: string, shapes: ShapeRecord[]) {
  return {
    path,
    shapes: shapes.map((s) => ({
      line: s.range.start.line + 1,
      column: s.range.start.column + 1,
      ...(s.cell !== undefined ? { cell: s.cell + 1 } : {}),
      target: s.target,
      statement: s.statement,
      shape: s.shape,
      ...(s.origin ? { origin: s.origin } : {}),
    })),
  };
}
