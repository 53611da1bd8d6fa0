// A snippet's free names: what a document's top level reads but nothing in it binds (a forum post's
// `z1 = x.dot(theta1) + b1` with x, theta1 and b1 defined somewhere the post does not show). The run
// of the top level gives each a guessed value (concretize.ts `guess`: arrays for data and weights by
// the field's naming, sizes otherwise); a wrong guess only stops the run, since the truth a gradient
// is compared with is computed from the same values.

import type { Expr, Stmt } from '../syntax/ast';
import { stmtExprs, walkExpr, walkStmts } from '../syntax/walk';
import { builtinValue } from '../concrete/pyBuiltins';

/** Names read at the top level of `body` that no statement of it binds; empty after a `from m import *`. */
export function freeNames(body: Stmt[]): Set<string> {
  const bound = new Set<string>();
  const read = new Set<string>();
  let starImport = false;
  const bindTarget = (t: Expr) =>
    walkExpr(t, (x) => {
      if (x.kind === 'name') bound.add(x.id);
    });
  walkStmts(body, (s) => {
    switch (s.kind) {
      case 'def':
      case 'class':
        bound.add(s.name);
        return;
      case 'import':
        for (const n of s.names) bound.add(n.asname ?? n.name.split('.')[0]);
        return;
      case 'importfrom':
        for (const n of s.names) {
          if (n.name === '*') starImport = true;
          bound.add(n.asname ?? n.name);
        }
        return;
      // `b2 += ...` reads b2 first: an augmented assignment binds nothing new.
      case 'assign':
        s.targets.forEach(bindTarget);
        break;
      case 'annassign':
        bindTarget(s.target);
        break;
      case 'for':
        bindTarget(s.target);
        break;
      case 'with':
        for (const i of s.items) if (i.target) bindTarget(i.target);
        break;
      case 'try':
        for (const h of s.handlers) if (h.name) bound.add(h.name);
        break;
    }
    for (const root of stmtExprs(s)) {
      walkExpr(root, (x) => {
        if (x.kind === 'name') read.add(x.id);
        if (x.kind === 'comprehension') for (const g of x.generators) bindTarget(g.target);
        if (x.kind === 'lambda') for (const p of x.params) bound.add(p.name);
      });
    }
  });
  if (starImport) return new Set();
  return new Set([...read].filter((n) => !bound.has(n) && builtinValue(n) === undefined && !PYTHON_NAMES.has(n)));
}

/** Builtins the evaluator does not model: a snippet that uses them stops there rather than guessing them. */
const PYTHON_NAMES = new Set([
  'print', 'open', 'input', 'exit', 'quit', 'globals', 'locals', 'vars', 'dir', 'help', 'eval', 'exec', '__name__', '__file__',
  'frozenset', 'map', 'filter', 'any', 'all', 'iter', 'next', 'ord', 'chr', 'hash', 'id', 'type', 'super', 'object', 'repr',
  'hasattr', 'getattr', 'setattr', 'delattr', 'callable', 'divmod', 'pow', 'bytes', 'bytearray', 'slice', 'property',
  'staticmethod', 'classmethod', 'format', 'bin', 'hex', 'oct', 'complex', 'iter', 'NotImplemented', 'Ellipsis', '__import__',
  'Exception', 'ValueError', 'TypeError', 'KeyError', 'IndexError', 'RuntimeError', 'AssertionError', 'NotImplementedError',
  'StopIteration', 'ZeroDivisionError', 'AttributeError', 'OSError', 'IOError', 'FileNotFoundError', 'ImportError',
]);
