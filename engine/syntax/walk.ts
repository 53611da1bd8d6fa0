// Walking the engine's syntax tree: the sub-expressions of an expression, and the statements of a
// body through its nested blocks (not into nested defs and classes, which are units of their own).

import type { Expr, Stmt } from './ast';

/** The direct sub-expressions of an expression. */
export function childExprs(e: Expr): Expr[] {
  switch (e.kind) {
    case 'attr':
      return [e.obj];
    case 'subscript':
      return [e.obj, e.index];
    case 'slice':
      return [e.lower, e.upper, e.step].filter((x): x is Expr => x !== undefined);
    case 'starred':
      return [e.value];
    case 'call':
      return [e.func, ...e.args, ...e.keywords.map((k) => k.value)];
    case 'binop':
      return [e.left, e.right];
    case 'unary':
      return [e.operand];
    case 'compare':
      return [e.left, ...e.comparators];
    case 'boolop':
      return e.values;
    case 'ifexp':
      return [e.test, e.body, e.orelse];
    case 'tuple':
    case 'list':
      return e.elts;
    case 'dict':
      return [...e.keys.filter((k): k is Expr => k !== undefined), ...e.values];
    case 'comprehension':
      return [...(e.key ? [e.key] : []), e.elt, ...e.generators.flatMap((g) => [g.iter, ...g.ifs])];
    case 'lambda':
      return [e.body];
    default:
      return [];
  }
}

/** Every expression in `e`, outermost first, with its parent. */
export function walkExpr(e: Expr, visit: (x: Expr, parent: Expr | undefined) => void, parent?: Expr): void {
  visit(e, parent);
  for (const c of childExprs(e)) walkExpr(c, visit, e);
}

/** Whether any expression in `e` satisfies `test`. */
export function someExpr(e: Expr | undefined, test: (x: Expr) => boolean): boolean {
  if (!e) return false;
  if (test(e)) return true;
  return childExprs(e).some((c) => someExpr(c, test));
}

/** The expressions a statement evaluates directly (its value, test, targets; not nested bodies). */
export function stmtExprs(s: Stmt): Expr[] {
  switch (s.kind) {
    case 'expr':
      return [s.value];
    case 'assign':
      return [...s.targets, s.value];
    case 'augassign':
      return [s.target, s.value];
    case 'annassign':
      return [s.target, ...(s.value ? [s.value] : [])];
    case 'return':
      return s.value ? [s.value] : [];
    case 'if':
    case 'while':
      return [s.test];
    case 'for':
      return [s.target, s.iter];
    case 'with':
      return s.items.flatMap((i) => [i.context, ...(i.target ? [i.target] : [])]);
    case 'assert':
      return [s.test, ...(s.msg ? [s.msg] : [])];
    case 'del':
      return s.targets;
    default:
      return [];
  }
}

/** Every statement of a body, through if/for/while/with/try blocks; nested defs and classes are visited but not entered. */
export function walkStmts(body: Stmt[], visit: (s: Stmt) => void): void {
  for (const s of body) {
    visit(s);
    if (s.kind === 'if' || s.kind === 'for' || s.kind === 'while') {
      walkStmts(s.body, visit);
      walkStmts(s.orelse, visit);
    } else if (s.kind === 'with') walkStmts(s.body, visit);
    else if (s.kind === 'try') {
      walkStmts(s.body, visit);
      for (const h of s.handlers) walkStmts(h.body, visit);
      walkStmts(s.orelse, visit);
      walkStmts(s.finalbody, visit);
    }
  }
}

/** Every statement of `body`, function and class bodies included. */
export function walkAllStmts(body: Stmt[], visit: (s: Stmt) => void): void {
  walkStmts(body, (s) => {
    visit(s);
    if (s.kind === 'def' || s.kind === 'class') walkAllStmts(s.body, visit);
  });
}
