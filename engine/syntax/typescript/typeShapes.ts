// TypeScript types as shape sources (issue 11): a parameter's type says its rank where it says
// something (`number[][]`, `Tensor2D`, `Matrix`), and an object type, an interface or a type alias
// says which fields a parameter holds (`p: Params` with `type Params = ReturnType<typeof initParams>`).
// The lowering writes a type as an annotation expression the interpreter reads
// (engine/interp/annotations.ts), wrapped in a call to TYPE_MARK so a Python annotation is never
// read as one:
//
//   number[][]                      → list[list[float]]
//   Tensor2D, tf.Tensor2D, Matrix   → Tensor2D, Tensor2D, Matrix (a name)
//   { A: number[][]; W: Matrix }    → {"A": list[list[float]], "W": Matrix}
//   ReturnType<typeof initParams>   → ReturnType(initParams)
//   Params                          → Params (an alias or interface, resolved by the interpreter)
//
// A type alias or an interface becomes `__bpl_type_<Name>: <type>` (an annotated name with no value,
// which runs as nothing). Every node is tested by its kind, so the compiler view needs no new members.

import type * as TS from 'typescript';
import type { Expr, Span, Stmt } from '../ast';

export const TYPE_MARK = '__bpl_type';
export const TYPE_DECL_PREFIX = '__bpl_type_';
const MAX_DEPTH = 8;

/** The annotation expression a parameter's type stands for, wrapped in TYPE_MARK (undefined when it says nothing about shapes). */
export function typeAnnotation(ts: typeof TS, t: TS.TypeNode | undefined, span: Span): Expr | undefined {
  const inner = t ? typeExpr(ts, t, span, 0) : undefined;
  return inner ? { kind: 'call', func: { kind: 'name', id: TYPE_MARK, span }, args: [inner], keywords: [], span } : undefined;
}

/** `type X = T` / `interface X { … }` as `__bpl_type_X: T` (no statement when T says nothing). */
export function typeDeclaration(ts: typeof TS, n: TS.TypeAliasDeclaration | TS.InterfaceDeclaration, span: Span): Stmt[] {
  const K = ts.SyntaxKind;
  const t = n.kind === K.TypeAliasDeclaration ? typeExpr(ts, (n as TS.TypeAliasDeclaration).type, span, 0) : members(ts, (n as TS.InterfaceDeclaration).members, span, 0);
  if (!t) return [];
  return [{ kind: 'annassign', target: { kind: 'name', id: `${TYPE_DECL_PREFIX}${n.name.text}`, span }, annotation: { kind: 'call', func: { kind: 'name', id: TYPE_MARK, span }, args: [t], keywords: [], span }, value: undefined, span }];
}

function name(id: string, span: Span): Expr {
  return { kind: 'name', id, span };
}

function listOf(e: Expr, span: Span): Expr {
  return { kind: 'subscript', obj: name('list', span), index: e, span };
}

function typeExpr(ts: typeof TS, t: TS.TypeNode, span: Span, depth: number): Expr | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const K = ts.SyntaxKind;
  switch (t.kind) {
    case K.NumberKeyword:
      return name('float', span);
    case K.ParenthesizedType:
      return typeExpr(ts, (t as TS.ParenthesizedTypeNode).type, span, depth + 1);
    case K.TypeOperator:
      // `readonly number[]`
      return typeExpr(ts, (t as TS.TypeOperatorNode).type, span, depth + 1);
    case K.ArrayType: {
      const el = typeExpr(ts, (t as TS.ArrayTypeNode).elementType, span, depth + 1);
      return el && isArrayLike(el) ? listOf(el, span) : undefined;
    }
    case K.UnionType: {
      // `number[][] | undefined`, `Matrix | null`: the one type that is not nothing.
      const real = (t as TS.UnionTypeNode).types.filter((x) => x.kind !== K.UndefinedKeyword && x.kind !== K.NullKeyword && !(x.kind === K.LiteralType && (x as TS.LiteralTypeNode).literal.kind === K.NullKeyword));
      return real.length === 1 ? typeExpr(ts, real[0]!, span, depth + 1) : undefined;
    }
    case K.TypeLiteral:
      return members(ts, (t as TS.TypeLiteralNode).members, span, depth + 1);
    case K.TupleType: {
      // `[Tensor2D, Tensor2D, number]`: a tuple whose elements that say nothing are `None` (holes when read).
      const els = (t as TS.TupleTypeNode).elements.map((x) => (x.kind === K.NamedTupleMember ? (x as TS.NamedTupleMember).type : x));
      if (els.some((x) => x.kind === K.RestType || x.kind === K.OptionalType)) return undefined;
      const items = els.map((x): Expr => typeExpr(ts, x, span, depth + 1) ?? { kind: 'none', span });
      return items.some((x) => x.kind !== 'none') ? { kind: 'tuple', elts: items, span } : undefined;
    }
    case K.TypeReference: {
      const ref = t as TS.TypeReferenceNode;
      const refName = ref.typeName.kind === K.Identifier ? (ref.typeName as TS.Identifier).text : (ref.typeName as TS.QualifiedName).right.text;
      const args = ref.typeArguments ?? [];
      if ((refName === 'Array' || refName === 'ReadonlyArray') && args.length === 1) {
        const el = typeExpr(ts, args[0]!, span, depth + 1);
        return el && isArrayLike(el) ? listOf(el, span) : undefined;
      }
      if (refName === 'Float64Array' || refName === 'Float32Array') return listOf(name('float', span), span);
      if (refName === 'ReturnType' && args.length === 1 && args[0]!.kind === K.TypeQuery) {
        const q = (args[0] as TS.TypeQueryNode).exprName;
        if (q.kind !== K.Identifier) return undefined;
        return { kind: 'call', func: name('ReturnType', span), args: [name((q as TS.Identifier).text, span)], keywords: [], span };
      }
      if (args.length > 0) return undefined;
      return name(refName, span);
    }
    default:
      return undefined;
  }
}

/** An element type an array type may hold: a number or another array (a list, or a named type resolved later). */
function isArrayLike(e: Expr): boolean {
  return (e.kind === 'name' && e.id === 'float') || (e.kind === 'subscript' && e.obj.kind === 'name' && e.obj.id === 'list');
}

function members(ts: typeof TS, ms: TS.NodeArray<TS.TypeElement>, span: Span, depth: number): Expr | undefined {
  const K = ts.SyntaxKind;
  const keys: Expr[] = [];
  const values: Expr[] = [];
  for (const m of ms) {
    if (m.kind !== K.PropertySignature) continue;
    const p = m as TS.PropertySignature;
    const key = p.name.kind === K.Identifier || p.name.kind === K.StringLiteral ? (p.name as TS.Identifier | TS.StringLiteral).text : undefined;
    if (key === undefined || !p.type) continue;
    const v = typeExpr(ts, p.type, span, depth + 1);
    if (!v) continue;
    keys.push({ kind: 'str', value: key, span });
    values.push(v);
  }
  return keys.length > 0 ? { kind: 'dict', keys, values, span } : undefined;
}

/**
 * A JSDoc type (`@param {number[][]} X`, `{Array<Array<number>>}`, `{tf.Tensor2D}`, `{Matrix}`) as the
 * same annotation, for JavaScript, whose parameters have no types of their own.
 */
export function jsDocTypeAnnotation(text: string | undefined, span: Span): Expr | undefined {
  if (!text) return undefined;
  const inner = jsDocType(text.trim().replace(/^[?!]|[?!=]$/g, ''), span, 0);
  return inner ? { kind: 'call', func: name(TYPE_MARK, span), args: [inner], keywords: [], span } : undefined;
}

function jsDocType(t: string, span: Span, depth: number): Expr | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (t === 'number') return name('float', span);
  if (t.endsWith('[]')) {
    const el = jsDocType(t.slice(0, -2).trim(), span, depth + 1);
    return el && isArrayLike(el) ? listOf(el, span) : undefined;
  }
  const generic = /^(?:Array|ReadonlyArray)\s*(?:\.)?<(.*)>$/.exec(t);
  if (generic) {
    const el = jsDocType(generic[1]!.trim(), span, depth + 1);
    return el && isArrayLike(el) ? listOf(el, span) : undefined;
  }
  if (t === 'Float64Array' || t === 'Float32Array') return listOf(name('float', span), span);
  const ref = /^(?:[A-Za-z_$][\w$]*\.)*([A-Za-z_$][\w$]*)$/.exec(t);
  return ref ? name(ref[1]!, span) : undefined;
}
