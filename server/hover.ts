// Hover: the shape of the innermost expression under the cursor, from the engine's exprShapes.

import { MarkupKind, type Hover, type HoverParams, type Position } from 'vscode-languageserver/node';
import type { ExprShape, SourceLanguage } from '../engine/index';
import type { Analyzer } from './analyzer';
import { comparePositions, rangeContains, toRange } from './convert';
import { codeSpan, originMarkdown, resolveOrigin, type Origin } from './origin';
import type { Workspace } from './workspace';

/** Among the spans containing the position, the smallest; at equal size, one that does not merely end there. */
export function innermostAt<T extends { range: ExprShape['range'] }>(items: T[], pos: Position): T | undefined {
  let best: T | undefined;
  let bestSize: [number, number] = [Infinity, Infinity];
  let bestEndsHere = true;
  for (const item of items) {
    const r = toRange(item.range);
    if (!rangeContains(r, pos)) continue;
    const size: [number, number] = [r.end.line - r.start.line, r.end.line === r.start.line ? r.end.character - r.start.character : r.end.character];
    const endsHere = comparePositions(r.end, pos) === 0;
    const smaller = size[0] < bestSize[0] || (size[0] === bestSize[0] && size[1] < bestSize[1]);
    const same = size[0] === bestSize[0] && size[1] === bestSize[1];
    if (smaller || (same && bestEndsHere && !endsHere)) {
      best = item;
      bestSize = size;
      bestEndsHere = endsHere;
    }
  }
  return best;
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/**
 * `origin` is the engine's origin resolved to an expression (origin.ts); `cell` the hovered cell;
 * `language` the document's (the code block is highlighted as that language).
 */
export function renderHover(e: ExprShape, origin?: Origin, cell?: number, language: SourceLanguage = 'python'): string {
  const expr = e.text.length > 200 ? `${e.text.slice(0, 199)}…` : e.text;
  const lines = [`\`\`\`${language}`, expr, '```', '', `**shape** ${codeSpan(e.shape)}`];
  if (origin) lines.push('', originMarkdown(origin, cell, escapeMarkdown));
  return lines.join('\n');
}

export async function provideHover(workspace: Workspace, analyzer: Analyzer, params: HoverParams): Promise<Hover | null> {
  const uri = params.textDocument.uri;
  const key = workspace.unitKeyFor(uri);
  if (key === undefined) return null;
  const stored = await analyzer.fresh(key);
  if (!stored) return null;
  const cell = workspace.cellIndex(stored.snapshot, uri);
  if (cell === undefined) return null;
  const isNotebook = stored.snapshot.kind === 'notebook';
  // Assignment targets are not expressions the engine evaluates; their shapes come from ShapeRecords.
  const targets: ExprShape[] = stored.result.shapes.map((s) => ({ range: s.range, cell: s.cell, text: s.target, shape: s.shape, origin: s.origin, originSite: s.originSite }));
  const candidates = [...stored.result.exprShapes, ...targets].filter((e) => (isNotebook ? (e.cell ?? 0) === cell : true));
  const hit = innermostAt(candidates, params.position);
  // On a gradient line: its chain-rule derivation first, the shape of the value under the cursor beneath.
  const derivation = (stored.result.derivations ?? []).find(
    (d) => (isNotebook ? (d.cell ?? 0) === cell : true) && d.range.start.line <= params.position.line && params.position.line <= d.range.end.line,
  );
  if (!hit && !derivation) return null;
  const parts: string[] = [];
  if (derivation) parts.push(derivation.markdown);
  if (hit) parts.push(renderHover(hit, resolveOrigin(stored, hit), isNotebook ? cell : undefined, stored.snapshot.language));
  const range = hit ? toRange(hit.range) : toRange(derivation!.range);
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range };
}
