// Conversion of Lezer expression nodes to the engine's Expr.
//
// Anything this file does not map (walrus, await, yield, set literals, error nodes) becomes an
// `unknown` expression with the node's span, so the rest of the statement is still usable.

import type { SyntaxNode } from '@lezer/common';
import type { BinaryOperator, CompareOperator, Comprehension, Expr, KeywordArg, Param } from '../ast';
import { floatAt, numberValue, stringValue } from './literals';
import { type Context, MAX_DEPTH, kids, nodeSpan, spanOf, splitCommas, textOf } from './tree';

const BINARY_OPS = new Set<string>(['+', '-', '*', '/', '//', '%', '**', '@', '&', '|', '^', '<<', '>>']);
const COMPARE_OPS = new Set<string>(['<', '<=', '>', '>=', '==', '!=', 'in', 'not in', 'is', 'is not']);

export function unknown(ctx: Context, node: SyntaxNode): Expr {
  return { kind: 'unknown', span: nodeSpan(ctx, node) };
}

/** Convert one expression node, guarding the recursion depth. */
export function expr(ctx: Context, node: SyntaxNode): Expr {
  if (ctx.depth >= MAX_DEPTH) return unknown(ctx, node);
  ctx.depth++;
  try {
    return convert(ctx, node);
  } finally {
    ctx.depth--;
  }
}

/** One element made of several nodes: `*x`, or a single expression. */
export function element(ctx: Context, group: SyntaxNode[]): Expr {
  const first = group[0];
  const last = group[group.length - 1];
  if (group.length === 1) return expr(ctx, first);
  if (group.length === 2 && first.name === '*') {
    return { kind: 'starred', value: expr(ctx, last), span: spanOf(ctx, first.from, last.to) };
  }
  return { kind: 'unknown', span: spanOf(ctx, first.from, last.to) };
}

/**
 * A comma-separated run of nodes: one element without a comma, a tuple otherwise.
 * `span` gives the tuple's extent when it has brackets; a bare tuple spans its elements.
 */
export function sequence(ctx: Context, nodes: SyntaxNode[], from?: number, to?: number): Expr {
  const { groups, trailingComma } = splitCommas(nodes.filter((n) => !isEmptyError(n)));
  if (groups.length === 0 && from === undefined) {
    const at = nodes[0]?.from ?? 0;
    return { kind: 'unknown', span: spanOf(ctx, at, nodes[nodes.length - 1]?.to ?? at) };
  }
  if (groups.length === 1 && !trailingComma && from === undefined) return element(ctx, groups[0]);
  const start = from ?? nodes[0]?.from ?? 0;
  const end = to ?? nodes[nodes.length - 1]?.to ?? start;
  return { kind: 'tuple', elts: groups.map((g) => element(ctx, g)), span: spanOf(ctx, start, end) };
}

function isEmptyError(n: SyntaxNode): boolean {
  return n.type.isError && n.from === n.to;
}

/** The nodes between an opening and a closing bracket (either may be missing while typing). */
function inner(node: SyntaxNode, open: string, close: string): SyntaxNode[] {
  const k = kids(node);
  let a = 0;
  let b = k.length;
  if (k[0]?.name === open) a = 1;
  if (b > a && k[b - 1].name === close) b--;
  return k.slice(a, b);
}

/** Lezer sometimes invents an opening bracket to recover (`z = )`); such a node means nothing. */
const OPENER: Record<string, string> = {
  TupleExpression: '(',
  ArrayExpression: '[',
  DictionaryExpression: '{',
  SetExpression: '{',
};

function convert(ctx: Context, node: SyntaxNode): Expr {
  const span = nodeSpan(ctx, node);
  const opener = OPENER[node.name];
  if (opener !== undefined && node.firstChild?.name !== opener) return unknown(ctx, node);
  switch (node.name) {
    case 'VariableName':
      return { kind: 'name', id: textOf(ctx, node), span };
    case 'Number':
      return { kind: 'num', ...numberValue(textOf(ctx, node)), span };
    case 'String':
      return { kind: 'str', value: stringValue(textOf(ctx, node)), span };
    case 'FormatString':
      return { kind: 'str', value: undefined, span };
    case 'ContinuedString':
      return continuedString(ctx, node);
    case 'Boolean':
      return { kind: 'bool', value: textOf(ctx, node) === 'True', span };
    case 'None':
      return { kind: 'none', span };
    case 'Ellipsis':
      return { kind: 'ellipsis', span };
    case 'MemberExpression':
      return member(ctx, node);
    case 'CallExpression':
      return call(ctx, node);
    case 'ParenthesizedExpression': {
      const k = inner(node, '(', ')').filter((n) => !isEmptyError(n));
      return k.length === 1 ? expr(ctx, k[0]) : unknown(ctx, node);
    }
    case 'TupleExpression':
      return sequence(ctx, inner(node, '(', ')'), node.from, node.to);
    case 'ArrayExpression': {
      const { groups } = splitCommas(inner(node, '[', ']').filter((n) => !isEmptyError(n)));
      return { kind: 'list', elts: groups.map((g) => element(ctx, g)), span };
    }
    case 'DictionaryExpression':
      return dict(ctx, node);
    case 'ArrayComprehensionExpression':
      return comprehension(ctx, node, 'list', inner(node, '[', ']'));
    case 'SetComprehensionExpression':
      return comprehension(ctx, node, 'set', inner(node, '{', '}'));
    case 'DictionaryComprehensionExpression':
      return comprehension(ctx, node, 'dict', inner(node, '{', '}'));
    case 'ComprehensionExpression':
      return comprehension(ctx, node, 'generator', inner(node, '(', ')'));
    case 'BinaryExpression':
      return binary(ctx, node);
    case 'UnaryExpression':
      return unary(ctx, node);
    case 'ConditionalExpression': {
      const k = kids(node);
      if (k.length !== 5 || k[1].name !== 'if' || k[3].name !== 'else') return unknown(ctx, node);
      return { kind: 'ifexp', body: expr(ctx, k[0]), test: expr(ctx, k[2]), orelse: expr(ctx, k[4]), span };
    }
    case 'LambdaExpression': {
      const k = kids(node);
      const plist = k.find((n) => n.name === 'ParamList');
      const body = k[k.length - 1];
      if (k.length < 3 || body.name === ':' || body.type.isError) return unknown(ctx, node);
      return { kind: 'lambda', params: plist ? params(ctx, plist) : [], body: expr(ctx, body), span };
    }
    default:
      return unknown(ctx, node);
  }
}

function continuedString(ctx: Context, node: SyntaxNode): Expr {
  let value: string | undefined = '';
  for (const part of kids(node)) {
    if (part.name !== 'String') {
      value = undefined;
      break;
    }
    const v = stringValue(textOf(ctx, part));
    if (v === undefined) {
      value = undefined;
      break;
    }
    value += v;
  }
  return { kind: 'str', value, span: nodeSpan(ctx, node) };
}

function member(ctx: Context, node: SyntaxNode): Expr {
  const k = kids(node);
  const obj = k[0];
  if (!obj) return unknown(ctx, node);
  if (k[1]?.name === '.') {
    const prop = k[2];
    // Lezer reads `1.` as the number 1 followed by a member access; Python reads a float.
    if (obj.name === 'Number' && ctx.text[obj.to] === '.') {
      const literal = floatAt(ctx.text, obj.from);
      if (literal && (!prop || prop.type.isError || prop.to <= obj.from + literal.length)) {
        return { kind: 'num', ...numberValue(literal), span: spanOf(ctx, obj.from, obj.from + literal.length) };
      }
    }
    if (!prop || prop.name !== 'PropertyName') return unknown(ctx, node);
    return { kind: 'attr', obj: expr(ctx, obj), name: textOf(ctx, prop), nameSpan: nodeSpan(ctx, prop), span: nodeSpan(ctx, node) };
  }
  if (k[1]?.name === '[') {
    const last = k[k.length - 1];
    const body = k.slice(2, last.name === ']' ? k.length - 1 : k.length).filter((n) => !isEmptyError(n));
    if (body.length === 0) return unknown(ctx, node);
    return { kind: 'subscript', obj: expr(ctx, obj), index: subscriptIndex(ctx, body), span: nodeSpan(ctx, node) };
  }
  return unknown(ctx, node);
}

/** The index of `a[...]`: an expression, a slice, or a tuple of them for `a[i, j]`. */
function subscriptIndex(ctx: Context, nodes: SyntaxNode[]): Expr {
  const { groups, trailingComma } = splitCommas(nodes);
  const items = groups.map((g) => (g.some((n) => n.name === ':') ? slice(ctx, g) : element(ctx, g)));
  if (items.length === 1 && !trailingComma) return items[0];
  return { kind: 'tuple', elts: items, span: spanOf(ctx, nodes[0].from, nodes[nodes.length - 1].to) };
}

function slice(ctx: Context, group: SyntaxNode[]): Expr {
  const parts: SyntaxNode[][] = [[]];
  for (const n of group) {
    if (n.name === ':') parts.push([]);
    else parts[parts.length - 1].push(n);
  }
  const part = (i: number): Expr | undefined => (parts[i] && parts[i].length > 0 ? element(ctx, parts[i]) : undefined);
  return {
    kind: 'slice',
    lower: part(0),
    upper: part(1),
    step: part(2),
    span: spanOf(ctx, group[0].from, group[group.length - 1].to),
  };
}

function call(ctx: Context, node: SyntaxNode): Expr {
  const k = kids(node);
  const argList = k[1];
  if (!k[0] || !argList || argList.name !== 'ArgList') return unknown(ctx, node);
  const func = expr(ctx, k[0]);
  const body = inner(argList, '(', ')');
  const args: Expr[] = [];
  const keywords: KeywordArg[] = [];
  if (body.some((n) => n.name === 'for')) {
    // `sum(x for x in xs)`: a bare generator is the only argument.
    args.push(comprehension(ctx, argList, 'generator', body));
  } else {
    for (const g of splitCommas(body).groups) {
      const real = g.filter((n) => !isEmptyError(n));
      if (real.length === 0) continue;
      const first = real[0];
      const last = real[real.length - 1];
      const span = spanOf(ctx, first.from, last.to);
      if (first.name === '**') {
        keywords.push({ name: undefined, value: real.length === 2 ? expr(ctx, last) : { kind: 'unknown', span }, span });
      } else if (first.name === 'VariableName' && real[1]?.name === 'AssignOp') {
        const value: Expr = real.length === 3 ? expr(ctx, last) : { kind: 'unknown', span: spanOf(ctx, real[1].to, last.to) };
        keywords.push({ name: textOf(ctx, first), value, span });
      } else {
        args.push(element(ctx, real));
      }
    }
  }
  return { kind: 'call', func, args, keywords, span: nodeSpan(ctx, node) };
}

function dict(ctx: Context, node: SyntaxNode): Expr {
  const keys: (Expr | undefined)[] = [];
  const values: Expr[] = [];
  for (const g of splitCommas(inner(node, '{', '}').filter((n) => !isEmptyError(n))).groups) {
    if (g.length === 2 && g[0].name === '**') {
      keys.push(undefined);
      values.push(expr(ctx, g[1]));
    } else if (g.length === 3 && g[1].name === ':') {
      keys.push(expr(ctx, g[0]));
      values.push(expr(ctx, g[2]));
    } else {
      keys.push(undefined);
      values.push({ kind: 'unknown', span: spanOf(ctx, g[0].from, g[g.length - 1].to) });
    }
  }
  return { kind: 'dict', keys, values, span: nodeSpan(ctx, node) };
}

/** `[elt for target in iter if cond ...]` and its set, dict and generator forms. */
function comprehension(
  ctx: Context,
  node: SyntaxNode,
  form: 'list' | 'set' | 'generator' | 'dict',
  body: SyntaxNode[],
): Expr {
  const firstFor = body.findIndex((n) => n.name === 'for' || n.name === 'async');
  if (firstFor <= 0) return unknown(ctx, node);
  const head = body.slice(0, firstFor);
  let key: Expr | undefined;
  let elt: Expr;
  if (form === 'dict') {
    if (head.length !== 3 || head[1].name !== ':') return unknown(ctx, node);
    key = expr(ctx, head[0]);
    elt = expr(ctx, head[2]);
  } else {
    elt = element(ctx, head);
  }
  const generators: Comprehension[] = [];
  let i = firstFor;
  while (i < body.length) {
    if (body[i].name === 'async') i++;
    if (body[i]?.name !== 'for') break;
    const inAt = body.findIndex((n, j) => j > i && n.name === 'in');
    if (inAt < 0 || inAt === i + 1) return unknown(ctx, node);
    const target = sequence(ctx, body.slice(i + 1, inAt));
    let j = inAt + 1;
    const iterNode = body[j];
    if (!iterNode || iterNode.name === 'for' || iterNode.name === 'if') return unknown(ctx, node);
    const iter = expr(ctx, iterNode);
    j++;
    const ifs: Expr[] = [];
    while (body[j]?.name === 'if' && body[j + 1]) {
      ifs.push(expr(ctx, body[j + 1]));
      j += 2;
    }
    generators.push({ target, iter, ifs });
    i = j;
  }
  if (generators.length === 0) return unknown(ctx, node);
  return { kind: 'comprehension', form, key, elt, generators, span: nodeSpan(ctx, node) };
}

function binary(ctx: Context, node: SyntaxNode): Expr {
  const k = kids(node);
  if (k.length < 3) return unknown(ctx, node);
  const leftNode = k[0];
  const rightNode = k[k.length - 1];
  const op = k
    .slice(1, -1)
    .map((n) => textOf(ctx, n).trim())
    .join(' ');
  const span = nodeSpan(ctx, node);
  // Lezer splits `1.e-3` into `1.e - 3`; Python reads one float.
  if ((op === '-' || op === '+') && leftNode.name === 'MemberExpression' && rightNode.name === 'Number') {
    const literal = floatAt(ctx.text, leftNode.from);
    if (literal && leftNode.from + literal.length === rightNode.to) {
      return { kind: 'num', ...numberValue(literal), span };
    }
  }
  const left = expr(ctx, leftNode);
  const right = expr(ctx, rightNode);
  if (op === 'and' || op === 'or') {
    const values = left.kind === 'boolop' && left.op === op && leftNode.name === 'BinaryExpression' ? [...left.values, right] : [left, right];
    return { kind: 'boolop', op, values, span };
  }
  if (COMPARE_OPS.has(op)) {
    const cop = op as CompareOperator;
    if (left.kind === 'compare' && leftNode.name === 'BinaryExpression') {
      return { kind: 'compare', left: left.left, ops: [...left.ops, cop], comparators: [...left.comparators, right], span };
    }
    return { kind: 'compare', left, ops: [cop], comparators: [right], span };
  }
  if (BINARY_OPS.has(op)) return { kind: 'binop', op: op as BinaryOperator, left, right, span };
  return { kind: 'unknown', span };
}

function unary(ctx: Context, node: SyntaxNode): Expr {
  const k = kids(node);
  if (k.length !== 2) return unknown(ctx, node);
  const op = textOf(ctx, k[0]).trim();
  if (op !== '-' && op !== '+' && op !== '~' && op !== 'not') return unknown(ctx, node);
  // Lezer reads `not a and b` as `not (a and b)`; in Python `not` binds tighter than and/or.
  if (op === 'not' && boolOpOf(ctx, k[1]) !== undefined) return notInside(ctx, node.from, k[1]);
  return { kind: 'unary', op, operand: expr(ctx, k[1]), span: nodeSpan(ctx, node) };
}

/** The operator of an unparenthesized `and`/`or` node, if it is one. */
function boolOpOf(ctx: Context, node: SyntaxNode): 'and' | 'or' | undefined {
  if (node.name !== 'BinaryExpression') return undefined;
  const k = kids(node);
  const op = k.length === 3 ? textOf(ctx, k[1]).trim() : '';
  return op === 'and' || op === 'or' ? op : undefined;
}

/** Apply a `not` starting at `from` to the leftmost operand of an and/or chain. */
function notInside(ctx: Context, from: number, node: SyntaxNode): Expr {
  if (ctx.depth >= MAX_DEPTH) return { kind: 'unknown', span: spanOf(ctx, from, node.to) };
  const op = boolOpOf(ctx, node);
  const k = kids(node);
  if (op === undefined) return { kind: 'unary', op: 'not', operand: expr(ctx, node), span: spanOf(ctx, from, node.to) };
  ctx.depth++;
  try {
    const left = notInside(ctx, from, k[0]);
    const right = expr(ctx, k[2]);
    const values = left.kind === 'boolop' && left.op === op && boolOpOf(ctx, k[0]) === op ? [...left.values, right] : [left, right];
    return { kind: 'boolop', op, values, span: spanOf(ctx, from, node.to) };
  } finally {
    ctx.depth--;
  }
}

/** Parameters of a `def` or `lambda`; the bare `*` and `/` markers are dropped. */
export function params(ctx: Context, node: SyntaxNode): Param[] {
  const out: Param[] = [];
  for (const g of splitCommas(inner(node, '(', ')')).groups) {
    let i = 0;
    let form: Param['form'] = 'normal';
    if (g[0].name === '*') {
      form = 'vararg';
      i = 1;
    } else if (g[0].name === '**') {
      form = 'kwarg';
      i = 1;
    }
    const nameNode = g[i];
    if (!nameNode || nameNode.name !== 'VariableName') continue;
    let annotation: Expr | undefined;
    let dflt: Expr | undefined;
    for (let j = i + 1; j < g.length; j++) {
      if (g[j].name === 'TypeDef') annotation = typeDef(ctx, g[j]);
      else if (g[j].name === 'AssignOp' && g[j + 1]) dflt = expr(ctx, g[++j]);
    }
    out.push({
      name: textOf(ctx, nameNode),
      form,
      default: dflt,
      annotation,
      span: spanOf(ctx, g[0].from, g[g.length - 1].to),
    });
  }
  return out;
}

/** The expression of a `: T` or `-> T` annotation node. */
export function typeDef(ctx: Context, node: SyntaxNode): Expr | undefined {
  const k = kids(node).filter((n) => n.name !== ':' && !isEmptyError(n));
  return k.length === 1 ? expr(ctx, k[0]) : k.length > 1 ? unknown(ctx, node) : undefined;
}

