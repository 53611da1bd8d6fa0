// The TypeScript/JavaScript adapter: the compiler's syntax tree (ts.createSourceFile, no type
// checker) lowered into the engine's own tree (engine/syntax/ast.ts), the same tree the Python
// adapter makes. Library spellings are mapped onto the NumPy spellings the engine models
// (libraries/*.ts), so shape checks, gradient verification, derivations, hovers and fixes are
// the Python ones. Every lowered node keeps the span of the source it came from (a chained call's
// node spans the whole call).
//
// Which identifier is which library comes from the file's imports (`import * as tf from
// '@tensorflow/tfjs'`, `const math = require('mathjs')`, `import { Matrix } from 'ml-matrix'`,
// `import nj from 'numjs'`); a namespace used without any declaration in the file (a browser
// script's global `tf`) is taken by its conventional name.
//
// Statements: declarations → assignments (array destructuring → tuple targets, object
// destructuring → one subscript read per name), `+=` → augassign, if/else, C-style `for` loops of
// the counting form → `for i in range(a, b, k)` (others → while), for-of, while, return, functions
// and arrow functions → def, classes → class (`constructor` → `__init__`, `this` → `self`),
// `if (!cond) throw …` / `if (a.shape[0] !== b) throw …` → `assert cond` (a shape check that
// throws states a shape, as an assert does). What has no counterpart is `unknown` or `other`.

import type * as TS from 'typescript';
import type {
  BinaryOperator, Comment, CompareOperator, Expr, KeywordArg, Module, Param, Span, Stmt, SyntaxErrorInfo,
} from '../ast';
import { typescript } from './load';
import { docstringFromJsDoc, parseJsDoc, shapeCommentFromJsDoc, type JsDoc } from './jsdoc';
import { entry, type LibNote, type LibraryId, type LibraryTable, type LowerCtx } from './libraries/types';
import { TFJS, isTfjsModule } from './libraries/tfjs';
import { MATHJS, MATHJS_SCALAR_FUNCTIONS } from './libraries/mathjs';
import { ML_MATRIX, ML_MATRIX_INPLACE } from './libraries/mlMatrix';
import { NUMJS } from './libraries/numjs';
import { analyzeOwnClasses, ownMatrixTable, type OwnMatrixClass } from './ownMatrix';

export type ScriptLanguage = 'typescript' | 'javascript';

export interface LoweringInfo {
  language: ScriptLanguage;
  /** Local names of library namespaces (`tf` → tfjs, `Matrix` → ml-matrix). */
  namespaces: Map<string, LibraryId>;
  /** Libraries the file uses, the first one the file's main library. */
  libraries: LibraryId[];
  /** What each library-made node came from, for fixes in the file's idiom. */
  notes: Map<Expr, LibNote>;
  /** The user's own matrix classes (a class whose methods are a matrix product, elementwise ops, a transpose). */
  ownClasses: Map<string, OwnMatrixClass>;
  /** Bodies of elementwise callbacks (math.map(A, (v) => …)), lowered with the array in place of `param`. */
  callbacks: (Span & { param: string })[];
}

export interface TypeScriptParse {
  module: Module;
  info: LoweringInfo;
}

export const TABLES: Record<Exclude<LibraryId, 'own'>, LibraryTable> = { tfjs: TFJS, mathjs: MATHJS, 'ml-matrix': ML_MATRIX, numjs: NUMJS };

/** Module specifier → library. */
export function libraryOfModule(spec: string): Exclude<LibraryId, 'own'> | undefined {
  if (isTfjsModule(spec)) return 'tfjs';
  if (spec === 'mathjs' || spec === 'mathjs/number') return 'mathjs';
  if (spec === 'ml-matrix') return 'ml-matrix';
  if (spec === 'numjs' || spec === '@d4c/numjs') return 'numjs';
  return undefined;
}

const GLOBAL_NAMESPACES: Record<string, Exclude<LibraryId, 'own'>> = { tf: 'tfjs', math: 'mathjs', nj: 'numjs' };

const MATH_UFUNCS: Record<string, string> = {
  exp: 'exp', log: 'log', tanh: 'tanh', sqrt: 'sqrt', abs: 'abs', sin: 'sin', cos: 'cos', log1p: 'log1p', expm1: 'expm1', sign: 'sign', log2: 'log2', log10: 'log10',
};

function scriptKindOf(ts: typeof TS, fileName: string | undefined, language: ScriptLanguage): TS.ScriptKind {
  const f = fileName ?? '';
  if (/\.tsx$/i.test(f)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(f)) return ts.ScriptKind.JSX;
  if (/\.[cm]?ts$/i.test(f)) return ts.ScriptKind.TS;
  if (/\.[cm]?js$/i.test(f)) return ts.ScriptKind.JS;
  return language === 'javascript' ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

/**
 * Parses TypeScript or JavaScript and lowers it into the engine's tree. Never throws for any
 * text (a bug in the adapter becomes a syntax error entry); throws only when the compiler itself
 * cannot be loaded.
 */
export function parseTypeScript(text: string, language: ScriptLanguage = 'typescript', fileName?: string): TypeScriptParse {
  const ts = typescript();
  initTables(ts);
  try {
    const create = (t: string) => ts.createSourceFile(fileName ?? (language === 'javascript' ? 'file.js' : 'file.ts'), t, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, scriptKindOf(ts, fileName, language));
    const sf = create(text);
    const errors = parseErrors(ts, sf);
    if (errors.length === 0) return new Lowerer(ts, sf, text, language, errors).run();
    const repaired = recover(ts, sf, text, create);
    return new Lowerer(ts, repaired.sf, repaired.text, language, errors).run();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return {
      module: { body: [], comments: [], errors: [{ message: `internal parser error: ${message}`, span: { start: 0, end: 0 } }], docstring: undefined },
      info: { language, namespaces: new Map(), libraries: [], notes: new Map(), ownClasses: new Map(), callbacks: [] },
    };
  }
}

function parseErrors(ts: typeof TS, sf: TS.SourceFile): SyntaxErrorInfo[] {
  const diags = (sf as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return diags.map((d) => ({
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    span: { start: d.start ?? 0, end: (d.start ?? 0) + (d.length ?? 0) },
  }));
}

/** A line that starts a top-level declaration in code laid out the usual way. */
const TOP_LEVEL_LINE = /^(?:export\s+(?:default\s+)?)?(?:async\s+)?(?:function\b|class\b|const\b|let\b|var\b|import\b|interface\b|type\s+\w+\s*=|\/\*\*)/gm;

/**
 * Mid-edit text: an unclosed brace or a broken parameter list can make the parser swallow the
 * declarations after it. When a line that starts a top-level declaration (at column 0) lies inside
 * another top-level statement, that statement is blanked (same length, so offsets hold) up to the
 * line and the text parsed again, so later functions are still analysed. The syntax errors the
 * user sees are those of the text as written.
 */
function recover(ts: typeof TS, first: TS.SourceFile, text: string, create: (t: string) => TS.SourceFile): { sf: TS.SourceFile; text: string } {
  let sf = first;
  let t = text;
  for (let round = 0; round < 16; round++) {
    const starts = new Set(sf.statements.map((st) => st.getStart(sf)));
    let swallowed: { stmt: TS.Statement; at: number } | undefined;
    TOP_LEVEL_LINE.lastIndex = 0;
    for (let m = TOP_LEVEL_LINE.exec(t); m; m = TOP_LEVEL_LINE.exec(t)) {
      const at = m.index;
      if (starts.has(at)) continue;
      const stmt = sf.statements.find((st) => st.getStart(sf) < at && at < st.end);
      // a JSDoc right before a statement is that statement's
      if (stmt && !(m[0] === '/**' && [...starts].some((x) => x > at && !/\S/.test(t.slice(t.indexOf('*/', at) + 2, x))))) {
        swallowed = { stmt, at };
        break;
      }
    }
    if (!swallowed) break;
    const from = t.lastIndexOf('\n', swallowed.stmt.getStart(sf) - 1) + 1;
    t = t.slice(0, from) + t.slice(from, swallowed.at).replace(/[^\r\n]/g, ' ') + t.slice(swallowed.at);
    sf = create(t);
  }
  return { sf, text: t };
}

interface NamedImport {
  lib: Exclude<LibraryId, 'own'>;
  member: string;
}

class Lowerer {
  private readonly notes = new Map<Expr, LibNote>();
  private readonly namespaces = new Map<string, LibraryId>();
  private readonly namedImports = new Map<string, NamedImport>();
  /** Every name the file declares (variables, functions, parameters, classes, imports). */
  private readonly declared = new Set<string>();
  private readonly userClasses = new Set<string>();
  /** Names bound to instances of a user class (`const net = new Net()`, `net: Net`). */
  private readonly instances = new Set<string>();
  private readonly comments: Comment[] = [];
  private readonly commentPos = new Set<number>();
  private ownClasses = new Map<string, OwnMatrixClass>();
  private ownTable: LibraryTable | undefined;
  private libraryUse = new Map<LibraryId, number>();
  private libraries: LibraryId[] = [];
  /** Elementwise lowering of a callback body: the parameter's name → the array it stands for. */
  private subst = new Map<string, Expr>();
  private readonly callbacks: (Span & { param: string })[] = [];
  private elementwise = 0;
  private tmp = 0;
  private ctxCache = new Map<string, LowerCtx>();
  private depth = 0;

  constructor(
    private readonly ts: typeof TS,
    private readonly sf: TS.SourceFile,
    private readonly text: string,
    private readonly language: ScriptLanguage,
    private readonly errors: SyntaxErrorInfo[],
  ) {}

  run(): TypeScriptParse {
    this.prescan(this.sf);
    this.ownClasses = analyzeOwnClasses(this.ts, this.sf, this.text);
    if (this.ownClasses.size > 0) this.ownTable = ownMatrixTable(this.ownClasses);
    for (const [name, lib] of Object.entries(GLOBAL_NAMESPACES)) {
      if (!this.declared.has(name) && this.usesIdentifier(name)) this.namespaces.set(name, lib);
    }
    const libs = new Set<LibraryId>(this.namespaces.values());
    for (const n of this.namedImports.values()) libs.add(n.lib);
    if (this.ownClasses.size > 0) libs.add('own');
    this.libraries = [...libs];
    const body: Stmt[] = [];
    // The lowered code is NumPy: `np` is bound as a Python module would bind it.
    body.push({ kind: 'import', names: [{ name: 'numpy', asname: 'np', span: { start: 0, end: 0 } }], span: { start: 0, end: 0 } });
    for (const s of this.sf.statements) body.push(...this.stmt(s));
    // The most used library first: the file's idiom for fixes.
    this.libraries.sort((a, b) => (this.libraryUse.get(b) ?? 0) - (this.libraryUse.get(a) ?? 0));
    const errors = this.errors;
    this.comments.sort((a, b) => a.span.start - b.span.start);
    return {
      module: { body, comments: this.comments, errors, docstring: undefined },
      info: { language: this.language, namespaces: this.namespaces, libraries: this.libraries, notes: this.notes, ownClasses: this.ownClasses, callbacks: this.callbacks },
    };
  }

  // ------------------------------------------------------------------ pre-scan

  private usedIdentifiers: Set<string> | undefined;

  private usesIdentifier(name: string): boolean {
    return this.usedIdentifiers?.has(name) ?? false;
  }

  /** Imports, declared names, class names, instances, and every comment. */
  private prescan(root: TS.Node): void {
    const ts = this.ts;
    const used = new Set<string>();
    this.usedIdentifiers = used;
    const addComments = (ranges: TS.CommentRange[] | undefined) => {
      if (!ranges) return;
      for (const r of ranges) {
        if (this.commentPos.has(r.pos)) continue;
        this.commentPos.add(r.pos);
        const single = r.kind === ts.SyntaxKind.SingleLineCommentTrivia;
        const inner = single ? this.text.slice(r.pos + 2, r.end) : this.text.slice(r.pos + 2, Math.max(r.pos + 2, r.end - 2));
        this.comments.push({ text: inner, span: { start: r.pos, end: r.end } });
      }
    };
    const visit = (n: TS.Node): void => {
      addComments(ts.getLeadingCommentRanges(this.text, n.pos));
      addComments(ts.getTrailingCommentRanges(this.text, n.end));
      if (ts.isIdentifier(n)) used.add(n.text);
      if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) this.registerImport(n);
      if (ts.isVariableDeclaration(n)) {
        this.bindingNames(n.name).forEach((x) => this.declared.add(x));
        if (n.initializer) this.registerRequire(n.name, n.initializer);
        if (ts.isIdentifier(n.name) && n.initializer && ts.isNewExpression(skipOuter(ts, n.initializer))) {
          const ne = skipOuter(ts, n.initializer) as TS.NewExpression;
          if (ts.isIdentifier(ne.expression)) this.pendingInstances.push([n.name.text, ne.expression.text]);
        }
        if (ts.isIdentifier(n.name) && n.type && ts.isTypeReferenceNode(n.type) && ts.isIdentifier(n.type.typeName)) this.pendingInstances.push([n.name.text, n.type.typeName.text]);
      }
      if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) && n.name) this.declared.add(n.name.text);
      if (ts.isClassDeclaration(n) && n.name) this.userClasses.add(n.name.text);
      if (ts.isParameter(n)) {
        this.bindingNames(n.name).forEach((x) => this.declared.add(x));
        if (ts.isIdentifier(n.name) && n.type && ts.isTypeReferenceNode(n.type) && ts.isIdentifier(n.type.typeName)) this.pendingInstances.push([n.name.text, n.type.typeName.text]);
      }
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && ts.isNewExpression(skipOuter(ts, n.right))) {
        const ne = skipOuter(ts, n.right) as TS.NewExpression;
        if (ts.isIdentifier(ne.expression)) this.pendingInstances.push([n.left.text, ne.expression.text]);
      }
      ts.forEachChild(n, visit);
    };
    visit(root);
    addComments(ts.getLeadingCommentRanges(this.text, this.sf.endOfFileToken.pos));
    for (const [name, cls] of this.pendingInstances) if (this.userClasses.has(cls)) this.instances.add(name);
  }

  private pendingInstances: [string, string][] = [];

  private registerImport(n: TS.ImportDeclaration): void {
    const ts = this.ts;
    const lib = libraryOfModule((n.moduleSpecifier as TS.StringLiteral).text);
    const clause = n.importClause;
    if (!clause) return;
    if (clause.name) {
      this.declared.add(clause.name.text);
      // default import: `import nj from 'numjs'`, `import Matrix from 'ml-matrix'`
      if (lib) this.namespaces.set(clause.name.text, lib);
    }
    const b = clause.namedBindings;
    if (!b) return;
    if (ts.isNamespaceImport(b)) {
      this.declared.add(b.name.text);
      if (lib) this.namespaces.set(b.name.text, lib);
    } else {
      for (const el of b.elements) {
        this.declared.add(el.name.text);
        if (!lib) continue;
        const member = (el.propertyName ?? el.name).text;
        if (lib === 'ml-matrix' && /^(Matrix|AbstractMatrix|default)$/.test(member)) this.namespaces.set(el.name.text, lib);
        else this.namedImports.set(el.name.text, { lib, member });
      }
    }
  }

  /** `const tf = require('@tensorflow/tfjs')`, `const { Matrix } = require('ml-matrix')`, `const math = create(all)`. */
  private registerRequire(name: TS.BindingName, init: TS.Expression): void {
    const ts = this.ts;
    const e = skipOuter(ts, init);
    let spec: string | undefined;
    let member: string | undefined;
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments[0] && ts.isStringLiteralLike(e.arguments[0])) {
      spec = e.arguments[0].text;
    } else if (ts.isPropertyAccessExpression(e) && ts.isCallExpression(e.expression) && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === 'require' && e.expression.arguments[0] && ts.isStringLiteralLike(e.expression.arguments[0])) {
      spec = e.expression.arguments[0].text;
      member = e.name.text;
    } else if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && this.namedImports.get(e.expression.text)?.member === 'create' && this.namedImports.get(e.expression.text)?.lib === 'mathjs') {
      // const math = create(all)
      if (ts.isIdentifier(name)) this.namespaces.set(name.text, 'mathjs');
      return;
    }
    if (!spec) return;
    const lib = libraryOfModule(spec);
    if (!lib) return;
    if (ts.isIdentifier(name)) {
      if (!member || (lib === 'ml-matrix' && member === 'Matrix')) this.namespaces.set(name.text, lib);
      else this.namedImports.set(name.text, { lib, member });
    } else if (ts.isObjectBindingPattern(name)) {
      for (const el of name.elements) {
        if (!ts.isIdentifier(el.name)) continue;
        const m = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
        if (lib === 'ml-matrix' && m === 'Matrix') this.namespaces.set(el.name.text, lib);
        else this.namedImports.set(el.name.text, { lib, member: m });
      }
    }
  }

  private isRequireLike(init: TS.Expression | undefined): boolean {
    const ts = this.ts;
    if (!init) return false;
    const e = skipOuter(ts, init);
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require') return true;
    if (ts.isPropertyAccessExpression(e) && ts.isCallExpression(e.expression) && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === 'require') return true;
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && this.namedImports.get(e.expression.text)?.member === 'create') return true;
    return false;
  }

  private bindingNames(n: TS.BindingName): string[] {
    const ts = this.ts;
    if (ts.isIdentifier(n)) return [n.text];
    const out: string[] = [];
    for (const el of n.elements) if (!ts.isOmittedExpression(el)) out.push(...this.bindingNames(el.name));
    return out;
  }

  // ------------------------------------------------------------------ nodes

  span(n: TS.Node): Span {
    return { start: n.getStart(this.sf), end: n.end };
  }

  private unknownAt(s: Span): Expr {
    return { kind: 'unknown', span: s };
  }

  private nameExpr(id: string, span: Span): Expr {
    return { kind: 'name', id, span };
  }

  private npFunc(path: string, span: Span): Expr {
    let e: Expr = { kind: 'name', id: 'np', span };
    for (const part of path.split('.')) e = { kind: 'attr', obj: e, name: part, nameSpan: span, span };
    return e;
  }

  private npCall(path: string, args: Expr[], keywords: KeywordArg[], span: Span, calleeSpan?: Span): Expr {
    return { kind: 'call', func: this.npFunc(path, calleeSpan ?? span), args, keywords, span };
  }

  private ctxFor(lib: LibraryId, alias: string): LowerCtx {
    const key = `${lib}:${alias}`;
    const cached = this.ctxCache.get(key);
    if (cached) return cached;
    const self = this;
    const ctx: LowerCtx = {
      ts: this.ts,
      text: this.text,
      alias,
      lib,
      span: (n) => self.span(n),
      expr: (n) => self.expr(n),
      np: (path, s) => self.npFunc(path, s),
      call: (func, args, keywords, s) => ({ kind: 'call', func, args, keywords, span: s }),
      npCall: (path, args, keywords, s, cs) => self.npCall(path, args, keywords, s, cs),
      binop: (op, left, right, s) => ({ kind: 'binop', op, left, right, span: s }),
      attr: (obj, name, s) => ({ kind: 'attr', obj, name, nameSpan: s, span: s }),
      num: (value, s) => ({ kind: 'num', value, isInt: Number.isInteger(value), span: s }),
      bool: (value, s) => ({ kind: 'bool', value, span: s }),
      tuple: (elts, s) => ({ kind: 'tuple', elts, span: s }),
      unknown: (s) => self.unknownAt(s),
      kw: (name, value) => ({ name, value, span: value.span }),
      shapeTuple: (n) => self.shapeTuple(n),
      shapeArgs: (n) => self.shapeArgs(n),
      isScalarSyntax: (n) => self.isScalarSyntax(n),
      literalBool: (n) => self.literalBool(n),
      literalNumber: (n) => self.literalNumber(n),
      note: (e, note) => {
        self.notes.set(e, note);
        return e;
      },
      mapFunction: (f, x, s) => self.mapFunction(f, x, s),
    };
    this.ctxCache.set(key, ctx);
    return ctx;
  }

  private literalBool(n: TS.Expression | undefined): boolean | undefined {
    if (!n) return undefined;
    const e = skipOuter(this.ts, n);
    if (e.kind === this.ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === this.ts.SyntaxKind.FalseKeyword) return false;
    return undefined;
  }

  private literalNumber(n: TS.Expression | undefined): number | undefined {
    if (!n) return undefined;
    const e = skipOuter(this.ts, n);
    if (this.ts.isNumericLiteral(e)) return Number(e.text);
    if (this.ts.isPrefixUnaryExpression(e) && e.operator === this.ts.SyntaxKind.MinusToken && this.ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
    return undefined;
  }

  /** `[r, c]` → (r, c); anything else as it lowers (a list or tuple value). */
  private shapeTuple(n: TS.Expression): Expr {
    const e = skipOuter(this.ts, n);
    if (this.ts.isArrayLiteralExpression(e)) return { kind: 'tuple', elts: e.elements.map((x) => this.expr(x)), span: this.span(n) };
    return this.expr(n);
  }

  /** `[r, c]` → r, c; a variable holding a shape → *shape. */
  private shapeArgs(n: TS.Expression): Expr[] {
    const e = skipOuter(this.ts, n);
    if (this.ts.isArrayLiteralExpression(e)) return e.elements.map((x) => this.expr(x));
    if (this.isScalarSyntax(e)) return [this.expr(e)];
    return [{ kind: 'starred', value: this.expr(n), span: this.span(n) }];
  }

  /** Values JavaScript can only make numbers of: literals, arithmetic, Math.*, lengths and sizes. */
  private isScalarSyntax(n: TS.Expression): boolean {
    const ts = this.ts;
    const e = skipOuter(ts, n);
    if (ts.isNumericLiteral(e)) return true;
    if (ts.isPrefixUnaryExpression(e)) return (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken) && this.isScalarSyntax(e.operand);
    if (ts.isBinaryExpression(e)) {
      const k = e.operatorToken.kind;
      return k === ts.SyntaxKind.PlusToken || k === ts.SyntaxKind.MinusToken || k === ts.SyntaxKind.AsteriskToken || k === ts.SyntaxKind.SlashToken || k === ts.SyntaxKind.PercentToken || k === ts.SyntaxKind.AsteriskAsteriskToken;
    }
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === 'Math') return true;
    if (ts.isPropertyAccessExpression(e) && ['length', 'rows', 'columns', 'cols', 'size'].includes(e.name.text)) return true;
    if (ts.isElementAccessExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'shape') return true;
    return false;
  }

  /** The library table and namespace spelling for an identifier, if it names one. */
  private namespaceOf(n: TS.Expression): { table: LibraryTable; alias: string; lib: LibraryId } | undefined {
    const ts = this.ts;
    const e = skipOuter(ts, n);
    if (!ts.isIdentifier(e)) return undefined;
    const lib = this.namespaces.get(e.text);
    if (!lib || lib === 'own') return undefined;
    return { table: TABLES[lib], alias: e.text, lib };
  }

  private use(lib: LibraryId): void {
    this.libraryUse.set(lib, (this.libraryUse.get(lib) ?? 0) + 1);
  }

  // ------------------------------------------------------------------ statements

  private stmts(nodes: readonly TS.Statement[] | TS.NodeArray<TS.Statement>): Stmt[] {
    const out: Stmt[] = [];
    for (const s of nodes) out.push(...this.stmt(s));
    return out;
  }

  private block(n: TS.Statement): Stmt[] {
    if (this.ts.isBlock(n)) return this.stmts(n.statements);
    return this.stmt(n);
  }

  private other(n: TS.Node): Stmt {
    return { kind: 'other', span: this.span(n) };
  }

  private stmt(n: TS.Statement): Stmt[] {
    if (++this.depth > 200) {
      this.depth--;
      return [this.other(n)];
    }
    try {
      return this.stmtInner(n);
    } finally {
      this.depth--;
    }
  }

  private stmtInner(n: TS.Statement): Stmt[] {
    const ts = this.ts;
    if (ts.isVariableStatement(n)) return this.variableStatement(n);
    if (ts.isExpressionStatement(n)) return this.expressionStatement(n);
    if (ts.isFunctionDeclaration(n)) return n.name && n.body ? [this.functionDef(n.name.text, this.span(n.name), n, this.jsDocOf(n), this.span(n), false)] : [];
    if (ts.isClassDeclaration(n)) return n.name ? [this.classDef(n)] : [];
    if (ts.isReturnStatement(n)) {
      if (n.expression) {
        const inline = this.tidyBody(n.expression);
        if (inline) return [...inline.stmts, { kind: 'return', value: inline.value, span: this.span(n) }];
      }
      return [{ kind: 'return', value: n.expression ? this.returnValue(n.expression) : undefined, span: this.span(n) }];
    }
    if (ts.isIfStatement(n)) return this.ifStatement(n);
    if (ts.isForStatement(n)) return this.forStatement(n);
    if (ts.isForOfStatement(n) || ts.isForInStatement(n)) {
      // for-of iterates values; for-in a dict's keys, as Python iterates a dict.
      const target = ts.isVariableDeclarationList(n.initializer) ? this.bindingTarget(n.initializer.declarations[0].name) : this.target(n.initializer);
      return [{ kind: 'for', target, iter: this.expr(n.expression), body: this.block(n.statement), orelse: [], span: this.span(n) }];
    }
    if (ts.isWhileStatement(n)) return [{ kind: 'while', test: this.expr(n.expression), body: this.block(n.statement), orelse: [], span: this.span(n) }];
    if (ts.isDoStatement(n)) {
      const body = this.block(n.statement);
      return [...body, { kind: 'while', test: this.expr(n.expression), body: this.block(n.statement), orelse: [], span: this.span(n) }];
    }
    if (ts.isBlock(n)) return this.stmts(n.statements);
    if (ts.isBreakStatement(n)) return [{ kind: 'break', span: this.span(n) }];
    if (ts.isContinueStatement(n)) return [{ kind: 'continue', span: this.span(n) }];
    if (ts.isTryStatement(n)) {
      const handlers = n.catchClause
        ? [{
            type: undefined,
            name: n.catchClause.variableDeclaration && ts.isIdentifier(n.catchClause.variableDeclaration.name) ? n.catchClause.variableDeclaration.name.text : undefined,
            body: this.stmts(n.catchClause.block.statements),
            span: this.span(n.catchClause),
          }]
        : [];
      return [{ kind: 'try', body: this.stmts(n.tryBlock.statements), handlers, orelse: [], finalbody: n.finallyBlock ? this.stmts(n.finallyBlock.statements) : [], span: this.span(n) }];
    }
    if (ts.isImportDeclaration(n)) return this.importDeclaration(n);
    if (ts.isLabeledStatement(n)) return this.stmt(n.statement);
    if (ts.isEmptyStatement(n)) return [];
    if (ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n) || ts.isModuleDeclaration(n) || ts.isExportDeclaration(n) || ts.isImportEqualsDeclaration(n)) return [];
    if (ts.isExportAssignment(n)) return [{ kind: 'expr', value: this.expr(n.expression), span: this.span(n) }];
    if (ts.isSwitchStatement(n)) return this.switchStatement(n);
    return [this.other(n)];
  }

  /**
   * `switch (activation) { case 'relu': …; break; case 'sigmoid': …; break; default: … }` →
   * if/elif/else, when no clause falls through into the next one (empty cases share the next body).
   */
  private switchStatement(n: TS.SwitchStatement): Stmt[] {
    const ts = this.ts;
    const clauses = n.caseBlock.clauses;
    const arms: { tests: TS.Expression[]; body: TS.Statement[]; isDefault: boolean; node: TS.Node }[] = [];
    let pending: TS.Expression[] = [];
    for (let i = 0; i < clauses.length; i++) {
      const c = clauses[i];
      if (ts.isCaseClause(c)) pending.push(c.expression);
      if (c.statements.length === 0 && i < clauses.length - 1) continue;
      const body = [...c.statements];
      const last = body[body.length - 1];
      const ends = !last || ts.isBreakStatement(last) || ts.isReturnStatement(last) || ts.isThrowStatement(last) || ts.isContinueStatement(last) || i === clauses.length - 1;
      if (!ends || body.slice(0, -1).some((st) => containsBreak(ts, st))) return [this.other(n)];
      if (last && ts.isBreakStatement(last) && !last.label) body.pop();
      arms.push({ tests: pending, body, isDefault: ts.isDefaultClause(c), node: c });
      pending = [];
    }
    const subject = n.expression;
    let orelse: Stmt[] = [];
    const def = arms.find((a) => a.isDefault);
    if (def) orelse = this.stmts(def.body);
    for (const arm of [...arms].reverse()) {
      if (arm.isDefault) continue;
      const tests: Expr[] = arm.tests.map((t) => ({ kind: 'compare', left: this.expr(subject), ops: ['=='], comparators: [this.expr(t)], span: this.span(t) }));
      const test: Expr = tests.length === 1 ? tests[0] : { kind: 'boolop', op: 'or', values: tests, span: this.span(arm.node) };
      orelse = [{ kind: 'if', test, body: this.stmts(arm.body), orelse, span: this.span(arm.node) }];
    }
    return orelse;
  }

  private importDeclaration(n: TS.ImportDeclaration): Stmt[] {
    const ts = this.ts;
    if (!ts.isStringLiteral(n.moduleSpecifier)) return [];
    const spec = n.moduleSpecifier.text;
    if (libraryOfModule(spec)) return [{ kind: 'pass', span: this.span(n) }];
    const clause = n.importClause;
    if (!clause || clause.isTypeOnly) return [];
    // A module beside the file: `import { sigmoid } from './utils'` → `from utils import sigmoid`.
    const relative = /^\.\.?\//.test(spec);
    const module = (relative ? spec.replace(/^(\.\.?\/)+/, '') : spec).replace(/\.[cm]?[jt]sx?$/, '').replace(/\//g, '.');
    const names = [];
    if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
      for (const el of clause.namedBindings.elements) names.push({ name: (el.propertyName ?? el.name).text, asname: el.propertyName ? el.name.text : undefined, span: this.span(el) });
    }
    if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) {
      return [{ kind: 'import', names: [{ name: module, asname: clause.namedBindings.name.text, span: this.span(clause.namedBindings) }], span: this.span(n) }];
    }
    if (clause.name) names.push({ name: 'default', asname: clause.name.text, span: this.span(clause.name) });
    return names.length ? [{ kind: 'importfrom', module, level: 0, names, span: this.span(n) }] : [];
  }

  private jsDocOf(n: TS.Node): JsDoc | undefined {
    const ranges = this.ts.getLeadingCommentRanges(this.text, n.pos);
    if (!ranges) return undefined;
    for (let i = ranges.length - 1; i >= 0; i--) {
      const r = ranges[i];
      const t = this.text.slice(r.pos, r.end);
      if (t.startsWith('/**') && !t.startsWith('/**/')) return parseJsDoc(t);
    }
    return undefined;
  }

  private variableStatement(n: TS.VariableStatement): Stmt[] {
    const ts = this.ts;
    const out: Stmt[] = [];
    const doc = this.jsDocOf(n);
    const decls = n.declarationList.declarations;
    for (const d of decls) {
      if (!d.initializer) continue;
      if (this.isRequireLike(d.initializer)) {
        out.push({ kind: 'pass', span: this.span(d) });
        continue;
      }
      const init = skipOuter(ts, d.initializer);
      if (ts.isIdentifier(d.name) && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
        out.push(this.functionDef(d.name.text, this.span(d.name), init, decls.length === 1 ? doc : undefined, this.span(d), false));
        continue;
      }
      if (ts.isIdentifier(d.name) && ts.isClassExpression(init)) {
        out.push(this.classDef(init, d.name.text));
        continue;
      }
      if (doc && decls.length === 1) {
        const c = shapeCommentFromJsDoc(doc);
        const s = this.span(d);
        if (c) this.comments.push({ text: c, span: { start: s.start, end: s.start } });
      }
      out.push(...this.assignFromBinding(d.name, d.initializer, this.span(d)));
    }
    return out;
  }

  /** `const x = v`, `const [a, b] = v`, `const { W1, b1 } = v`. */
  private assignFromBinding(name: TS.BindingName, init: TS.Expression, span: Span): Stmt[] {
    const ts = this.ts;
    const inline = this.tidyBody(init);
    const pre: Stmt[] = inline ? inline.stmts : [];
    const value = inline ? inline.value : undefined;
    if (ts.isObjectBindingPattern(name)) {
      const source = skipOuter(ts, init);
      if (!inline && (ts.isIdentifier(source) || (ts.isPropertyAccessExpression(source) && source.expression.kind === ts.SyntaxKind.ThisKeyword))) {
        return this.destructure(name, this.expr(source), span);
      }
      const tmp = `__bpl_tmp${++this.tmp}`;
      return [...pre, { kind: 'assign', targets: [this.nameExpr(tmp, span)], value: value ?? this.expr(init), span }, ...this.destructure(name, this.nameExpr(tmp, this.span(init)), span)];
    }
    const v = value ?? (ts.isArrayBindingPattern(name) ? this.tupleish(init) : this.expr(init));
    return [...pre, { kind: 'assign', targets: [this.bindingTarget(name)], value: v, span }];
  }

  /** `{ W1, b1: bias } = obj` → W1 = obj["W1"]; bias = obj["b1"] (attributes of a class instance). */
  private destructure(name: TS.BindingName, obj: Expr, span: Span): Stmt[] {
    const ts = this.ts;
    if (!ts.isObjectBindingPattern(name)) return [{ kind: 'assign', targets: [this.bindingTarget(name)], value: obj, span }];
    const out: Stmt[] = [];
    for (const el of name.elements) {
      if (el.dotDotDotToken) continue;
      const key = el.propertyName ? (ts.isIdentifier(el.propertyName) || ts.isStringLiteralLike(el.propertyName) ? el.propertyName.text : undefined) : ts.isIdentifier(el.name) ? el.name.text : undefined;
      if (key === undefined) continue;
      const elSpan = this.span(el);
      const read: Expr = this.instanceLike(obj) ? { kind: 'attr', obj, name: key, nameSpan: elSpan, span: elSpan } : { kind: 'subscript', obj, index: { kind: 'str', value: key, span: elSpan }, span: elSpan };
      if (ts.isObjectBindingPattern(el.name)) out.push(...this.destructure(el.name, read, elSpan));
      else out.push({ kind: 'assign', targets: [this.bindingTarget(el.name)], value: read, span: elSpan });
    }
    return out;
  }

  /** An array literal where a tuple is meant (a return value, a destructured source). */
  private tupleish(n: TS.Expression): Expr {
    const e = skipOuter(this.ts, n);
    if (this.ts.isArrayLiteralExpression(e) && !e.elements.some((x) => this.ts.isSpreadElement(x))) return { kind: 'tuple', elts: e.elements.map((x) => this.expr(x)), span: this.span(n) };
    return this.expr(n);
  }

  private returnValue(n: TS.Expression): Expr {
    return this.tupleish(n);
  }

  private instanceLike(e: Expr): boolean {
    return (e.kind === 'name' && (e.id === 'self' || this.instances.has(e.id))) || false;
  }

  private bindingTarget(n: TS.BindingName): Expr {
    const ts = this.ts;
    if (ts.isIdentifier(n)) return this.nameExpr(n.text, this.span(n));
    if (ts.isArrayBindingPattern(n)) {
      return {
        kind: 'tuple',
        elts: n.elements.map((el): Expr => {
          if (ts.isOmittedExpression(el)) return this.nameExpr('_', this.span(el));
          const t = this.bindingTarget(el.name);
          return el.dotDotDotToken ? { kind: 'starred', value: t, span: this.span(el) } : t;
        }),
        span: this.span(n),
      };
    }
    return this.unknownAt(this.span(n));
  }

  /** An assignment target written as an expression (`x`, `this.W`, `grads.dW1`, `a[i]`, `[a, b]`). */
  private target(n: TS.Node): Expr {
    const ts = this.ts;
    if (ts.isVariableDeclarationList(n)) return n.declarations[0] ? this.bindingTarget(n.declarations[0].name) : this.unknownAt(this.span(n));
    const e = ts.isExpression(n) ? skipOuter(ts, n) : n;
    if (ts.isArrayLiteralExpression(e)) return { kind: 'tuple', elts: e.elements.map((x) => this.target(x)), span: this.span(e) };
    if (ts.isIdentifier(e)) return this.nameExpr(e.text, this.span(e));
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return this.expr(e);
    return this.unknownAt(this.span(n));
  }

  private expressionStatement(n: TS.ExpressionStatement): Stmt[] {
    const ts = this.ts;
    const e = skipOuter(ts, n.expression);
    const s = this.span(e);
    if (ts.isBinaryExpression(e)) {
      const k = e.operatorToken.kind;
      if (k === ts.SyntaxKind.EqualsToken) {
        const left = skipOuter(ts, e.left);
        if (ts.isObjectLiteralExpression(left)) return [this.other(n)];
        const inline = this.tidyBody(e.right);
        const value = inline ? inline.value : ts.isArrayLiteralExpression(left) ? this.tupleish(e.right) : this.expr(e.right);
        return [...(inline?.stmts ?? []), { kind: 'assign', targets: [this.target(left)], value, span: s }];
      }
      const op = COMPOUND[k];
      if (op) return [{ kind: 'augassign', target: this.target(e.left), op, value: this.expr(e.right), span: s }];
    }
    if ((ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken)) {
      return [{ kind: 'augassign', target: this.target(e.operand), op: e.operator === ts.SyntaxKind.PlusPlusToken ? '+' : '-', value: { kind: 'num', value: 1, isInt: true, span: s }, span: s }];
    }
    if (ts.isCallExpression(e)) {
      const special = this.callStatement(e, s);
      if (special) return special;
    }
    if (ts.isDeleteExpression(e)) return [{ kind: 'del', targets: [this.target(e.expression)], span: s }];
    return [{ kind: 'expr', value: this.expr(e), span: s }];
  }

  /** Calls that are statements of their own kind: asserts, prints, disposal, in-place updates. */
  private callStatement(e: TS.CallExpression, s: Span): Stmt[] | undefined {
    const ts = this.ts;
    const callee = skipOuter(ts, e.expression);
    if (callee.kind === ts.SyntaxKind.SuperKeyword) return [{ kind: 'pass', span: s }];
    // assert(cond), console.assert(cond), tf.util.assert(cond, msg), assert.ok(cond)
    const calleeText = ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee) ? dotted(ts, callee) : undefined;
    if (calleeText && e.arguments[0]) {
      if (/^(assert|assert\.ok|console\.assert|[\w$]+\.util\.assert)$/.test(calleeText)) {
        return [{ kind: 'assert', test: this.expr(e.arguments[0]), msg: undefined, span: s }];
      }
      const eq = /^assert\.(equal|strictEqual|deepEqual|deepStrictEqual)$/.exec(calleeText);
      if (eq && e.arguments[1]) {
        const test: Expr = { kind: 'compare', left: this.compareOperand(e.arguments[0]), ops: ['=='], comparators: [this.compareOperand(e.arguments[1])], span: s };
        return [{ kind: 'assert', test, msg: undefined, span: s }];
      }
    }
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const recv = skipOuter(ts, callee.expression);
      // Disposal and backend setup change nothing the engine models.
      if (method === 'dispose' || method === 'print' && !ts.isIdentifier(recv)) return [{ kind: 'pass', span: s }];
      const ns = this.namespaceOf(recv);
      if (ns?.lib === 'tfjs' && /^(dispose|disposeVariables|setBackend|ready|enableProdMode|enableDebugMode|setSeed|env|profile|time|nextFrame)$/.test(method)) return [{ kind: 'pass', span: s }];
      // ml-matrix's operators change their receiver: `A.add(B);` is `A += B`.
      if (!ns && this.libraries.includes('ml-matrix') && entry(ML_MATRIX_INPLACE, method) && e.arguments.length === 1 && (ts.isIdentifier(recv) || ts.isPropertyAccessExpression(recv) || ts.isElementAccessExpression(recv))) {
        return [{ kind: 'augassign', target: this.target(recv), op: entry(ML_MATRIX_INPLACE, method)!, value: this.expr(e.arguments[0]), span: s }];
      }
      if (method === 'push' && e.arguments.length === 1 && !ns) {
        return [{ kind: 'expr', value: { kind: 'call', func: { kind: 'attr', obj: this.expr(callee.expression), name: 'append', nameSpan: this.span(callee.name), span: this.span(callee) }, args: [this.expr(e.arguments[0])], keywords: [], span: s }, span: s }];
      }
    }
    return undefined;
  }

  private ifStatement(n: TS.IfStatement): Stmt[] {
    const ts = this.ts;
    // `if (!cond) throw …` states cond, as `assert cond` does.
    if (isThrowOnly(ts, n.thenStatement)) {
      const asserts = this.wholeShapes(this.negated(n.expression)).map((test): Stmt => ({ kind: 'assert', test, msg: undefined, span: test.span }));
      return [...asserts, ...(n.elseStatement ? this.block(n.elseStatement) : [])];
    }
    const orelse = n.elseStatement ? this.block(n.elseStatement) : [];
    return [{ kind: 'if', test: this.expr(n.expression), body: this.block(n.thenStatement), orelse, span: this.span(n) }];
  }

  /**
   * `X.shape[0] == n` and `X.shape[1] == m` (every axis from 0, at least two) → `X.shape == (n, m)`:
   * a check of every size of a matrix states its shape, as a Python assert on `.shape` does.
   */
  private wholeShapes(tests: Expr[]): Expr[] {
    const groups = new Map<string, { obj: Expr; dims: Map<number, Expr>; tests: Expr[] }>();
    for (const t of tests) {
      if (t.kind !== 'compare' || t.ops.length !== 1 || t.ops[0] !== '==') continue;
      const l = t.left;
      if (l.kind !== 'subscript' || l.obj.kind !== 'attr' || l.obj.name !== 'shape' || l.index.kind !== 'num' || !l.index.isInt) continue;
      const key = this.text.slice(l.obj.obj.span.start, l.obj.obj.span.end);
      const g: { obj: Expr; dims: Map<number, Expr>; tests: Expr[] } = groups.get(key) ?? { obj: l.obj, dims: new Map(), tests: [] };
      g.dims.set(l.index.value, t.comparators[0]);
      g.tests.push(t);
      groups.set(key, g);
    }
    const out = [...tests];
    for (const g of groups.values()) {
      const k = g.dims.size;
      if (k < 2 || ![...g.dims.keys()].every((i) => i >= 0 && i < k) || g.tests.length !== k) continue;
      const span = { start: Math.min(...g.tests.map((t) => t.span.start)), end: Math.max(...g.tests.map((t) => t.span.end)) };
      const whole: Expr = { kind: 'compare', left: g.obj, ops: ['=='], comparators: [{ kind: 'tuple', elts: [...Array(k).keys()].map((i) => g.dims.get(i)!), span }], span };
      const at = out.indexOf(g.tests[0]);
      for (const t of g.tests) out.splice(out.indexOf(t), 1);
      out.splice(at, 0, whole);
    }
    return out;
  }

  /** The conditions that hold when `cond` is false: `a !== b || c` → [a == b, not c]. */
  private negated(n: TS.Expression): Expr[] {
    const ts = this.ts;
    const e = skipOuter(ts, n);
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return [this.expr(e.operand)];
    if (ts.isBinaryExpression(e)) {
      const k = e.operatorToken.kind;
      if (k === ts.SyntaxKind.BarBarToken) return [...this.negated(e.left), ...this.negated(e.right)];
      const flip = NEGATED_COMPARE[k];
      if (flip) {
        const c = this.expr(e);
        if (c.kind === 'compare' && c.ops.length === 1) return [{ ...c, ops: [flip] }];
      }
    }
    return [{ kind: 'unary', op: 'not', operand: this.expr(e), span: this.span(e) }];
  }

  private forStatement(n: TS.ForStatement): Stmt[] {
    const ts = this.ts;
    const r = this.countingLoop(n);
    if (r) return [{ kind: 'for', target: this.nameExpr(r.name, r.nameSpan), iter: r.range, body: this.block(n.statement), orelse: [], span: this.span(n) }];
    // Anything else: the initialiser, then while (cond) { body; update } — when the body has no
    // `continue` (which would skip the update).
    if (containsContinue(ts, n.statement)) return [this.other(n)];
    const init: Stmt[] = [];
    if (n.initializer) {
      if (ts.isVariableDeclarationList(n.initializer)) {
        for (const d of n.initializer.declarations) if (d.initializer) init.push(...this.assignFromBinding(d.name, d.initializer, this.span(d)));
      } else init.push(...this.updateStatement(n.initializer));
    }
    const update: Stmt[] = n.incrementor ? this.updateStatement(n.incrementor) : [];
    const test: Expr = n.condition ? this.expr(n.condition) : { kind: 'bool', value: true, span: this.span(n) };
    return [...init, { kind: 'while', test, body: [...this.block(n.statement), ...update], orelse: [], span: this.span(n) }];
  }

  private updateStatement(e: TS.Expression): Stmt[] {
    const ts = this.ts;
    const s = this.span(e);
    const x = skipOuter(ts, e);
    if ((ts.isPostfixUnaryExpression(x) || ts.isPrefixUnaryExpression(x)) && (x.operator === ts.SyntaxKind.PlusPlusToken || x.operator === ts.SyntaxKind.MinusMinusToken)) {
      return [{ kind: 'augassign', target: this.target(x.operand), op: x.operator === ts.SyntaxKind.PlusPlusToken ? '+' : '-', value: { kind: 'num', value: 1, isInt: true, span: s }, span: s }];
    }
    if (ts.isBinaryExpression(x)) {
      if (x.operatorToken.kind === ts.SyntaxKind.EqualsToken) return [{ kind: 'assign', targets: [this.target(x.left)], value: this.expr(x.right), span: s }];
      const op = COMPOUND[x.operatorToken.kind];
      if (op) return [{ kind: 'augassign', target: this.target(x.left), op, value: this.expr(x.right), span: s }];
    }
    return [{ kind: 'expr', value: this.expr(x), span: s }];
  }

  /** `for (let i = a; i < b; i++)` → range(a, b); `i <= b` → range(a, b + 1); `i -= k` → a negative step. */
  private countingLoop(n: TS.ForStatement): { name: string; nameSpan: Span; range: Expr } | undefined {
    const ts = this.ts;
    const init = n.initializer;
    if (!init || !n.condition || !n.incrementor) return undefined;
    let name: string | undefined;
    let nameSpan: Span | undefined;
    let start: TS.Expression | undefined;
    if (ts.isVariableDeclarationList(init) && init.declarations.length === 1 && ts.isIdentifier(init.declarations[0].name) && init.declarations[0].initializer) {
      name = init.declarations[0].name.text;
      nameSpan = this.span(init.declarations[0].name);
      start = init.declarations[0].initializer;
    } else if (ts.isBinaryExpression(init) && init.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(init.left)) {
      name = init.left.text;
      nameSpan = this.span(init.left);
      start = init.right;
    }
    if (!name || !start || !nameSpan) return undefined;
    // step
    let step: number | undefined;
    let stepExpr: TS.Expression | undefined;
    const inc = skipOuter(ts, n.incrementor);
    if ((ts.isPostfixUnaryExpression(inc) || ts.isPrefixUnaryExpression(inc)) && ts.isIdentifier(inc.operand) && inc.operand.text === name) {
      if (inc.operator === ts.SyntaxKind.PlusPlusToken) step = 1;
      else if (inc.operator === ts.SyntaxKind.MinusMinusToken) step = -1;
    } else if (ts.isBinaryExpression(inc) && ts.isIdentifier(inc.left) && inc.left.text === name) {
      const k = this.literalNumber(inc.right);
      if (inc.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) {
        step = k;
        if (k === undefined) stepExpr = inc.right;
      } else if (inc.operatorToken.kind === ts.SyntaxKind.MinusEqualsToken && k !== undefined) step = -k;
    }
    if ((step === undefined || step === 0) && !stepExpr) return undefined;
    // condition
    const c = skipOuter(ts, n.condition);
    if (!ts.isBinaryExpression(c)) return undefined;
    let op = c.operatorToken.kind;
    let bound: TS.Expression;
    if (ts.isIdentifier(c.left) && c.left.text === name) bound = c.right;
    else if (ts.isIdentifier(c.right) && c.right.text === name) {
      bound = c.left;
      op = MIRROR[op] ?? op;
    } else return undefined;
    if (assigns(ts, n.statement, name)) return undefined;
    const s = this.span(n.condition);
    const one: Expr = { kind: 'num', value: 1, isInt: true, span: s };
    let stop = this.expr(bound);
    const up = stepExpr !== undefined || step! > 0;
    if (up && op === ts.SyntaxKind.LessThanToken) {
      /* stop as is */
    } else if (up && op === ts.SyntaxKind.LessThanEqualsToken) stop = { kind: 'binop', op: '+', left: stop, right: one, span: s };
    else if (!up && op === ts.SyntaxKind.GreaterThanToken) {
      /* as is */
    } else if (!up && op === ts.SyntaxKind.GreaterThanEqualsToken) stop = { kind: 'binop', op: '-', left: stop, right: one, span: s };
    else return undefined;
    const args = [this.expr(start), stop];
    if (stepExpr) args.push(this.expr(stepExpr));
    else if (step !== 1) args.push({ kind: 'num', value: step!, isInt: true, span: this.span(n.incrementor) });
    return { name, nameSpan, range: { kind: 'call', func: this.nameExpr('range', this.span(n.initializer!)), args, keywords: [], span: { start: this.span(n.initializer!).start, end: n.incrementor.end } } };
  }

  /** `x = tf.tidy(() => { …; return v; })`: the callback's statements inline, then v. */
  private tidyBody(init: TS.Expression): { stmts: Stmt[]; value: Expr } | undefined {
    const ts = this.ts;
    const e = skipOuter(ts, init);
    if (!ts.isCallExpression(e)) return undefined;
    const callee = skipOuter(ts, e.expression);
    const isTidy =
      (ts.isPropertyAccessExpression(callee) && callee.name.text === 'tidy' && this.namespaceOf(callee.expression)?.lib === 'tfjs') ||
      (ts.isIdentifier(callee) && this.namedImports.get(callee.text)?.member === 'tidy');
    if (!isTidy) return undefined;
    const fn = e.arguments[e.arguments.length - 1];
    if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isBlock(fn.body) || fn.parameters.length > 0) return undefined;
    const stmts = fn.body.statements;
    const last = stmts[stmts.length - 1];
    if (!last || !ts.isReturnStatement(last) || !last.expression) return undefined;
    if (stmts.slice(0, -1).some((st) => containsReturn(ts, st))) return undefined;
    this.use('tfjs');
    return { stmts: this.stmts(stmts.slice(0, -1)), value: this.returnValue(last.expression) };
  }

  // ------------------------------------------------------------------ functions and classes

  private params(ps: TS.NodeArray<TS.ParameterDeclaration>, body: Stmt[]): Param[] {
    const ts = this.ts;
    const out: Param[] = [];
    ps.forEach((p, i) => {
      if (ts.isIdentifier(p.name) && p.name.text === 'this') return;
      const s = this.span(p);
      if (ts.isIdentifier(p.name)) {
        out.push({ name: p.name.text, form: p.dotDotDotToken ? 'vararg' : 'normal', default: p.initializer ? this.expr(p.initializer) : undefined, annotation: undefined, span: s });
        return;
      }
      // A destructured parameter: a name of its own, read at the top of the body.
      const name = `__bpl_arg${i}`;
      out.push({ name, form: 'normal', default: undefined, annotation: undefined, span: s });
      body.unshift(...this.destructure(p.name, this.nameExpr(name, s), s));
    });
    return out;
  }

  private functionDef(
    name: string,
    nameSpan: Span,
    fn: TS.FunctionLikeDeclarationBase,
    doc: JsDoc | undefined,
    span: Span,
    method: boolean,
    isStatic = false,
    prologue: Stmt[] = [],
  ): Stmt & { kind: 'def' } {
    const ts = this.ts;
    let body: Stmt[] = [];
    if (fn.body) {
      if (ts.isBlock(fn.body)) body = this.stmts(fn.body.statements);
      else body = [{ kind: 'return', value: this.returnValue(fn.body as TS.Expression), span: this.span(fn.body) }];
    }
    const params = this.params(fn.parameters, body);
    body.unshift(...prologue);
    if (method && !isStatic) params.unshift({ name: 'self', form: 'normal', default: undefined, annotation: undefined, span: nameSpan });
    return { kind: 'def', name, nameSpan, params, body, docstring: doc ? docstringFromJsDoc(doc) : undefined, decorators: [], span };
  }

  private classDef(n: TS.ClassLikeDeclaration, nameOverride?: string): Stmt {
    const ts = this.ts;
    const name = nameOverride ?? n.name?.text ?? 'Anonymous';
    const nameSpan = n.name ? this.span(n.name) : this.span(n);
    const bases: Expr[] = [];
    for (const h of n.heritageClauses ?? []) if (h.token === ts.SyntaxKind.ExtendsKeyword) for (const t of h.types) bases.push(this.expr(t.expression));
    const body: Stmt[] = [];
    const fieldInits: Stmt[] = [];
    let ctor: TS.ConstructorDeclaration | undefined;
    for (const m of n.members) {
      const isStatic = !!ts.getModifiers?.(m as TS.HasModifiers)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
      if (ts.isConstructorDeclaration(m)) ctor = m;
      else if (ts.isPropertyDeclaration(m) && m.initializer) {
        const pname = memberName(ts, m.name);
        if (!pname) continue;
        const init = skipOuter(ts, m.initializer);
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) {
          // `forward = (X) => { … }`: a method (an arrow keeps the instance's `this`)
          body.push(this.functionDef(pname, this.span(m.name), init, this.jsDocOf(m), this.span(m), true, isStatic));
          continue;
        }
        const s = this.span(m);
        const value = this.expr(m.initializer);
        if (isStatic) body.push({ kind: 'assign', targets: [this.nameExpr(pname, this.span(m.name))], value, span: s });
        else fieldInits.push({ kind: 'assign', targets: [{ kind: 'attr', obj: this.nameExpr('self', this.span(m.name)), name: pname, nameSpan: this.span(m.name), span: this.span(m.name) }], value, span: s });
      } else if (ts.isMethodDeclaration(m) && m.body) {
        const mname = memberName(ts, m.name);
        if (!mname) continue;
        body.push(this.functionDef(mname, this.span(m.name), m, this.jsDocOf(m), this.span(m), true, isStatic));
      }
    }
    if (ctor || fieldInits.length) {
      const prologue = [...fieldInits];
      if (ctor) {
        for (const p of ctor.parameters) {
          const isProp = ts.getModifiers?.(p)?.some((x) => x.kind === ts.SyntaxKind.PublicKeyword || x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword || x.kind === ts.SyntaxKind.ReadonlyKeyword);
          if (isProp && ts.isIdentifier(p.name)) {
            const s = this.span(p.name);
            prologue.push({ kind: 'assign', targets: [{ kind: 'attr', obj: this.nameExpr('self', s), name: p.name.text, nameSpan: s, span: s }], value: this.nameExpr(p.name.text, s), span: s });
          }
        }
        body.unshift(this.functionDef('__init__', this.span(ctor.getFirstToken(this.sf) ?? ctor), ctor, this.jsDocOf(ctor), this.span(ctor), true, false, prologue));
      } else {
        body.unshift({ kind: 'def', name: '__init__', nameSpan: nameSpan, params: [{ name: 'self', form: 'normal', default: undefined, annotation: undefined, span: nameSpan }], body: prologue, docstring: undefined, decorators: [], span: nameSpan });
      }
    }
    const doc = this.jsDocOf(n);
    return { kind: 'class', name, nameSpan, bases, body, docstring: doc ? docstringFromJsDoc(doc) : undefined, span: this.span(n) };
  }

  // ------------------------------------------------------------------ expressions

  expr(n: TS.Expression): Expr {
    if (++this.depth > 400) {
      this.depth--;
      return this.unknownAt(this.span(n));
    }
    try {
      return this.exprInner(n);
    } finally {
      this.depth--;
    }
  }

  private exprInner(n: TS.Expression): Expr {
    const ts = this.ts;
    const s = this.span(n);
    switch (n.kind) {
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.AwaitExpression:
        return this.expr((n as TS.ParenthesizedExpression).expression);
      case ts.SyntaxKind.NumericLiteral: {
        const raw = this.text.slice(s.start, s.end);
        return { kind: 'num', value: Number((n as TS.NumericLiteral).text), isInt: /^(?:\d[\d_]*|0[xXoObB][\da-fA-F_]+)$/.test(raw), span: s };
      }
      case ts.SyntaxKind.BigIntLiteral:
        return { kind: 'num', value: Number((n as TS.BigIntLiteral).text.replace(/n$/, '')), isInt: true, span: s };
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        return { kind: 'str', value: (n as TS.StringLiteral).text, span: s };
      case ts.SyntaxKind.TemplateExpression:
        return this.template(n as TS.TemplateExpression, s);
      case ts.SyntaxKind.TrueKeyword:
        return { kind: 'bool', value: true, span: s };
      case ts.SyntaxKind.FalseKeyword:
        return { kind: 'bool', value: false, span: s };
      case ts.SyntaxKind.NullKeyword:
        return { kind: 'none', span: s };
      case ts.SyntaxKind.ThisKeyword:
        return this.nameExpr('self', s);
      case ts.SyntaxKind.Identifier:
        return this.identifier(n as TS.Identifier, s);
      case ts.SyntaxKind.ArrayLiteralExpression:
        return { kind: 'list', elts: (n as TS.ArrayLiteralExpression).elements.map((x) => this.expr(x)), span: s };
      case ts.SyntaxKind.SpreadElement:
        return { kind: 'starred', value: this.expr((n as TS.SpreadElement).expression), span: s };
      case ts.SyntaxKind.ObjectLiteralExpression:
        return this.objectLiteral(n as TS.ObjectLiteralExpression, s);
      case ts.SyntaxKind.PropertyAccessExpression:
        return this.propertyAccess(n as TS.PropertyAccessExpression, s);
      case ts.SyntaxKind.ElementAccessExpression: {
        const e = n as TS.ElementAccessExpression;
        return { kind: 'subscript', obj: this.expr(e.expression), index: this.expr(e.argumentExpression), span: s };
      }
      case ts.SyntaxKind.CallExpression:
        return this.call(n as TS.CallExpression, s);
      case ts.SyntaxKind.NewExpression:
        return this.newExpression(n as TS.NewExpression, s);
      case ts.SyntaxKind.BinaryExpression:
        return this.binary(n as TS.BinaryExpression, s);
      case ts.SyntaxKind.PrefixUnaryExpression: {
        const e = n as TS.PrefixUnaryExpression;
        const op = e.operator === ts.SyntaxKind.MinusToken ? '-' : e.operator === ts.SyntaxKind.PlusToken ? '+' : e.operator === ts.SyntaxKind.ExclamationToken ? 'not' : e.operator === ts.SyntaxKind.TildeToken ? '~' : undefined;
        if (!op) return this.unknownAt(s);
        return { kind: 'unary', op, operand: this.expr(e.operand), span: s };
      }
      case ts.SyntaxKind.VoidExpression:
        return { kind: 'none', span: s };
      case ts.SyntaxKind.ConditionalExpression: {
        const e = n as TS.ConditionalExpression;
        if (this.elementwise > 0) return this.npCall('where', [this.expr(e.condition), this.expr(e.whenTrue), this.expr(e.whenFalse)], [], s);
        return { kind: 'ifexp', test: this.expr(e.condition), body: this.expr(e.whenTrue), orelse: this.expr(e.whenFalse), span: s };
      }
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
        return this.lambda(n as TS.ArrowFunction, s);
      default:
        return this.unknownAt(s);
    }
  }

  private identifier(n: TS.Identifier, s: Span): Expr {
    const id = n.text;
    const sub = this.subst.get(id);
    if (sub) return sub;
    if (id === 'undefined') return { kind: 'none', span: s };
    if (id === 'NaN' || id === 'Infinity') return { kind: 'attr', obj: this.nameExpr('np', s), name: id === 'NaN' ? 'nan' : 'inf', nameSpan: s, span: s };
    if (!this.declared.has(id)) {
      // Python spellings met in an edited copy of the file (a repair being re-checked).
      if (id === 'True' || id === 'False') return { kind: 'bool', value: id === 'True', span: s };
      if (id === 'None') return { kind: 'none', span: s };
    }
    return this.nameExpr(id, s);
  }

  private objectLiteral(n: TS.ObjectLiteralExpression, s: Span): Expr {
    const ts = this.ts;
    const keys: (Expr | undefined)[] = [];
    const values: Expr[] = [];
    for (const p of n.properties) {
      if (ts.isPropertyAssignment(p)) {
        const k = ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name) || ts.isNumericLiteral(p.name) ? { kind: 'str' as const, value: p.name.text, span: this.span(p.name) } : ts.isComputedPropertyName(p.name) ? this.expr(p.name.expression) : undefined;
        if (!k) continue;
        keys.push(k);
        values.push(this.expr(p.initializer));
      } else if (ts.isShorthandPropertyAssignment(p)) {
        keys.push({ kind: 'str', value: p.name.text, span: this.span(p.name) });
        values.push(this.identifier(p.name, this.span(p.name)));
      } else if (ts.isSpreadAssignment(p)) {
        keys.push(undefined);
        values.push(this.expr(p.expression));
      }
    }
    return { kind: 'dict', keys, values, span: s };
  }

  private lambda(n: TS.ArrowFunction | TS.FunctionExpression, s: Span): Expr {
    const ts = this.ts;
    let body: TS.Expression | undefined;
    if (!ts.isBlock(n.body)) body = n.body;
    else if (n.body.statements.length === 1 && ts.isReturnStatement(n.body.statements[0]) && n.body.statements[0].expression) body = n.body.statements[0].expression;
    if (!body || n.parameters.some((p) => !ts.isIdentifier(p.name))) return this.unknownAt(s);
    const params: Param[] = n.parameters.map((p) => ({ name: (p.name as TS.Identifier).text, form: p.dotDotDotToken ? 'vararg' : 'normal', default: p.initializer ? this.expr(p.initializer) : undefined, annotation: undefined, span: this.span(p) }));
    return { kind: 'lambda', params, body: this.expr(body), span: s };
  }

  /** `f` applied elementwise to the array `x`: a Math or mathjs scalar function, a pure callback, or a function the file defines. */
  private mapFunction(f: TS.Expression, x: Expr, s: Span): Expr | undefined {
    const ts = this.ts;
    const e = skipOuter(ts, f);
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
      const owner = e.expression.text;
      const fname = e.name.text;
      if (owner === 'Math' && entry(MATH_UFUNCS, fname)) return this.npCall(MATH_UFUNCS[fname], [x], [], s);
      if (this.namespaces.get(owner) === 'mathjs' && MATHJS_SCALAR_FUNCTIONS.has(fname)) {
        if (fname === 'cube') return { kind: 'binop', op: '**', left: x, right: { kind: 'num', value: 3, isInt: true, span: s }, span: s };
        return this.npCall(fname, [x], [], s);
      }
      return undefined;
    }
    if (ts.isIdentifier(e)) {
      if (this.namedImports.get(e.text)?.lib === 'mathjs' && MATHJS_SCALAR_FUNCTIONS.has(this.namedImports.get(e.text)!.member)) return this.npCall(this.namedImports.get(e.text)!.member, [x], [], s);
      return { kind: 'call', func: this.nameExpr(e.text, this.span(e)), args: [x], keywords: [], span: s };
    }
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
      let body: TS.Expression | undefined;
      if (!ts.isBlock(e.body)) body = e.body;
      else if (e.body.statements.length === 1 && ts.isReturnStatement(e.body.statements[0])) body = e.body.statements[0].expression;
      const p = e.parameters[0];
      if (body && !p && this.isScalarSyntax(body)) return this.npCall('full_like', [x, this.expr(body)], [], s); // () => 1
      if (!body || !p || !ts.isIdentifier(p.name)) return undefined;
      // Only the value is used (not the index or the matrix a mathjs callback also receives).
      if (e.parameters.length > 1 && e.parameters.slice(1).some((q) => ts.isIdentifier(q.name) && mentions(ts, body!, q.name.text))) return undefined;
      const prev = this.subst.get(p.name.text);
      this.subst.set(p.name.text, x);
      this.elementwise++;
      this.callbacks.push({ start: body.getStart(this.sf), end: body.end, param: p.name.text });
      try {
        const out = this.expr(body);
        // The result stands for the whole call (math.map(x, f), x.map(f)): a fix replaces all of it.
        return out === x ? out : { ...out, span: s };
      } finally {
        this.elementwise--;
        if (prev) this.subst.set(p.name.text, prev);
        else this.subst.delete(p.name.text);
      }
    }
    return undefined;
  }

  private compareOperand(n: TS.Expression): Expr {
    const ts = this.ts;
    const e = skipOuter(ts, n);
    // JSON.stringify(a.shape) === JSON.stringify([n, m]) compares the shapes.
    if (ts.isCallExpression(e) && dotted(ts, e.expression) === 'JSON.stringify' && e.arguments[0]) return this.compareOperand(e.arguments[0]);
    if (ts.isArrayLiteralExpression(e)) return this.tupleish(e);
    return this.expr(n);
  }

  private binary(n: TS.BinaryExpression, s: Span): Expr {
    const ts = this.ts;
    const k = n.operatorToken.kind;
    const arith = ARITH[k];
    if (arith === '+' && (this.isStringy(n.left) || this.isStringy(n.right))) {
      // JavaScript converts the other side to a string: "W" + l is Python's "W" + str(l).
      return { kind: 'binop', op: '+', left: this.asString(n.left), right: this.asString(n.right), span: s };
    }
    if (arith) return { kind: 'binop', op: arith, left: this.expr(n.left), right: this.expr(n.right), span: s };
    const cmp = COMPARE[k];
    // `require.main === module`: the file runs as a script, as Python's `__name__ == "__main__"`.
    if (cmp && (isRequireMain(ts, n.left, n.right) || isRequireMain(ts, n.right, n.left))) {
      return { kind: 'compare', left: this.nameExpr('__name__', s), ops: [cmp], comparators: [{ kind: 'str', value: '__main__', span: s }], span: s };
    }
    if (cmp) return { kind: 'compare', left: this.compareOperand(n.left), ops: [cmp], comparators: [this.compareOperand(n.right)], span: s };
    if (k === ts.SyntaxKind.AmpersandAmpersandToken || k === ts.SyntaxKind.BarBarToken || k === ts.SyntaxKind.QuestionQuestionToken) {
      const op = k === ts.SyntaxKind.AmpersandAmpersandToken ? 'and' : 'or';
      const values: Expr[] = [];
      const flatten = (x: TS.Expression) => {
        const y = skipOuter(ts, x);
        if (ts.isBinaryExpression(y) && (y.operatorToken.kind === k || (op === 'or' && (y.operatorToken.kind === ts.SyntaxKind.BarBarToken || y.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)))) {
          flatten(y.left);
          flatten(y.right);
        } else values.push(this.expr(x));
      };
      flatten(n);
      return { kind: 'boolop', op, values, span: s };
    }
    if (k === ts.SyntaxKind.InKeyword) return { kind: 'compare', left: this.expr(n.left), ops: ['in'], comparators: [this.expr(n.right)], span: s };
    return this.unknownAt(s);
  }

  private isStringy(n: TS.Expression): boolean {
    const ts = this.ts;
    const e = skipOuter(ts, n);
    if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) return true;
    return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken && (this.isStringy(e.left) || this.isStringy(e.right));
  }

  /** An operand of string concatenation: strings as they are, anything else through str(). */
  private asString(n: TS.Expression): Expr {
    const ts = this.ts;
    const e = skipOuter(ts, n);
    if (this.isStringy(e)) return this.expr(e);
    const s = this.span(n);
    return { kind: 'call', func: this.nameExpr('str', s), args: [this.expr(n)], keywords: [], span: s };
  }

  /** `\`W${l}\`` → "W" + str(l) */
  private template(n: TS.TemplateExpression, s: Span): Expr {
    let out: Expr = { kind: 'str', value: n.head.text, span: this.span(n.head) };
    for (const part of n.templateSpans) {
      out = { kind: 'binop', op: '+', left: out, right: this.asString(part.expression), span: s };
      if (part.literal.text) out = { kind: 'binop', op: '+', left: out, right: { kind: 'str', value: part.literal.text, span: this.span(part.literal) }, span: s };
    }
    return out;
  }

  private propertyAccess(n: TS.PropertyAccessExpression, s: Span): Expr {
    const ts = this.ts;
    const recv = skipOuter(ts, n.expression);
    const name = n.name.text;
    const nameSpan = this.span(n.name);
    const attr = (obj: Expr): Expr => ({ kind: 'attr', obj, name, nameSpan, span: s });
    if (ts.isIdentifier(recv)) {
      const id = recv.text;
      if (id === 'Math') {
        if (name === 'PI') return { kind: 'attr', obj: this.nameExpr('np', this.span(recv)), name: 'pi', nameSpan, span: s };
        if (name === 'E') return { kind: 'attr', obj: this.nameExpr('np', this.span(recv)), name: 'e', nameSpan, span: s };
        return this.unknownAt(s);
      }
      if (id === 'np' && !this.declared.has('np')) return attr(this.nameExpr('np', this.span(recv)));
      if (this.namespaceOf(recv)) return this.unknownAt(s); // a library function used as a value
    }
    if (name === 'length') return { kind: 'call', func: this.nameExpr('len', nameSpan), args: [this.expr(n.expression)], keywords: [], span: s };
    if (recv.kind === ts.SyntaxKind.ThisKeyword) {
      return attr(this.nameExpr('self', this.span(recv)));
    }
    // The user's own matrix class: rows/cols and its data array.
    const ownProp = this.ownTable ? entry(this.ownTable.properties, name) : undefined;
    if (ownProp) {
      const r = ownProp(this.ctxFor('own', ''), n, n.expression);
      if (r) return r;
    }
    for (const lib of this.libraries) {
      if (lib === 'own') continue;
      const rule = entry(TABLES[lib].properties, name);
      if (rule) {
        const r = rule(this.ctxFor(lib, this.aliasOf(lib)), n, n.expression);
        if (r) {
          this.use(lib);
          return r;
        }
      }
    }
    if (name === 'T' || name === 'shape' || name === 'ndim') return attr(this.expr(n.expression));
    const obj = this.expr(n.expression);
    if (this.instanceLike(obj) || (obj.kind === 'name' && this.userClasses.has(obj.id)) || (ts.isIdentifier(recv) && recv.text === '__name__')) return attr(obj);
    if (obj.kind === 'name' && obj.id === 'np') return attr(obj);
    // A plain object's field, as a dict entry (parameters.W1 → parameters["W1"]).
    return { kind: 'subscript', obj, index: { kind: 'str', value: name, span: nameSpan }, span: s };
  }

  private aliasOf(lib: LibraryId): string {
    for (const [name, l] of this.namespaces) if (l === lib) return name;
    return lib === 'tfjs' ? 'tf' : lib === 'mathjs' ? 'math' : lib === 'numjs' ? 'nj' : lib === 'ml-matrix' ? 'Matrix' : '';
  }

  /** Call arguments with the Python keyword spelling `keepdims=True` (an edited copy) split off. */
  private splitArgs(args: TS.NodeArray<TS.Expression> | readonly TS.Expression[]): { args: TS.Expression[]; keywords: KeywordArg[] } {
    const ts = this.ts;
    const out: TS.Expression[] = [];
    const keywords: KeywordArg[] = [];
    for (const a of args) {
      if (ts.isBinaryExpression(a) && a.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(a.left) && !this.declared.has(a.left.text)) {
        keywords.push({ name: a.left.text, value: this.expr(a.right), span: this.span(a) });
      } else out.push(a);
    }
    return { args: out, keywords };
  }

  private withKeywords(e: Expr, keywords: KeywordArg[]): Expr {
    if (keywords.length === 0 || e.kind !== 'call') return e;
    const kept = e.keywords.filter((k) => !keywords.some((x) => x.name === k.name));
    return { ...e, keywords: [...kept, ...keywords] };
  }

  private call(n: TS.CallExpression, s: Span): Expr {
    const ts = this.ts;
    const callee = skipOuter(ts, n.expression);
    const { args, keywords } = this.splitArgs(n.arguments);
    const lowered = this.callInner(n, callee, args, s);
    if (this.notes.has(lowered) && keywords.length) {
      const e = this.withKeywords(lowered, keywords);
      this.notes.set(e, this.notes.get(lowered)!);
      return e;
    }
    return this.withKeywords(lowered, keywords);
  }

  private callInner(n: TS.CallExpression, callee: TS.Expression, args: TS.Expression[], s: Span): Expr {
    const ts = this.ts;
    const generic = (): Expr => ({ kind: 'call', func: this.expr(n.expression), args: args.map((a) => this.expr(a)), keywords: [], span: s });
    if (ts.isIdentifier(callee)) {
      const named = this.namedImports.get(callee.text);
      if (named) {
        const rule = entry(TABLES[named.lib].functions, named.member);
        const r = rule?.(this.ctxFor(named.lib, callee.text), n, args);
        if (r) {
          this.use(named.lib);
          return r;
        }
        return this.unknownAt(s);
      }
      if (!this.declared.has(callee.text)) {
        switch (callee.text) {
          case 'parseInt':
            return { kind: 'call', func: this.nameExpr('int', this.span(callee)), args: args.slice(0, 1).map((a) => this.expr(a)), keywords: [], span: s };
          case 'parseFloat':
          case 'Number':
            return { kind: 'call', func: this.nameExpr('float', this.span(callee)), args: args.slice(0, 1).map((a) => this.expr(a)), keywords: [], span: s };
          case 'String':
            return { kind: 'call', func: this.nameExpr('str', this.span(callee)), args: args.slice(0, 1).map((a) => this.expr(a)), keywords: [], span: s };
          case 'require':
            return this.unknownAt(s);
        }
      }
      return generic();
    }
    if (!ts.isPropertyAccessExpression(callee)) return generic();
    const method = callee.name.text;
    const recv = skipOuter(ts, callee.expression);
    // A library's namespace: tf.matMul(…), math.multiply(…), Matrix.rand(…), nj.dot(…)
    const ns = this.namespaceOf(recv);
    if (ns) {
      const rule = entry(ns.table.functions, method);
      const r = rule?.(this.ctxFor(ns.lib, ns.alias), n, args);
      if (r) {
        this.use(ns.lib);
        return r;
      }
      return this.unknownAt(s);
    }
    if (ts.isIdentifier(recv)) {
      const id = recv.text;
      if (id === 'console' && /^(log|info|warn|error|debug)$/.test(method)) return { kind: 'call', func: this.nameExpr('print', this.span(callee)), args: args.map((a) => this.expr(a)), keywords: [], span: s };
      if (id === 'Math' && !this.declared.has('Math')) return this.mathCall(method, args, s, this.span(callee));
      if (id === 'JSON' || id === 'Object' || id === 'Array' || id === 'Number' || id === 'Promise' || id === 'process') return this.unknownAt(s);
      if (this.userClasses.has(id)) {
        // A static method of the user's matrix class (Matrix.multiply(a, b)), else the class's method.
        const own = (this.ownTable ? entry(this.ownTable.functions, `${id}.${method}`) : undefined);
        const r = own?.(this.ctxFor('own', id), n, args);
        if (r) return r;
        return generic();
      }
    }
    if (ts.isIdentifier(recv) && recv.text === 'np' && !this.declared.has('np')) return generic();
    // Methods of the user's matrix class, then of the file's libraries (tensor.matMul, A.mmul, …).
    const obj = recv.kind === ts.SyntaxKind.ThisKeyword ? undefined : recv;
    if (this.ownTable && obj) {
      const rule = entry(this.ownTable.methods, method);
      const r = rule?.(this.ctxFor('own', ''), n, callee.expression, args);
      if (r) return r;
    }
    const isInstance = recv.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(recv) && this.instances.has(recv.text));
    if (!isInstance) {
      for (const lib of this.libraries) {
        if (lib === 'own') continue;
        const rule = entry(TABLES[lib].methods, method);
        if (!rule) continue;
        const r = rule(this.ctxFor(lib, this.aliasOf(lib)), n, callee.expression, args);
        if (r) {
          this.use(lib);
          return r;
        }
      }
      if (this.elementwise === 0 && method === 'map' && args.length === 1 && this.libraries.includes('mathjs')) {
        const r = this.mapFunction(args[0], this.expr(callee.expression), s);
        if (r) return r;
      }
    }
    if (method === 'push' && args.length === 1) return { kind: 'call', func: { kind: 'attr', obj: this.expr(callee.expression), name: 'append', nameSpan: this.span(callee.name), span: this.span(callee) }, args: [this.expr(args[0])], keywords: [], span: s };
    // Anything else is a method call as Python spells it: a user class's method is inlined by the
    // engine, a method of something it does not know is unknown.
    const func: Expr = { kind: 'attr', obj: this.expr(callee.expression), name: method, nameSpan: this.span(callee.name), span: this.span(callee) };
    return { kind: 'call', func, args: args.map((a) => this.expr(a)), keywords: [], span: s };
  }

  private mathCall(method: string, args: TS.Expression[], s: Span, calleeSpan: Span): Expr {
    const a = args.map((x) => this.expr(x));
    const name = (id: string): Expr => this.nameExpr(id, calleeSpan);
    if (entry(MATH_UFUNCS, method) && a.length === 1) return this.npCall(MATH_UFUNCS[method], a, [], s, calleeSpan);
    switch (method) {
      case 'max':
      case 'min':
        if (this.elementwise > 0 && a.length === 2) return this.npCall(method === 'max' ? 'maximum' : 'minimum', a, [], s, calleeSpan);
        return { kind: 'call', func: name(method), args: a, keywords: [], span: s };
      case 'pow':
        return a.length === 2 ? { kind: 'binop', op: '**', left: a[0], right: a[1], span: s } : this.unknownAt(s);
      case 'random':
        return this.npCall('random.rand', [], [], s, calleeSpan);
      case 'round':
        return { kind: 'call', func: name('round'), args: a, keywords: [], span: s };
      case 'floor': {
        const x = args[0] ? skipOuter(this.ts, args[0]) : undefined;
        if (x && this.ts.isBinaryExpression(x) && x.operatorToken.kind === this.ts.SyntaxKind.SlashToken) return { kind: 'binop', op: '//', left: this.expr(x.left), right: this.expr(x.right), span: s };
        return a.length === 1 ? { kind: 'call', func: name('int'), args: a, keywords: [], span: s } : this.unknownAt(s);
      }
      case 'trunc':
        return a.length === 1 ? { kind: 'call', func: name('int'), args: a, keywords: [], span: s } : this.unknownAt(s);
      default:
        return this.unknownAt(s);
    }
  }

  private newExpression(n: TS.NewExpression, s: Span): Expr {
    const ts = this.ts;
    const args = [...(n.arguments ?? [])];
    const callee = skipOuter(ts, n.expression);
    const ns = this.namespaceOf(callee);
    if (ns?.table.construct) {
      const r = ns.table.construct(this.ctxFor(ns.lib, ns.alias), n, args);
      if (r) {
        this.use(ns.lib);
        return r;
      }
      return this.unknownAt(s);
    }
    if (ts.isIdentifier(callee) && this.userClasses.has(callee.text)) {
      const own = this.ownTable?.construct;
      if (this.ownClasses.has(callee.text)) {
        const r = own?.(this.ctxFor('own', callee.text), n, args);
        return r ?? this.unknownAt(s);
      }
      return { kind: 'call', func: this.nameExpr(callee.text, this.span(callee)), args: args.map((a) => this.expr(a)), keywords: [], span: s };
    }
    return this.unknownAt(s);
  }
}

// ---------------------------------------------------------------------- helpers

const COMPOUND: Partial<Record<number, BinaryOperator>> = {};
const ARITH: Partial<Record<number, BinaryOperator>> = {};
const COMPARE: Partial<Record<number, CompareOperator>> = {};
const NEGATED_COMPARE: Partial<Record<number, CompareOperator>> = {};
const MIRROR: Partial<Record<number, number>> = {};
let tablesReady = false;

function initTables(ts: typeof TS): void {
  if (tablesReady) return;
  tablesReady = true;
  const K = ts.SyntaxKind;
  Object.assign(COMPOUND, {
    [K.PlusEqualsToken]: '+', [K.MinusEqualsToken]: '-', [K.AsteriskEqualsToken]: '*', [K.SlashEqualsToken]: '/',
    [K.PercentEqualsToken]: '%', [K.AsteriskAsteriskEqualsToken]: '**',
  });
  Object.assign(ARITH, {
    [K.PlusToken]: '+', [K.MinusToken]: '-', [K.AsteriskToken]: '*', [K.SlashToken]: '/', [K.PercentToken]: '%', [K.AsteriskAsteriskToken]: '**',
    [K.AmpersandToken]: '&', [K.BarToken]: '|', [K.CaretToken]: '^', [K.LessThanLessThanToken]: '<<', [K.GreaterThanGreaterThanToken]: '>>',
  });
  Object.assign(COMPARE, {
    [K.EqualsEqualsToken]: '==', [K.EqualsEqualsEqualsToken]: '==', [K.ExclamationEqualsToken]: '!=', [K.ExclamationEqualsEqualsToken]: '!=',
    [K.LessThanToken]: '<', [K.LessThanEqualsToken]: '<=', [K.GreaterThanToken]: '>', [K.GreaterThanEqualsToken]: '>=',
  });
  Object.assign(NEGATED_COMPARE, {
    [K.EqualsEqualsToken]: '!=', [K.EqualsEqualsEqualsToken]: '!=', [K.ExclamationEqualsToken]: '==', [K.ExclamationEqualsEqualsToken]: '==',
    [K.LessThanToken]: '>=', [K.LessThanEqualsToken]: '>', [K.GreaterThanToken]: '<=', [K.GreaterThanEqualsToken]: '<',
  });
  Object.assign(MIRROR, {
    [K.LessThanToken]: K.GreaterThanToken, [K.GreaterThanToken]: K.LessThanToken, [K.LessThanEqualsToken]: K.GreaterThanEqualsToken, [K.GreaterThanEqualsToken]: K.LessThanEqualsToken,
  });
}

/** Parentheses, `as`, `!`, `satisfies`, `await` and type assertions do not change a value. */
export function skipOuter(ts: typeof TS, n: TS.Expression): TS.Expression {
  initTables(ts);
  let e = n;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
    else return e;
  }
}

function dotted(ts: typeof TS, n: TS.Expression): string | undefined {
  const e = skipOuter(ts, n);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) {
    const left = dotted(ts, e.expression);
    return left ? `${left}.${e.name.text}` : undefined;
  }
  return undefined;
}

function isRequireMain(ts: typeof TS, a: TS.Expression, b: TS.Expression): boolean {
  const x = skipOuter(ts, a);
  const y = skipOuter(ts, b);
  return ts.isPropertyAccessExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === 'require' && x.name.text === 'main' && ts.isIdentifier(y) && y.text === 'module';
}

function memberName(ts: typeof TS, n: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isPrivateIdentifier(n)) return n.text.replace(/^#/, '');
  return undefined;
}

function isThrowOnly(ts: typeof TS, n: TS.Statement): boolean {
  if (ts.isThrowStatement(n)) return true;
  return ts.isBlock(n) && n.statements.length === 1 && ts.isThrowStatement(n.statements[0]);
}

function containsContinue(ts: typeof TS, n: TS.Node): boolean {
  let found = false;
  const visit = (x: TS.Node): void => {
    if (found) return;
    if (ts.isContinueStatement(x) && !x.label) found = true;
    else if (ts.isIterationStatement(x, false) || ts.isFunctionLike(x)) return;
    else ts.forEachChild(x, visit);
  };
  ts.forEachChild(n, visit);
  if (ts.isContinueStatement(n)) return true;
  return found;
}

/** A `break` that leaves the switch (not one of a loop inside it). */
function containsBreak(ts: typeof TS, n: TS.Node): boolean {
  let found = false;
  const visit = (x: TS.Node): void => {
    if (found) return;
    if (ts.isBreakStatement(x) && !x.label) found = true;
    else if (!ts.isIterationStatement(x, false) && !ts.isSwitchStatement(x) && !ts.isFunctionLike(x)) ts.forEachChild(x, visit);
  };
  visit(n);
  return found;
}

function containsReturn(ts: typeof TS, n: TS.Node): boolean {
  let found = false;
  const visit = (x: TS.Node): void => {
    if (found) return;
    if (ts.isReturnStatement(x)) found = true;
    else if (!ts.isFunctionLike(x)) ts.forEachChild(x, visit);
  };
  visit(n);
  return found;
}

function assigns(ts: typeof TS, n: TS.Node, name: string): boolean {
  let found = false;
  const visit = (x: TS.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(x) && x.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && x.operatorToken.kind <= ts.SyntaxKind.LastAssignment && ts.isIdentifier(x.left) && x.left.text === name) found = true;
    else if ((ts.isPostfixUnaryExpression(x) || ts.isPrefixUnaryExpression(x)) && ts.isIdentifier(x.operand) && x.operand.text === name && (x.operator === ts.SyntaxKind.PlusPlusToken || x.operator === ts.SyntaxKind.MinusMinusToken)) found = true;
    else ts.forEachChild(x, visit);
  };
  visit(n);
  return found;
}

function mentions(ts: typeof TS, n: TS.Node, name: string): boolean {
  let found = false;
  const visit = (x: TS.Node): void => {
    if (found) return;
    if (ts.isIdentifier(x) && x.text === name) found = true;
    else ts.forEachChild(x, visit);
  };
  visit(n);
  return found;
}

