// Conversion of Lezer statement nodes to the engine's Stmt.
//
// Statements Lezer could not read become `error` statements; statements the engine has no use
// for (raise, global, print, match, ...) become `other`. Compound statements recurse through
// `block`, which guards the nesting depth.

import type { SyntaxNode } from '@lezer/common';
import type { BinaryOperator, ExceptHandler, Expr, ImportName, KeywordArg, Stmt } from '../ast';
import { element, expr, params, sequence, typeDef } from './expressions';
import { docstringText } from './literals';
import { type Context, MAX_DEPTH, kids, nodeSpan, spanOf, splitCommas, textOf } from './tree';

/** Convert a run of statement nodes (the children of a Script or a Body). */
export function block(ctx: Context, nodes: SyntaxNode[]): Stmt[] {
  const out: Stmt[] = [];
  if (ctx.depth >= MAX_DEPTH) {
    if (nodes.length > 0) out.push({ kind: 'error', span: spanOf(ctx, nodes[0].from, nodes[nodes.length - 1].to) });
    return out;
  }
  ctx.depth++;
  try {
    for (const node of nodes) statement(ctx, node, out);
  } finally {
    ctx.depth--;
  }
  return out;
}

/** The statements of a `Body` node (after its `:`). */
function body(ctx: Context, node: SyntaxNode | undefined): Stmt[] {
  if (!node || node.name !== 'Body') return [];
  return block(ctx, kids(node).filter((n) => n.name !== ':'));
}

/** The docstring opening a run of statement nodes, if the first statement is a plain string. */
export function docstringOf(ctx: Context, nodes: SyntaxNode[]): string | undefined {
  let first = nodes.find((n) => n.name !== ':');
  if (first?.name === 'StatementGroup') first = kids(first)[0];
  if (!first || first.name !== 'ExpressionStatement') return undefined;
  const k = kids(first);
  if (k.length !== 1) return undefined;
  const s = k[0];
  if (s.name === 'String') return docstringText(textOf(ctx, s));
  if (s.name !== 'ContinuedString') return undefined;
  let text = '';
  for (const part of kids(s)) {
    const piece = part.name === 'String' ? docstringText(textOf(ctx, part)) : undefined;
    if (piece === undefined) return undefined;
    text += piece;
  }
  return text;
}

function statement(ctx: Context, node: SyntaxNode, out: Stmt[]): void {
  const replacement = ctx.placeholders.get(node.from);
  if (replacement) {
    ctx.placeholders.delete(node.from);
    if (!replacement.compound || node.name !== 'IfStatement') {
      out.push(...replacement.stmts);
      return;
    }
    const holder = ifStatement(ctx, node, kids(node), 0);
    out.push(...graft(replacement.stmts, holder));
    return;
  }
  const span = nodeSpan(ctx, node);
  if (node.type.isError) {
    if (node.to > node.from) out.push({ kind: 'error', span });
    return;
  }
  const k = kids(node);
  switch (node.name) {
    case 'StatementGroup':
      for (const n of k) if (n.name !== ';') statement(ctx, n, out);
      return;
    case 'ExpressionStatement':
      out.push({ kind: 'expr', value: sequence(ctx, k), span });
      return;
    case 'AssignStatement':
      out.push(assign(ctx, node, k));
      return;
    case 'UpdateStatement': {
      const opText = k[1] ? textOf(ctx, k[1]).replace(/=$/, '') : '';
      if (k.length !== 3) {
        out.push({ kind: 'error', span });
        return;
      }
      out.push({ kind: 'augassign', target: expr(ctx, k[0]), op: opText as BinaryOperator, value: expr(ctx, k[2]), span });
      return;
    }
    case 'FunctionDefinition':
      out.push(functionDef(ctx, node, k, []));
      return;
    case 'ClassDefinition':
      out.push(classDef(ctx, node, k));
      return;
    case 'DecoratedStatement':
      out.push(decorated(ctx, node, k));
      return;
    case 'ReturnStatement':
      out.push({ kind: 'return', value: k.length > 1 ? sequence(ctx, k.slice(1)) : undefined, span });
      return;
    case 'IfStatement':
      out.push(ifStatement(ctx, node, k, 0));
      return;
    case 'ForStatement':
      out.push(forStatement(ctx, node, k));
      return;
    case 'WhileStatement': {
      const bodies = k.filter((n) => n.name === 'Body');
      const test = k[1] && k[1].name !== 'Body' ? expr(ctx, k[1]) : ({ kind: 'unknown', span } as Expr);
      out.push({ kind: 'while', test, body: body(ctx, bodies[0]), orelse: body(ctx, bodies[1]), span });
      return;
    }
    case 'WithStatement':
      out.push(withStatement(ctx, node, k));
      return;
    case 'TryStatement':
      out.push(tryStatement(ctx, node, k));
      return;
    case 'ImportStatement':
      out.push(importStatement(ctx, node, k));
      return;
    case 'AssertStatement': {
      const { groups } = splitCommas(k.slice(1));
      if (groups.length === 0) {
        out.push({ kind: 'error', span });
        return;
      }
      out.push({ kind: 'assert', test: element(ctx, groups[0]), msg: groups[1] ? element(ctx, groups[1]) : undefined, span });
      return;
    }
    case 'PassStatement':
      out.push({ kind: 'pass', span });
      return;
    case 'BreakStatement':
      out.push({ kind: 'break', span });
      return;
    case 'ContinueStatement':
      out.push({ kind: 'continue', span });
      return;
    case 'DeleteStatement':
      out.push({ kind: 'del', targets: splitCommas(k.slice(1)).groups.map((g) => element(ctx, g)), span });
      return;
    default:
      out.push({ kind: 'other', span });
  }
}

/** Give a header parsed on its own the body its placeholder `if 0:` kept in place. */
function graft(stmts: Stmt[], holder: Stmt): Stmt[] {
  const header = stmts[0];
  if (holder.kind !== 'if') return stmts;
  if (!header || stmts.length > 1) return [...stmts, ...holder.body, ...holder.orelse];
  const span = { start: header.span.start, end: Math.max(header.span.end, holder.span.end) };
  switch (header.kind) {
    case 'def':
    case 'class':
    case 'with':
      return [{ ...header, body: holder.body, span }, ...holder.orelse];
    case 'if':
    case 'for':
    case 'while':
      return [{ ...header, body: holder.body, orelse: holder.orelse, span }];
    default:
      return [header, ...holder.body, ...holder.orelse];
  }
}

function assign(ctx: Context, node: SyntaxNode, k: SyntaxNode[]): Stmt {
  const span = nodeSpan(ctx, node);
  if (k[1]?.name === 'TypeDef') {
    const annotation = typeDef(ctx, k[1]) ?? { kind: 'unknown', span: nodeSpan(ctx, k[1]) };
    const value = k[2]?.name === 'AssignOp' && k.length > 3 ? sequence(ctx, k.slice(3)) : undefined;
    return { kind: 'annassign', target: expr(ctx, k[0]), annotation, value, span };
  }
  const segments: SyntaxNode[][] = [[]];
  for (const n of k) {
    if (n.name === 'AssignOp') segments.push([]);
    else segments[segments.length - 1].push(n);
  }
  const last = segments.pop() ?? [];
  const targets = segments.map((s) => sequence(ctx, s));
  const value: Expr = last.length > 0 ? sequence(ctx, last) : { kind: 'unknown', span: spanOf(ctx, node.to, node.to) };
  return { kind: 'assign', targets, value, span };
}

function functionDef(ctx: Context, node: SyntaxNode, k: SyntaxNode[], decorators: Expr[]): Stmt {
  const nameNode = k.find((n) => n.name === 'VariableName');
  const plist = k.find((n) => n.name === 'ParamList');
  const bodyNode = k.find((n) => n.name === 'Body');
  return {
    kind: 'def',
    name: nameNode ? textOf(ctx, nameNode) : '',
    nameSpan: nameNode ? nodeSpan(ctx, nameNode) : spanOf(ctx, node.from, node.from),
    params: plist ? params(ctx, plist) : [],
    body: body(ctx, bodyNode),
    docstring: bodyNode ? docstringOf(ctx, kids(bodyNode)) : undefined,
    decorators,
    span: nodeSpan(ctx, node),
  };
}

function classDef(ctx: Context, node: SyntaxNode, k: SyntaxNode[]): Stmt {
  const nameNode = k.find((n) => n.name === 'VariableName');
  const argList = k.find((n) => n.name === 'ArgList');
  const bodyNode = k.find((n) => n.name === 'Body');
  const bases: Expr[] = [];
  if (argList) {
    const inside = kids(argList).filter((n) => n.name !== '(' && n.name !== ')');
    for (const g of splitCommas(inside).groups) {
      if (!g.some((n) => n.name === 'AssignOp' || n.name === '**')) bases.push(element(ctx, g));
    }
  }
  return {
    kind: 'class',
    name: nameNode ? textOf(ctx, nameNode) : '',
    nameSpan: nameNode ? nodeSpan(ctx, nameNode) : spanOf(ctx, node.from, node.from),
    bases,
    body: body(ctx, bodyNode),
    docstring: bodyNode ? docstringOf(ctx, kids(bodyNode)) : undefined,
    span: nodeSpan(ctx, node),
  };
}

function decorated(ctx: Context, node: SyntaxNode, k: SyntaxNode[]): Stmt {
  const decorators = k.filter((n) => n.name === 'Decorator').map((d) => decorator(ctx, d));
  const target = k.find((n) => n.name === 'FunctionDefinition' || n.name === 'ClassDefinition');
  if (!target) return { kind: 'error', span: nodeSpan(ctx, node) };
  const tk = kids(target);
  // The decorated statement's span covers the decorators, as Python's does not but editors want.
  if (target.name === 'FunctionDefinition') return { ...functionDef(ctx, target, tk, decorators), span: nodeSpan(ctx, node) };
  return { ...classDef(ctx, target, tk), span: nodeSpan(ctx, node) };
}

/** `@a.b(args)`: Lezer gives a flat run `a . b ArgList` rather than nested nodes. */
function decorator(ctx: Context, node: SyntaxNode): Expr {
  const k = kids(node).filter((n) => n.name !== 'At');
  if (k.length === 1) return expr(ctx, k[0]);
  let result: Expr | undefined;
  for (let i = 0; i < k.length; i++) {
    const n = k[i];
    if (!result) {
      if (n.name !== 'VariableName') break;
      result = expr(ctx, n);
    } else if (n.name === '.' && k[i + 1]?.name === 'VariableName') {
      const prop = k[++i];
      result = { kind: 'attr', obj: result, name: textOf(ctx, prop), nameSpan: nodeSpan(ctx, prop), span: spanOf(ctx, k[0].from, prop.to) };
    } else if (n.name === 'ArgList') {
      const callSpan = spanOf(ctx, k[0].from, n.to);
      const inside = kids(n).filter((c) => c.name !== '(' && c.name !== ')');
      const args: Expr[] = [];
      const keywords: KeywordArg[] = [];
      for (const g of splitCommas(inside).groups) {
        const gs = spanOf(ctx, g[0].from, g[g.length - 1].to);
        if (g[0].name === '**' && g[1]) keywords.push({ name: undefined, value: expr(ctx, g[1]), span: gs });
        else if (g[1]?.name === 'AssignOp' && g[2]) keywords.push({ name: textOf(ctx, g[0]), value: expr(ctx, g[2]), span: gs });
        else args.push(element(ctx, g));
      }
      result = { kind: 'call', func: result, args, keywords, span: callSpan };
    } else {
      return { kind: 'unknown', span: nodeSpan(ctx, node) };
    }
  }
  return result ?? { kind: 'unknown', span: nodeSpan(ctx, node) };
}

/** `if` with its `elif` chain, from the keyword at index `at`: each elif becomes a nested if. */
function ifStatement(ctx: Context, node: SyntaxNode, k: SyntaxNode[], at: number): Stmt {
  const keyword = k[at];
  const testNode = k[at + 1];
  const bodyNode = k[at + 2];
  const span = spanOf(ctx, keyword ? keyword.from : node.from, node.to);
  const test: Expr = testNode && testNode.name !== 'Body' ? expr(ctx, testNode) : { kind: 'unknown', span };
  const hasBody = bodyNode?.name === 'Body';
  const next = at + (hasBody ? 3 : 2);
  let orelse: Stmt[] = [];
  if (k[next]?.name === 'elif') orelse = [ifStatement(ctx, node, k, next)];
  else if (k[next]?.name === 'else') orelse = body(ctx, k[next + 1]);
  return { kind: 'if', test, body: hasBody ? body(ctx, bodyNode) : [], orelse, span };
}

function forStatement(ctx: Context, node: SyntaxNode, k: SyntaxNode[]): Stmt {
  const span = nodeSpan(ctx, node);
  const forAt = k.findIndex((n) => n.name === 'for');
  const inAt = k.findIndex((n) => n.name === 'in');
  const bodyAt = k.findIndex((n) => n.name === 'Body');
  const end = bodyAt < 0 ? k.length : bodyAt;
  const target: Expr = inAt > forAt + 1 ? sequence(ctx, k.slice(forAt + 1, inAt)) : { kind: 'unknown', span };
  const iter: Expr = inAt >= 0 && end > inAt + 1 ? sequence(ctx, k.slice(inAt + 1, end)) : { kind: 'unknown', span };
  const bodies = k.filter((n) => n.name === 'Body');
  return { kind: 'for', target, iter, body: body(ctx, bodies[0]), orelse: body(ctx, bodies[1]), span };
}

function withStatement(ctx: Context, node: SyntaxNode, k: SyntaxNode[]): Stmt {
  const bodyNode = k.find((n) => n.name === 'Body');
  const header = k.filter((n) => n.name !== 'with' && n.name !== 'async' && n.name !== 'Body');
  const items: { context: Expr; target: Expr | undefined }[] = [];
  for (const g of splitCommas(header).groups) {
    const asAt = g.findIndex((n) => n.name === 'as');
    if (asAt < 0) items.push({ context: element(ctx, g), target: undefined });
    else if (asAt > 0) {
      const rest = g.slice(asAt + 1);
      items.push({ context: element(ctx, g.slice(0, asAt)), target: rest.length > 0 ? element(ctx, rest) : undefined });
    }
  }
  return { kind: 'with', items, body: body(ctx, bodyNode), span: nodeSpan(ctx, node) };
}

function tryStatement(ctx: Context, node: SyntaxNode, k: SyntaxNode[]): Stmt {
  const handlers: ExceptHandler[] = [];
  let main: Stmt[] = [];
  let orelse: Stmt[] = [];
  let finalbody: Stmt[] = [];
  let clause: SyntaxNode[] = [];
  for (const n of k) {
    if (n.name !== 'Body') {
      clause.push(n);
      continue;
    }
    const keyword = clause[0]?.name;
    if (keyword === 'try') main = body(ctx, n);
    else if (keyword === 'else') orelse = body(ctx, n);
    else if (keyword === 'finally') finalbody = body(ctx, n);
    else if (keyword === 'except') {
      const header = clause.slice(1).filter((c) => c.name !== '*');
      const asAt = header.findIndex((c) => c.name === 'as');
      const typeNodes = asAt < 0 ? header : header.slice(0, asAt);
      const nameNode = asAt < 0 ? undefined : header[asAt + 1];
      handlers.push({
        type: typeNodes.length > 0 ? sequence(ctx, typeNodes) : undefined,
        name: nameNode ? textOf(ctx, nameNode) : undefined,
        body: body(ctx, n),
        span: spanOf(ctx, clause[0].from, n.to),
      });
    }
    clause = [];
  }
  return { kind: 'try', body: main, handlers, orelse, finalbody, span: nodeSpan(ctx, node) };
}

function importStatement(ctx: Context, node: SyntaxNode, k: SyntaxNode[]): Stmt {
  const span = nodeSpan(ctx, node);
  if (k[0]?.name === 'from') {
    const importAt = k.findIndex((n) => n.name === 'import');
    const modNodes = k.slice(1, importAt < 0 ? k.length : importAt);
    let level = 0;
    let module = '';
    for (const n of modNodes) {
      if (n.name === '.' && module === '') level++;
      else if (n.name === 'Ellipsis' && module === '') level += 3;
      else module += textOf(ctx, n);
    }
    const rest = importAt < 0 ? [] : k.slice(importAt + 1).filter((n) => n.name !== '(' && n.name !== ')');
    return { kind: 'importfrom', module, level, names: importNames(ctx, rest), span };
  }
  return { kind: 'import', names: importNames(ctx, k.slice(1)), span };
}

/** `a.b as c, d` or `a as b, *`: dotted names with optional aliases. */
function importNames(ctx: Context, nodes: SyntaxNode[]): ImportName[] {
  const out: ImportName[] = [];
  for (const g of splitCommas(nodes).groups) {
    const asAt = g.findIndex((n) => n.name === 'as');
    const nameNodes = asAt < 0 ? g : g.slice(0, asAt);
    const alias = asAt < 0 ? undefined : g[asAt + 1];
    const name = nameNodes
      .filter((n) => !n.type.isError)
      .map((n) => textOf(ctx, n))
      .join('');
    if (name === '') continue;
    out.push({ name, asname: alias ? textOf(ctx, alias) : undefined, span: spanOf(ctx, g[0].from, g[g.length - 1].to) });
  }
  return out;
}
