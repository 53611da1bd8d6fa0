// What a library table is: how each of a JavaScript library's spellings lowers into NumPy-spelled
// engine expressions (so every check, gradient check and derivation is the NumPy one), and how to
// write a fix back in that library's idiom.
//
// One table per library (tfjs.ts, mathjs.ts, mlMatrix.ts, numjs.ts) plus the table built for a
// user's own Matrix class (ownMatrix.ts). Tables see TypeScript nodes only through LowerCtx.

import type * as TS from 'typescript';
import type { BinaryOperator, Expr, KeywordArg, Span } from '../../ast';

export type LibraryId = 'tfjs' | 'mathjs' | 'ml-matrix' | 'numjs' | 'own';

/** Each library's conventional namespace, for a file that does not import it under a name of its own. */
const CONVENTIONAL_ALIAS: Record<LibraryId, string> = { tfjs: 'tf', mathjs: 'math', numjs: 'nj', 'ml-matrix': 'Matrix', own: '' };

/**
 * The name a file calls a library by: the namespace it imported it as (`import * as tfc from …` → `tfc`),
 * else the library's conventional name. The lowering and the fixes' rewriting both use this one rule.
 */
export function libraryAlias(namespaces: ReadonlyMap<string, LibraryId>, lib: LibraryId): string {
  for (const [name, l] of namespaces) if (l === lib) return name;
  return CONVENTIONAL_ALIAS[lib];
}

/**
 * What the fix pass needs to know about a node that a library spelling lowered to. Source nodes are
 * kept as their ranges (the lowering copies them, noteRanges.ts): a note outlives the compiler's
 * tree, whose nodes the next incremental parse moves, and a memoised statement's notes are reused
 * at another offset. A new position field must be handled in noteRanges.ts.
 */
export type LibNote =
  /** A matrix product. `flags` are the transposeA/transposeB arguments of tf.matMul (when it has them). */
  | {
      kind: 'matmul';
      lib: LibraryId;
      form: 'function' | 'method';
      /** Operands as written: [a, b] (for a method, a is the receiver). */
      operands: [TS.TextRange, TS.TextRange];
      /** The lowered operands, in order (transposed by a flag or not). */
      lowered: [Expr, Expr];
      /** tf.matMul's literal transpose flags, their nodes when written. */
      flags?: [TS.TextRange | undefined, TS.TextRange | undefined];
      /** Offset of the call's closing parenthesis. */
      close: number;
      /** Where the last written argument ends. */
      lastArgEnd: number;
    }
  /** `x.T` produced by a transpose spelling; `flag` when it is tf.matMul's transposeA/B. */
  | { kind: 'transpose'; lib: LibraryId; form: 'function' | 'method' | 'attr' | 'flag'; operand: TS.TextRange; flagIndex?: 0 | 1; flagNode?: TS.TextRange }
  /** A reduction (sum, mean) with its written arguments, for keepDims fixes. */
  | { kind: 'reduce'; lib: LibraryId; form: 'function' | 'method'; axis: TS.TextRange | undefined; keepDims: TS.TextRange | undefined; close: number; lastArgEnd: number; opensAt: number; operand?: TS.TextRange }
  /** An axis written in the library's own words (ml-matrix 'row' → axis 1): edits on it are translated. */
  | { kind: 'axis-word'; lib: LibraryId; words: Record<number, string> }
  /** Any other node made from a library call: its span's text is not NumPy. */
  | { kind: 'lib'; lib: LibraryId };

export interface LowerCtx {
  readonly ts: typeof TS;
  readonly text: string;
  /** How this file spells the library's namespace (`tf`, `math`, `nj`, `Matrix`). */
  readonly alias: string;
  readonly lib: LibraryId;
  span(n: TS.Node): Span;
  expr(n: TS.Expression): Expr;
  /** `np.random.randn` as an engine callee, every part with `span`. */
  np(path: string, span: Span): Expr;
  call(func: Expr, args: Expr[], keywords: KeywordArg[], span: Span): Expr;
  npCall(path: string, args: Expr[], keywords: KeywordArg[], span: Span, calleeSpan?: Span): Expr;
  binop(op: BinaryOperator, left: Expr, right: Expr, span: Span): Expr;
  attr(obj: Expr, name: string, span: Span): Expr;
  num(value: number, span: Span): Expr;
  bool(value: boolean, span: Span): Expr;
  tuple(elts: Expr[], span: Span): Expr;
  unknown(span: Span): Expr;
  kw(name: string, value: Expr): KeywordArg;
  /** A shape argument `[r, c]` as a tuple (or the lowered expression when it is not a literal). */
  shapeTuple(n: TS.Expression): Expr;
  /** A shape argument as positional sizes: `[r, c]` → r, c; a variable → *shape. */
  shapeArgs(n: TS.Expression): Expr[];
  /** Whether JavaScript makes this a plain number whatever its operands are (`1 / m`, `3`, `X.rows`). */
  isScalarSyntax(n: TS.Expression): boolean;
  /** A literal boolean argument (`true`, `false`), undefined when it is not written as one. */
  literalBool(n: TS.Expression | undefined): boolean | undefined;
  /** A literal number argument. */
  literalNumber(n: TS.Expression | undefined): number | undefined;
  note<E extends Expr>(e: E, note: LibNote): E;
  /** `f` applied elementwise to `x` (math.map(x, f), a user Matrix's map): undefined when f is not pure. */
  mapFunction(f: TS.Expression, x: Expr, span: Span): Expr | undefined;
}

export type FunctionRule = (ctx: LowerCtx, call: TS.CallExpression | TS.NewExpression, args: readonly TS.Expression[]) => Expr | undefined;
export type MethodRule = (ctx: LowerCtx, call: TS.CallExpression, receiver: TS.Expression, args: readonly TS.Expression[]) => Expr | undefined;
export type PropertyRule = (ctx: LowerCtx, node: TS.PropertyAccessExpression, receiver: TS.Expression) => Expr | undefined;

/** How a fix is written in a library's idiom. Each returns source text, or undefined when the library has no way to say it. */
export interface Emitter {
  matmul(a: string, b: string): string | undefined;
  transpose(x: string, atomic: boolean): string | undefined;
  /** `a op b` where at least one side is an array. */
  binop(op: '+' | '-' | '*' | '/', a: string, b: string, aIsArray: boolean, bIsArray: boolean): string | undefined;
  /** `x / m` where x is an array and m a number (`.div(m)`, `math.divide(x, m)`). */
  divideBy(x: string, m: string, xIsCall: boolean): string | undefined;
  neg(x: string): string | undefined;
  pow(x: string, k: string): string | undefined;
  ufunc(name: string, x: string): string | undefined;
  /** `x > y` as numbers 1 and 0. */
  greater?(x: string, y: string): string | undefined;
  /** A scalar function of every element of x, `body` a JavaScript expression of `v` (math.map(x, (v) => …)). */
  map?(x: string, body: string): string | undefined;
}

export interface LibraryTable {
  id: LibraryId;
  /** `tf.matMul(...)`: functions of the library's namespace object. */
  functions: Record<string, FunctionRule>;
  /** `x.matMul(...)`: methods of the library's values. */
  methods: Record<string, MethodRule>;
  /** `x.shape`, `x.rows`: properties of the library's values. */
  properties: Record<string, PropertyRule>;
  /** `new Matrix(r, c)` when the namespace is a class. */
  construct?: FunctionRule;
  /** Constants of the namespace (`Math.PI`-like), rarely needed. */
  emit(alias: string): Emitter;
}


/** A table entry by name, never one of Object.prototype's members (`toString`, `constructor`). */
export function entry<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
