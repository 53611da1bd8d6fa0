// Expressions: literals, names, operators, object and array literals, templates, lambdas.
// Property accesses, calls and `new` are lowered in calls.ts.

import type * as TS from 'typescript';
import { typeAnnotation } from './typeShapes';
import type { Expr, Param, Span } from '../ast';
import { LowererBase } from './lowererBase';
import { ARITH, COMPARE, dotted, isRequireMain, readsOnly, skipOuter } from './syntaxHelpers';
import { undefinedTest } from './es5';

export abstract class ExpressionLowerer extends LowererBase {
  protected abstract propertyAccess(n: TS.PropertyAccessExpression, s: Span): Expr;
  protected abstract call(n: TS.CallExpression, s: Span): Expr;
  protected abstract newExpression(n: TS.NewExpression, s: Span): Expr;
  protected abstract isinstanceOf(x: TS.Expression, types: string[], s: Span): Expr;

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

  protected exprInner(n: TS.Expression): Expr {
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

  protected identifier(n: TS.Identifier, s: Span): Expr {
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

  protected objectLiteral(n: TS.ObjectLiteralExpression, s: Span): Expr {
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

  protected lambda(n: TS.ArrowFunction | TS.FunctionExpression, s: Span): Expr {
    const ts = this.ts;
    let body: TS.Expression | undefined;
    if (!ts.isBlock(n.body)) body = n.body;
    else if (n.body.statements.length === 1 && ts.isReturnStatement(n.body.statements[0]) && n.body.statements[0].expression) body = n.body.statements[0].expression;
    if (!body && this.elementwise === 0 && n.parameters.every((p) => ts.isIdentifier(p.name))) return this.hoistFunction(n, s) ?? this.unknownAt(s);
    if (!body || n.parameters.some((p) => !ts.isIdentifier(p.name))) return this.unknownAt(s);
    const params: Param[] = n.parameters.map((p) => ({ name: (p.name as TS.Identifier).text, form: p.dotDotDotToken ? 'vararg' : 'normal', default: p.initializer ? this.expr(p.initializer) : undefined, annotation: typeAnnotation(this.ts, p.type, this.span(p)), span: this.span(p) }));
    return { kind: 'lambda', params, body: this.expr(body), span: s };
  }

  protected compareOperand(n: TS.Expression): Expr {
    const ts = this.ts;
    const e = skipOuter(ts, n);
    // JSON.stringify(a.shape) === JSON.stringify([n, m]) compares the shapes.
    if (ts.isCallExpression(e) && dotted(ts, e.expression) === 'JSON.stringify' && e.arguments[0]) return this.compareOperand(e.arguments[0]);
    if (ts.isArrayLiteralExpression(e)) return this.tupleish(e);
    return this.expr(n);
  }

  protected binary(n: TS.BinaryExpression, s: Span): Expr {
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
    const undef = cmp === '==' || cmp === '!=' ? undefinedTest(ts, n.left, n.right, this.declared) : undefined;
    if (undef) {
      // `typeof ArrayBuffer === 'undefined'` is a feature test every engine passes; `typeof x === 'undefined'` is `x is None`.
      if (undef.runtime) return { kind: 'bool', value: cmp === '!=', span: s };
      return { kind: 'compare', left: this.expr(undef.operand), ops: [cmp === '==' ? 'is' : 'is not'], comparators: [{ kind: 'none', span: s }], span: s };
    }
    // `typeof x === 'number'` (or 'string', 'boolean'): isinstance with Python's type of that name.
    const kind = cmp === '==' || cmp === '!=' ? typeofTest(ts, n.left, n.right) : undefined;
    if (kind) {
      let test = this.isinstanceOf(kind.operand, kind.types, s);
      // A number read from an array the lowering made (np.zeros for `new Array(n).fill(0)`) is a 0-d array.
      // The test reads the operand twice: only an operand without side effects (a name, a field, an item).
      if (kind.types.includes('float') && readsOnly(ts, kind.operand)) {
        const x = this.expr(kind.operand);
        const zeroD: Expr = { kind: 'boolop', op: 'and', values: [this.isinstanceOf(kind.operand, ['np.ndarray'], s), { kind: 'compare', left: { kind: 'attr', obj: x, name: 'ndim', nameSpan: s, span: s }, ops: ['=='], comparators: [{ kind: 'num', value: 0, isInt: true, span: s }], span: s }], span: s };
        test = { kind: 'boolop', op: 'or', values: [zeroD, test], span: s };
      }
      return cmp === '==' ? test : { kind: 'unary', op: 'not', operand: test, span: s };
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
        } else values.push(op === 'or' ? maybeMissing(this.expr(x)) : this.expr(x));
      };
      flatten(n);
      return { kind: 'boolop', op, values, span: s };
    }
    if (k === ts.SyntaxKind.InKeyword) return { kind: 'compare', left: this.expr(n.left), ops: ['in'], comparators: [this.expr(n.right)], span: s };
    // `other instanceof Value` is Python's isinstance(other, Value).
    if (k === ts.SyntaxKind.InstanceOfKeyword) return { kind: 'call', func: this.nameExpr('isinstance', s), args: [this.expr(n.left), this.expr(n.right)], keywords: [], span: s };
    return this.unknownAt(s);
  }

  protected isStringy(n: TS.Expression): boolean {
    const ts = this.ts;
    const e = skipOuter(ts, n);
    if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) return true;
    return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken && (this.isStringy(e.left) || this.isStringy(e.right));
  }

  /** An operand of string concatenation: strings as they are, anything else through str(). */
  protected asString(n: TS.Expression): Expr {
    const ts = this.ts;
    const e = skipOuter(ts, n);
    if (this.isStringy(e)) return this.expr(e);
    const s = this.span(n);
    return { kind: 'call', func: this.nameExpr('str', s), args: [this.expr(n)], keywords: [], span: s };
  }

  /** `\`W${l}\`` → "W" + str(l) */
  protected template(n: TS.TemplateExpression, s: Span): Expr {
    let out: Expr = { kind: 'str', value: n.head.text, span: this.span(n.head) };
    for (const part of n.templateSpans) {
      out = { kind: 'binop', op: '+', left: out, right: this.asString(part.expression), span: s };
      if (part.literal.text) out = { kind: 'binop', op: '+', left: out, right: { kind: 'str', value: part.literal.text, span: this.span(part.literal) }, span: s };
    }
    return out;
  }

  /** An array literal where a tuple is meant (a return value, a destructured source). */
  protected tupleish(n: TS.Expression): Expr {
    const e = skipOuter(this.ts, n);
    if (this.ts.isArrayLiteralExpression(e) && !e.elements.some((x) => this.ts.isSpreadElement(x))) return { kind: 'tuple', elts: e.elements.map((x) => this.expr(x)), span: this.span(n) };
    return this.expr(n);
  }

  protected returnValue(n: TS.Expression): Expr {
    return this.tupleish(n);
  }

  protected instanceLike(e: Expr): boolean {
    return (e.kind === 'name' && (e.id === 'self' || this.instances.has(e.id))) || false;
  }
}

/** The Python types a `typeof x === '…'` test stands for. */
const TYPEOF_TYPES: ReadonlyMap<string, string[]> = new Map([['number', ['int', 'float']], ['string', ['str']], ['boolean', ['bool']]]);

/** `typeof x === 'number'` in either order: x and the types, or undefined. */
function typeofTest(ts: typeof TS, a: TS.Expression, b: TS.Expression): { operand: TS.Expression; types: string[] } | undefined {
  for (const [x, y] of [[a, b], [b, a]]) {
    const t = skipOuter(ts, x);
    const lit = skipOuter(ts, y);
    const types = ts.isTypeOfExpression(t) && ts.isStringLiteralLike(lit) ? TYPEOF_TYPES.get(lit.text) : undefined;
    if (types && ts.isTypeOfExpression(t)) return { operand: skipOuter(ts, t.expression), types };
  }
  return undefined;
}

/**
 * `options.children || []`: a plain object's field that may be missing (undefined, then the default) is
 * `options.get("children")`, not a subscript that stops on a missing key.
 */
function maybeMissing(e: Expr): Expr {
  if (e.kind !== 'subscript' || e.index.kind !== 'str') return e;
  return { kind: 'call', func: { kind: 'attr', obj: e.obj, name: 'get', nameSpan: e.index.span, span: e.span }, args: [e.index], keywords: [], span: e.span };
}
