// Statements: the dispatch over statement kinds, switch → if/elif, imports, expression statements
// (assignments, asserts, in-place updates), `if (…) throw` → assert, and loops.

import type * as TS from 'typescript';
import { typeDeclaration } from './typeShapes';
import type { Expr, Span, Stmt } from '../ast';
import { entry } from './libraries/types';
import { ML_MATRIX_INPLACE } from './libraries/mlMatrix';
import { libraryOfModule } from './libraryTables';
import { BindingLowerer } from './bindings';
import { COMPOUND, MIRROR, NEGATED_COMPARE, assigns, containsBreak, containsContinue, dotted, isThrowOnly, skipOuter } from './syntaxHelpers';

export abstract class StatementLowerer extends BindingLowerer {
  // ------------------------------------------------------------------ statements

  protected stmts(nodes: readonly TS.Statement[] | TS.NodeArray<TS.Statement>): Stmt[] {
    const out: Stmt[] = [];
    for (const s of nodes) out.push(...this.stmt(s));
    return out;
  }

  protected block(n: TS.Statement): Stmt[] {
    if (this.ts.isBlock(n)) return this.stmts(n.statements);
    return this.stmt(n);
  }

  protected other(n: TS.Node): Stmt {
    return { kind: 'other', span: this.span(n) };
  }

  protected stmt(n: TS.Statement): Stmt[] {
    if (++this.depth > 200) {
      this.depth--;
      return [this.other(n)];
    }
    const outer = this.hoisted;
    this.hoisted = [];
    try {
      const out = this.stmtInner(n);
      return this.hoisted.length ? [...this.hoisted, ...out] : out;
    } finally {
      this.hoisted = outer;
      this.depth--;
    }
  }

  protected stmtInner(n: TS.Statement): Stmt[] {
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
    if (ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) return typeDeclaration(ts, n, this.span(n));
    if (ts.isModuleDeclaration(n) || ts.isExportDeclaration(n) || ts.isImportEqualsDeclaration(n)) return [];
    if (ts.isExportAssignment(n)) return [{ kind: 'expr', value: this.expr(n.expression), span: this.span(n) }];
    if (ts.isSwitchStatement(n)) return this.switchStatement(n);
    return [this.other(n)];
  }

  /**
   * `switch (activation) { case 'relu': …; break; case 'sigmoid': …; break; default: … }` →
   * if/elif/else, when no clause falls through into the next one (empty cases share the next body).
   */
  protected switchStatement(n: TS.SwitchStatement): Stmt[] {
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

  protected importDeclaration(n: TS.ImportDeclaration): Stmt[] {
    const ts = this.ts;
    if (!ts.isStringLiteral(n.moduleSpecifier)) return [];
    const spec = n.moduleSpecifier.text;
    if (libraryOfModule(spec)) return [{ kind: 'pass', span: this.span(n) }];
    const clause = n.importClause;
    if (!clause || clause.isTypeOnly) return [];
    // A module beside the file: `import { sigmoid } from './utils'` → `from ./utils import sigmoid`; the
    // relative path is the module's name (engine/moduleFiles.ts resolves it against the file's folder).
    const module = spec;
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

  protected expressionStatement(n: TS.ExpressionStatement): Stmt[] {
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
  protected callStatement(e: TS.CallExpression, s: Span): Stmt[] | undefined {
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

  protected ifStatement(n: TS.IfStatement): Stmt[] {
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
  protected wholeShapes(tests: Expr[]): Expr[] {
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
  protected negated(n: TS.Expression): Expr[] {
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

  protected forStatement(n: TS.ForStatement): Stmt[] {
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

  protected updateStatement(e: TS.Expression): Stmt[] {
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
  protected countingLoop(n: TS.ForStatement): { name: string; nameSpan: Span; range: Expr } | undefined {
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
}
