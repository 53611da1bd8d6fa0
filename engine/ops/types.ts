// What a shape rule sees: the call site (abstract values and their expressions) and the context the
// interpreter gives it. The entry type itself is in definition.ts.

import type { Expr, Span } from '../syntax/ast';
import type { Dim, DimStore } from '../shapes/dim';
import type { Shape } from '../shapes/shapeOps';
import type { OperandContradiction, RawFinding } from '../diagnostics/contradiction';
import type { ArrayValue, Value } from '../interp/values';

export interface CallSite {
  args: Value[];
  argExprs: Expr[];
  kw: Map<string, Value>;
  kwExprs: Map<string, Expr>;
  call: Expr & { kind: 'call' };
  /** The array a method was called on (`X.reshape(...)`). */
  self?: Value;
  selfExpr?: Expr;
}

export interface OpContext {
  dims: DimStore;
  /** Text of the file being interpreted (for fixes and messages). */
  text: string;
  file: string;
  /** Where the checks layer's findings go (the interpreter's reporter); shape rules never use it. */
  reporter: { report(f: RawFinding): void };
  /** A contradiction a shape rule found: the checks layer decides its finding (engine/checks/blame.ts). */
  contradiction(c: OperandContradiction<ArrayValue>): void;
  /** 1-based line of an offset in the current file, for origins. */
  lineOf(offset: number): number;
  /** A value used as a size, materialising a named unknown int when the expression is a name. */
  dimOf(v: Value, e: Expr | undefined): Dim;
  /** A shape argument: an int, or a tuple or list of ints; undefined when its length is unknown. */
  shapeArg(v: Value, e: Expr | undefined): Shape | undefined;
  /**
   * The shape the current assignment target must have (dW1 has W1's shape), for an operation at the
   * top of the assigned expression (`1/m * np.dot(...)`), not one nested in a call (`reshape`).
   */
  expectedShapeAt(span: Span): Shape | undefined;
  render(s: Shape | undefined): string;
  src(e: Expr | Span): string;
}

export function arg(site: CallSite, i: number, kw: string): { v: Value | undefined; e: Expr | undefined } {
  if (i >= 0 && i < site.args.length) return { v: site.args[i], e: site.argExprs[i] };
  const v = site.kw.get(kw);
  return { v, e: site.kwExprs.get(kw) };
}

/** The product of sizes that are all known numbers (a reshape's total, np.size), else undefined. */
export function constantProduct(ctx: OpContext, dims: Dim[]): number | undefined {
  let p = 1;
  for (const d of dims) {
    const v = ctx.dims.value(d);
    if (v === undefined) return undefined;
    p *= v;
  }
  return p;
}

export function asArray(v: Value | undefined): ArrayValue | undefined {
  if (!v) return undefined;
  if (v.t === 'array') return v;
  if (v.t === 'int' || v.t === 'float' || v.t === 'bool') return { t: 'array', shape: [] };
  return undefined;
}
