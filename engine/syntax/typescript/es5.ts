// JavaScript written before classes and modules, read as the structures it stands for:
//
//   (function (global) { …library… })(R);        a module wrapper (IIFE): its parameters bound to its
//                                                 arguments and its body as the file's top level
//   var Mat = function (n, d) { this.n = n; … };  a constructor function with methods on its
//   Mat.prototype = { get: function (r, c) {…} }; prototype (an object, or `Mat.prototype.get = …`):
//                                                 a class whose `__init__` is the constructor
//   function Layer(n) { this.W = …; }  new Layer(3)  a constructor function the file calls with `new`
//                                                 and that sets fields of `this`: a class with no methods
//
// Only the questions about compiler nodes live here; declarations.ts and statements.ts build the
// engine's statements from the answers.

import type * as TS from 'typescript';
import { skipOuter } from './syntaxHelpers';

export type FunctionNode = TS.FunctionExpression | TS.ArrowFunction;

/** A function expression called where it is written, at a statement of its own. */
export interface ModuleWrapper {
  fn: FunctionNode & { body: TS.Block };
  args: readonly TS.Expression[];
}

/**
 * `(function (g) { … })(x)`, `(function () { … }).call(this)`, `!function () { … }()`, `(() => { … })()`:
 * the wrapper a script puts around its whole code so that its `var`s stay private.
 */
export function moduleWrapper(ts: typeof TS, statement: TS.ExpressionStatement): ModuleWrapper | undefined {
  let e = skipOuter(ts, statement.expression);
  if (ts.isPrefixUnaryExpression(e) && (e.operator === ts.SyntaxKind.ExclamationToken || e.operator === ts.SyntaxKind.PlusToken || e.operator === ts.SyntaxKind.MinusToken)) e = skipOuter(ts, e.operand);
  else if (ts.isVoidExpression(e)) e = skipOuter(ts, e.expression);
  if (!ts.isCallExpression(e)) return undefined;
  let callee = skipOuter(ts, e.expression);
  let args: readonly TS.Expression[] = e.arguments;
  // `.call(this, a, b)`: the first argument is `this`, the rest the parameters'.
  if (ts.isPropertyAccessExpression(callee) && (callee.name.text === 'call' || callee.name.text === 'apply')) {
    if (callee.name.text === 'apply' && e.arguments.length > 1) return undefined;
    callee = skipOuter(ts, callee.expression);
    args = e.arguments.slice(1);
  }
  if (!(ts.isFunctionExpression(callee) || ts.isArrowFunction(callee)) || !ts.isBlock(callee.body)) return undefined;
  if (callee.parameters.some((p) => !ts.isIdentifier(p.name) || p.dotDotDotToken)) return undefined;
  return { fn: callee as FunctionNode & { body: TS.Block }, args };
}

/** A prototype assignment as the pre-scan keeps it: `text` is its source, part of the statement memo's context. */
export interface PrototypeAssignment {
  cls: string;
  member?: string;
  value: TS.Expression;
  text: string;
}

/** What an assignment to a prototype says: `C.prototype = {…}` (member undefined) or `C.prototype.m = …`. */
export function prototypeAssignment(ts: typeof TS, e: TS.Expression): { cls: string; member?: string; value: TS.Expression } | undefined {
  const b = skipOuter(ts, e);
  if (!ts.isBinaryExpression(b) || b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const left = skipOuter(ts, b.left);
  if (!ts.isPropertyAccessExpression(left)) return undefined;
  const value = skipOuter(ts, b.right);
  if (left.name.text === 'prototype' && ts.isIdentifier(left.expression)) {
    return ts.isObjectLiteralExpression(value) ? { cls: left.expression.text, value } : undefined;
  }
  const proto = skipOuter(ts, left.expression);
  if (ts.isPropertyAccessExpression(proto) && proto.name.text === 'prototype' && ts.isIdentifier(proto.expression)) {
    return ts.isFunctionExpression(value) ? { cls: proto.expression.text, member: left.name.text, value } : undefined;
  }
  return undefined;
}

/** The methods a prototype assignment gives its class, in the order written. */
export function prototypeMethods(ts: typeof TS, p: { member?: string; value: TS.Expression }): { name: string; nameNode: TS.Node; fn: TS.FunctionLikeDeclarationBase; node: TS.Node }[] {
  if (p.member !== undefined) return [{ name: p.member, nameNode: p.value, fn: p.value as TS.FunctionExpression, node: p.value }];
  const out: { name: string; nameNode: TS.Node; fn: TS.FunctionLikeDeclarationBase; node: TS.Node }[] = [];
  for (const prop of (p.value as TS.ObjectLiteralExpression).properties) {
    if (ts.isMethodDeclaration(prop) && prop.body && ts.isIdentifier(prop.name)) out.push({ name: prop.name.text, nameNode: prop.name, fn: prop, node: prop });
    else if (ts.isPropertyAssignment(prop) && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))) {
      const v = skipOuter(ts, prop.initializer);
      // An arrow function keeps the `this` of the place it is written: not a method.
      if (ts.isFunctionExpression(v)) out.push({ name: prop.name.text, nameNode: prop.name, fn: v, node: prop });
    }
  }
  return out;
}

/** The constructor function a statement declares: `function C(…) {…}` or `var C = function (…) {…}`. */
export function constructorFunction(ts: typeof TS, s: TS.Statement): { name: string; nameNode: TS.Identifier; fn: TS.FunctionLikeDeclarationBase } | undefined {
  if (ts.isFunctionDeclaration(s) && s.name && s.body) return { name: s.name.text, nameNode: s.name, fn: s };
  if (ts.isVariableStatement(s) && s.declarationList.declarations.length === 1) {
    const d = s.declarationList.declarations[0];
    const init = d.initializer && skipOuter(ts, d.initializer);
    if (ts.isIdentifier(d.name) && init && ts.isFunctionExpression(init)) return { name: d.name.text, nameNode: d.name, fn: init };
  }
  return undefined;
}

/** What every JavaScript engine the code runs on has: a feature test for one of them is always true. */
const RUNTIME_GLOBALS = new Set([
  'ArrayBuffer', 'Float64Array', 'Float32Array', 'Int32Array', 'Int16Array', 'Int8Array', 'Uint32Array', 'Uint16Array', 'Uint8Array',
  'Uint8ClampedArray', 'DataView', 'Array', 'Math', 'JSON', 'Object', 'Number', 'String', 'Boolean', 'Map', 'Set', 'WeakMap', 'Symbol',
  'Promise', 'Error', 'TypeError', 'RangeError', 'Date', 'RegExp', 'Function', 'parseInt', 'parseFloat', 'isNaN', 'isFinite',
]);

/** The typed arrays: `new Float64Array(n)` is n zeros, `new Float64Array(a)` a copy of a. */
export const TYPED_ARRAYS = new Set(['Float64Array', 'Float32Array', 'Int32Array', 'Int16Array', 'Int8Array', 'Uint32Array', 'Uint16Array', 'Uint8Array', 'Uint8ClampedArray']);

/**
 * `typeof x === 'undefined'` (either side, `==` or `===`): the operand tested for being undefined;
 * `runtime` when it names a global every engine has (`typeof ArrayBuffer`), which a feature test finds.
 */
export function undefinedTest(ts: typeof TS, a: TS.Expression, b: TS.Expression, declared: ReadonlySet<string>): { operand: TS.Expression; runtime: boolean } | undefined {
  for (const [x, y] of [[a, b], [b, a]]) {
    const t = skipOuter(ts, x);
    const lit = skipOuter(ts, y);
    if (!ts.isTypeOfExpression(t) || !ts.isStringLiteralLike(lit) || lit.text !== 'undefined') continue;
    const operand = skipOuter(ts, t.expression);
    return { operand, runtime: ts.isIdentifier(operand) && RUNTIME_GLOBALS.has(operand.text) && !declared.has(operand.text) };
  }
  return undefined;
}

/** Whether a function's own body (not a nested function's) assigns to a field of `this`: a constructor. */
export function setsThis(ts: typeof TS, fn: TS.FunctionLikeDeclarationBase): boolean {
  if (!fn.body || !ts.isBlock(fn.body)) return false;
  const visit = (n: TS.Node): boolean => {
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isClassDeclaration(n) || ts.isClassExpression(n)) return false;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = skipOuter(ts, n.left);
      if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) return true;
    }
    return ts.forEachChild(n, (c) => (visit(c) ? true : undefined)) ?? false;
  };
  return visit(fn.body);
}

/** `this` at a script's top level, `window`, `globalThis`, `self`, `global`: the global object a wrapper is handed. */
export function isGlobalObject(ts: typeof TS, e: TS.Expression, declared: ReadonlySet<string>): boolean {
  const x = skipOuter(ts, e);
  if (x.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isIdentifier(x) && /^(window|globalThis|self|global)$/.test(x.text) && !declared.has(x.text);
}
