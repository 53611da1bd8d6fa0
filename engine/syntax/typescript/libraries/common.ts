// Lowerings several library tables share: elementwise arithmetic, ufuncs, reductions, comparisons.

import type * as TS from 'typescript';
import type { BinaryOperator, CompareOperator, Expr } from '../../ast';
import type { LibNote, LowerCtx } from './types';

/** `a op b` as an engine binop spanning the whole call. */
export function arith(ctx: LowerCtx, op: BinaryOperator, call: TS.Node, a: TS.Expression | undefined, b: TS.Expression | undefined): Expr | undefined {
  if (!a || !b) return undefined;
  return ctx.note(ctx.binop(op, ctx.expr(a), ctx.expr(b), ctx.span(call)), { kind: 'lib', lib: ctx.lib });
}

/** An already lowered operand combined with a written one (`x.add(y)` where x was lowered first). */
export function arithOn(ctx: LowerCtx, op: BinaryOperator, call: TS.Node, a: Expr, b: TS.Expression | undefined): Expr | undefined {
  if (!b) return undefined;
  return ctx.note(ctx.binop(op, a, ctx.expr(b), ctx.span(call)), { kind: 'lib', lib: ctx.lib });
}

export function ufunc(ctx: LowerCtx, name: string, call: TS.Node, x: Expr): Expr {
  return ctx.note(ctx.npCall(name, [x], [], ctx.span(call)), { kind: 'lib', lib: ctx.lib });
}

/** The logistic function, written as NumPy code spells it: 1 / (1 + np.exp(-x)). */
export function sigmoid(ctx: LowerCtx, call: TS.Node, x: Expr): Expr {
  const s = ctx.span(call);
  const neg: Expr = { kind: 'unary', op: '-', operand: x, span: s };
  const e = ctx.npCall('exp', [neg], [], s);
  return ctx.note(ctx.binop('/', ctx.num(1, s), ctx.binop('+', ctx.num(1, s), e, s), s), { kind: 'lib', lib: ctx.lib });
}

export function relu(ctx: LowerCtx, call: TS.Node, x: Expr): Expr {
  const s = ctx.span(call);
  return ctx.note(ctx.npCall('maximum', [ctx.num(0, s), x], [], s), { kind: 'lib', lib: ctx.lib });
}

export function compare(ctx: LowerCtx, op: CompareOperator, call: TS.Node, a: Expr, b: TS.Expression | undefined): Expr | undefined {
  if (!b) return undefined;
  return ctx.note({ kind: 'compare', left: a, ops: [op], comparators: [ctx.expr(b)], span: ctx.span(call) }, { kind: 'lib', lib: ctx.lib });
}

/** np.sum / np.mean / np.max with an axis and keepdims, and a note for keepDims fixes. */
export function reduction(
  ctx: LowerCtx,
  name: string,
  call: TS.CallExpression,
  x: Expr,
  axis: TS.Expression | undefined,
  keepDims: TS.Expression | undefined,
  form: 'function' | 'method',
): Expr | undefined {
  const ts = ctx.ts;
  const s = ctx.span(call);
  const keywords = [];
  const noAxis = !axis || axis.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(axis) && axis.text === 'undefined');
  if (!noAxis) keywords.push(ctx.kw('axis', ctx.expr(axis!)));
  if (keepDims) {
    const k = ctx.literalBool(keepDims);
    if (k === undefined) return undefined;
    keywords.push(ctx.kw('keepdims', ctx.bool(k, ctx.span(keepDims))));
  }
  const args = call.arguments;
  const last = args.length > 0 ? args[args.length - 1].end : call.expression.end;
  const note: LibNote = { kind: 'reduce', lib: ctx.lib, form, axis: noAxis ? undefined : axis, keepDims, close: call.end - 1, lastArgEnd: last, opensAt: openParen(ctx, call) };
  return ctx.note(ctx.npCall(name, [x], keywords, s), note);
}

function openParen(ctx: LowerCtx, call: TS.CallExpression): number {
  return ctx.text.indexOf('(', call.expression.end);
}

/** The NumPy dtype word for a library's dtype string ('float32' → float). */
export function castTo(ctx: LowerCtx, call: TS.Node, x: Expr, dtype: TS.Expression | undefined): Expr | undefined {
  const ts = ctx.ts;
  if (!dtype || !ts.isStringLiteralLike(dtype)) return undefined;
  const s = ctx.span(call);
  const word = /^float/.test(dtype.text) ? 'float' : /^(int|bool)/.test(dtype.text) ? (dtype.text.startsWith('bool') ? 'bool' : 'int') : undefined;
  if (!word) return undefined;
  return ctx.note(ctx.call(ctx.attr(x, 'astype', s), [{ kind: 'name', id: word, span: ctx.span(dtype) }], [], s), { kind: 'lib', lib: ctx.lib });
}

/** A random array of shape `shape` from N(0, 1) or U(0, 1), scaled when the call gives literal bounds. */
export function randomArray(
  ctx: LowerCtx,
  call: TS.Node,
  which: 'randn' | 'rand',
  shapeArgs: Expr[],
  a: TS.Expression | undefined,
  b: TS.Expression | undefined,
): Expr {
  const s = ctx.span(call);
  let out = ctx.npCall(`random.${which}`, shapeArgs, [], s);
  if (which === 'randn') {
    // randomNormal(shape, mean, stdDev)
    if (b) out = ctx.binop('*', out, ctx.expr(b), s);
    if (a) out = ctx.binop('+', out, ctx.expr(a), s);
  } else if (a && b) {
    // randomUniform(shape, minval, maxval)
    out = ctx.binop('+', ctx.binop('*', out, ctx.binop('-', ctx.expr(b), ctx.expr(a), s), s), ctx.expr(a), s);
  }
  return ctx.note(out, { kind: 'lib', lib: ctx.lib });
}

export const UFUNC_NAMES = new Set(['exp', 'log', 'tanh', 'sqrt', 'abs', 'square', 'sin', 'cos', 'log1p', 'expm1', 'sign']);

/** Is this text safe to put `.method()` after without parentheses (a name, member chain or call)? */
export function isAtomicText(t: string): boolean {
  const s = t.trim();
  const m = /^[A-Za-z_$][\w$]*/.exec(s);
  if (!m) return false;
  let i = m[0].length;
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      const n = /^\.[A-Za-z_$][\w$]*/.exec(s.slice(i));
      if (!n) return false;
      i += n[0].length;
    } else if (c === '(' || c === '[') {
      const close = matching(s, i);
      if (close < 0) return false;
      i = close + 1;
    } else return false;
  }
  return true;
}

/** Index of the bracket closing the one at `i` (strings skipped), or -1. */
export function matching(s: string, i: number): number {
  const stack: string[] = [];
  for (let k = i; k < s.length; k++) {
    const c = s[k];
    if (c === '"' || c === "'" || c === '`') {
      const end = s.indexOf(c, k + 1);
      if (end < 0) return -1;
      k = end;
    } else if (c === '(' || c === '[' || c === '{') stack.push(c === '(' ? ')' : c === '[' ? ']' : '}');
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return k;
    }
  }
  return -1;
}
