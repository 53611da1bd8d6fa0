// Source edits that fixes are made of: insert or remove a transpose, add keepdims=True, give a
// rank-1 constructor a second dimension. Each works on the original text and the engine's spans.

import type { Expr } from '../syntax/ast';
import type { SpanEdit } from '../diagnostics/contradiction';

function isAtomic(e: Expr): boolean {
  return e.kind === 'name' || e.kind === 'attr' || e.kind === 'subscript' || e.kind === 'call';
}

/** The edit that transposes `e` in place: `X` → `X.T`, `X.T` → `X`, `a + b` → `(a + b).T`. */
export function transposeEdit(text: string, e: Expr): SpanEdit[] {
  if (e.kind === 'attr' && e.name === 'T') {
    return [{ span: { start: e.obj.span.end, end: e.span.end }, newText: '' }];
  }
  if (isAtomic(e)) return [{ span: { start: e.span.end, end: e.span.end }, newText: '.T' }];
  const src = text.slice(e.span.start, e.span.end);
  return [{ span: e.span, newText: `(${src}).T` }];
}

/** The text `e` would read once transposed, for fix titles. */
export function transposedText(text: string, e: Expr): string {
  const src = text.slice(e.span.start, e.span.end);
  if (e.kind === 'attr' && e.name === 'T') return text.slice(e.obj.span.start, e.obj.span.end);
  return isAtomic(e) ? `${src}.T` : `(${src}).T`;
}

/** The title of the fix `transposeEdit` makes: what the edit does ("Remove .T from W2", "Transpose W2 (W2.T)"). */
export function transposeTitle(text: string, e: Expr): string {
  if (e.kind === 'attr' && e.name === 'T') return `Remove .T from ${text.slice(e.obj.span.start, e.obj.span.end)}`;
  return `Transpose ${text.slice(e.span.start, e.span.end)} (${transposedText(text, e)})`;
}

/** Adds `keepdims=True` as the last argument of a call that ends with `)`. */
export function keepdimsEdit(text: string, call: Expr & { kind: 'call' }): SpanEdit[] | undefined {
  let close = call.span.end - 1;
  while (close > call.span.start && /\s/.test(text[close])) close--;
  if (text[close] !== ')') return undefined;
  let before = close - 1;
  while (before > call.span.start && /\s/.test(text[before])) before--;
  const sep = text[before] === ',' ? ' ' : ', ';
  return [{ span: { start: close, end: close }, newText: `${sep}keepdims=True` }];
}

/** Wraps a constructor's single size argument as a column: `np.zeros(n)` → `np.zeros((n, 1))`. */
export function columnSizeEdit(text: string, sizeArg: Expr, tupleForm: boolean): SpanEdit[] {
  const src = text.slice(sizeArg.span.start, sizeArg.span.end);
  const inner = sizeArg.kind === 'tuple' ? src.replace(/^\(\s*/, '').replace(/,?\s*\)$/, '') : src;
  return [{ span: sizeArg.span, newText: tupleForm ? `(${inner}, 1)` : `${inner}, 1` }];
}

/** The text with non-overlapping span edits applied (offsets into the original text). */
export function applySpanEdits(text: string, edits: SpanEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
