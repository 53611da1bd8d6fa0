// What a shape rule finds, as a value: a contradiction between the shapes of an operation's
// operands, with the fixes it suggests. Shape rules (engine/ops) never report; they hand
// contradictions to their context, and the checks layer (engine/checks/blame.ts) decides where the
// finding goes (at the operation, or at an earlier cause an operand's note points to). The
// interpreter's own contradictions (a store against its gradient partner, an assert that cannot
// hold: interp/stores.ts, interp/asserts.ts) take the same path.
//
// The finding and fix types live here too, below every layer that makes or reads them
// (checks/reporter.ts re-exports them).

import type { Span } from '../syntax/ast';
import type { DiagnosticCode } from './codes';

export interface SpanEdit {
  span: Span;
  newText: string;
}

export interface RawFix {
  title: string;
  edits: SpanEdit[];
  certain: boolean;
}

export interface RawFinding {
  code: DiagnosticCode;
  /** The file the span belongs to ('' is the analysed document). */
  file: string;
  span: Span;
  message: string;
  fixes: RawFix[];
}

/** Where findings go, one per place (engine/checks/reporter.ts is the one implementation). */
export interface FindingSink {
  report(f: RawFinding): void;
  /** The findings so far, sorted by place. */
  findings(): RawFinding[];
}

/** A contradiction as the operation itself sees it: reported there unless an operand's note names an earlier cause. */
export interface Contradiction {
  code: DiagnosticCode;
  span: Span;
  message: string;
  fixes: RawFix[];
}

/**
 * A contradiction an op's shape rule found, with the values it involves. `Operand` is the value
 * model's array type (engine/interp/values.ts ArrayValue); this layer does not know it.
 */
export interface OperandContradiction<Operand> extends Contradiction {
  /** The operands whose notes may explain it (a reduction that dropped an axis, a rank-1 constructor). */
  operands: (Operand | undefined)[];
  /** Values the operands met whose rank decides whether a note is the cause (a matrix for keepdims). */
  counterparts?: (Operand | undefined)[];
}
