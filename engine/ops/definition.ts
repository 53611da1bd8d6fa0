// One definition per operation. An entry says everything the engine knows about one NumPy op:
// how it is spelled (np.x, array.x, an operator, `.T`, a subscript), its shape rule (for the
// abstract interpreter), its concrete evaluation (a kernel whose result and params go on the tape),
// and its derivative. The interpreter, the concrete evaluator, reverse mode and derivations all
// read the same entry (ops/table.ts), so the checker and the differentiator cannot disagree, and
// adding an op is one entry plus its registry trial (test/engine/opRegistry.test.ts).
//
// Shape rules never report: a contradiction is a value handed to ctx.contradiction, and the checks
// layer (engine/checks/blame.ts) decides where its finding goes.

import type { Span } from '../syntax/ast';
import type { NDArray } from '../numeric/ndarray';
import type { Rng } from '../numeric/rng';
import type { VjpArgs, ExplainArgs } from '../numeric/vjp';
import type { Sym } from '../numeric/sym';
import type { Value } from '../interp/values';
import type { CArr, CValue } from '../concrete/values';
import type { CallSite, OpContext } from './types';

/** Every op the engine models, by the name its tape node carries (or, for ops never on the tape, its own). */
export type OpId =
  // unary.ts
  | 'neg' | 'exp' | 'log' | 'tanh' | 'sqrt' | 'abs' | 'square' | 'sign' | 'log1p' | 'expm1' | 'sin' | 'cos' | 'not'
  | 'log2' | 'log10' | 'floor' | 'ceil' | 'round' | 'isnan' | 'isinf' | 'reciprocal' | 'nan_to_num' | 'copy'
  // binary.ts
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'floordiv' | 'mod'
  | 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne' | 'and' | 'or'
  // casts.ts
  | 'astype' | 'astype_int' | 'astype_bool'
  // selection.ts
  | 'where' | 'clip' | 'argmax' | 'argmin'
  // reductions.ts
  | 'sum' | 'nansum' | 'mean' | 'nanmean' | 'max' | 'min' | 'prod' | 'var' | 'std' | 'all' | 'any' | 'average' | 'norm'
  // linalg.ts
  | 'matmul' | 'transpose' | 'outer' | 'diag'
  // manipulation.ts
  | 'reshape' | 'ravel' | 'squeeze' | 'expand_dims' | 'concatenate' | 'broadcast_to' | 'split' | 'pad'
  // constructors.ts
  | 'filled' | 'filled_like' | 'eye' | 'array' | 'arange' | 'randn' | 'random_sized' | 'random_seed' | 'shape_of' | 'size_of' | 'array_equal' | 'unique'
  // indexing.ts
  | 'getitem' | 'setitem';

/** How the op is written: a call (np.x or a method), an operator, an attribute (`.T`), a subscript; `tape` when only the evaluator records it. */
export type SyntaxKind = 'call' | 'operator' | 'attribute' | 'subscript' | 'tape';

/** The shape rule: the result value; contradictions go to ctx.contradiction, never to a reporter. */
export type ShapeRule = (site: CallSite, ctx: OpContext) => Value;

/** What a concrete evaluation needs from the evaluator (engine/concrete/evaluator.ts is one). */
export interface ConcreteHost {
  toArr(v: CValue, span: Span | undefined): CArr;
  record(op: string, inputs: CArr[], params: Record<string, unknown>, out: NDArray, span: Span | undefined): CArr;
  fresh(out: NDArray, span: Span | undefined): CArr;
  plain(v: CValue): unknown;
  rng: Rng;
  readonly opts: { seed: number };
}

/** One call as the concrete evaluator meets it (ops/concreteArgs.ts builds it). */
export interface ConcreteCall {
  host: ConcreteHost;
  /** The spelling: `np.sum`, `array.sum`. */
  name: string;
  /** The bare function name: `sum`. */
  fn: string;
  method: boolean;
  args: CValue[];
  kwargs: Map<string, CValue>;
  self: CValue | undefined;
  span: Span | undefined;
  /** Argument i (the array a method is called on counts as argument 0), else keyword kw. */
  get(i: number, kw: string): CValue | undefined;
  arr(v: CValue | undefined): CArr;
  /** Records the op's result on the tape. */
  rec(op: OpId, inputs: CArr[], out: NDArray, params?: Record<string, unknown>): CArr;
}

export type Concrete = (c: ConcreteCall) => CValue;

/** The symbolic face of a derivative: the gradient flowing to one input, as an expression. */
export type Face = (a: ExplainArgs) => Sym | undefined;

export type Derivative =
  /** A vector-Jacobian product, and its symbolic face or 'none' with the reason it has no readable one. */
  | { vjp(a: VjpArgs): (NDArray | undefined)[]; face: Face | 'none'; reason?: string }
  /** Piecewise constant (comparisons, sign, argmax, rounding, casts to int): zero wherever it exists; no gradient flows. */
  | { differentiable: false; reason: string }
  /** Evaluated as other ops on the tape; its gradient is theirs. */
  | { recordedAs: OpId[] }
  /** Never on the tape: makes a new array (a leaf) or a Python value. */
  | { leaf: string }
  /** Not derived: whatever depends on it through the tape stays unchecked. */
  | { unknown: string };

export interface OpEntry {
  id: OpId;
  /** Every spelling that reaches the op: `np.dot`, `array.dot`, `@`, `.T`, `[]`. */
  spellings: string[];
  syntax: SyntaxKind;
  /** The shape rule, for spellings the abstract interpreter reaches through the table (not operators: interp calls their rules itself). */
  shape?: ShapeRule;
  /** The concrete evaluation of its np./array. spellings. */
  concrete?: Concrete;
  derivative: Derivative;
}

export function op(entry: OpEntry): OpEntry {
  return entry;
}

/** True when some operand already had a finding reported: a shape rule stays silent. */
export function anyTainted(values: ({ tainted?: boolean } | undefined)[]): boolean {
  return values.some((v) => v?.tainted === true);
}
