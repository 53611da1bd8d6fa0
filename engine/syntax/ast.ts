// The engine's own small syntax tree for the Python subset it reads.
//
// Parsers (Lezer for Python today, the TypeScript compiler API later) are hidden behind adapters
// that produce these nodes; nothing past the adapter knows which parser ran. Every node carries a
// span of UTF-16 offsets into the text it was parsed from. What the adapter cannot map becomes
// an `unknown` expression or an `error` statement: parsing never fails, it returns a tree plus a
// list of syntax errors.

export interface Span {
  /** Offset of the first character (UTF-16 code units, as JavaScript strings index). */
  start: number;
  /** Offset one past the last character. */
  end: number;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '&' | '|' | '^' | '<<' | '>>';
export type UnaryOperator = '-' | '+' | 'not' | '~';
export type CompareOperator = '<' | '<=' | '>' | '>=' | '==' | '!=' | 'in' | 'not in' | 'is' | 'is not';

export interface KeywordArg {
  /** Undefined for `**kwargs`. */
  name: string | undefined;
  value: Expr;
  span: Span;
}

export type Expr =
  | { kind: 'name'; id: string; span: Span }
  | { kind: 'num'; value: number; isInt: boolean; span: Span }
  /** A string literal; `value` is undefined when it is an f-string or otherwise not constant. */
  | { kind: 'str'; value: string | undefined; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'none'; span: Span }
  | { kind: 'attr'; obj: Expr; name: string; nameSpan: Span; span: Span }
  /** `obj[index]`; a multi-dimensional index `a[i, j]` has a `tuple` index. */
  | { kind: 'subscript'; obj: Expr; index: Expr; span: Span }
  /** Only inside a subscript index: `a:b:c`, any part may be missing. */
  | { kind: 'slice'; lower: Expr | undefined; upper: Expr | undefined; step: Expr | undefined; span: Span }
  /** `...` inside a subscript. */
  | { kind: 'ellipsis'; span: Span }
  /** `*args` in a call or a starred target. */
  | { kind: 'starred'; value: Expr; span: Span }
  | { kind: 'call'; func: Expr; args: Expr[]; keywords: KeywordArg[]; span: Span }
  | { kind: 'binop'; op: BinaryOperator; left: Expr; right: Expr; span: Span }
  | { kind: 'unary'; op: UnaryOperator; operand: Expr; span: Span }
  /** `a < b <= c` keeps the chain: ops.length === comparators.length. */
  | { kind: 'compare'; left: Expr; ops: CompareOperator[]; comparators: Expr[]; span: Span }
  | { kind: 'boolop'; op: 'and' | 'or'; values: Expr[]; span: Span }
  | { kind: 'ifexp'; test: Expr; body: Expr; orelse: Expr; span: Span }
  | { kind: 'tuple'; elts: Expr[]; span: Span }
  | { kind: 'list'; elts: Expr[]; span: Span }
  /** Keys are undefined for `**other` entries. */
  | { kind: 'dict'; keys: (Expr | undefined)[]; values: Expr[]; span: Span }
  /** List, set and generator comprehensions, and dict comprehensions (with `key`). */
  | { kind: 'comprehension'; form: 'list' | 'set' | 'generator' | 'dict'; key: Expr | undefined; elt: Expr; generators: Comprehension[]; span: Span }
  | { kind: 'lambda'; params: Param[]; body: Expr; span: Span }
  /** Anything the adapter does not map (walrus, await, set literals, error nodes). Unknown is silent. */
  | { kind: 'unknown'; span: Span };

export interface Comprehension {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

export interface Param {
  name: string;
  /** `*args` is 'vararg', `**kw` is 'kwarg'. */
  form: 'normal' | 'vararg' | 'kwarg';
  default: Expr | undefined;
  annotation: Expr | undefined;
  span: Span;
}

export interface ExceptHandler {
  type: Expr | undefined;
  name: string | undefined;
  body: Stmt[];
  span: Span;
}

export interface ImportName {
  /** Dotted module name for `import`, or the imported name for `from ... import`. */
  name: string;
  asname: string | undefined;
  span: Span;
}

export type Stmt =
  | { kind: 'expr'; value: Expr; span: Span }
  /** `a = b = value`: one target per `=`. */
  | { kind: 'assign'; targets: Expr[]; value: Expr; span: Span }
  | { kind: 'augassign'; target: Expr; op: BinaryOperator; value: Expr; span: Span }
  | { kind: 'annassign'; target: Expr; annotation: Expr; value: Expr | undefined; span: Span }
  | {
      kind: 'def';
      name: string;
      nameSpan: Span;
      params: Param[];
      body: Stmt[];
      /** The constant string that opens the body, if any. */
      docstring: string | undefined;
      decorators: Expr[];
      span: Span;
    }
  | { kind: 'class'; name: string; nameSpan: Span; bases: Expr[]; body: Stmt[]; docstring: string | undefined; span: Span }
  | { kind: 'return'; value: Expr | undefined; span: Span }
  | { kind: 'if'; test: Expr; body: Stmt[]; orelse: Stmt[]; span: Span }
  | { kind: 'for'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; span: Span }
  | { kind: 'while'; test: Expr; body: Stmt[]; orelse: Stmt[]; span: Span }
  | { kind: 'with'; items: { context: Expr; target: Expr | undefined }[]; body: Stmt[]; span: Span }
  | { kind: 'try'; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[]; span: Span }
  | { kind: 'import'; names: ImportName[]; span: Span }
  /** `from .mod import a as b`: level counts the leading dots. */
  | { kind: 'importfrom'; module: string; level: number; names: ImportName[]; span: Span }
  | { kind: 'assert'; test: Expr; msg: Expr | undefined; span: Span }
  | { kind: 'pass' | 'break' | 'continue'; span: Span }
  | { kind: 'del'; targets: Expr[]; span: Span }
  /** raise, global, nonlocal, print statements of Python 2 and the like: nothing the engine needs. */
  | { kind: 'other'; span: Span }
  /** A region the parser could not read. The statements around it are still analysed. */
  | { kind: 'error'; span: Span };

export interface Comment {
  /** The text after `#`, untrimmed. */
  text: string;
  span: Span;
  /** Where it is written, when that is not its span: a JSDoc `@shape` line lowered onto its declaration's line. */
  written?: Span;
}

export interface SyntaxErrorInfo {
  message: string;
  span: Span;
}

export interface Module {
  body: Stmt[];
  /** Every `#` comment, in order. */
  comments: Comment[];
  errors: SyntaxErrorInfo[];
  /** The docstring of the module, if it opens with a string. */
  docstring: string | undefined;
}
