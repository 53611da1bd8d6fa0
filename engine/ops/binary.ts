// Elementwise binary ops (+ - * / ** and comparisons, np.add/np.multiply/..., np.maximum): NumPy
// broadcasting, with the notes that let a later contradiction blame its cause; their kernels and
// derivatives.

import type { Expr, Span } from '../syntax/ast';
import type { ArrayValue, Value } from '../interp/values';
import { UNKNOWN } from '../interp/values';
import { broadcast, compareShapes, transposed } from '../shapes/shapeOps';
import type { Dim } from '../shapes/dim';
import { binary as binaryKernel, unary, where, type BinaryOp } from '../numeric/kernels';
import { mulS, negS } from '../numeric/sym';
import { S, binaryRule, div, explainBinary, mul, sub, winWeight } from '../numeric/vjp';
import { transposeEdit, transposeTitle } from '../fixes/edits';
import type { Derivative, OpEntry, OpId, ShapeRule } from './definition';
import { anyTainted } from './definition';
import type { OpContext } from './types';
import { arg, asArray } from './types';

/** Operators named in words in messages (`subtraction (-): …`): a message must not start with a bare `-:`. */
const OPERATOR_NAMES: Record<string, string> = {
  '+': 'addition', '-': 'subtraction', '*': 'elementwise product', '/': 'division', '//': 'floor division', '%': 'remainder', '**': 'power',
  '<': 'comparison', '<=': 'comparison', '>': 'comparison', '>=': 'comparison', '==': 'comparison', '!=': 'comparison',
  '&': 'elementwise and', '|': 'elementwise or', '^': 'elementwise xor',
};

/** How a message names an elementwise operation: `np.add` as written, an operator by its name and symbol. */
export function operationName(opText: string): string {
  const name = OPERATOR_NAMES[opText] ?? OPERATOR_NAMES[opText.replace(/=$/, '')];
  return name ? `${name} (${opText})` : opText;
}

/** `s` without the last axis when it exists only under an assumed rank and `other` is a vector (DimNode.phantom). */
function vectorIfAssumed(ctx: OpContext, s: Dim[], other: Dim[]): Dim[] {
  return s.length === 2 && other.length === 1 && ctx.dims.isPhantom(s[1]) ? s.slice(0, 1) : s;
}

export function elementwise(
  ctx: OpContext,
  left: Value,
  right: Value,
  opText: string,
  leftExpr: Expr | undefined,
  rightExpr: Expr | undefined,
  span: Span,
  bool = false,
): Value {
  const a = asArray(left);
  const b = asArray(right);
  if (!a || !b) return UNKNOWN;
  const tainted = anyTainted([a, b]) || undefined;
  const dtype = bool ? 'bool' : undefined;
  if (a.shape === undefined || b.shape === undefined) return { t: 'array', shape: undefined, tainted, dtype };
  // A vector against a value whose last axis exists only if an input is a matrix (`np.dot(W, x) + b`
  // with x of no stated rank, b of (n,)): x is a vector as well, and so is the result.
  const [as, bs] = [vectorIfAssumed(ctx, a.shape, b.shape), vectorIfAssumed(ctx, b.shape, a.shape)];
  const r = broadcast(ctx.dims, as, bs);
  const sa = ctx.render(as);
  const sb = ctx.render(bs);
  if (!r.ok) {
    const da = ctx.dims.render(as[r.axisA]);
    const db = ctx.dims.render(bs[r.axisB]);
    const message = `${operationName(opText)}: ${sa} and ${sb} do not broadcast: ${da} and ${db} differ`;
    // A transpose that makes one operand match the other exactly is the likely fix.
    const fixes = [];
    if (leftExpr && rightExpr) {
      if (a.shape.length === 2 && compareShapes(ctx.dims, transposed(a.shape), b.shape) === 'equal') {
        fixes.push({ title: transposeTitle(ctx.text, leftExpr), edits: transposeEdit(ctx.text, leftExpr), certain: false });
      }
      if (b.shape.length === 2 && compareShapes(ctx.dims, transposed(b.shape), a.shape) === 'equal') {
        fixes.push({ title: transposeTitle(ctx.text, rightExpr), edits: transposeEdit(ctx.text, rightExpr), certain: false });
      }
    }
    const code = fixes.length === 1 ? 'missing-transpose' : 'shape-mismatch';
    ctx.contradiction({ operands: [a, b], code, span, message, fixes });
    return { t: 'array', shape: undefined, tainted: true, dtype };
  }
  const out: ArrayValue = { t: 'array', shape: r.shape, tainted, dtype, origin: `${opText} on line ${ctx.lineOf(span.start)}`, site: { kind: 'operation', file: ctx.file, span } };
  // A broadcast into a shape neither operand had ((n, 1) and (n,) → (n, n)) is legal, and meant in
  // code like pairwise distances: it is only noted, with the rank-1 operand's cause if it has one,
  // and reported when a later contradiction (a gradient, an update, an assert) shows it was not meant.
  const grew =
    as.length > 0 && bs.length > 0 &&
    compareShapes(ctx.dims, r.shape, as) === 'different' &&
    compareShapes(ctx.dims, r.shape, bs) === 'different';
  if (grew) {
    if (!tainted && !a.note?.deliberate && !b.note?.deliberate) {
      const rank1 = [a, b].find((v) => v.note?.droppedAxis || v.note?.madeRank1);
      const shown = `${operationName(opText)}: ${sa} and ${sb} broadcast to ${ctx.render(r.shape)}`;
      out.note = { droppedAxis: rank1?.note?.droppedAxis, madeRank1: rank1?.note?.madeRank1, accidental: { span, message: shown } };
    }
  } else {
    // Notes that explain a later contradiction travel with the value while its shape is unchanged
    // (scaling a rank-1 sum by 1/m keeps it the same rank-1 sum).
    const carrier = [a, b].find((v) => v.note && !v.note.deliberate && compareShapes(ctx.dims, r.shape, v.shape!) === 'equal');
    if (carrier) out.note = carrier.note;
    // A value that came from an accidental broadcast stays suspect whatever it is combined with.
    const acc = [a, b].find((v) => v.note?.accidental);
    if (acc && !out.note) out.note = { accidental: acc.note!.accidental };
  }
  return out;
}

const BOOL_RESULT = new Set(['greater', 'less', 'equal', 'not_equal', 'greater_equal', 'less_equal', 'logical_and', 'logical_or']);

/** np.add(x1, x2), np.greater(x1, x2), ...: broadcasting, bool for comparisons. */
export const binaryShape: ShapeRule = (site, ctx) => {
  const f = site.call.func;
  const name = f.kind === 'attr' ? f.name : '';
  const a = arg(site, 0, 'x1');
  const b = arg(site, 1, 'x2');
  if (!a.v || !b.v) return UNKNOWN;
  return elementwise(ctx, a.v, b.v, `np.${name}`, a.e, b.e, site.call.span, BOOL_RESULT.has(name));
};

function ufunc(id: OpId & BinaryOp, spellings: string[], derivative: Derivative): OpEntry {
  return {
    id, spellings, syntax: 'call', shape: binaryShape, derivative,
    concrete: (c) => {
      const x = c.arr(c.get(0, 'x1'));
      const y = c.arr(c.get(1, 'x2'));
      return c.rec(id, [x, y], binaryKernel(id, x.a, y.a));
    },
  };
}

/** An op only an operator reaches (`//`, `%`): interp/arith.ts evaluate it; the entry holds its derivative. */
function operator(id: OpId, spellings: string[], derivative: Derivative): OpEntry {
  return { id, spellings, syntax: 'operator', derivative };
}

const NO_FACE = 'no symbolic face yet: a derivation stops at this op';
const COMPARISON: Derivative = { differentiable: false, reason: 'a comparison gives a bool mask: zero gradient wherever it exists' };

export const BINARY_OPS: OpEntry[] = [
  ufunc('add', ['np.add', '+'], {
    ...binaryRule(({ g }) => g, ({ g }) => g),
    face: explainBinary(({ g }) => g, ({ g }) => g),
  }),
  ufunc('sub', ['np.subtract', '-'], {
    ...binaryRule(({ g }) => g, ({ g }) => unary('neg', g)),
    face: explainBinary(({ g }) => g, ({ g }) => negS(g)),
  }),
  ufunc('mul', ['np.multiply', '*'], {
    ...binaryRule(({ g, inputs: [, b] }) => mul(g, b), ({ g, inputs: [a] }) => mul(g, a)),
    face: explainBinary(({ g, inputs }) => mulS(g, inputs[1]), ({ g, inputs }) => mulS(g, inputs[0])),
  }),
  ufunc('div', ['np.divide', 'np.true_divide', '/'], {
    ...binaryRule(({ g, inputs: [, b] }) => div(g, b), ({ g, inputs: [a, b] }) => unary('neg', div(mul(g, a), mul(b, b)))),
    face: explainBinary(({ g, inputs }) => ({ k: 'div', a: g, b: inputs[1] }), ({ g, inputs }) => negS({ k: 'div', a: mulS(g, inputs[0]), b: { k: 'pow', a: inputs[1], p: 2 } })),
  }),
  ufunc('pow', ['np.power', '**'], {
    ...binaryRule(
      ({ g, inputs: [a, b] }) => mul(g, mul(b, binaryKernel('pow', a, sub(b, S(1))))),
      ({ g, inputs: [a], out }) => mul(g, where(binaryKernel('gt', a, S(0)), mul(out, unary('log', a)), S(0))),
    ),
    face: 'none', reason: NO_FACE,
  }),
  ufunc('maximum', ['np.maximum'], {
    ...binaryRule(({ g, inputs: [a, b] }) => mul(g, winWeight('gt', a, b)), ({ g, inputs: [a, b] }) => mul(g, winWeight('gt', b, a))),
    face: explainBinary(({ g, inputs }) => mulS(g, { k: 'gt', a: inputs[0], b: inputs[1] }), ({ g, inputs }) => mulS(g, { k: 'gt', a: inputs[1], b: inputs[0] })),
  }),
  ufunc('minimum', ['np.minimum'], {
    ...binaryRule(({ g, inputs: [a, b] }) => mul(g, winWeight('lt', a, b)), ({ g, inputs: [a, b] }) => mul(g, winWeight('lt', b, a))),
    face: 'none', reason: NO_FACE,
  }),
  ufunc('gt', ['np.greater', '>'], COMPARISON),
  ufunc('lt', ['np.less', '<'], COMPARISON),
  ufunc('eq', ['np.equal', '=='], COMPARISON),
  ufunc('ne', ['np.not_equal', '!='], COMPARISON),
  ufunc('ge', ['np.greater_equal', '>='], COMPARISON),
  ufunc('le', ['np.less_equal', '<='], COMPARISON),
  ufunc('and', ['np.logical_and', '&'], COMPARISON),
  ufunc('or', ['np.logical_or', '|'], COMPARISON),
  operator('floordiv', ['//'], { differentiable: false, reason: 'floor division is piecewise constant' }),
  operator('mod', ['%'], { unknown: 'the remainder\'s derivative is not written: gradients through % stay unchecked' }),
];
