// Code actions: the engine's fixes as quick fixes, "fix all certain problems", and "ignore <code> on
// this line". All of them read the result stored for the document's current version and return
// nothing when that result is for an older version (its ranges would be stale).

import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Finding, Fix } from '../engine/index';
import { isDiagnosticCode, type DiagnosticCode } from '../engine/index';
import type { Analyzer, StoredResult } from './analyzer';
import { comparePositions, effectiveSeverity, rangesEqual, rangesOverlap, toDiagnostic, toRange } from './convert';
import { usesSlashComments } from './languages';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND } from './protocol';
import type { Workspace } from './workspace';

/** The comment the engine honours: `# backprop-lint: ignore[code-a, code-b]`. */
export const SUPPRESSION_RE = /#\s*backprop-lint:\s*ignore\[([^\]]*)\]/;
/** The same in TypeScript and JavaScript: `// backprop-lint: ignore[code-a, code-b]`. */
export const SLASH_SUPPRESSION_RE = /\/\/\s*backprop-lint:\s*ignore\[([^\]]*)\]/;

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/** URI of the document an engine edit applies to. */
function editUri(stored: StoredResult, finding: Finding, editCell: number | undefined): string | undefined {
  const s = stored.snapshot;
  return s.kind === 'python' ? s.key : s.docUris[editCell ?? finding.cell ?? 0];
}

function fixToWorkspaceEdit(stored: StoredResult, finding: Finding, fix: Fix): WorkspaceEdit | undefined {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of fix.edits) {
    const uri = editUri(stored, finding, e.cell);
    if (uri === undefined) return undefined;
    (changes[uri] ??= []).push({ range: toRange(e.range), newText: e.newText });
  }
  return { changes };
}

function findingCellUri(stored: StoredResult, finding: Finding): string | undefined {
  return editUri(stored, finding, undefined);
}

/**
 * The edit that adds `code` to the line's suppression comment, or appends one: `# ...` in Python,
 * `// ...` in TypeScript and JavaScript (`slash`).
 */
export function suppressionEdit(lineText: string, line: number, code: DiagnosticCode, slash = false): TextEdit | undefined {
  const text = lineText.replace(/\r$/, '');
  const m = (slash ? SLASH_SUPPRESSION_RE : SUPPRESSION_RE).exec(text);
  if (m) {
    const listed = m[1].split(',').map((c) => c.trim()).filter((c) => c.length > 0);
    if (listed.includes(code)) return undefined;
    const close = m.index + m[0].length - 1; // the `]`
    const newText = listed.length > 0 ? `, ${code}` : code;
    return { range: { start: { line, character: close }, end: { line, character: close } }, newText };
  }
  const end = text.length;
  const sep = end === 0 || /\s$/.test(text) ? '' : '  ';
  return { range: { start: { line, character: end }, end: { line, character: end } }, newText: `${sep}${slash ? '//' : '#'} backprop-lint: ignore[${code}]` };
}

function quickFixes(stored: StoredResult, uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const finding of stored.result.findings) {
    if (findingCellUri(stored, finding) !== uri) continue;
    const range = toRange(finding.range);
    const diagnostic = diagnostics.find((d) => d.code === finding.code && rangesEqual(d.range, range));
    if (!diagnostic) continue;
    for (const fix of finding.fixes ?? []) {
      const edit = fixToWorkspaceEdit(stored, finding, fix);
      if (!edit) continue;
      out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.certain, edit });
    }
  }
  return out;
}

function ignoreActions(workspace: Workspace, stored: StoredResult, uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const slash = usesSlashComments(stored.snapshot.language);
  const doc = workspace.textDocument(uri);
  if (!doc) return [];
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of diagnostics) {
    const code = typeof d.code === 'string' ? d.code : undefined;
    if (d.source !== DIAGNOSTIC_SOURCE || code === undefined || !isDiagnosticCode(code)) continue;
    const line = d.range.start.line;
    if (!Number.isInteger(line) || line < 0 || line >= doc.lineCount || seen.has(`${line}:${code}`)) continue;
    seen.add(`${line}:${code}`);
    const lineText = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\n$/, '');
    const edit = suppressionEdit(lineText, line, code, slash);
    if (!edit) continue;
    out.push({ title: `Ignore ${code} on this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [uri]: [edit] } } });
  }
  return out;
}

/** All certain fixes of the unit whose codes are not turned off, skipping any that overlap one already taken. */
export function fixAllEdit(stored: StoredResult): WorkspaceEdit | undefined {
  const taken = new Map<string, TextEdit[]>();
  let any = false;
  for (const finding of stored.result.findings) {
    if (!stored.settings.enable || effectiveSeverity(finding, stored.settings) === undefined) continue;
    const fix = (finding.fixes ?? []).find((f) => f.certain);
    if (!fix) continue;
    const edits = fix.edits.map((e) => ({ uri: editUri(stored, finding, e.cell), edit: { range: toRange(e.range), newText: e.newText } }));
    const clash = edits.some(
      ({ uri, edit }) =>
        uri === undefined ||
        (taken.get(uri) ?? []).some((t) => rangesOverlap(t.range, edit.range) || comparePositions(t.range.start, edit.range.start) === 0),
    );
    if (clash) continue;
    for (const { uri, edit } of edits) {
      if (uri === undefined) continue;
      const list = taken.get(uri) ?? [];
      list.push(edit);
      taken.set(uri, list);
    }
    any = true;
  }
  return any ? { changes: Object.fromEntries(taken) } : undefined;
}

export function provideCodeActions(workspace: Workspace, analyzer: Analyzer, params: CodeActionParams): CodeAction[] | null {
  const uri = params.textDocument.uri;
  const key = workspace.unitKeyFor(uri);
  if (key === undefined) return null;
  // Fixes belong to the version they were computed for: refuse until the current text is analysed.
  const stored = analyzer.currentFindings(key);
  if (!stored || workspace.cellIndex(stored.snapshot, uri) === undefined) return null;
  const only = params.context.only;
  const diagnostics = (params.context.diagnostics ?? []).filter((d) => d.source === DIAGNOSTIC_SOURCE);
  const actions: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) {
    actions.push(...quickFixes(stored, uri, diagnostics), ...ignoreActions(workspace, stored, uri, diagnostics));
  }
  if (wants(only, FIX_ALL_KIND)) {
    const edit = fixAllEdit(stored);
    if (edit) {
      const fixed = stored.result.findings
        .map((f) => (findingCellUri(stored, f) === uri ? toDiagnostic(f, stored.settings) : undefined))
        .filter((d): d is Diagnostic => d !== undefined);
      actions.push({ title: 'Fix all certain Backprop Lint problems', kind: FIX_ALL_KIND, diagnostics: fixed, edit });
    }
  }
  return actions;
}
