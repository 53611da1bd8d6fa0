// Inlay hints: the inferred shape of each assignment target, at the end of the statement's first line.

import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver/node';
import type { Analyzer } from './analyzer';
import { originPlain, resolveOrigin } from './origin';
import type { Workspace } from './workspace';

export async function provideInlayHints(workspace: Workspace, analyzer: Analyzer, params: InlayHintParams): Promise<InlayHint[] | null> {
  const uri = params.textDocument.uri;
  const key = workspace.unitKeyFor(uri);
  const doc = workspace.textDocument(uri);
  if (key === undefined || !doc) return null;
  const stored = await analyzer.fresh(key);
  if (!stored || !stored.settings.enable || !stored.settings.inlayHints.enabled) return [];
  const cell = workspace.cellIndex(stored.snapshot, uri);
  if (cell === undefined) return [];
  const isNotebook = stored.snapshot.kind === 'notebook';
  const lines = doc.getText().split('\n');
  const { start, end } = params.range;
  const hints: InlayHint[] = [];
  const seen = new Set<string>();
  for (const s of stored.result.shapes) {
    if (isNotebook && (s.cell ?? 0) !== cell) continue;
    const line = s.range.start.line;
    if (line < start.line || line > end.line || line >= lines.length) continue;
    const id = `${line}:${s.target}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const character = lines[line].replace(/\s+$/, '').length;
    const origin = resolveOrigin(stored, s);
    hints.push({
      position: { line, character },
      label: `${s.target}: ${s.shape}`,
      kind: InlayHintKind.Type,
      paddingLeft: true,
      ...(origin ? { tooltip: `from ${originPlain(origin, isNotebook ? cell : undefined)}` } : {}),
    });
  }
  return hints;
}
