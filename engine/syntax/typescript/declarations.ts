// Functions and classes: parameters (destructured ones read at the top of the body), function and
// method definitions, classes (`constructor` → `__init__`, fields and parameter properties → assignments to self).

import type * as TS from 'typescript';
import type { Expr, Param, Span, Stmt } from '../ast';
import { docstringFromJsDoc, type JsDoc } from './jsdoc';
import { jsDocTypeAnnotation, typeAnnotation } from './typeShapes';
import { StatementLowerer } from './statements';
import { memberName, skipOuter } from './syntaxHelpers';
import { constructorFunction, isGlobalObject, moduleWrapper, prototypeAssignment, prototypeMethods, type ModuleWrapper } from './es5';

export abstract class DeclarationLowerer extends StatementLowerer {
  // ------------------------------------------------------------------ JavaScript before classes (es5.ts)

  protected override stmtInner(n: TS.Statement): Stmt[] {
    const ts = this.ts;
    if (ts.isExpressionStatement(n)) {
      // A top-level module wrapper (depth 1: the statement is the file's own).
      const wrapper = this.depth === 1 ? moduleWrapper(ts, n) : undefined;
      if (wrapper) return this.moduleWrapperBody(wrapper);
      // The prototype's methods are the class's, lowered with its constructor.
      if (prototypeAssignment(ts, n.expression)) return [];
    }
    const ctor = constructorFunction(ts, n);
    if (ctor && (this.prototypes.has(ctor.name) || this.constructorClasses.has(ctor.name))) return [this.prototypeClass(ctor, n)];
    return super.stmtInner(n);
  }

  /**
   * `steps.push(function () { … })`: a function written where a value goes, with statements in its body,
   * is a def named `__bpl_fnN` placed before the statement, and the value is its name (a closure over the
   * same variables, as in JavaScript).
   */
  protected hoistFunction(n: TS.ArrowFunction | TS.FunctionExpression, s: Span): Expr | undefined {
    if (!this.hoisted) return undefined;
    const hoisted = this.hoisted;
    const name = `__bpl_fn${++this.tmp}`;
    const def = this.functionDef(name, s, n, undefined, s, false);
    hoisted.push(def);
    return this.nameExpr(name, s);
  }

  /** `(function (g) { body })(x)` → `g = x` and the body, at the top level; the body's own `return` ends nothing there. */
  private moduleWrapperBody(w: ModuleWrapper): Stmt[] {
    const ts = this.ts;
    const out: Stmt[] = [];
    w.fn.parameters.forEach((p, i) => {
      const s = this.span(p);
      const arg = w.args[i];
      // The page's global object (`this`, `window`): a namespace the script hangs its API on, an empty dict here.
      const value: Expr = !arg ? { kind: 'none', span: s } : isGlobalObject(ts, arg, this.declared) ? { kind: 'dict', keys: [], values: [], span: this.span(arg) } : this.expr(arg);
      out.push({ kind: 'assign', targets: [this.nameExpr((p.name as TS.Identifier).text, this.span(p.name))], value, span: s });
    });
    for (const st of w.fn.body.statements) if (!ts.isReturnStatement(st)) out.push(...this.stmt(st));
    return out;
  }

  /** A constructor function and its prototype's methods as one class: the constructor is `__init__`. */
  private prototypeClass(ctor: { name: string; nameNode: TS.Identifier; fn: TS.FunctionLikeDeclarationBase }, n: TS.Statement): Stmt {
    const ts = this.ts;
    const body: Stmt[] = [this.functionDef('__init__', this.span(ctor.nameNode), ctor.fn, this.jsDocOf(n), this.span(ctor.fn), true)];
    for (const p of this.prototypes.get(ctor.name) ?? []) {
      for (const m of prototypeMethods(ts, p)) body.push(this.functionDef(m.name, this.span(m.nameNode), m.fn, this.jsDocOf(m.node), this.span(m.node), true));
    }
    return { kind: 'class', name: ctor.name, nameSpan: this.span(ctor.nameNode), bases: [], body, docstring: undefined, span: this.span(n) };
  }

  // ------------------------------------------------------------------ functions and classes

  protected params(ps: TS.NodeArray<TS.ParameterDeclaration>, body: Stmt[]): Param[] {
    const ts = this.ts;
    const out: Param[] = [];
    ps.forEach((p, i) => {
      if (ts.isIdentifier(p.name) && p.name.text === 'this') return;
      const s = this.span(p);
      if (ts.isIdentifier(p.name)) {
        out.push({ name: p.name.text, form: p.dotDotDotToken ? 'vararg' : 'normal', default: p.initializer ? this.expr(p.initializer) : undefined, annotation: typeAnnotation(ts, p.type, s), span: s });
        return;
      }
      // A destructured parameter: a name of its own, read at the top of the body.
      const name = `__bpl_arg${i}`;
      out.push({ name, form: 'normal', default: undefined, annotation: typeAnnotation(ts, p.type, s), span: s });
      body.unshift(...this.destructure(p.name, this.nameExpr(name, s), s));
    });
    return out;
  }

  protected functionDef(
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
    // JavaScript: a parameter without a type of its own may have one in the JSDoc (`@param {number[][]} X`).
    if (doc) for (const p of params) if (!p.annotation) p.annotation = jsDocTypeAnnotation(doc.params.find((d) => d.name === p.name)?.type, p.span);
    body.unshift(...prologue);
    if (method && !isStatic) params.unshift({ name: 'self', form: 'normal', default: undefined, annotation: undefined, span: nameSpan });
    // No JSDoc: `// X: [nX, m]` line comments right above the function may state shapes in free form.
    const d = doc ?? this.freeFormDoc(fn);
    return { kind: 'def', name, nameSpan, params, body, docstring: d ? docstringFromJsDoc(d, params.map((p) => p.name)) : undefined, decorators: [], span };
  }

  protected classDef(n: TS.ClassLikeDeclaration, nameOverride?: string): Stmt {
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
}
