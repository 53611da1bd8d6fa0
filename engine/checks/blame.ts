// When two shapes contradict each other, the place to report is often earlier than the line where
// it shows: a reduction that dropped an axis, a constructor given one size, a broadcast that
// silently grew a matrix. Arrays carry notes about such causes (values.ts ArrayNote); this module
// turns a contradiction into one finding at its cause, and taints the operands so the same cause is
// not reported again downstream.

import type { Contradiction, OperandContradiction } from '../diagnostics/contradiction';
import type { ArrayValue } from '../interp/values';
import type { OpContext } from '../ops/types';
import { anyTainted } from '../ops/definition';
import { keepdimsEdit, columnSizeEdit } from '../fixes/edits';

export type { Contradiction } from '../diagnostics/contradiction';

/** The finding for a contradiction a shape rule handed over (OpContext.contradiction). */
export function reportContradiction(ctx: OpContext, c: OperandContradiction<ArrayValue>): void {
  reportAt(ctx, c.operands, { code: c.code, span: c.span, message: c.message, fixes: c.fixes }, c.counterparts);
}

/** True when some operand already had a finding reported: stay silent (the one rule is ops/definition.ts's). */
export { anyTainted };

export function taint(values: (ArrayValue | undefined)[]): void {
  for (const v of values) if (v) v.tainted = true;
}

/** The finding for a note-carrying operand, if one of them explains the contradiction. */
export function causeOf(
  ctx: OpContext,
  operands: (ArrayValue | undefined)[],
  shown: string,
  counterparts: (ArrayValue | undefined)[] = [],
): Contradiction | undefined {
  const all = [...operands, ...counterparts];
  for (const v of operands) {
    const note = v?.note;
    if (!note) continue;
    // keepdims=True is the fix only when what the rank-1 result meets is a matrix.
    const meetsMatrix = all.some((o) => o && o !== v && o.shape?.length === 2);
    if (note.droppedAxis && meetsMatrix) {
      const edits = keepdimsEdit(ctx.text, note.droppedAxis.call);
      return {
        code: 'missing-keepdims',
        span: note.droppedAxis.span,
        message: `${ctx.src(note.droppedAxis.call)} drops to rank 1 ${ctx.render(note.droppedAxis.shape)}; ${shown}`,
        fixes: edits ? [{ title: 'Add keepdims=True', edits, certain: true }] : [],
      };
    }
    if (note.madeRank1 && meetsMatrix) {
      const call = note.madeRank1.span;
      const callText = ctx.src(call);
      const tupleForm = !/random\.(randn|rand)\s*\(/.test(callText);
      return {
        code: 'rank-1-array',
        span: call,
        message: `${callText} makes a rank-1 array ${ctx.render(note.madeRank1.shape)}; ${shown}`,
        fixes: [{ title: 'Make it a column', edits: columnSizeEdit(ctx.text, note.madeRank1.sizeArg, tupleForm), certain: false }],
      };
    }
    if (note.accidental) {
      return {
        code: 'accidental-broadcast',
        span: note.accidental.span,
        message: `${note.accidental.message}; ${shown}`,
        fixes: [],
      };
    }
  }
  return undefined;
}

/** Reports a contradiction at its cause if an operand explains it, else as given. */
export function reportAt(
  ctx: OpContext,
  operands: (ArrayValue | undefined)[],
  fallback: Contradiction,
  counterparts: (ArrayValue | undefined)[] = [],
): void {
  if (anyTainted(operands)) return;
  const cause = causeOf(ctx, operands, fallback.message, counterparts);
  const c = cause ?? fallback;
  ctx.reporter.report({ code: c.code, file: ctx.file, span: c.span, message: c.message, fixes: c.fixes });
  // The operand whose cause was reported is spent: later contradictions it takes part in are the
  // same bug. Innocent operands stay live (the caller taints the result of the failed operation).
  if (cause) taint(operands.filter((v) => v?.note));
}
