// TensorFlow.js (`import * as tf from '@tensorflow/tfjs'`): tf.* functions and the chainable tensor
// methods, lowered to the NumPy the engine models.
//
//   tf.matMul(a, b, transposeA, transposeB) → np.dot(a or a.T, b or b.T)   (literal flags only)
//   tf.transpose(x) / x.transpose()         → x.T
//   tf.add/sub/mul/div(a, b), a.add(b) …    → a + b, a - b, a * b, a / b
//   tf.sum(x, axis, keepDims), tf.mean      → np.sum(x, axis=…, keepdims=…)
//   tf.tanh/exp/log/square/sqrt/abs         → np.tanh …;  tf.sigmoid → 1 / (1 + np.exp(-x));  tf.relu → np.maximum(0, x)
//   tf.randomNormal([r, c]), randomUniform  → np.random.randn(r, c), np.random.rand(r, c)
//   tf.zeros/ones([r, c])                   → np.zeros((r, c)) …;  tf.tensor2d(data, [r, c]) → np.reshape(np.array(data), (r, c))
//   tf.scalar(v) → v;  tf.variable(x) → x;  x.shape → x.shape;  x.dataSync() → np.ravel(x);  x.arraySync() → x

import type * as TS from 'typescript';
import type { Expr } from '../../ast';
import type { Emitter, FunctionRule, LibraryTable, LowerCtx, MethodRule, PropertyRule } from './types';
import { arith, castTo, compare, isAtomicText, randomArray, reduction, relu, sigmoid, ufunc, UFUNC_NAMES } from './common';

type Form = 'function' | 'method';
type Rule = (ctx: LowerCtx, call: TS.CallExpression, args: readonly TS.Expression[], form: Form) => Expr | undefined;

function matMul(ctx: LowerCtx, call: TS.CallExpression, args: readonly TS.Expression[], form: Form): Expr | undefined {
  const [a, b, ta, tb] = args;
  if (!a || !b) return undefined;
  const flagA = ta === undefined ? false : ctx.literalBool(ta);
  const flagB = tb === undefined ? false : ctx.literalBool(tb);
  if (flagA === undefined || flagB === undefined) return undefined;
  const operand = (x: TS.Expression, flag: boolean, i: 0 | 1, node: TS.Expression | undefined): Expr => {
    const e = ctx.expr(x);
    if (!flag) return e;
    return ctx.note(ctx.attr(e, 'T', ctx.span(x)), { kind: 'transpose', lib: 'tfjs', form: 'flag', operand: x, flagIndex: i, flagNode: node });
  };
  const la = operand(a, flagA, 0, ta);
  const lb = operand(b, flagB, 1, tb);
  const written = form === 'method' ? args.slice(1) : args;
  const lastArgEnd = written.length ? written[written.length - 1].end : call.expression.end;
  return ctx.note(ctx.npCall('dot', [la, lb], [], ctx.span(call), ctx.span(call.expression)), {
    kind: 'matmul', lib: 'tfjs', form, operands: [a, b], lowered: [la, lb], flags: [ta, tb], close: call.end - 1, lastArgEnd,
  });
}

function transpose(ctx: LowerCtx, call: TS.CallExpression, args: readonly TS.Expression[], form: Form): Expr | undefined {
  const [x, perm] = args;
  if (!x) return undefined;
  if (perm && !(ctx.ts.isArrayLiteralExpression(perm) && perm.elements.length === 2 && ctx.literalNumber(perm.elements[0]) === 1 && ctx.literalNumber(perm.elements[1]) === 0)) return undefined;
  return ctx.note(ctx.attr(ctx.expr(x), 'T', ctx.span(call)), { kind: 'transpose', lib: 'tfjs', form, operand: x });
}

const binary = (op: '+' | '-' | '*' | '/' | '**'): Rule => (ctx, call, [a, b]) => arith(ctx, op, call, a, b);

const reduce = (name: string): Rule => (ctx, call, [x, axis, keepDims], form) => (x ? reduction(ctx, name, call, ctx.expr(x), axis, keepDims, form) : undefined);

const unary = (name: string): Rule => (ctx, call, [x]) => (x ? ufunc(ctx, name, call, ctx.expr(x)) : undefined);

const RULES: Record<string, Rule> = {
  matMul,
  dot: (ctx, call, [a, b]) => (a && b ? ctx.note(ctx.npCall('dot', [ctx.expr(a), ctx.expr(b)], [], ctx.span(call)), { kind: 'lib', lib: 'tfjs' }) : undefined),
  transpose,
  add: binary('+'),
  sub: binary('-'),
  mul: binary('*'),
  div: binary('/'),
  realDiv: binary('/'),
  pow: binary('**'),
  squaredDifference: (ctx, call, [a, b]) => {
    const d = arith(ctx, '-', call, a, b);
    return d ? ufunc(ctx, 'square', call, d) : undefined;
  },
  maximum: (ctx, call, [a, b]) => (a && b ? ctx.npCall('maximum', [ctx.expr(a), ctx.expr(b)], [], ctx.span(call)) : undefined),
  minimum: (ctx, call, [a, b]) => (a && b ? ctx.npCall('minimum', [ctx.expr(a), ctx.expr(b)], [], ctx.span(call)) : undefined),
  neg: (ctx, call, [x]) => (x ? ctx.note({ kind: 'unary', op: '-', operand: ctx.expr(x), span: ctx.span(call) }, { kind: 'lib', lib: 'tfjs' }) : undefined),
  sum: reduce('sum'),
  mean: reduce('mean'),
  max: reduce('max'),
  min: reduce('min'),
  prod: reduce('prod'),
  sigmoid: (ctx, call, [x]) => (x ? sigmoid(ctx, call, ctx.expr(x)) : undefined),
  relu: (ctx, call, [x]) => (x ? relu(ctx, call, ctx.expr(x)) : undefined),
  step: (ctx, call, [x]) => (x ? ctx.note({ kind: 'compare', left: ctx.expr(x), ops: ['>'], comparators: [ctx.num(0, ctx.span(call))], span: ctx.span(call) }, { kind: 'lib', lib: 'tfjs' }) : undefined),
  greater: (ctx, call, [a, b]) => (a ? compare(ctx, '>', call, ctx.expr(a), b) : undefined),
  greaterEqual: (ctx, call, [a, b]) => (a ? compare(ctx, '>=', call, ctx.expr(a), b) : undefined),
  less: (ctx, call, [a, b]) => (a ? compare(ctx, '<', call, ctx.expr(a), b) : undefined),
  lessEqual: (ctx, call, [a, b]) => (a ? compare(ctx, '<=', call, ctx.expr(a), b) : undefined),
  equal: (ctx, call, [a, b]) => (a ? compare(ctx, '==', call, ctx.expr(a), b) : undefined),
  notEqual: (ctx, call, [a, b]) => (a ? compare(ctx, '!=', call, ctx.expr(a), b) : undefined),
  reshape: (ctx, call, [x, shape]) => (x && shape ? ctx.npCall('reshape', [ctx.expr(x), ctx.shapeTuple(shape)], [], ctx.span(call)) : undefined),
  as2D: (ctx, call, [x, r, c]) => (x && r && c ? ctx.npCall('reshape', [ctx.expr(x), ctx.tuple([ctx.expr(r), ctx.expr(c)], ctx.span(call))], [], ctx.span(call)) : undefined),
  flatten: (ctx, call, [x]) => (x ? ctx.npCall('ravel', [ctx.expr(x)], [], ctx.span(call)) : undefined),
  expandDims: (ctx, call, [x, axis]) => (x ? ctx.npCall('expand_dims', [ctx.expr(x), axis ? ctx.expr(axis) : ctx.num(0, ctx.span(call))], [], ctx.span(call)) : undefined),
  squeeze: (ctx, call, [x]) => (x ? ctx.npCall('squeeze', [ctx.expr(x)], [], ctx.span(call)) : undefined),
  clipByValue: (ctx, call, [x, lo, hi]) => (x && lo && hi ? ctx.npCall('clip', [ctx.expr(x), ctx.expr(lo), ctx.expr(hi)], [], ctx.span(call)) : undefined),
  cast: (ctx, call, [x, dtype]) => (x ? castTo(ctx, call, ctx.expr(x), dtype) : undefined),
  toFloat: (ctx, call, [x]) => (x ? ctx.call(ctx.attr(ctx.expr(x), 'astype', ctx.span(call)), [{ kind: 'name', id: 'float', span: ctx.span(call) }], [], ctx.span(call)) : undefined),
  clone: (ctx, call, [x]) => (x ? ctx.npCall('copy', [ctx.expr(x)], [], ctx.span(call)) : undefined),
  variable: (ctx, _call, [x]) => (x ? ctx.expr(x) : undefined),
  keep: (ctx, _call, [x]) => (x ? ctx.expr(x) : undefined),
  // Reading a tensor's values back: the same numbers in a JavaScript container.
  dataSync: (ctx, call, [x]) => (x ? ctx.npCall('ravel', [ctx.expr(x)], [], ctx.span(call)) : undefined),
  data: (ctx, call, [x]) => (x ? ctx.npCall('ravel', [ctx.expr(x)], [], ctx.span(call)) : undefined),
  arraySync: (ctx, _call, [x]) => (x ? ctx.expr(x) : undefined),
  array: (ctx, _call, [x]) => (x ? ctx.expr(x) : undefined),
  asScalar: (ctx, _call, [x]) => (x ? ctx.expr(x) : undefined),
};
for (const n of UFUNC_NAMES) RULES[n] = unary(n);

/** Functions only (tf.zeros is not a tensor method). */
const FUNCTIONS_ONLY: Record<string, FunctionRule> = {
  randomNormal: (ctx, call, [shape, mean, std]) => (shape ? randomArray(ctx, call, 'randn', ctx.shapeArgs(shape), mean, std) : undefined),
  truncatedNormal: (ctx, call, [shape, mean, std]) => (shape ? randomArray(ctx, call, 'randn', ctx.shapeArgs(shape), mean, std) : undefined),
  randomStandardNormal: (ctx, call, [shape]) => (shape ? randomArray(ctx, call, 'randn', ctx.shapeArgs(shape), undefined, undefined) : undefined),
  randomUniform: (ctx, call, [shape, lo, hi]) => (shape ? randomArray(ctx, call, 'rand', ctx.shapeArgs(shape), lo, hi) : undefined),
  zeros: (ctx, call, [shape]) => (shape ? ctx.npCall('zeros', [ctx.shapeTuple(shape)], [], ctx.span(call)) : undefined),
  ones: (ctx, call, [shape]) => (shape ? ctx.npCall('ones', [ctx.shapeTuple(shape)], [], ctx.span(call)) : undefined),
  fill: (ctx, call, [shape, v]) => (shape && v ? ctx.npCall('full', [ctx.shapeTuple(shape), ctx.expr(v)], [], ctx.span(call)) : undefined),
  zerosLike: (ctx, call, [x]) => (x ? ctx.npCall('zeros_like', [ctx.expr(x)], [], ctx.span(call)) : undefined),
  onesLike: (ctx, call, [x]) => (x ? ctx.npCall('ones_like', [ctx.expr(x)], [], ctx.span(call)) : undefined),
  eye: (ctx, call, [n]) => (n ? ctx.npCall('eye', [ctx.expr(n)], [], ctx.span(call)) : undefined),
  scalar: (ctx, _call, [v]) => (v ? ctx.expr(v) : undefined),
  tensor: tensorOf,
  tensor1d: tensorOf,
  tensor2d: tensorOf,
  concat: (ctx, call, [list, axis]) => (list ? ctx.npCall('concatenate', [ctx.expr(list)], axis ? [ctx.kw('axis', ctx.expr(axis))] : [], ctx.span(call)) : undefined),
};

function tensorOf(ctx: LowerCtx, call: TS.CallExpression | TS.NewExpression, args: readonly TS.Expression[]): Expr | undefined {
  const [data, shape] = args;
  if (!data) return undefined;
  const s = ctx.span(call);
  const arr = ctx.npCall('array', [ctx.expr(data)], [], s);
  return shape ? ctx.npCall('reshape', [arr, ctx.shapeTuple(shape)], [], s) : arr;
}

const functions: Record<string, FunctionRule> = { ...FUNCTIONS_ONLY };
for (const [name, rule] of Object.entries(RULES)) functions[name] = (ctx, call, args) => (ctx.ts.isCallExpression(call) ? rule(ctx, call, args, 'function') : undefined);

const methods: Record<string, MethodRule> = {};
for (const [name, rule] of Object.entries(RULES)) methods[name] = (ctx, call, recv, args) => rule(ctx, call, [recv, ...args], 'method');

const properties: Record<string, PropertyRule> = {
  shape: (ctx, node, recv) => ctx.attr(ctx.expr(recv), 'shape', ctx.span(node)),
  rank: (ctx, node, recv) => ctx.attr(ctx.expr(recv), 'ndim', ctx.span(node)),
  size: (ctx, node, recv) => ctx.attr(ctx.expr(recv), 'size', ctx.span(node)),
};

function emit(tf: string): Emitter {
  const fn: Record<string, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' };
  return {
    matmul: (a, b) => `${tf}.matMul(${a}, ${b})`,
    transpose: (x) => `${tf}.transpose(${x})`,
    binop: (op, a, b) => `${tf}.${fn[op]}(${a}, ${b})`,
    divideBy: (x, m) => (isAtomicText(x) ? `${x}.div(${m})` : `${tf}.div(${x}, ${m})`),
    neg: (x) => `${tf}.neg(${x})`,
    pow: (x, k) => (k.trim() === '2' ? `${tf}.square(${x})` : `${tf}.pow(${x}, ${k})`),
    ufunc: (name, x) => (UFUNC_NAMES.has(name) ? `${tf}.${name}(${x})` : undefined),
    greater: (x, y) => (y.trim() === '0' ? `${tf}.step(${x})` : `${tf}.greater(${x}, ${y}).cast('float32')`),
  };
}

export const TFJS: LibraryTable = { id: 'tfjs', functions, methods, properties, emit };

/** Module specifiers that are TensorFlow.js. */
export function isTfjsModule(spec: string): boolean {
  return /^@tensorflow\/tfjs(?:-node(?:-gpu)?|-core)?$/.test(spec);
}
