// Collects what the converters do not: Lezer's error nodes (as syntax errors) and comments.

import type { Tree } from '@lezer/common';
import type { Comment, SyntaxErrorInfo } from '../ast';
import { floatAt } from './literals';

/** More errors than this in one parse are summarised by a last entry. */
const MAX_ERRORS = 200;

/**
 * Walk the whole tree once. `base` is added to every offset (for pieces parsed on their own);
 * `limit` clamps offsets that point into text the recovery appended.
 */
export function collectDiagnostics(
  tree: Tree,
  text: string,
  base: number,
  limit = base + text.length,
): { errors: SyntaxErrorInfo[]; comments: Comment[] } {
  const errors: SyntaxErrorInfo[] = [];
  const comments: Comment[] = [];
  const clamp = (n: number) => Math.min(n + base, limit);
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) {
        if (!isFloatQuirk(ref.node, text) && errors.length <= MAX_ERRORS) {
          errors.push({ message: errorMessage(text, ref.from, ref.to), span: { start: clamp(ref.from), end: clamp(ref.to) } });
        }
        return ref.to > ref.from;
      }
      if (ref.name === 'Comment') comments.push({ text: text.slice(ref.from + 1, ref.to), span: { start: clamp(ref.from), end: clamp(ref.to) } });
      return undefined;
    },
  });
  if (errors.length > MAX_ERRORS) {
    errors.length = MAX_ERRORS;
    errors.push({ message: 'too many syntax errors; the rest are not listed', span: errors[MAX_ERRORS - 1].span });
  }
  return { errors, comments };
}

function errorMessage(text: string, from: number, to: number): string {
  if (to <= from) return from >= text.length ? 'syntax error: unexpected end of input' : 'syntax error';
  const token = text.slice(from, Math.min(to, from + 30)).replace(/\s+/g, ' ');
  return `syntax error: unexpected '${token}'`;
}

/** Lezer reads `1.` as `1` plus a member access with a missing name; Python reads a float. */
function isFloatQuirk(node: { from: number; to: number; parent: { name: string; firstChild: { name: string; from: number; to: number } | null } | null }, text: string): boolean {
  if (node.from !== node.to) return false;
  const parent = node.parent;
  const num = parent?.firstChild;
  if (!parent || parent.name !== 'MemberExpression' || !num || num.name !== 'Number' || text[num.to] !== '.') return false;
  return floatAt(text, num.from) !== undefined;
}
