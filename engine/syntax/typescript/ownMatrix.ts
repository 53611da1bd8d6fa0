// A user's own Matrix class. When a method's body makes it decidable, the method is a NumPy op
// and calls to it lower to that op:
//
//   a triple loop accumulating  a[i][k] * b[k][j]         → np.dot(a, b)       (a matrix product)
//   a double loop writing       out[i][j] = a[i][j] ⊙ b[i][j] → a ⊙ b           (elementwise +, -, *, /;
//                               b may be a number, or b[i][0] / b[0][j], a broadcast column or row)
//   a double loop writing       out[j][i] = a[i][j]         → a.T              (a transpose)
//   a double loop writing       out[i][j] = f(a[i][j])       → f(a)             (map; Math.tanh etc. → np.tanh)
//   a static (rows, cols) factory filling Math.random()     → np.random.rand(rows, cols)
//
// Element reads may go through the class's data field (`this.data[i][k]`, `other.data[k][j]`) or
// `.get(i, k)`. Operands are `this` and the first parameter of an instance method, or the first
// two parameters of a static one. The JSDoc tag `@backpropLint matmul|elementwise|transpose|add|
// subtract|divide|map|random|zeros` says what a method does when its body does not show it.
// `new Matrix(rows, cols)` is an all-zero rows × cols matrix when the constructor stores its first
// two parameters (`this.rows = rows; this.cols = cols`); `m.rows`/`m.cols` are then m.shape[0]/[1].

import type * as TS from 'typescript';
import type { BinaryOperator, Expr } from '../ast';
import { entry, type Emitter, type FunctionRule, type LibraryTable, type LowerCtx, type MethodRule, type PropertyRule } from './libraries/types';
import { isAtomicText } from './libraries/common';
import { parseJsDoc } from './jsdoc';

export type OwnOp =
  | { kind: 'matmul'; swap: boolean }
  | { kind: 'binop'; op: BinaryOperator; swap: boolean; inPlace: boolean; scalar?: boolean }
  | { kind: 'transpose' }
  | { kind: 'map'; ufunc?: string; inPlace: boolean }
  | { kind: 'random' }
  | { kind: 'zeros' };

export interface OwnMethod {
  op: OwnOp;
  isStatic: boolean;
  /** 'tag' when a @backpropLint tag said it. */
  source: 'inferred' | 'tag';
}

export interface OwnMatrixClass {
  name: string;
  rowsProp: string | undefined;
  colsProp: string | undefined;
  dataProp: string | undefined;
  /** `new C(r, c)` is an r × c matrix of zeros. */
  constructsZeros: boolean;
  methods: Map<string, OwnMethod>;
}

const TAGS: Record<string, OwnOp> = {
  matmul: { kind: 'matmul', swap: false },
  elementwise: { kind: 'binop', op: '*', swap: false, inPlace: false },
  multiply: { kind: 'binop', op: '*', swap: false, inPlace: false },
  add: { kind: 'binop', op: '+', swap: false, inPlace: false },
  subtract: { kind: 'binop', op: '-', swap: false, inPlace: false },
  divide: { kind: 'binop', op: '/', swap: false, inPlace: false },
  transpose: { kind: 'transpose' },
  map: { kind: 'map', inPlace: false },
  random: { kind: 'random' },
  zeros: { kind: 'zeros' },
};

const MATH_UFUNCS = new Set(['exp', 'log', 'tanh', 'sqrt', 'abs']);

/** What a free function's name must say for its loops to stand for the whole function. */
const FREE_FUNCTION_NAMES: Record<OwnOp['kind'], RegExp> = {
  matmul: /^(mat_?mul|matmul|mmul|dot|matrix_?(mul|mult|multiply|product|dot)|mul_?mat(rix|rices)?|multiply_?(matrix|matrices)|matrixMultiply|multiplyMatrices|matMult)$/i,
  transpose: /^(transpose|transposed|transpose_?matrix|matrix_?transpose|T)$/i,
  binop: /^(add|sub|subtract|minus|plus|mul|multiply|times|hadamard|div|divide|scale|elementwise\w*|(add|sub|subtract|mul|multiply|div|divide)_?(matrix|matrices|elementwise|elements|scalar)?|matrix_?(add|sub|subtract|mul|multiply|div|divide)|elementwise_?\w*)$/i,
  map: /^(exp|log|tanh|sqrt|abs)\w*$/i,
  random: /^$/,
  zeros: /^$/,
};

/** Finds the classes of a file that are matrices by what their methods do. */
export function analyzeOwnClasses(ts: typeof TS, sf: TS.SourceFile, text: string): Map<string, OwnMatrixClass> {
  const out = new Map<string, OwnMatrixClass>();
  const visit = (n: TS.Node): void => {
    if (ts.isClassDeclaration(n) && n.name) {
      const c = analyzeClass(ts, n, text);
      if (c) out.set(c.name, c);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  const fns = analyzeOwnFunctions(ts, sf, text);
  if (fns) out.set('', fns);
  return out;
}

/**
 * The file's own matrix functions on plain nested arrays (`function matmul(a, b)` of a triple loop,
 * `function transpose(m)`, `function add(a, b)` of a double loop), as the static methods of a class
 * named '' (calls to them are bare: `matmul(W, X)` → np.dot(W, X)). Top-level declarations only.
 */
function analyzeOwnFunctions(ts: typeof TS, sf: TS.SourceFile, text: string): OwnMatrixClass | undefined {
  const c: OwnMatrixClass = { name: '', rowsProp: undefined, colsProp: undefined, dataProp: undefined, constructsZeros: false, methods: new Map() };
  const consider = (name: string, f: TS.FunctionLikeDeclaration, docNode: TS.Node) => {
    if (!f.body || !ts.isBlock(f.body) || f.parameters.length === 0) return;
    // Only a name that could say what the loops do, or a JSDoc tag, is worth reading the body for.
    const named = FREE_FUNCTION_NAMES.matmul.test(name) || FREE_FUNCTION_NAMES.transpose.test(name) || FREE_FUNCTION_NAMES.binop.test(name) || FREE_FUNCTION_NAMES.map.test(name);
    if (!named && !text.slice(docNode.pos, docNode.end).includes('@backpropLint')) return;
    const tag = jsDocTag(ts, docNode, text);
    const tagged = tag ? entry(TAGS, tag) : undefined;
    const op = tagged ?? inferMethod(ts, f, true, c);
    // A factory's sizes or a map's function are not known to be its first parameters: products,
    // transposes and elementwise operations only (and maps of a Math function).
    if (!op || op.kind === 'random' || op.kind === 'zeros' || (op.kind === 'map' && !op.ufunc)) return;
    // A free function may do more than its loop shows (a forward pass whose triple loop is only its
    // first step): without a tag, its name must say the same thing as its loops.
    if (!tagged && !FREE_FUNCTION_NAMES[op.kind].test(name)) return;
    c.methods.set(name, { op, isStatic: true, source: tagged ? 'tag' : 'inferred' });
  };
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name) consider(st.name.text, st, st);
    else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer ? skip(ts, d.initializer) : undefined;
        if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) consider(d.name.text, init, st);
      }
    }
  }
  return c.methods.size > 0 ? c : undefined;
}

function analyzeClass(ts: typeof TS, cls: TS.ClassDeclaration, text: string): OwnMatrixClass | undefined {
  // An autograd engine's tensor (`out._backward = () => {...}` in its operators) is run as written, by the
  // verifier's per-operator check (engine/verify/scalarAutograd.ts), not read as a matrix library.
  let autograd = false;
  walk(ts, cls, (x) => {
    if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(x.left) && /^_?backward$/i.test(x.left.name.text) && x.left.expression.kind !== ts.SyntaxKind.ThisKeyword) autograd = true;
  });
  if (autograd) return undefined;
  const c: OwnMatrixClass = { name: cls.name!.text, rowsProp: undefined, colsProp: undefined, dataProp: undefined, constructsZeros: false, methods: new Map() };
  const ctor = cls.members.find((m): m is TS.ConstructorDeclaration => ts.isConstructorDeclaration(m));
  if (ctor?.body) {
    const p = ctor.parameters.map((x) => (ts.isIdentifier(x.name) ? x.name.text : ''));
    walk(ts, ctor.body, (x) => {
      if (!ts.isBinaryExpression(x) || x.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
      if (!ts.isPropertyAccessExpression(x.left) || x.left.expression.kind !== ts.SyntaxKind.ThisKeyword) return;
      const prop = x.left.name.text;
      const right = x.right;
      if (ts.isIdentifier(right) && right.text === p[0] && p[0]) c.rowsProp = prop;
      else if (ts.isIdentifier(right) && right.text === p[1] && p[1]) c.colsProp = prop;
      else if (ts.isArrayLiteralExpression(right) || ts.isCallExpression(right) || ts.isNewExpression(right)) c.dataProp ??= prop;
    });
    c.constructsZeros = !!c.rowsProp && !!c.colsProp;
  }
  for (const m of cls.members) {
    if (!ts.isMethodDeclaration(m) || !m.body || !(ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name))) continue;
    const isStatic = !!ts.getModifiers?.(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
    const name = m.name.text.replace(/^#/, '');
    const tag = jsDocTag(ts, m, text);
    const tagged = tag ? entry(TAGS, tag) : undefined;
    if (tagged) {
      c.methods.set(name, { op: tagged, isStatic, source: 'tag' });
      continue;
    }
    const op = inferMethod(ts, m, isStatic, c);
    if (op) c.methods.set(name, { op, isStatic, source: 'inferred' });
  }
  const isMatrix = [...c.methods.values()].some((m) => m.op.kind === 'matmul' || m.op.kind === 'transpose' || m.op.kind === 'binop');
  return isMatrix ? c : undefined;
}

function jsDocTag(ts: typeof TS, n: TS.Node, text: string): string | undefined {
  const ranges = ts.getLeadingCommentRanges(text, n.pos);
  if (!ranges) return undefined;
  for (const r of ranges) {
    const t = text.slice(r.pos, r.end);
    if (t.startsWith('/**')) {
      const d = parseJsDoc(t);
      if (d.backpropLint) return d.backpropLint;
    }
  }
  return undefined;
}

function walk(ts: typeof TS, n: TS.Node, f: (x: TS.Node) => void): void {
  f(n);
  ts.forEachChild(n, (x) => walk(ts, x, f));
}

function skip(ts: typeof TS, e: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}

interface ElementRead {
  /** Operand index (0: this or the first parameter of a static method, 1: the next). */
  src: number;
  i: string;
  j: string;
}

/** Reads `src[i][j]`, `src.data[i][j]`, `src.get(i, j)` of an operand. */
function elementRead(ts: typeof TS, e: TS.Expression, operands: Map<string, number>, dataProp: string | undefined): ElementRead | undefined {
  const x = skip(ts, e);
  const idx = (v: TS.Expression): string | undefined => {
    const y = skip(ts, v);
    if (ts.isIdentifier(y)) return y.text;
    if (ts.isNumericLiteral(y)) return y.text;
    // `col ? 0 : j`: a one-column operand spread over the columns (NumPy broadcasting does the same)
    if (ts.isConditionalExpression(y)) {
      const a = idx(y.whenTrue);
      const b = idx(y.whenFalse);
      if (a === '0' && b) return b;
      if (b === '0' && a) return a;
    }
    return undefined;
  };
  const srcOf = (o: TS.Expression): number | undefined => {
    let y = skip(ts, o);
    if (ts.isPropertyAccessExpression(y) && (!dataProp || y.name.text === dataProp)) y = skip(ts, y.expression);
    if (y.kind === ts.SyntaxKind.ThisKeyword) return operands.get('this');
    if (ts.isIdentifier(y)) return operands.get(y.text);
    return undefined;
  };
  if (ts.isElementAccessExpression(x) && ts.isElementAccessExpression(skip(ts, x.expression))) {
    const inner = skip(ts, x.expression) as TS.ElementAccessExpression;
    const src = srcOf(inner.expression);
    const i = idx(inner.argumentExpression);
    const j = idx(x.argumentExpression);
    if (src !== undefined && i && j) return { src, i, j };
  }
  if (ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression) && x.expression.name.text === 'get' && x.arguments.length === 2) {
    const src = srcOf(x.expression.expression);
    const i = idx(x.arguments[0]);
    const j = idx(x.arguments[1]);
    if (src !== undefined && i && j) return { src, i, j };
  }
  return undefined;
}

/** Writes `out[i][j] = v`, `out.data[i][j] = v`, `out.set(i, j, v)`: the indices, the value and whether `this` is written. */
function elementWrite(ts: typeof TS, n: TS.Node, dataProp: string | undefined): { i: string; j: string; value: TS.Expression; self: boolean; op: TS.SyntaxKind } | undefined {
  const idx = (v: TS.Expression): string | undefined => {
    const y = skip(ts, v);
    return ts.isIdentifier(y) ? y.text : ts.isNumericLiteral(y) ? y.text : undefined;
  };
  const isSelf = (o: TS.Expression): boolean => {
    let y = skip(ts, o);
    if (ts.isPropertyAccessExpression(y) && (!dataProp || y.name.text === dataProp)) y = skip(ts, y.expression);
    return y.kind === ts.SyntaxKind.ThisKeyword;
  };
  if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
    const l = skip(ts, n.left);
    if (ts.isElementAccessExpression(l) && ts.isElementAccessExpression(skip(ts, l.expression))) {
      const inner = skip(ts, l.expression) as TS.ElementAccessExpression;
      const i = idx(inner.argumentExpression);
      const j = idx(l.argumentExpression);
      if (i && j) return { i, j, value: n.right, self: isSelf(inner.expression), op: n.operatorToken.kind };
    }
  }
  if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'set' && n.arguments.length === 3) {
    const i = idx(n.arguments[0]);
    const j = idx(n.arguments[1]);
    if (i && j) return { i, j, value: n.arguments[2], self: isSelf(n.expression.expression), op: ts.SyntaxKind.EqualsToken };
  }
  return undefined;
}

const BINOPS: Partial<Record<string, BinaryOperator>> = { '+': '+', '-': '-', '*': '*', '/': '/' };

function inferMethod(ts: typeof TS, m: TS.FunctionLikeDeclaration, isStatic: boolean, c: OwnMatrixClass): OwnOp | undefined {
  const params = m.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
  const operands = new Map<string, number>();
  if (isStatic) {
    if (params[0]) operands.set(params[0], 0);
    if (params[1]) operands.set(params[1], 1);
  } else {
    operands.set('this', 0);
    if (params[0]) operands.set(params[0], 1);
  }
  const depth = loopDepth(ts, m.body!);
  let found: OwnOp | undefined;
  const tokenText = (k: TS.SyntaxKind) => ts.tokenToString(k) ?? '';
  walk(ts, m.body!, (x) => {
    if (found) return;
    // Matrix product: a[i][k] * b[k][j] inside three nested loops.
    if (depth >= 3 && ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.AsteriskToken) {
      const a = elementRead(ts, x.left, operands, c.dataProp);
      const b = elementRead(ts, x.right, operands, c.dataProp);
      if (a && b && a.src !== b.src && a.j === b.i && a.i !== a.j && b.j !== b.i) {
        found = { kind: 'matmul', swap: a.src === 1 };
        return;
      }
    }
    if (depth < 2) return;
    const w = elementWrite(ts, x, c.dataProp);
    if (!w || w.op !== ts.SyntaxKind.EqualsToken) return;
    const v = skip(ts, w.value);
    // Transpose: out[j][i] = a[i][j]
    const r = elementRead(ts, v, operands, c.dataProp);
    if (r && r.i === w.j && r.j === w.i && r.i !== r.j && r.src === 0) {
      found = { kind: 'transpose' };
      return;
    }
    // Elementwise: out[i][j] = a[i][j] op b[i][j] (or a number, or b[i][0] / b[0][j])
    if (ts.isBinaryExpression(v) && BINOPS[tokenText(v.operatorToken.kind)]) {
      const op = BINOPS[tokenText(v.operatorToken.kind)]!;
      const a = elementRead(ts, v.left, operands, c.dataProp);
      const b = elementRead(ts, v.right, operands, c.dataProp);
      const sameCell = (e: ElementRead) => e.i === w.i && e.j === w.j;
      const broadcast = (e: ElementRead) => (e.i === w.i && (e.j === w.j || e.j === '0')) || (e.j === w.j && e.i === '0');
      const scalarOperand = (e: TS.Expression) => {
        const y = skip(ts, e);
        return (ts.isIdentifier(y) && operands.get(y.text) === 1) || ts.isNumericLiteral(y);
      };
      if (a && sameCell(a) && ((b && broadcast(b) && b.src !== a.src) || (!b && scalarOperand(v.right)))) {
        found = { kind: 'binop', op, swap: a.src === 1, inPlace: w.self, scalar: !b };
        return;
      }
    }
    // Map: out[i][j] = f(a[i][j]) with f a parameter, or Math.tanh(a[i][j])
    if (ts.isCallExpression(v) && v.arguments.length >= 1) {
      const a = elementRead(ts, v.arguments[0], operands, c.dataProp);
      if (a && a.i === w.i && a.j === w.j && a.src === 0) {
        const callee = skip(ts, v.expression);
        if (ts.isIdentifier(callee) && params.indexOf(callee.text) === (isStatic ? 1 : 0)) {
          found = { kind: 'map', inPlace: w.self };
          return;
        }
        if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Math' && MATH_UFUNCS.has(callee.name.text)) {
          found = { kind: 'map', ufunc: callee.name.text, inPlace: w.self };
          return;
        }
      }
    }
    // A random factory: out[i][j] = … Math.random() …
    if (isStatic && mentionsMathRandom(ts, v)) found = { kind: 'random' };
  });
  return found;
}

function mentionsMathRandom(ts: typeof TS, e: TS.Node): boolean {
  let yes = false;
  walk(ts, e, (x) => {
    if (ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression) && ts.isIdentifier(x.expression.expression) && x.expression.expression.text === 'Math' && x.expression.name.text === 'random') yes = true;
  });
  return yes;
}

function loopDepth(ts: typeof TS, n: TS.Node): number {
  let max = 0;
  const visit = (x: TS.Node, d: number): void => {
    const isLoop = ts.isIterationStatement(x, false);
    const nd = isLoop ? d + 1 : d;
    if (nd > max) max = nd;
    ts.forEachChild(x, (y) => visit(y, nd));
  };
  visit(n, 0);
  return max;
}

/** The table calls to the user's matrix classes lower through. */
export function ownMatrixTable(classes: Map<string, OwnMatrixClass>): LibraryTable {
  const methods: Record<string, MethodRule> = {};
  const functions: Record<string, FunctionRule> = {};
  const properties: Record<string, PropertyRule> = {};
  for (const c of classes.values()) {
    for (const [name, m] of c.methods) {
      if (m.isStatic) {
        functions[`${c.name}.${name}`] = (ctx, call, args) => lowerOp(ctx, m.op, call, args[0], args[1], args);
      } else if (!entry(methods, name)) {
        methods[name] = (ctx, call, recv, args) => lowerOp(ctx, m.op, call, recv, args[0], args);
      }
    }
    if (c.rowsProp) properties[c.rowsProp] = (ctx, node, recv) => shapeAt(ctx, node, recv, 0);
    if (c.colsProp) properties[c.colsProp] = (ctx, node, recv) => shapeAt(ctx, node, recv, 1);
    if (c.dataProp) properties[c.dataProp] = (ctx, _node, recv) => ctx.expr(recv);
  }
  const construct: FunctionRule = (ctx, call, [r, cols]) => {
    const c = classes.get(ctx.alias);
    if (!c?.constructsZeros || !r || !cols) return undefined;
    return ctx.npCall('zeros', [ctx.tuple([ctx.expr(r), ctx.expr(cols)], ctx.span(call))], [], ctx.span(call));
  };
  return { id: 'own', functions, methods, properties, construct, emit: () => ownEmitter(classes) };
}

function shapeAt(ctx: LowerCtx, node: TS.PropertyAccessExpression, recv: TS.Expression, i: number): Expr {
  const s = ctx.span(node);
  return { kind: 'subscript', obj: ctx.attr(ctx.expr(recv), 'shape', s), index: ctx.num(i, s), span: s };
}

function lowerOp(ctx: LowerCtx, op: OwnOp, call: TS.CallExpression | TS.NewExpression, a: TS.Expression | undefined, b: TS.Expression | undefined, args: readonly TS.Expression[]): Expr | undefined {
  const s = ctx.span(call);
  const lib = { kind: 'lib' as const, lib: 'own' as const };
  switch (op.kind) {
    case 'matmul': {
      if (!a || !b || !ctx.ts.isCallExpression(call)) return undefined;
      const [x, y] = op.swap ? [b, a] : [a, b];
      const lx = ctx.expr(x);
      const ly = ctx.expr(y);
      const form = call.arguments.length === 2 ? 'function' : 'method';
      return ctx.note(ctx.npCall('dot', [lx, ly], [], s, ctx.span(call.expression)), {
        kind: 'matmul', lib: 'own', form, operands: [x, y], lowered: [lx, ly], close: call.end - 1, lastArgEnd: args[args.length - 1]?.end ?? call.end - 1,
      });
    }
    case 'binop': {
      if (!a || !b) return undefined;
      const [x, y] = op.swap ? [b, a] : [a, b];
      return ctx.note(ctx.binop(op.op, ctx.expr(x), ctx.expr(y), s), lib);
    }
    case 'transpose':
      if (!a) return undefined;
      return ctx.note(ctx.attr(ctx.expr(a), 'T', s), { kind: 'transpose', lib: 'own', form: 'method', operand: a });
    case 'map': {
      if (!a) return undefined;
      if (op.ufunc) return ctx.note(ctx.npCall(op.ufunc, [ctx.expr(a)], [], s), lib);
      const f = args.length === 2 ? args[1] : args[0] === a ? args[1] : args[0];
      if (!f) return undefined;
      return ctx.mapFunction(f, ctx.expr(a), s);
    }
    case 'random':
      return a && b ? ctx.note(ctx.npCall('random.rand', [ctx.expr(a), ctx.expr(b)], [], s), lib) : undefined;
    case 'zeros':
      return a && b ? ctx.npCall('zeros', [ctx.tuple([ctx.expr(a), ctx.expr(b)], s)], [], s) : undefined;
  }
}

function ownEmitter(classes: Map<string, OwnMatrixClass>): Emitter {
  const find = (pred: (op: OwnOp) => boolean): { cls: string; name: string; isStatic: boolean } | undefined => {
    for (const c of classes.values()) for (const [name, m] of c.methods) if (pred(m.op) && !((m.op.kind === 'binop' || m.op.kind === 'map') && m.op.inPlace)) return { cls: c.name, name, isStatic: m.isStatic };
    return undefined;
  };
  const recv = (x: string) => (isAtomicText(x) ? x : `(${x})`);
  // The file's own functions (class '') are called bare: `matmul(a, b)`.
  const stat = (f: { cls: string; name: string }) => (f.cls ? `${f.cls}.${f.name}` : f.name);
  const two = (f: { cls: string; name: string; isStatic: boolean } | undefined, a: string, b: string) => (f ? (f.isStatic ? `${stat(f)}(${a}, ${b})` : `${recv(a)}.${f.name}(${b})`) : undefined);
  // An instance map(f) method writes any elementwise function of one matrix.
  const map = find((o) => o.kind === 'map' && !o.ufunc);
  const mapped = (x: string, body: string) => (map && !map.isStatic ? `${recv(x)}.${map.name}((v) => ${body})` : undefined);
  const UFUNCS: Record<string, string> = { exp: 'Math.exp(v)', log: 'Math.log(v)', tanh: 'Math.tanh(v)', sqrt: 'Math.sqrt(v)', abs: 'Math.abs(v)', square: 'v * v' };
  return {
    matmul: (a, b) => two(find((o) => o.kind === 'matmul' && !o.swap), a, b),
    transpose: (x) => {
      const f = find((o) => o.kind === 'transpose');
      return f ? (f.isStatic ? `${stat(f)}(${x})` : `${recv(x)}.${f.name}()`) : undefined;
    },
    binop: (op, a, b, aArr, bArr) => {
      if (aArr && bArr) return two(find((o) => o.kind === 'binop' && o.op === op && !o.swap && !o.scalar), a, b);
      if (aArr) return two(find((o) => o.kind === 'binop' && o.op === op && !o.swap && !!o.scalar), a, b) ?? mapped(a, `v ${op} ${b}`);
      return mapped(b, `${a} ${op} v`);
    },
    divideBy: (x, m) => two(find((o) => o.kind === 'binop' && o.op === '/' && !!o.scalar), x, m) ?? two(find((o) => o.kind === 'binop' && o.op === '*' && !!o.scalar), x, `1 / ${m}`) ?? mapped(x, `v / ${m}`),
    neg: (x) => mapped(x, '-v'),
    pow: (x, k) => mapped(x, k.trim() === '2' ? 'v * v' : `v ** ${k}`),
    ufunc: (name, x) => (entry(UFUNCS, name) ? mapped(x, UFUNCS[name]) : undefined),
    greater: (x, y) => mapped(x, `(v > ${y} ? 1 : 0)`),
    map: (x, body) => mapped(x, body),
  };
}
