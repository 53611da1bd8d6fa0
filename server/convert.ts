// Conversions between the engine's types and LSP's.

import { DiagnosticSeverity, type Diagnostic, type Position, type Range } from 'vscode-languageserver/node';
import type { Finding, Range as EngineRange } from '../engine/index';
import type { Severity } from '../engine/index';
import { docsHref } from './docs';
import { DIAGNOSTIC_SOURCE } from './protocol';
import type { Settings } from './settings';

export function toRange(r: EngineRange): Range {
  return {
    start: { line: r.start.line, character: r.start.column },
    end: { line: r.end.line, character: r.end.column },
  };
}

export function toEngineRange(r: Range): EngineRange {
  return {
    start: { line: r.start.line, column: r.start.character },
    end: { line: r.end.line, column: r.end.character },
  };
}

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The severity a finding is shown with, or undefined when its code is turned off. */
export function effectiveSeverity(finding: Finding, settings: Settings): Severity | undefined {
  const level = settings.severity[finding.code] ?? finding.severity;
  return level === 'off' ? undefined : level;
}

/** The diagnostic for a finding, or undefined when the settings turn its code off. */
export function toDiagnostic(finding: Finding, settings: Settings): Diagnostic | undefined {
  const severity = effectiveSeverity(finding, settings);
  if (severity === undefined) return undefined;
  const href = docsHref(finding.code);
  return {
    range: toRange(finding.range),
    severity: LSP_SEVERITY[severity],
    code: finding.code,
    ...(href !== undefined ? { codeDescription: { href } } : {}),
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangesEqual(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

export function rangeContains(r: Range, p: Position): boolean {
  return comparePositions(r.start, p) <= 0 && comparePositions(p, r.end) <= 0;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  // Touching ranges (one ends where the other starts) do not overlap, unless one is empty there.
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}
