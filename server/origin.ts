// Where a shape came from, for hovers, inlay hint tooltips and the shapes view. The engine gives it
// as a place (`originSite`: the expression that computed the shape, the assert or the shape comment
// that stated it, with its range and text; engine/diagnostics/origin.ts) beside the words
// (`the docstring of forward_propagation`). A place is shown as "from `np.dot(W1, X) + b1`, line 172",
// or "computed here" when it is the hovered expression itself; words are shown as they are (a
// script's "docstring" is its JSDoc). Lines are the cell's own in a notebook.

import type { ExprShape, OriginPlace } from '../engine/index';
import type { StoredResult } from './analyzer';

/** Longer expressions are shortened with an ellipsis. */
export const MAX_ORIGIN_EXPR_CHARS = 60;

export type Origin =
  /** `expr` is the expression (or statement, or comment) the shape came from. */
  | { kind: 'expr'; expr: string; line: number; cell?: number; itself: boolean }
  | { kind: 'text'; text: string };

interface Located {
  range: ExprShape['range'];
  cell?: number;
  origin?: string;
  originSite?: OriginPlace;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').replace(/\s+/g, ' ').trim();
}

export function shorten(s: string, max = MAX_ORIGIN_EXPR_CHARS): string {
  const t = oneLine(s);
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

function sameRange(a: ExprShape['range'], b: ExprShape['range']): boolean {
  return a.start.line === b.start.line && a.start.column === b.start.column && a.end.line === b.end.line && a.end.column === b.end.column;
}

/** The origin of `item` as the hover shows it; undefined when the engine gave none. */
export function resolveOrigin(stored: StoredResult, item: Located): Origin | undefined {
  const site = item.originSite;
  if (site) {
    const notebook = stored.snapshot.kind === 'notebook';
    const itself = site.kind === 'operation' && sameRange(site.range, item.range) && (site.cell ?? 0) === (item.cell ?? 0);
    return { kind: 'expr', expr: shorten(site.text), line: site.range.start.line + 1, ...(notebook && site.cell !== undefined ? { cell: site.cell } : {}), itself };
  }
  if (!item.origin) return undefined;
  const script = stored.snapshot.language === 'typescript' || stored.snapshot.language === 'javascript';
  return { kind: 'text', text: script ? item.origin.replace(/\bdocstring\b/g, 'JSDoc') : item.origin };
}

function where(o: { line: number; cell?: number }, currentCell: number | undefined): string {
  return o.cell !== undefined && o.cell !== currentCell ? `cell ${o.cell + 1}, line ${o.line}` : `line ${o.line}`;
}

/** Markdown for a hover: "_from `np.dot(W1, X) + b1`, line 172_". */
export function originMarkdown(o: Origin, currentCell?: number, escape: (s: string) => string = (s) => s): string {
  if (o.kind === 'text') return `_from ${escape(o.text)}_`;
  if (o.itself) return `_computed here, ${where(o, currentCell)}_`;
  return `_from ${codeSpan(o.expr)}, ${where(o, currentCell)}_`;
}

/** Plain text, for inlay hint tooltips and the shapes view: "np.dot(W1, X) + b1, line 172". */
export function originPlain(o: Origin, currentCell?: number): string {
  if (o.kind === 'text') return o.text;
  return `${o.expr}, ${where(o, currentCell)}`;
}

export function codeSpan(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  const pad = ticks.length > 1 ? ' ' : '';
  return `${ticks}${pad}${s}${pad}${ticks}`;
}
