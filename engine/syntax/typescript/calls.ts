// Property accesses, calls and `new`: library spellings through their tables (libraries/*.ts),
// the user's own matrix class, Math.*, console.*, and callbacks applied elementwise.

import type * as TS from 'typescript';
import type { Expr, KeywordArg, Span } from '../ast';
import { entry, libraryAlias, type LibraryId } from './libraries/types';
import { MATHJS_SCALAR_FUNCTIONS } from './libraries/mathjs';
import { MATH_UFUNCS, TABLES } from './libraryTables';
import { ExpressionLowerer } from './expressions';
import { mentions, readsOnly, skipOuter } from './syntaxHelpers';
import { TYPED_ARRAYS } from './es5';
import { filledArray, type Fill } from './filledArrays';

export abstract class CallLowerer extends ExpressionLowerer {
  /** While a hand-filled array's element is lowered (filledArrays.ts): the sizes each Math.random() draws. */
  protected drawSizes: Expr[] | undefined;

  /** `f` applied elementwise to the array `x`: a Math or mathjs scalar function, a pure callback, or a function the file defines. */
  protected mapFunction(f: TS.Expression, x: Expr, s: Span): Expr | undefined {
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

  protected propertyAccess(n: TS.PropertyAccessExpression, s: Span): Expr {
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

  protected aliasOf(lib: LibraryId): string {
    return libraryAlias(this.namespaces, lib);
  }

  /** Call arguments with the Python keyword spelling `keepdims=True` (an edited copy) split off. */
  protected splitArgs(args: TS.NodeArray<TS.Expression> | readonly TS.Expression[]): { args: TS.Expression[]; keywords: KeywordArg[] } {
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

  protected withKeywords(e: Expr, keywords: KeywordArg[]): Expr {
    if (keywords.length === 0 || e.kind !== 'call') return e;
    const kept = e.keywords.filter((k) => !keywords.some((x) => x.name === k.name));
    return { ...e, keywords: [...kept, ...keywords] };
  }

  protected call(n: TS.CallExpression, s: Span): Expr {
    const ts = this.ts;
    const callee = skipOuter(ts, n.expression);
    const { args, keywords } = this.splitArgs(n.arguments);
    const lowered = this.callInner(n, callee, args, s);
    if (this.notes.has(lowered) && keywords.length) {
      const e = this.withKeywords(lowered, keywords);
      this.setNote(e, this.notes.get(lowered)!);
      return e;
    }
    return this.withKeywords(lowered, keywords);
  }

  protected callInner(n: TS.CallExpression, callee: TS.Expression, args: TS.Expression[], s: Span): Expr {
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
      // The file's own matrix functions on nested arrays (ownMatrix.ts): matmul(W, X) → np.dot(W, X).
      const ownFn = this.ownTable ? entry(this.ownTable.functions, `.${callee.text}`) : undefined;
      const lowered = ownFn?.(this.ctxFor('own', ''), n, args);
      if (lowered) return lowered;
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
          case 'isNaN': {
            // NaN is the one number unequal to itself.
            if (args.length !== 1) return this.unknownAt(s);
            const x = this.expr(args[0]);
            return { kind: 'compare', left: x, ops: ['!='], comparators: [x], span: s };
          }
        }
      }
      return generic();
    }
    if (!ts.isPropertyAccessExpression(callee)) return generic();
    const filled = filledArray(ts, n, (x) => this.isScalarSyntax(x), this.declared);
    if (filled) return this.filledArrayExpr(filled, s);
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
      // `Array.isArray(x)`: a list, or an array the lowering made of one (`new Array(n).fill(0)` is np.zeros)
      // that has an axis (an element read from one is a number): isinstance(x, list) or (ndarray and x.ndim > 0).
      if (id === 'Array' && method === 'isArray' && args.length === 1 && !this.declared.has('Array')) {
        // The operand is read twice: only one without side effects; another is tested as a list only.
        if (!readsOnly(ts, args[0])) return this.isinstanceOf(args[0], ['list'], s);
        const x = this.expr(args[0]);
        const isArr = this.isinstanceOf(args[0], ['np.ndarray'], s);
        const hasAxis: Expr = { kind: 'compare', left: { kind: 'attr', obj: x, name: 'ndim', nameSpan: s, span: s }, ops: ['>'], comparators: [{ kind: 'num', value: 0, isInt: true, span: s }], span: s };
        return { kind: 'boolop', op: 'or', values: [this.isinstanceOf(args[0], ['list'], s), { kind: 'boolop', op: 'and', values: [isArr, hasAxis], span: s }], span: s };
      }
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

  protected mathCall(method: string, args: TS.Expression[], s: Span, calleeSpan: Span): Expr {
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
        return this.npCall('random.rand', this.drawSizes ?? [], [], s, calleeSpan);
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

  /** A hand-filled array (filledArrays.ts) as its NumPy constructor. */
  protected filledArrayExpr(a: { sizes: TS.Expression[]; fill: Fill }, s: Span): Expr {
    const sizes = a.sizes.map((x) => this.expr(x));
    const shape: Expr = sizes.length === 1 ? sizes[0] : { kind: 'tuple', elts: sizes, span: s };
    if (a.fill.kind === 'full') return this.npCall('full', [shape, this.expr(a.fill.value)], [], s);
    if (a.fill.kind !== 'each') return this.npCall(a.fill.kind, [shape], [], s);
    // Each Math.random() in the element's expression draws the whole array at once.
    const outer = this.drawSizes;
    this.drawSizes = sizes;
    try {
      const value = this.expr(a.fill.value);
      return { ...value, span: s };
    } finally {
      this.drawSizes = outer;
    }
  }

  /** `new Float64Array(n)`: n zeros; `new Float64Array(a)`: a copy of a; which one, the value decides. */
  protected typedArray(arg: TS.Expression, s: Span): Expr {
    const x = this.expr(arg);
    const zeros = this.npCall('zeros', [x], [], s);
    if (this.isScalarSyntax(arg)) return zeros;
    const numberTypes: Expr = { kind: 'tuple', elts: [this.nameExpr('int', s), this.nameExpr('float', s)], span: s };
    const isNumber: Expr = { kind: 'call', func: this.nameExpr('isinstance', s), args: [x, numberTypes], keywords: [], span: s };
    return { kind: 'ifexp', test: isNumber, body: zeros, orelse: this.npCall('array', [x], [], s), span: s };
  }

  /** `isinstance(x, (a, b))` for the builtin types named (`np.ndarray` as an attribute of np). */
  protected isinstanceOf(x: TS.Expression, types: string[], s: Span): Expr {
    const type = (t: string): Expr => (t.startsWith('np.') ? { kind: 'attr', obj: this.nameExpr('np', s), name: t.slice(3), nameSpan: s, span: s } : this.nameExpr(t, s));
    const of: Expr = types.length === 1 ? type(types[0]) : { kind: 'tuple', elts: types.map(type), span: s };
    return { kind: 'call', func: this.nameExpr('isinstance', s), args: [this.expr(x), of], keywords: [], span: s };
  }

  protected newExpression(n: TS.NewExpression, s: Span): Expr {
    const ts = this.ts;
    const args = [...(n.arguments ?? [])];
    const callee = skipOuter(ts, n.expression);
    // `new Set(items)`: Python's set of them (distinct items, as the evaluator models a set).
    if (ts.isIdentifier(callee) && callee.text === 'Set' && !this.declared.has('Set') && args.length <= 1) {
      return { kind: 'call', func: this.nameExpr('set', s), args: args.map((a) => this.expr(a)), keywords: [], span: s };
    }
    const ns = this.namespaceOf(callee);
    if (ns?.table.construct) {
      const r = ns.table.construct(this.ctxFor(ns.lib, ns.alias), n, args);
      if (r) {
        this.use(ns.lib);
        return r;
      }
      return this.unknownAt(s);
    }
    if (ts.isIdentifier(callee) && TYPED_ARRAYS.has(callee.text) && !this.declared.has(callee.text) && args.length === 1) return this.typedArray(args[0], s);
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
