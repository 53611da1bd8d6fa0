// Small helpers over Lezer syntax nodes, shared by the expression and statement converters.
//
// Lezer's Python tree has no named fields: the converters read children by position and by node
// name. Comments may appear as children of any node, so `kids` leaves them out.

import type { SyntaxNode } from '@lezer/common';
import type { Span, Stmt } from '../ast';

/** Deeper subtrees than this become `unknown` expressions or `error` statements. */
export const MAX_DEPTH = 250;

/** What a conversion needs besides the node: the parsed text and where it sits in the original. */
export interface Context {
  /** The text the tree was parsed from. */
  text: string;
  /** Added to every Lezer offset to give an offset into the original text. */
  base: number;
  /** Span ends are clamped to this original offset (text appended by the recovery never shows). */
  limit: number;
  /** Current nesting depth of the conversion, guarded by MAX_DEPTH. */
  depth: number;
  /** What to put in place of the placeholder statement that starts at the given Lezer offset. */
  placeholders: Map<number, Placeholder>;
}

/**
 * A statement the recovery parsed on its own. A simple one replaces its placeholder; a compound
 * header (`def f(x:` left open) was parsed with an empty body and takes the body (and else
 * branch) of its placeholder, an `if 0:` that kept the indented block in place.
 */
export interface Placeholder {
  stmts: Stmt[];
  compound: boolean;
}

export function makeContext(text: string, base = 0, limit = base + text.length): Context {
  return { text, base, limit, depth: 0, placeholders: new Map() };
}

/** The children of a node in order, without comments. */
export function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name !== 'Comment') out.push(c);
  }
  return out;
}

/** A span in original offsets; trailing whitespace (Lezer includes some) is left out. */
export function spanOf(ctx: Context, from: number, to: number): Span {
  while (to > from && isSpace(ctx.text.charCodeAt(to - 1))) to--;
  const start = Math.min(from + ctx.base, ctx.limit);
  return { start, end: Math.max(start, Math.min(to + ctx.base, ctx.limit)) };
}

export function nodeSpan(ctx: Context, node: SyntaxNode): Span {
  return spanOf(ctx, node.from, node.to);
}

export function textOf(ctx: Context, node: SyntaxNode): string {
  return ctx.text.slice(node.from, node.to);
}

/** Split a run of nodes at `,` tokens. A trailing comma yields no empty group but is reported. */
export function splitCommas(nodes: SyntaxNode[]): { groups: SyntaxNode[][]; trailingComma: boolean } {
  const groups: SyntaxNode[][] = [];
  let current: SyntaxNode[] = [];
  let sawComma = false;
  for (const n of nodes) {
    if (n.name === ',') {
      groups.push(current);
      current = [];
      sawComma = true;
    } else {
      current.push(n);
    }
  }
  const trailingComma = sawComma && current.length === 0;
  if (current.length > 0 || !sawComma) groups.push(current);
  return { groups: groups.filter((g) => g.length > 0), trailingComma };
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 12;
}
