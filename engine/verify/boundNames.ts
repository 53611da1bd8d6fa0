// The names a body binds and the names it uses, read from the text: the one walk behind a snippet's
// free names (freeNames.ts, the top level only) and a document's undefined helpers (freeHelpers.ts,
// every function and method too).

import type { Expr, Stmt } from '../syntax/ast';
import { stmtExprs, walkAllStmts, walkExpr, walkStmts } from '../syntax/walk';

export interface ScannedNames {
  bound: Set<string>;
  used: Set<string>;
  /** A `from m import *`: anything may be bound. */
  starImport: boolean;
}

/**
 * `all`: walk into function and class bodies as well (their parameters bind, and so does `x += ...`,
 * which at the top level only reads a name the snippet never showed). `use`: the name an expression
 * uses, when it counts.
 */
export function scanNames(body: Stmt[], all: boolean, use: (x: Expr) => string | undefined): ScannedNames {
  const bound = new Set<string>();
  const used = new Set<string>();
  let starImport = false;
  const bindTarget = (t: Expr) =>
    walkExpr(t, (x) => {
      if (x.kind === 'name') bound.add(x.id);
    });
  (all ? walkAllStmts : walkStmts)(body, (s) => {
    switch (s.kind) {
      case 'def':
        bound.add(s.name);
        if (all) for (const p of s.params) bound.add(p.name);
        break;
      case 'class':
        bound.add(s.name);
        break;
      case 'import':
        for (const n of s.names) bound.add(n.asname ?? n.name.split('.')[0]);
        break;
      case 'importfrom':
        for (const n of s.names) {
          if (n.name === '*') starImport = true;
          bound.add(n.asname ?? n.name);
        }
        break;
      case 'assign':
        s.targets.forEach(bindTarget);
        break;
      case 'annassign':
        bindTarget(s.target);
        break;
      case 'augassign':
        if (all) bindTarget(s.target);
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
    // At the top level only, a def's or class's expressions (defaults, decorators) are not read.
    if (!all && (s.kind === 'def' || s.kind === 'class' || s.kind === 'import' || s.kind === 'importfrom')) return;
    for (const root of stmtExprs(s)) {
      walkExpr(root, (x) => {
        const n = use(x);
        if (n !== undefined) used.add(n);
        if (x.kind === 'comprehension') for (const g of x.generators) bindTarget(g.target);
        if (x.kind === 'lambda') for (const p of x.params) bound.add(p.name);
      });
    }
  });
  return { bound, used, starImport };
}
