// ml-matrix (`import { Matrix } from 'ml-matrix'`): the Matrix class, its static constructors and
// operators and its instance methods, lowered to NumPy.
//
//   A.mmul(B)                       → np.dot(A, B)
//   A.mul(B) / A.mul(2)             → A * B (elementwise; a number scales)        add, sub, div likewise
//   Matrix.mul(A, B) …              → A * B (the static forms return a new matrix)
//   A.transpose()                   → A.T
//   Matrix.rand(r, c) / random      → np.random.rand(r, c);  Matrix.zeros(r, c), new Matrix(r, c) → np.zeros((r, c))
//   A.rows / A.columns              → A.shape[0] / A.shape[1]
//   A.sum('row') / A.sum('column')  → np.sum(A, axis=1) / np.sum(A, axis=0): ml-matrix returns a plain
//                                      array (rank 1), as NumPy without keepdims does
//   Matrix.columnVector(v)          → np.expand_dims(v, 1);  A.addColumnVector(v) → A + np.reshape(v, (-1, 1))
//
// Instance operators work in place in ml-matrix (A.add(B) changes A and returns it). As an
// expression statement (`A.add(B);`) that is lowered as `A += B`; inside an expression the value
// is what counts and the lowering is `A + B` (an alias of A seeing the change is not modelled).

import type * as TS from 'typescript';
import type { BinaryOperator, Expr } from '../../ast';
import type { Emitter, FunctionRule, LibraryTable, LowerCtx, MethodRule, PropertyRule } from './types';
import { arith, isAtomicText, randomArray, ufunc, UFUNC_NAMES } from './common';

const INPLACE_OPS: Record<string, BinaryOperator> = {
  add: '+', sub: '-', subtract: '-', mul: '*', multiply: '*', div: '/', divide: '/', pow: '**',
};

function axisWord(ctx: LowerCtx, by: TS.Expression | undefined): { axis: number } | undefined | 'bad' {
  if (!by) return undefined;
  if (!ctx.ts.isStringLiteralLike(by)) return 'bad';
  if (by.text === 'row') return { axis: 1 };
  if (by.text === 'column') return { axis: 0 };
  return 'bad';
}

const byDimension = (name: 'sum' | 'mean'): MethodRule => (ctx, call, recv, [by]) => {
  const w = axisWord(ctx, by);
  if (w === 'bad') return undefined;
  const s = ctx.span(call);
  const keywords = w ? [ctx.kw('axis', ctx.note(ctx.num(w.axis, ctx.span(by!)), { kind: 'axis-word', lib: 'ml-matrix', words: { 0: "'column'", 1: "'row'" } }))] : [];
  return ctx.note(ctx.npCall(name, [ctx.expr(recv)], keywords, s), {
    kind: 'reduce', lib: 'ml-matrix', form: 'method', axis: by, keepDims: undefined, close: call.end - 1, lastArgEnd: by?.end ?? call.end - 1, opensAt: ctx.text.indexOf('(', call.expression.end),
  });
};

/** `A.addColumnVector(v)`: v added to every column (a column broadcast). */
const vectorOp = (op: BinaryOperator, as: 'column' | 'row'): MethodRule => (ctx, call, recv, [v]) => {
  if (!v) return undefined;
  const s = ctx.span(call);
  const shaped = ctx.npCall('reshape', [ctx.expr(v), ctx.tuple(as === 'column' ? [ctx.num(-1, s), ctx.num(1, s)] : [ctx.num(1, s), ctx.num(-1, s)], s)], [], s);
  return ctx.note(ctx.binop(op, ctx.expr(recv), shaped, s), { kind: 'lib', lib: 'ml-matrix' });
};

const methods: Record<string, MethodRule> = {
  mmul: (ctx, call, recv, [b]) => {
    if (!b) return undefined;
    const la = ctx.expr(recv);
    const lb = ctx.expr(b);
    return ctx.note(ctx.npCall('dot', [la, lb], [], ctx.span(call), ctx.span(call.expression)), {
      kind: 'matmul', lib: 'ml-matrix', form: 'method', operands: [recv, b], lowered: [la, lb], close: call.end - 1, lastArgEnd: b.end,
    });
  },
  transpose: (ctx, call, recv) => ctx.note(ctx.attr(ctx.expr(recv), 'T', ctx.span(call)), { kind: 'transpose', lib: 'ml-matrix', form: 'method', operand: recv }),
  sum: byDimension('sum'),
  mean: byDimension('mean'),
  clone: (ctx, call, recv) => ctx.npCall('copy', [ctx.expr(recv)], [], ctx.span(call)),
  neg: (ctx, call, recv) => ctx.note({ kind: 'unary', op: '-', operand: ctx.expr(recv), span: ctx.span(call) }, { kind: 'lib', lib: 'ml-matrix' }),
  negate: (ctx, call, recv) => ctx.note({ kind: 'unary', op: '-', operand: ctx.expr(recv), span: ctx.span(call) }, { kind: 'lib', lib: 'ml-matrix' }),
  addColumnVector: vectorOp('+', 'column'),
  subColumnVector: vectorOp('-', 'column'),
  mulColumnVector: vectorOp('*', 'column'),
  divColumnVector: vectorOp('/', 'column'),
  addRowVector: vectorOp('+', 'row'),
  subRowVector: vectorOp('-', 'row'),
  mulRowVector: vectorOp('*', 'row'),
  divRowVector: vectorOp('/', 'row'),
  to2DArray: (ctx, _call, recv) => ctx.expr(recv),
  toJSON: (ctx, _call, recv) => ctx.expr(recv),
  to1DArray: (ctx, call, recv) => ctx.npCall('ravel', [ctx.expr(recv)], [], ctx.span(call)),
  get: (ctx, call, recv, [i, j]) => (i && j ? { kind: 'subscript', obj: ctx.expr(recv), index: ctx.tuple([ctx.expr(i), ctx.expr(j)], ctx.span(call)), span: ctx.span(call) } : undefined),
};
for (const [name, op] of Object.entries(INPLACE_OPS)) methods[name] = (ctx, call, recv, [b]) => arith(ctx, op, call, recv, b);
for (const n of UFUNC_NAMES) if (n !== 'square') methods[n] = (ctx, call, recv) => ufunc(ctx, n, call, ctx.expr(recv));

const rc = (name: 'zeros' | 'ones'): FunctionRule => (ctx, call, [r, c]) => (r && c ? ctx.npCall(name, [ctx.tuple([ctx.expr(r), ctx.expr(c)], ctx.span(call))], [], ctx.span(call)) : undefined);

/** Static members of Matrix (`Matrix.rand(r, c)`, `Matrix.mul(A, B)`). */
const functions: Record<string, FunctionRule> = {
  rand: (ctx, call, [r, c]) => (r && c ? randomArray(ctx, call, 'rand', [ctx.expr(r), ctx.expr(c)], undefined, undefined) : undefined),
  random: (ctx, call, [r, c]) => (r && c ? randomArray(ctx, call, 'rand', [ctx.expr(r), ctx.expr(c)], undefined, undefined) : undefined),
  zeros: rc('zeros'),
  ones: rc('ones'),
  eye: (ctx, call, [n, m]) => (n && !m ? ctx.npCall('eye', [ctx.expr(n)], [], ctx.span(call)) : undefined),
  // A plain array (n,) as a column (n, 1) or a row (1, n).
  columnVector: (ctx, call, [v]) => (v ? ctx.npCall('expand_dims', [ctx.npCall('array', [ctx.expr(v)], [], ctx.span(call)), ctx.num(1, ctx.span(call))], [], ctx.span(call)) : undefined),
  rowVector: (ctx, call, [v]) => (v ? ctx.npCall('expand_dims', [ctx.npCall('array', [ctx.expr(v)], [], ctx.span(call)), ctx.num(0, ctx.span(call))], [], ctx.span(call)) : undefined),
  from1DArray: (ctx, call, [r, c, data]) => {
    if (!r || !c || !data) return undefined;
    const s = ctx.span(call);
    return ctx.npCall('reshape', [ctx.npCall('array', [ctx.expr(data)], [], s), ctx.tuple([ctx.expr(r), ctx.expr(c)], s)], [], s);
  },
  max: (ctx, call, [a, b]) => (a && b ? ctx.npCall('maximum', [ctx.expr(a), ctx.expr(b)], [], ctx.span(call)) : undefined),
  min: (ctx, call, [a, b]) => (a && b ? ctx.npCall('minimum', [ctx.expr(a), ctx.expr(b)], [], ctx.span(call)) : undefined),
  checkMatrix: (ctx, _call, [x]) => (x ? ctx.expr(x) : undefined),
};
for (const [name, op] of Object.entries(INPLACE_OPS)) functions[name] = (ctx, call, [a, b]) => arith(ctx, op, call, a, b);
for (const n of UFUNC_NAMES) if (n !== 'square') functions[n] = (ctx, call, [x]) => (x ? ufunc(ctx, n, call, ctx.expr(x)) : undefined);

/** `new Matrix(r, c)` (zeros), `new Matrix([[...]])` (its data), `new Matrix(other)` (a copy). */
const construct: FunctionRule = (ctx, call, args) => {
  const [a, b] = args;
  const s = ctx.span(call);
  if (a && b) return ctx.npCall('zeros', [ctx.tuple([ctx.expr(a), ctx.expr(b)], s)], [], s);
  if (a && ctx.ts.isArrayLiteralExpression(a)) return ctx.npCall('array', [ctx.expr(a)], [], s);
  if (a) return ctx.npCall('array', [ctx.expr(a)], [], s);
  return undefined;
};

const properties: Record<string, PropertyRule> = {
  rows: (ctx, node, recv) => shapeAt(ctx, node, recv, 0),
  columns: (ctx, node, recv) => shapeAt(ctx, node, recv, 1),
  size: (ctx, node, recv) => ctx.attr(ctx.expr(recv), 'size', ctx.span(node)),
};

function shapeAt(ctx: LowerCtx, node: TS.PropertyAccessExpression, recv: TS.Expression, i: number): Expr {
  const s = ctx.span(node);
  return ctx.note({ kind: 'subscript', obj: ctx.attr(ctx.expr(recv), 'shape', s), index: ctx.num(i, s), span: s }, { kind: 'lib', lib: 'ml-matrix' });
}

function emit(M: string): Emitter {
  const dot = (x: string) => (isAtomicText(x) ? x : `(${x})`);
  const STATIC: Record<string, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' };
  return {
    matmul: (a, b) => `${dot(a)}.mmul(${b})`,
    transpose: (x) => `${dot(x)}.transpose()`,
    binop: (op, a, b, aArr, bArr) => {
      if (aArr) return `${M}.${STATIC[op]}(${a}, ${b})`;
      if (!bArr) return undefined;
      // number op matrix: + and * commute; 1 - A is (-A) + 1
      if (op === '+' || op === '*') return `${M}.${STATIC[op]}(${b}, ${a})`;
      if (op === '-') return `${M}.mul(${b}, -1).add(${a})`;
      return undefined;
    },
    divideBy: (x, m, isCall) => (isCall && isAtomicText(x) ? `${x}.div(${m})` : `${M}.div(${x}, ${m})`),
    neg: (x) => `${M}.mul(${x}, -1)`,
    pow: (x, k) => `${M}.pow(${x}, ${k})`,
    ufunc: (name, x) => (name === 'square' ? `${M}.pow(${x}, 2)` : UFUNC_NAMES.has(name) ? `${M}.${name}(${x})` : undefined),
  };
}

export const ML_MATRIX: LibraryTable = { id: 'ml-matrix', functions, methods, properties, construct, emit };

/** ml-matrix's instance operators that change the receiver (for `A.add(B);` as a statement). */
export const ML_MATRIX_INPLACE = INPLACE_OPS;
