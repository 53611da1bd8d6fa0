// The lowering's state and its building blocks: the pre-scan of a file (imports, declared names,
// user classes and their instances, comments), engine nodes, and the context library tables
// lower their calls through.

import type * as TS from 'typescript';
import type { Comment, Expr, KeywordArg, Span, Stmt, SyntaxErrorInfo } from '../ast';
import type { LibNote, LibraryId, LibraryTable, LowerCtx } from './libraries/types';
import type { OwnMatrixClass } from './ownMatrix';
import { TABLES, libraryOfModule } from './libraryTables';
import type { NamedImport, ScriptLanguage } from './loweringTypes';
import { skipOuter } from './syntaxHelpers';
import { prototypeAssignment, setsThis, type PrototypeAssignment } from './es5';
import { detachNote } from './noteRanges';

/** Pre-scan flags of an offset: its leading, its trailing comments were collected. */
const LEADING = 1;
const TRAILING = 2;

export abstract class LowererBase {
  abstract expr(n: TS.Expression): Expr;
  protected abstract mapFunction(f: TS.Expression, x: Expr, s: Span): Expr | undefined;
  /** A function expression with a body of statements, as a def placed before the statement it is in (declarations.ts). */
  protected abstract hoistFunction(n: TS.ArrowFunction | TS.FunctionExpression, s: Span): Expr | undefined;
  /** The defs hoisted out of the statement being lowered, undefined outside a statement. */
  protected hoisted: Stmt[] | undefined;

  protected readonly notes = new Map<Expr, LibNote>();
  protected readonly namespaces = new Map<string, LibraryId>();
  protected readonly namedImports = new Map<string, NamedImport>();
  /** Every name the file declares (variables, functions, parameters, classes, imports). */
  protected readonly declared = new Set<string>();
  protected readonly userClasses = new Set<string>();
  /** Names bound to instances of a user class (`const net = new Net()`, `net: Net`). */
  protected readonly instances = new Set<string>();
  /** Constructor functions' prototype assignments (es5.ts), by class name, in the order written. */
  protected readonly prototypes = new Map<string, PrototypeAssignment[]>();
  /** Constructor functions with no prototype that the file calls with `new` and that set `this.x` (es5.ts): classes too. */
  protected readonly constructorClasses = new Set<string>();
  protected readonly comments: Comment[] = [];
  protected readonly commentPos = new Set<number>();
  protected ownClasses = new Map<string, OwnMatrixClass>();
  protected ownTable: LibraryTable | undefined;
  protected libraryUse = new Map<LibraryId, number>();
  protected libraries: LibraryId[] = [];
  /** Elementwise lowering of a callback body: the parameter's name → the array it stands for. */
  protected subst = new Map<string, Expr>();
  protected readonly callbacks: (Span & { param: string })[] = [];
  protected elementwise = 0;
  protected tmp = 0;
  protected ctxCache = new Map<string, LowerCtx>();
  protected depth = 0;

  constructor(
    protected readonly ts: typeof TS,
    protected readonly sf: TS.SourceFile,
    protected readonly text: string,
    protected readonly language: ScriptLanguage,
    protected readonly errors: SyntaxErrorInfo[],
  ) {}

  // ------------------------------------------------------------------ pre-scan

  protected usedIdentifiers: Set<string> | undefined;

  protected usesIdentifier(name: string): boolean {
    return this.usedIdentifiers?.has(name) ?? false;
  }

  /** Imports, declared names, class names, instances, and every comment. */
  protected prescan(root: TS.Node): void {
    const ts = this.ts;
    const K = ts.SyntaxKind;
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
    // Nested nodes share their start and end (a call, its callee, the callee's object), and the
    // comments at an offset are the same whichever node asks: each offset is scanned once.
    const scanned = new Uint8Array(this.text.length + 1);
    const visit = (n: TS.Node): void => {
      if ((scanned[n.pos]! & LEADING) === 0) {
        scanned[n.pos]! |= LEADING;
        addComments(ts.getLeadingCommentRanges(this.text, n.pos));
      }
      if ((scanned[n.end]! & TRAILING) === 0) {
        scanned[n.end]! |= TRAILING;
        addComments(ts.getTrailingCommentRanges(this.text, n.end));
      }
      // One kind per node: a switch, not a dozen kind tests per node (identifiers, most of the
      // nodes, have no children).
      switch (n.kind) {
        case K.Identifier:
          used.add((n as TS.Identifier).text);
          return;
        case K.ImportDeclaration:
          if (ts.isStringLiteral((n as TS.ImportDeclaration).moduleSpecifier)) this.registerImport(n as TS.ImportDeclaration);
          break;
        case K.VariableDeclaration: {
          const d = n as TS.VariableDeclaration;
          this.bindingNames(d.name).forEach((x) => this.declared.add(x));
          if (d.initializer) this.registerRequire(d.name, d.initializer);
          const init = d.initializer && skipOuter(ts, d.initializer);
          if (ts.isIdentifier(d.name) && init && ts.isFunctionExpression(init) && setsThis(ts, init)) settingThis.add(d.name.text);
          if (ts.isIdentifier(d.name) && d.initializer && ts.isNewExpression(skipOuter(ts, d.initializer))) {
            const ne = skipOuter(ts, d.initializer) as TS.NewExpression;
            if (ts.isIdentifier(ne.expression)) this.pendingInstances.push([d.name.text, ne.expression.text]);
          }
          if (ts.isIdentifier(d.name) && d.type && ts.isTypeReferenceNode(d.type) && ts.isIdentifier(d.type.typeName)) this.pendingInstances.push([d.name.text, d.type.typeName.text]);
          break;
        }
        case K.NewExpression: {
          const callee = skipOuter(ts, (n as TS.NewExpression).expression);
          if (ts.isIdentifier(callee)) constructed.add(callee.text);
          break;
        }
        case K.FunctionDeclaration:
          if ((n as TS.FunctionDeclaration).name && setsThis(ts, n as TS.FunctionDeclaration)) settingThis.add((n as TS.FunctionDeclaration).name!.text);
          if ((n as TS.FunctionDeclaration).name) this.declared.add((n as TS.FunctionDeclaration).name!.text);
          break;
        case K.ClassDeclaration:
          if ((n as TS.ClassDeclaration).name) {
            this.declared.add((n as TS.ClassDeclaration).name!.text);
            this.userClasses.add((n as TS.ClassDeclaration).name!.text);
          }
          break;
        case K.Parameter: {
          const p = n as TS.ParameterDeclaration;
          this.bindingNames(p.name).forEach((x) => this.declared.add(x));
          if (ts.isIdentifier(p.name) && p.type && ts.isTypeReferenceNode(p.type) && ts.isIdentifier(p.type.typeName)) this.pendingInstances.push([p.name.text, p.type.typeName.text]);
          break;
        }
        case K.BinaryExpression: {
          const b = n as TS.BinaryExpression;
          const proto = prototypeAssignment(ts, b);
          if (proto) {
            const list = this.prototypes.get(proto.cls) ?? [];
            list.push({ ...proto, text: this.text.slice(b.pos, b.end) });
            this.prototypes.set(proto.cls, list);
            this.userClasses.add(proto.cls);
          }
          if (b.operatorToken.kind === K.EqualsToken && ts.isIdentifier(b.left) && ts.isNewExpression(skipOuter(ts, b.right))) {
            const ne = skipOuter(ts, b.right) as TS.NewExpression;
            if (ts.isIdentifier(ne.expression)) this.pendingInstances.push([b.left.text, ne.expression.text]);
          }
          break;
        }
      }
      ts.forEachChild(n, visit);
    };
    const constructed = new Set<string>();
    const settingThis = new Set<string>();
    visit(root);
    for (const name of settingThis) {
      if (!constructed.has(name) || this.userClasses.has(name)) continue;
      this.constructorClasses.add(name);
      this.userClasses.add(name);
    }
    addComments(ts.getLeadingCommentRanges(this.text, this.sf.endOfFileToken.pos));
    for (const [name, cls] of this.pendingInstances) if (this.userClasses.has(cls)) this.instances.add(name);
  }

  protected pendingInstances: [string, string][] = [];

  protected registerImport(n: TS.ImportDeclaration): void {
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
  protected registerRequire(name: TS.BindingName, init: TS.Expression): void {
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

  protected isRequireLike(init: TS.Expression | undefined): boolean {
    const ts = this.ts;
    if (!init) return false;
    const e = skipOuter(ts, init);
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require') return true;
    if (ts.isPropertyAccessExpression(e) && ts.isCallExpression(e.expression) && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === 'require') return true;
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && this.namedImports.get(e.expression.text)?.member === 'create') return true;
    return false;
  }

  protected bindingNames(n: TS.BindingName): string[] {
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

  protected unknownAt(s: Span): Expr {
    return { kind: 'unknown', span: s };
  }

  protected nameExpr(id: string, span: Span): Expr {
    return { kind: 'name', id, span };
  }

  protected npFunc(path: string, span: Span): Expr {
    let e: Expr = { kind: 'name', id: 'np', span };
    for (const part of path.split('.')) e = { kind: 'attr', obj: e, name: part, nameSpan: span, span };
    return e;
  }

  protected npCall(path: string, args: Expr[], keywords: KeywordArg[], span: Span, calleeSpan?: Span): Expr {
    return { kind: 'call', func: this.npFunc(path, calleeSpan ?? span), args, keywords, span };
  }

  protected ctxFor(lib: LibraryId, alias: string): LowerCtx {
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
        self.setNote(e, detachNote(note));
        return e;
      },
      mapFunction: (f, x, s) => self.mapFunction(f, x, s),
    };
    this.ctxCache.set(key, ctx);
    return ctx;
  }

  protected literalBool(n: TS.Expression | undefined): boolean | undefined {
    if (!n) return undefined;
    const e = skipOuter(this.ts, n);
    if (e.kind === this.ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === this.ts.SyntaxKind.FalseKeyword) return false;
    return undefined;
  }

  protected literalNumber(n: TS.Expression | undefined): number | undefined {
    if (!n) return undefined;
    const e = skipOuter(this.ts, n);
    if (this.ts.isNumericLiteral(e)) return Number(e.text);
    if (this.ts.isPrefixUnaryExpression(e) && e.operator === this.ts.SyntaxKind.MinusToken && this.ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
    return undefined;
  }

  /** `[r, c]` → (r, c); anything else as it lowers (a list or tuple value). */
  protected shapeTuple(n: TS.Expression): Expr {
    const e = skipOuter(this.ts, n);
    if (this.ts.isArrayLiteralExpression(e)) return { kind: 'tuple', elts: e.elements.map((x) => this.expr(x)), span: this.span(n) };
    return this.expr(n);
  }

  /** `[r, c]` → r, c; a variable holding a shape → *shape. */
  protected shapeArgs(n: TS.Expression): Expr[] {
    const e = skipOuter(this.ts, n);
    if (this.ts.isArrayLiteralExpression(e)) return e.elements.map((x) => this.expr(x));
    if (this.isScalarSyntax(e)) return [this.expr(e)];
    return [{ kind: 'starred', value: this.expr(n), span: this.span(n) }];
  }

  /** Values JavaScript can only make numbers of: literals, arithmetic, Math.*, lengths and sizes. */
  protected isScalarSyntax(n: TS.Expression): boolean {
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
  protected namespaceOf(n: TS.Expression): { table: LibraryTable; alias: string; lib: LibraryId } | undefined {
    const ts = this.ts;
    const e = skipOuter(ts, n);
    if (!ts.isIdentifier(e)) return undefined;
    const lib = this.namespaces.get(e.text);
    if (!lib || lib === 'own') return undefined;
    return { table: TABLES[lib], alias: e.text, lib };
  }

  // ------------------------------------------------------------------ side effects
  // Lowering a statement returns engine statements and, besides, may note nodes, count library
  // uses, push callbacks and comments and number temporaries. Notes and uses go through these two
  // methods, so the statement memo (statementMemo.ts) can record them and replay them when it reuses
  // the statement; a new kind of side effect must be recorded there too.

  /** What the statement being lowered noted and used, while the memo records it. */
  protected effects: StatementEffects | undefined;

  protected setNote(e: Expr, note: LibNote): void {
    this.notes.set(e, note);
    this.effects?.notes.push([e, note]);
  }

  protected use(lib: LibraryId): void {
    this.libraryUse.set(lib, (this.libraryUse.get(lib) ?? 0) + 1);
    this.effects?.uses.push(lib);
  }
}

export interface StatementEffects {
  notes: [Expr, LibNote][];
  uses: LibraryId[];
}
