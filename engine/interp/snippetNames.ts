// A snippet's free names at its top level (syntax/freeNames.ts): a forum post's `z1 = x.dot(theta1) + b1`
// reads x, theta1 and b1 that the post never shows. Each is a hole (holes.ts), decided by its use like an
// input with no stated shape, so the lines after it get shapes from the products they take part in. A
// name the snippet calls (`sigmoid(z1)`) is a function it left out, not data: it stays unknown (and
// missingHelpers.ts may know it by name). Only at the top level: a function reads its own parameters.

import type { Expr, Module } from '../syntax/ast';
import { freeNames } from '../syntax/freeNames';
import { walkAllStmts, walkExpr, stmtExprs } from '../syntax/walk';
import { isBuiltinName } from './builtins';

const MEMO = new WeakMap<Module, Set<string>>();

/** Whether `name` is data a snippet reads at its top level without binding it anywhere. */
export function isSnippetData(module: Module, name: string): boolean {
  let names = MEMO.get(module);
  if (!names) MEMO.set(module, (names = dataNames(module)));
  return names.has(name);
}

function dataNames(module: Module): Set<string> {
  const free = freeNames(module.body, isBuiltinName);
  if (free.size === 0) return free;
  walkAllStmts(module.body, (s) => {
    for (const root of stmtExprs(s)) walkExpr(root, (e: Expr) => {
      if (e.kind === 'call' && e.func.kind === 'name') free.delete(e.func.id);
    });
  });
  return free;
}

/** The key a snippet's data is kept under beside the functions' parameter values (analysis/inference.ts `standalone`). */
export const SNIPPET_ENTRY = '<snippet data>';
