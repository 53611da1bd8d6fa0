// Elementwise binary operators (+ - * / ** and comparisons, and np.add/np.multiply/...): NumPy
// broadcasting, with the notes that let a later contradiction blame its cause.

import type { Expr, Span } from '../syntax/ast';
import type { ArrayValue, Value } from '../interp/values';
import { UNKNOWN } from '../interp/values';
import { broadcast, compareShapes, transposed } from '../shapes/shapeOps';
import type { OpContext } from './types';
import { asArray } from './types';
import { anyTainted, reportAt } from '../checks/blame';
import { transposeEdit, transposeTitle } from '../fixes/edits';

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
  const r = broadcast(ctx.dims, a.shape, b.shape);
  const sa = ctx.render(a.shape);
  const sb = ctx.render(b.shape);
  if (!r.ok) {
    const da = ctx.dims.render(a.shape[r.axisA]);
    const db = ctx.dims.render(b.shape[r.axisB]);
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
    reportAt(ctx, [a, b], { code, span, message, fixes });
    return { t: 'array', shape: undefined, tainted: true, dtype };
  }
  const out: ArrayValue = { t: 'array', shape: r.shape, tainted, dtype, origin: `${opText} on line ${ctx.lineOf(span.start)}` };
  // A broadcast into a shape neither operand had ((n, 1) and (n,) → (n, n)) is legal, and meant in
  // code like pairwise distances: it is only noted, with the rank-1 operand's cause if it has one,
  // and reported when a later contradiction (a gradient, an update, an assert) shows it was not meant.
  const grew =
    a.shape.length > 0 && b.shape.length > 0 &&
    compareShapes(ctx.dims, r.shape, a.shape) === 'different' &&
    compareShapes(ctx.dims, r.shape, b.shape) === 'different';
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
