// Where a shape came from, for hovers, inlay hint tooltips and the shapes view. The engine says it
// in words: `np.dot on line 172`, `* on line 179`, `assert on line 40`, `shape comment on line 12`,
// `the docstring of forward_propagation`. For an operation, this names the expression instead
// ("from `np.dot(W1, X) + b1`, line 172"): the engine records the shape of every expression it
// evaluates with its range, so the operation's own expression is the one on that line whose
// top-level operator (or callee) is that operation. Lines in origins count in the analysed text (for
// a notebook, its Python cells joined); here they become the cell's own lines.
//
// TypeScript and JavaScript: the engine names the NumPy operation a library call was read as
// (`np.dot on line 51` for `tf.matMul(W1, X)`, `+ on line 51` for `.add(b1)`), so when no expression
// on that line is spelled as the operation, the one the engine recorded with that same origin is
// taken; shape comments are `// shape: …` or a JSDoc `@shape` above the declaration, and a
// "docstring" is the JSDoc.

import type { ExprShape } from '../engine/index';
import type { StoredResult } from './analyzer';

/** Longer expressions are shortened with an ellipsis. */
export const MAX_ORIGIN_EXPR_CHARS = 60;

export type Origin =
  /** `expr` is the expression (or statement, for asserts and shape comments) the shape came from. */
  | { kind: 'expr'; expr: string; line: number; cell?: number; itself: boolean }
  | { kind: 'text'; text: string };

interface Located {
  range: ExprShape['range'];
  cell?: number;
  shape: string;
  origin?: string;
}

interface LineIndex {
  /** Engine cell index and 0-based line within it, of a 1-based line of the analysed text. */
  locate(line1: number): { cell: number; line: number } | undefined;
  lineText(cell: number, line: number): string | undefined;
  /** Expressions starting on a line, keyed `${cell}:${line}`. */
  exprsAt: Map<string, ExprShape[]>;
}

const indexes = new WeakMap<StoredResult, LineIndex>();

function indexFor(stored: StoredResult): LineIndex {
  let ix = indexes.get(stored);
  if (ix) return ix;
  const input = stored.snapshot.input;
  const cells = (input.kind === 'python' ? [input.text] : input.cells).map((c) => c.split(/\r\n|\r|\n/));
  const starts: number[] = [];
  let n = 0;
  for (const c of cells) {
    starts.push(n);
    n += c.length;
  }
  const exprsAt = new Map<string, ExprShape[]>();
  for (const e of stored.result.exprShapes) {
    const k = `${e.cell ?? 0}:${e.range.start.line}`;
    const list = exprsAt.get(k);
    if (list) list.push(e);
    else exprsAt.set(k, [e]);
  }
  ix = {
    locate(line1) {
      const l = line1 - 1;
      if (!Number.isInteger(l) || l < 0 || l >= n) return undefined;
      let cell = 0;
      while (cell + 1 < starts.length && starts[cell + 1] <= l) cell++;
      return { cell, line: l - starts[cell] };
    },
    lineText: (cell, line) => cells[cell]?.[line],
    exprsAt,
  };
  indexes.set(stored, ix);
  return ix;
}

// ---------------------------------------------------------------------------------------------
// A small scanner for Python expression text: brackets, strings, operator tokens at depth 0.

const OPERATORS = ['**=', '//=', '>>=', '<<=', '**', '//', '>>', '<<', '<=', '>=', '==', '!=', '->', ':=', '+=', '-=', '*=', '/=', '%=', '@=', '&=', '|=', '^=', '+', '-', '*', '/', '%', '@', '&', '|', '^', '~', '<', '>', '='];

interface Token {
  op: string;
  at: number;
  /** A prefix operator (`-x`, `*args`): nothing but an opening bracket, comma or operator before it. */
  unary: boolean;
}

/** Operator tokens outside brackets and strings. */
function topLevelOperators(text: string): Token[] {
  const out: Token[] = [];
  let depth = 0;
  let prevIsOperand = false;
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const q = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + q.length;
      while (j < text.length && !text.startsWith(q, j)) j += text[j] === '\\' ? 2 : 1;
      i = j + q.length;
      prevIsOperand = true;
      continue;
    }
    if (c === '#') break;
    if ('([{'.includes(c)) {
      depth++;
      i++;
      prevIsOperand = false;
      continue;
    }
    if (')]}'.includes(c)) {
      depth = Math.max(0, depth - 1);
      i++;
      prevIsOperand = true;
      continue;
    }
    if (c === ',' || c === ':') {
      i++;
      prevIsOperand = false;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      if (depth === 0) out.push({ op, at: i, unary: !prevIsOperand });
      i += op.length;
      prevIsOperand = false;
      continue;
    }
    i++;
    prevIsOperand = true;
  }
  return out;
}

/** The callee of a call expression `f(...)` (the text before the bracket that the final `)` closes). */
function calleeOf(text: string): string | undefined {
  const t = text.trim();
  if (!t.endsWith(')')) return undefined;
  let depth = 0;
  for (let i = t.length - 1; i >= 0; i--) {
    const c = t[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      depth--;
      if (depth === 0) return c === '(' ? t.slice(0, i).trim() : undefined;
    }
  }
  return undefined;
}

function isCallOp(op: string): boolean {
  return /^\.?[A-Za-z_][\w.]*$/.test(op);
}

/** Whether `text` is an application of the engine's operation `op` (`+`, `np.dot`, `.dot`, `reshape`). */
function applies(text: string, op: string): boolean {
  if (isCallOp(op)) {
    const callee = calleeOf(text);
    if (callee === undefined || topLevelOperators(callee).some((t) => !t.unary)) return false;
    const name = op.replace(/^\./, '');
    return callee === op || callee.endsWith(`.${name}`) || callee === name;
  }
  return topLevelOperators(text).some((t) => t.op === op && !t.unary);
}

/** The right-hand side of an assignment line (`x = …`, `x -= …`), without a trailing comment. */
function assignedText(line: string): { text: string; augmented: boolean; includes(s: string): boolean } | undefined {
  const eq = topLevelOperators(line).find((t) => t.op === '=' || (t.op.endsWith('=') && t.op.length > 1 && !['==', '!=', '<=', '>='].includes(t.op)));
  if (!eq) return undefined;
  const text = line.slice(eq.at + eq.op.length).replace(/\s+#.*$/, '').trim();
  if (!text) return undefined;
  return { text, augmented: eq.op !== '=', includes: (s) => text.includes(s) };
}

/** Whether `op` occurs as a binary operator anywhere in `text`, inside brackets too. */
function containsOperator(text: string, op: string): boolean {
  const flat = text.replace(/[()[\]{}]/g, ' ');
  return topLevelOperators(flat).some((t) => t.op === op && !t.unary) || topLevelOperators(flat).some((t) => t.op === `${op}=`);
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

function size(r: ExprShape['range']): number {
  return (r.end.line - r.start.line) * 100_000 + (r.end.column - r.start.column);
}

/** `const Z1 = …`, `this.W = …`, `cache.A1 = …`, `const { a, b } = …` (not `===`, `=>`, `+=`). */
const SCRIPT_ASSIGNMENT = /^\s*(?:(?:const|let|var)\s+)?[\w$.[\]'"{}, ]+?\s*=(?![=>])/;

/** A JSDoc `@shape` line just above `line` (within a few lines of comment), as [line, its text]. */
function jsdocShapeAbove(ix: LineIndex, cell: number, line: number): [number, string] | undefined {
  for (let l = line - 1; l >= 0 && l >= line - 6; l--) {
    const t = ix.lineText(cell, l)?.trim();
    if (t === undefined) return undefined;
    if (/@shape\b/.test(t)) return [l, t];
    if (!(t.startsWith('*') || t.startsWith('/*') || t.endsWith('*/'))) return undefined;
  }
  return undefined;
}

/** Resolves `item.origin` against the stored result; undefined when the engine gave none. */
export function resolveOrigin(stored: StoredResult, item: Located): Origin | undefined {
  const origin = item.origin;
  if (!origin) return undefined;
  const script = stored.snapshot.language === 'typescript' || stored.snapshot.language === 'javascript';
  const m = /^(.+) on line (\d+)$/.exec(origin);
  if (!m) return { kind: 'text', text: script ? origin.replace(/\bdocstring\b/g, 'JSDoc') : origin };
  const [, what, lineText] = m;
  const ix = indexFor(stored);
  const at = ix.locate(Number(lineText));
  const fallback: Origin = { kind: 'text', text: origin };
  if (!at) return fallback;
  const cellOf = stored.snapshot.kind === 'notebook' ? at.cell : undefined;
  const place = { line: at.line + 1, ...(cellOf !== undefined ? { cell: cellOf } : {}) };
  const source = ix.lineText(at.cell, at.line);
  if (what === 'assert' || what === 'shape comment') {
    if (source === undefined) return fallback;
    if (script && what === 'shape comment') {
      const trailing = /\/\/.*$/.exec(source)?.[0];
      const above = trailing === undefined ? jsdocShapeAbove(ix, at.cell, at.line) : undefined;
      if (above) return { kind: 'expr', expr: shorten(above[1]), line: above[0] + 1, itself: false };
      return { kind: 'expr', expr: shorten(trailing ?? source), ...place, itself: false };
    }
    const comment = what === 'shape comment' ? /#.*$/.exec(source)?.[0] : undefined;
    return { kind: 'expr', expr: shorten(comment ?? source), ...place, itself: false };
  }
  // The operation's own expression: starts on that line, applies that operation; the largest such
  // (the outermost `*` of `a * b * c`), preferring one whose shape is the value's.
  const sameOrigin = (ix.exprsAt.get(`${at.cell}:${at.line}`) ?? []).filter((e) => e.origin === origin);
  let candidates = sameOrigin.filter((e) => applies(e.text, what));
  // A library's spelling of the operation (`tf.matMul(W1, X)` for np.dot, `.add(b1)` for +): the
  // expression recorded with that origin, the one written as the origin says if any.
  if (script && candidates.length === 0) candidates = sameOrigin;
  const written = (e: ExprShape) => Number(script && e.text === what);
  candidates.sort(
    (a, b) => written(b) - written(a) || Number(b.shape === item.shape) - Number(a.shape === item.shape) || size(b.range) - size(a.range),
  );
  const best = candidates[0];
  if (best) {
    const itself = sameRange(best.range, item.range) && (best.cell ?? 0) === (item.cell ?? 0);
    return { kind: 'expr', expr: shorten(best.text), ...place, itself };
  }
  // Not recorded as an expression (a comparison, an augmented assignment): the statement's right-hand
  // side, if that line is an assignment whose right-hand side applies the operation.
  const rhs = source === undefined ? undefined : assignedText(script ? source.replace(/\s*\/\/.*$/, '').replace(/;\s*$/, '') : source);
  if (rhs !== undefined && (isCallOp(what) ? rhs.includes(`${what.replace(/^\./, '')}(`) : containsOperator(rhs.text, what))) {
    return { kind: 'expr', expr: shorten(rhs.augmented ? source!.trim() : rhs.text), ...place, itself: false };
  }
  // A script's operation is spelled by its library (`.addColumnVector(b1)` for +): the statement's
  // right-hand side it was computed in.
  if (script && rhs !== undefined && !rhs.augmented && SCRIPT_ASSIGNMENT.test(source!)) return { kind: 'expr', expr: shorten(rhs.text), ...place, itself: false };
  return fallback;
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
