// Operator tables (filled once the compiler is loaded) and small questions about compiler nodes
// the lowering asks: what a value is under its parentheses, a dotted name, what a body contains.

import type * as TS from 'typescript';
import type { BinaryOperator, CompareOperator } from '../ast';

export const COMPOUND: Partial<Record<number, BinaryOperator>> = {};
export const ARITH: Partial<Record<number, BinaryOperator>> = {};
export const COMPARE: Partial<Record<number, CompareOperator>> = {};
export const NEGATED_COMPARE: Partial<Record<number, CompareOperator>> = {};
export const MIRROR: Partial<Record<number, number>> = {};
let tablesReady = false;

export function initTables(ts: typeof TS): void {
  if (tablesReady) return;
  tablesReady = true;
  const K = ts.SyntaxKind;
  Object.assign(COMPOUND, {
    [K.PlusEqualsToken]: '+', [K.MinusEqualsToken]: '-', [K.AsteriskEqualsToken]: '*', [K.SlashEqualsToken]: '/',
    [K.PercentEqualsToken]: '%', [K.AsteriskAsteriskEqualsToken]: '**',
  });
  Object.assign(ARITH, {
    [K.PlusToken]: '+', [K.MinusToken]: '-', [K.AsteriskToken]: '*', [K.SlashToken]: '/', [K.PercentToken]: '%', [K.AsteriskAsteriskToken]: '**',
    [K.AmpersandToken]: '&', [K.BarToken]: '|', [K.CaretToken]: '^', [K.LessThanLessThanToken]: '<<', [K.GreaterThanGreaterThanToken]: '>>',
  });
  Object.assign(COMPARE, {
    [K.EqualsEqualsToken]: '==', [K.EqualsEqualsEqualsToken]: '==', [K.ExclamationEqualsToken]: '!=', [K.ExclamationEqualsEqualsToken]: '!=',
    [K.LessThanToken]: '<', [K.LessThanEqualsToken]: '<=', [K.GreaterThanToken]: '>', [K.GreaterThanEqualsToken]: '>=',
  });
  Object.assign(NEGATED_COMPARE, {
    [K.EqualsEqualsToken]: '!=', [K.EqualsEqualsEqualsToken]: '!=', [K.ExclamationEqualsToken]: '==', [K.ExclamationEqualsEqualsToken]: '==',
    [K.LessThanToken]: '>=', [K.LessThanEqualsToken]: '>', [K.GreaterThanToken]: '<=', [K.GreaterThanEqualsToken]: '<',
  });
  Object.assign(MIRROR, {
    [K.LessThanToken]: K.GreaterThanToken, [K.GreaterThanToken]: K.LessThanToken, [K.LessThanEqualsToken]: K.GreaterThanEqualsToken, [K.GreaterThanEqualsToken]: K.LessThanEqualsToken,
  });
}

/** Parentheses, `as`, `!`, `satisfies`, `await` and type assertions do not change a value. */
export function skipOuter(ts: typeof TS, n: TS.Expression): TS.Expression {
  initTables(ts);
  let e = n;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
    else return e;
  }
}

export function dotted(ts: typeof TS, n: TS.Expression): string | undefined {
  const e = skipOuter(ts, n);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) {
    const left = dotted(ts, e.expression);
    return left ? `${left}.${e.name.text}` : undefined;
  }
  return undefined;
}

export function isRequireMain(ts: typeof TS, a: TS.Expression, b: TS.Expression): boolean {
  const x = skipOuter(ts, a);
  const y = skipOuter(ts, b);
  return ts.isPropertyAccessExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === 'require' && x.name.text === 'main' && ts.isIdentifier(y) && y.text === 'module';
}

export function memberName(ts: typeof TS, n: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isPrivateIdentifier(n)) return n.text.replace(/^#/, '');
  return undefined;
}

export function isThrowOnly(ts: typeof TS, n: TS.Statement): boolean {
  if (ts.isThrowStatement(n)) return true;
  return ts.isBlock(n) && n.statements.length === 1 && ts.isThrowStatement(n.statements[0]);
}

export function containsContinue(ts: typeof TS, n: TS.Node): boolean {
  let found = false;
  const visit = (x: TS.Node): void => {
    if (found) return;
    if (ts.isContinueStatement(x) && !x.label) found = true;
    else if (ts.isIterationStatement(x, false) || ts.isFunctionLike(x)) return;
    else ts.forEachChild(x, visit);
  };
  ts.forEachChild(n, visit);
  if (ts.isContinueStatement(n)) return true;
  return found;
}

/** A `break` that leaves the switch (not one of a loop inside it). */
export function containsBreak(ts: typeof TS, n: TS.Node): boolean {
  let found = false;
  const visit = (x: TS.Node): void => {
    if (found) return;
    if (ts.isBreakStatement(x) && !x.label) found = true;
    else if (!ts.isIterationStatement(x, false) && !ts.isSwitchStatement(x) && !ts.isFunctionLike(x)) ts.forEachChild(x, visit);
  };
  visit(n);
  return found;
}

export function containsReturn(ts: typeof TS, n: TS.Node): boolean {
  let found = false;
  const visit = (x: TS.Node): void => {
    if (found) return;
    if (ts.isReturnStatement(x)) found = true;
    else if (!ts.isFunctionLike(x)) ts.forEachChild(x, visit);
  };
  visit(n);
  return found;
}

export function assigns(ts: typeof TS, n: TS.Node, name: string): boolean {
  let found = false;
  const visit = (x: TS.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(x) && x.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && x.operatorToken.kind <= ts.SyntaxKind.LastAssignment && ts.isIdentifier(x.left) && x.left.text === name) found = true;
    else if ((ts.isPostfixUnaryExpression(x) || ts.isPrefixUnaryExpression(x)) && ts.isIdentifier(x.operand) && x.operand.text === name && (x.operator === ts.SyntaxKind.PlusPlusToken || x.operator === ts.SyntaxKind.MinusMinusToken)) found = true;
    else ts.forEachChild(x, visit);
  };
  visit(n);
  return found;
}

export function mentions(ts: typeof TS, n: TS.Node, name: string): boolean {
  let found = false;
  const visit = (x: TS.Node): void => {
    if (found) return;
    if (ts.isIdentifier(x) && x.text === name) found = true;
    else ts.forEachChild(x, visit);
  };
  visit(n);
  return found;
}

/** An expression that only reads (a name, `this`, a field or an item of one): evaluating it twice is evaluating it once. */
export function readsOnly(ts: typeof TS, e: TS.Expression): boolean {
  const x = skipOuter(ts, e);
  if (ts.isIdentifier(x) || x.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isPropertyAccessExpression(x)) return readsOnly(ts, x.expression);
  if (ts.isElementAccessExpression(x)) return readsOnly(ts, x.expression) && readsOnly(ts, x.argumentExpression);
  return ts.isNumericLiteral(x) || ts.isStringLiteralLike(x);
}
