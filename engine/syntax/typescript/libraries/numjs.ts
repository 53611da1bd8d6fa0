// numjs (`import nj from 'numjs'`, `const nj = require('numjs')`): NumPy's names in JavaScript.
// Elementwise operations need equal shapes in numjs (no broadcasting); the lowering keeps NumPy's
// rules, which agree whenever numjs accepts the operands.
//
//   nj.dot(a, b), a.dot(b)      → np.dot(a, b)
//   a.T, a.transpose()          → a.T
//   nj.add/subtract/multiply/divide(a, b), a.add(b) … → a + b, a - b, a * b, a / b
//   nj.tanh/exp/log/sqrt/abs    → np.tanh …;  nj.sigmoid(x) → 1 / (1 + np.exp(-x));  nj.power(x, k) → x ** k
//   nj.random([r, c])           → np.random.rand(r, c);  nj.zeros([r, c]) → np.zeros((r, c))
//   nj.sum(x), x.sum()          → np.sum(x) (numjs sums everything);  x.shape → x.shape

import type { Expr } from '../../ast';
import type { Emitter, FunctionRule, LibraryTable, MethodRule, PropertyRule } from './types';
import { arith, isAtomicText, randomArray, sigmoid, ufunc, UFUNC_NAMES } from './common';

const functions: Record<string, FunctionRule> = {
  dot: (ctx, call, [a, b]) => {
    if (!a || !b || !ctx.ts.isCallExpression(call)) return undefined;
    const la = ctx.expr(a);
    const lb = ctx.expr(b);
    return ctx.note(ctx.npCall('dot', [la, lb], [], ctx.span(call), ctx.span(call.expression)), {
      kind: 'matmul', lib: 'numjs', form: 'function', operands: [a, b], lowered: [la, lb], close: call.end - 1, lastArgEnd: b.end,
    });
  },
  add: (ctx, call, [a, b]) => arith(ctx, '+', call, a, b),
  subtract: (ctx, call, [a, b]) => arith(ctx, '-', call, a, b),
  multiply: (ctx, call, [a, b]) => arith(ctx, '*', call, a, b),
  divide: (ctx, call, [a, b]) => arith(ctx, '/', call, a, b),
  power: (ctx, call, [a, b]) => arith(ctx, '**', call, a, b),
  negative: (ctx, call, [x]) => (x ? ctx.note({ kind: 'unary', op: '-', operand: ctx.expr(x), span: ctx.span(call) }, { kind: 'lib', lib: 'numjs' }) : undefined),
  transpose: (ctx, call, [x]) => (x ? ctx.note(ctx.attr(ctx.expr(x), 'T', ctx.span(call)), { kind: 'transpose', lib: 'numjs', form: 'function', operand: x }) : undefined),
  sigmoid: (ctx, call, [x, t]) => (x && !t ? sigmoid(ctx, call, ctx.expr(x)) : undefined),
  random: (ctx, call, args) => {
    if (args.length === 0) return undefined;
    const shape = args.length === 1 ? ctx.shapeArgs(args[0]) : args.map((a) => ctx.expr(a));
    return randomArray(ctx, call, 'rand', shape, undefined, undefined);
  },
  zeros: (ctx, call, [shape]) => (shape ? ctx.npCall('zeros', [ctx.shapeTuple(shape)], [], ctx.span(call)) : undefined),
  ones: (ctx, call, [shape]) => (shape ? ctx.npCall('ones', [ctx.shapeTuple(shape)], [], ctx.span(call)) : undefined),
  array: (ctx, call, [data]) => (data ? ctx.npCall('array', [ctx.expr(data)], [], ctx.span(call)) : undefined),
  sum: (ctx, call, [x]) => (x ? ctx.npCall('sum', [ctx.expr(x)], [], ctx.span(call)) : undefined),
  mean: (ctx, call, [x]) => (x ? ctx.npCall('mean', [ctx.expr(x)], [], ctx.span(call)) : undefined),
  reshape: (ctx, call, [x, shape]) => (x && shape ? ctx.npCall('reshape', [ctx.expr(x), ctx.shapeTuple(shape)], [], ctx.span(call)) : undefined),
  clip: (ctx, call, [x, lo, hi]) => (x && lo && hi ? ctx.npCall('clip', [ctx.expr(x), ctx.expr(lo), ctx.expr(hi)], [], ctx.span(call)) : undefined),
  arange: (ctx, call, args) => ctx.npCall('arange', args.map((a) => ctx.expr(a)), [], ctx.span(call)),
  identity: (ctx, call, [n]) => (n ? ctx.npCall('eye', [ctx.expr(n)], [], ctx.span(call)) : undefined),
};
for (const n of UFUNC_NAMES) if (n !== 'square') functions[n] = (ctx, call, [x]) => (x ? ufunc(ctx, n, call, ctx.expr(x)) : undefined);

const methods: Record<string, MethodRule> = {
  dot: (ctx, call, recv, [b]) => {
    if (!b) return undefined;
    const la = ctx.expr(recv);
    const lb = ctx.expr(b);
    return ctx.note(ctx.npCall('dot', [la, lb], [], ctx.span(call), ctx.span(call.expression)), {
      kind: 'matmul', lib: 'numjs', form: 'method', operands: [recv, b], lowered: [la, lb], close: call.end - 1, lastArgEnd: b.end,
    });
  },
  add: (ctx, call, recv, [b]) => arith(ctx, '+', call, recv, b),
  subtract: (ctx, call, recv, [b]) => arith(ctx, '-', call, recv, b),
  multiply: (ctx, call, recv, [b]) => arith(ctx, '*', call, recv, b),
  divide: (ctx, call, recv, [b]) => arith(ctx, '/', call, recv, b),
  pow: (ctx, call, recv, [b]) => arith(ctx, '**', call, recv, b),
  negative: (ctx, call, recv) => ctx.note({ kind: 'unary', op: '-', operand: ctx.expr(recv), span: ctx.span(call) }, { kind: 'lib', lib: 'numjs' }),
  transpose: (ctx, call, recv, args) => (args.length === 0 ? ctx.note(ctx.attr(ctx.expr(recv), 'T', ctx.span(call)), { kind: 'transpose', lib: 'numjs', form: 'method', operand: recv }) : undefined),
  sum: (ctx, call, recv) => ctx.npCall('sum', [ctx.expr(recv)], [], ctx.span(call)),
  mean: (ctx, call, recv) => ctx.npCall('mean', [ctx.expr(recv)], [], ctx.span(call)),
  clone: (ctx, call, recv) => ctx.npCall('copy', [ctx.expr(recv)], [], ctx.span(call)),
  reshape: (ctx, call, recv, args) => {
    const s = ctx.span(call);
    const shape = args.length === 1 ? ctx.shapeTuple(args[0]) : ctx.tuple(args.map((a) => ctx.expr(a)), s);
    return ctx.npCall('reshape', [ctx.expr(recv), shape], [], s);
  },
  tolist: (ctx, _call, recv) => ctx.expr(recv),
  flatten: (ctx, call, recv) => ctx.npCall('ravel', [ctx.expr(recv)], [], ctx.span(call)),
  get: (ctx, call, recv, args) => (args.length ? ({ kind: 'subscript', obj: ctx.expr(recv), index: args.length === 1 ? ctx.expr(args[0]) : ctx.tuple(args.map((a) => ctx.expr(a)), ctx.span(call)), span: ctx.span(call) } as Expr) : undefined),
};
for (const n of UFUNC_NAMES) if (n !== 'square') methods[n] = (ctx, call, recv) => ufunc(ctx, n, call, ctx.expr(recv));

const properties: Record<string, PropertyRule> = {
  T: (ctx, node, recv) => ctx.note(ctx.attr(ctx.expr(recv), 'T', ctx.span(node)), { kind: 'transpose', lib: 'numjs', form: 'attr', operand: recv }),
  shape: (ctx, node, recv) => ctx.attr(ctx.expr(recv), 'shape', ctx.span(node)),
  size: (ctx, node, recv) => ctx.attr(ctx.expr(recv), 'size', ctx.span(node)),
  ndim: (ctx, node, recv) => ctx.attr(ctx.expr(recv), 'ndim', ctx.span(node)),
};

function emit(nj: string): Emitter {
  const NAMES: Record<string, string> = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide' };
  return {
    matmul: (a, b) => `${nj}.dot(${a}, ${b})`,
    transpose: (x) => (isAtomicText(x) ? `${x}.T` : `${nj}.transpose(${x})`),
    binop: (op, a, b, aArr, bArr) => {
      if (aArr) return `${nj}.${NAMES[op]}(${a}, ${b})`;
      if (!bArr) return undefined;
      if (op === '+' || op === '*') return `${nj}.${NAMES[op]}(${b}, ${a})`;
      if (op === '-') return `${nj}.negative(${b}).add(${a})`;
      return undefined;
    },
    divideBy: (x, m) => (isAtomicText(x) ? `${x}.divide(${m})` : `${nj}.divide(${x}, ${m})`),
    neg: (x) => `${nj}.negative(${x})`,
    pow: (x, k) => `${nj}.power(${x}, ${k})`,
    ufunc: (name, x) => (name === 'square' ? `${nj}.power(${x}, 2)` : UFUNC_NAMES.has(name) ? `${nj}.${name}(${x})` : undefined),
  };
}

export const NUMJS: LibraryTable = { id: 'numjs', functions, methods, properties, emit };
