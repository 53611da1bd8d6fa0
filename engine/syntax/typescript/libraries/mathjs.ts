// mathjs (`import * as math from 'mathjs'`, `const math = require('mathjs')`, `create(all)`):
// functions of the namespace, lowered to NumPy. mathjs broadcasts elementwise operations the way
// NumPy does (since 11.9), so `+` and friends keep NumPy's rules.
//
//   math.multiply(A, B)      → np.dot(A, B)  (a matrix product; with a number on either side, `*`)
//   math.dotMultiply(A, B)   → A * B;  dotDivide → /;  dotPow → **
//   math.add/subtract(A, B)  → A + B, A - B;  math.divide(A, s) → A / s
//   math.transpose(A)        → A.T
//   math.map(A, f)           → f elementwise: Math.tanh/exp/…, math.tanh, (v) => 1 / (1 + Math.exp(-v)),
//                              (v) => Math.max(0, v), a user's scalar function; anything else is unknown
//   math.zeros([r, c]) / math.zeros(r, c) → np.zeros((r, c));  math.random([r, c]) → np.random.rand(r, c)
//   math.size(A) → A.shape;  math.sum(A) → np.sum(A);  math.sum(A, dim) → np.sum(A, axis=dim)

import type * as TS from 'typescript';
import type { Expr } from '../../ast';
import type { Emitter, FunctionRule, LibraryTable, LowerCtx, MethodRule, PropertyRule } from './types';
import { arith, compare, randomArray, ufunc, UFUNC_NAMES } from './common';

function sizes(ctx: LowerCtx, args: readonly TS.Expression[]): Expr[] | undefined {
  if (args.length === 0) return undefined;
  if (args.length === 1) return ctx.shapeArgs(args[0]);
  return args.filter((a) => !ctx.ts.isStringLiteralLike(a)).map((a) => ctx.expr(a));
}

const constructor = (name: 'zeros' | 'ones'): FunctionRule => (ctx, call, args) => {
  const s = sizes(ctx, args);
  return s ? ctx.npCall(name, [ctx.tuple(s, ctx.span(call))], [], ctx.span(call)) : undefined;
};

const reduce = (name: string): FunctionRule => (ctx, call, [x, dim]) => {
  if (!x || !ctx.ts.isCallExpression(call)) return undefined;
  const s = ctx.span(call);
  return ctx.note(ctx.npCall(name, [ctx.expr(x)], dim ? [ctx.kw('axis', ctx.expr(dim))] : [], s), {
    kind: 'reduce', lib: 'mathjs', form: 'function', axis: dim, keepDims: undefined, operand: x, close: call.end - 1, lastArgEnd: call.arguments[call.arguments.length - 1]?.end ?? call.end - 1, opensAt: ctx.text.indexOf('(', call.expression.end),
  });
};

const functions: Record<string, FunctionRule> = {
  multiply: (ctx, call, [a, b, ...rest]) => {
    if (!a || !b || rest.length > 0) return undefined;
    if (ctx.isScalarSyntax(a) || ctx.isScalarSyntax(b)) return arith(ctx, '*', call, a, b);
    const la = ctx.expr(a);
    const lb = ctx.expr(b);
    if (!ctx.ts.isCallExpression(call)) return undefined;
    const last = call.arguments[call.arguments.length - 1];
    return ctx.note(ctx.npCall('dot', [la, lb], [], ctx.span(call), ctx.span(call.expression)), {
      kind: 'matmul', lib: 'mathjs', form: 'function', operands: [a, b], lowered: [la, lb], close: call.end - 1, lastArgEnd: last.end,
    });
  },
  dotMultiply: (ctx, call, [a, b]) => arith(ctx, '*', call, a, b),
  dotDivide: (ctx, call, [a, b]) => arith(ctx, '/', call, a, b),
  dotPow: (ctx, call, [a, b]) => arith(ctx, '**', call, a, b),
  add: (ctx, call, [a, b]) => arith(ctx, '+', call, a, b),
  subtract: (ctx, call, [a, b]) => arith(ctx, '-', call, a, b),
  divide: (ctx, call, [a, b]) => arith(ctx, '/', call, a, b),
  unaryMinus: (ctx, call, [x]) => (x ? ctx.note({ kind: 'unary', op: '-', operand: ctx.expr(x), span: ctx.span(call) }, { kind: 'lib', lib: 'mathjs' }) : undefined),
  transpose: (ctx, call, [x]) => (x ? ctx.note(ctx.attr(ctx.expr(x), 'T', ctx.span(call)), { kind: 'transpose', lib: 'mathjs', form: 'function', operand: x }) : undefined),
  map: (ctx, call, [x, f]) => (x && f ? ctx.mapFunction(f, ctx.expr(x), ctx.span(call)) : undefined),
  zeros: constructor('zeros'),
  ones: constructor('ones'),
  identity: (ctx, call, [n]) => (n ? ctx.npCall('eye', [ctx.expr(n)], [], ctx.span(call)) : undefined),
  random: (ctx, call, [shape, lo, hi]) => (shape && !ctx.isScalarSyntax(shape) ? randomArray(ctx, call, 'rand', ctx.shapeArgs(shape), lo, hi) : undefined),
  matrix: (ctx, call, [data]) => (data ? ctx.npCall('array', [ctx.expr(data)], [], ctx.span(call)) : undefined),
  size: (ctx, call, [x]) => (x ? ctx.attr(ctx.expr(x), 'shape', ctx.span(call)) : undefined),
  sum: reduce('sum'),
  mean: reduce('mean'),
  max: reduce('max'),
  min: reduce('min'),
  reshape: (ctx, call, [x, shape]) => (x && shape ? ctx.npCall('reshape', [ctx.expr(x), ctx.shapeTuple(shape)], [], ctx.span(call)) : undefined),
  larger: (ctx, call, [a, b]) => (a ? compare(ctx, '>', call, ctx.expr(a), b) : undefined),
  smaller: (ctx, call, [a, b]) => (a ? compare(ctx, '<', call, ctx.expr(a), b) : undefined),
  clone: (ctx, call, [x]) => (x ? ctx.npCall('copy', [ctx.expr(x)], [], ctx.span(call)) : undefined),
  dot: (ctx, call, [a, b]) => (a && b ? ctx.npCall('dot', [ctx.expr(a), ctx.expr(b)], [], ctx.span(call)) : undefined),
  square: (ctx, call, [x]) => (x ? ufunc(ctx, 'square', call, ctx.expr(x)) : undefined),
};
// mathjs 12 evaluates these on numbers only (matrices go through math.map), older versions elementwise.
for (const n of UFUNC_NAMES) if (!functions[n]) functions[n] = (ctx, call, [x]) => (x ? ufunc(ctx, n, call, ctx.expr(x)) : undefined);

/** Methods of a math.matrix(...) value. */
const methods: Record<string, MethodRule> = {
  size: (ctx, call, recv) => ctx.attr(ctx.expr(recv), 'shape', ctx.span(call)),
  toArray: (ctx, _call, recv) => ctx.expr(recv),
  // valueOf() (the plain array) is added below: a literal key would shadow Object.prototype's
  map: (ctx, call, recv, [f]) => (f ? ctx.mapFunction(f, ctx.expr(recv), ctx.span(call)) : undefined),
  clone: (ctx, call, recv) => ctx.npCall('copy', [ctx.expr(recv)], [], ctx.span(call)),
};

methods['valueOf'] = (ctx, _call, recv) => ctx.expr(recv);

const properties: Record<string, PropertyRule> = {};

function emit(math: string): Emitter {
  return {
    matmul: (a, b) => `${math}.multiply(${a}, ${b})`,
    transpose: (x) => `${math}.transpose(${x})`,
    binop: (op, a, b, aArr, bArr) => {
      if (op === '+') return `${math}.add(${a}, ${b})`;
      if (op === '-') return `${math}.subtract(${a}, ${b})`;
      if (op === '*') return aArr && bArr ? `${math}.dotMultiply(${a}, ${b})` : `${math}.multiply(${a}, ${b})`;
      return bArr ? `${math}.dotDivide(${a}, ${b})` : `${math}.divide(${a}, ${b})`;
    },
    divideBy: (x, m) => `${math}.divide(${x}, ${m})`,
    neg: (x) => `${math}.unaryMinus(${x})`,
    pow: (x, k) => `${math}.dotPow(${x}, ${k})`,
    ufunc: (name, x) => (name === 'square' ? `${math}.dotPow(${x}, 2)` : UFUNC_NAMES.has(name) ? `${math}.map(${x}, ${math}.${name})` : undefined),
    greater: (x, y) => `${math}.larger(${x}, ${y})`,
    map: (x, body) => `${math}.map(${x}, (v) => ${body})`,
  };
}

export const MATHJS: LibraryTable = { id: 'mathjs', functions, methods, properties, emit };

/** Scalar functions of mathjs that math.map may apply (math.tanh, math.exp, …). */
export const MATHJS_SCALAR_FUNCTIONS = new Set([...UFUNC_NAMES, 'cube']);
