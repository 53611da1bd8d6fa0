// Declarations and assignment targets: `const`/`let`/`var` (functions and classes bound to a
// name included), destructuring, targets written as expressions, `tf.tidy` bodies inlined, JSDoc.

import type * as TS from 'typescript';
import type { Expr, Span, Stmt } from '../ast';
import { parseJsDoc, shapeCommentFromJsDoc, type JsDoc } from './jsdoc';
import { CallLowerer } from './calls';
import { containsReturn, skipOuter } from './syntaxHelpers';

export abstract class BindingLowerer extends CallLowerer {
  protected abstract stmts(nodes: readonly TS.Statement[] | TS.NodeArray<TS.Statement>): Stmt[];
  protected abstract functionDef(name: string, nameSpan: Span, fn: TS.FunctionLikeDeclarationBase, doc: JsDoc | undefined, span: Span, method: boolean, isStatic?: boolean, prologue?: Stmt[]): Stmt & { kind: 'def' };
  protected abstract classDef(n: TS.ClassLikeDeclaration, nameOverride?: string): Stmt;

  protected jsDocOf(n: TS.Node): JsDoc | undefined {
    const ranges = this.ts.getLeadingCommentRanges(this.text, n.pos);
    if (!ranges) return undefined;
    for (let i = ranges.length - 1; i >= 0; i--) {
      const r = ranges[i];
      const t = this.text.slice(r.pos, r.end);
      if (t.startsWith('/**') && !t.startsWith('/**/')) {
        const doc = parseJsDoc(t);
        const at = /^[ \t]*\*?[ \t]*(.*@shape\b.*?)[ \t]*$/m.exec(t);
        if (doc.shape !== undefined && at) {
          const start = r.pos + at.index + at[0].indexOf(at[1]);
          doc.shapeLine = { start, end: start + at[1].length };
        }
        return doc;
      }
    }
    return undefined;
  }

  /**
   * The `//` comments directly above a node, as a JSDoc with a description only, when they state a
   * shape in free form for some name (`// X: [nX, m]`); undefined otherwise (a line comment is not
   * a docstring unless it states shapes).
   */
  protected freeFormDoc(n: TS.Node): JsDoc | undefined {
    const ranges = this.ts.getLeadingCommentRanges(this.text, n.pos);
    if (!ranges) return undefined;
    const lines: string[] = [];
    for (let i = ranges.length - 1; i >= 0; i--) {
      const r = ranges[i];
      if (r.kind !== this.ts.SyntaxKind.SingleLineCommentTrivia) break;
      lines.unshift(this.text.slice(r.pos + 2, r.end).trim());
    }
    const description = lines.join('\n');
    if (!/[\w$]\s*(?::|--?|—|–|=)?\s*[\[(][^\])]*[,×]/.test(description)) return undefined;
    return { description, params: [], returns: undefined, shape: undefined, backpropLint: undefined };
  }

  protected variableStatement(n: TS.VariableStatement): Stmt[] {
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
        out.push(this.functionDef(d.name.text, this.span(d.name), init, decls.length === 1 ? (doc ?? this.freeFormDoc(n)) : undefined, this.span(d), false));
        continue;
      }
      if (ts.isIdentifier(d.name) && ts.isClassExpression(init)) {
        out.push(this.classDef(init, d.name.text));
        continue;
      }
      if (doc && decls.length === 1) {
        const c = shapeCommentFromJsDoc(doc);
        const s = this.span(d);
        if (c) this.comments.push({ text: c, span: { start: s.start, end: s.start }, ...(doc.shapeLine ? { written: doc.shapeLine } : {}) });
      }
      out.push(...this.assignFromBinding(d.name, d.initializer, this.span(d)));
    }
    return out;
  }

  /** `const x = v`, `const [a, b] = v`, `const { W1, b1 } = v`. */
  protected assignFromBinding(name: TS.BindingName, init: TS.Expression, span: Span): Stmt[] {
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
  protected destructure(name: TS.BindingName, obj: Expr, span: Span): Stmt[] {
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

  protected bindingTarget(n: TS.BindingName): Expr {
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
  protected target(n: TS.Node): Expr {
    const ts = this.ts;
    if (ts.isVariableDeclarationList(n)) return n.declarations[0] ? this.bindingTarget(n.declarations[0].name) : this.unknownAt(this.span(n));
    const e = ts.isExpression(n) ? skipOuter(ts, n) : n;
    if (ts.isArrayLiteralExpression(e)) return { kind: 'tuple', elts: e.elements.map((x) => this.target(x)), span: this.span(e) };
    if (ts.isIdentifier(e)) return this.nameExpr(e.text, this.span(e));
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return this.expr(e);
    return this.unknownAt(this.span(n));
  }

  /** `x = tf.tidy(() => { …; return v; })`: the callback's statements inline, then v. */
  protected tidyBody(init: TS.Expression): { stmts: Stmt[]; value: Expr } | undefined {
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
}
