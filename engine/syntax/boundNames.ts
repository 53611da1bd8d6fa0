// The names a body binds, counted, read from the text, with each expression it evaluates handed to a
// visitor: the one walk behind a snippet's free names (freeNames.ts, the top level only), a document's
// undefined helpers (freeHelpers.ts) and the size constants a retried run may shrink (shrink.ts), both
// over every function and method too.

import type { Expr, Stmt } from './ast';
import { stmtExprs, walkAllStmts, walkExpr, walkStmts } from './walk';

export interface ScannedNames {
  /** Each bound name with how many places bind it. */
  bindings: Map<string, number>;
  /** A `from m import *`: anything may be bound. */
  starImport: boolean;
}

/**
 * `all`: walk into function and class bodies as well (their parameters bind, and so does `x += ...`,
 * which at the top level only reads a name the snippet never showed). `visit`: every expression the
 * walked statements evaluate, with its parent.
 */
export function scanNames(body: Stmt[], all: boolean, visit: (x: Expr, parent: Expr | undefined) => void): ScannedNames {
  const bindings = new Map<string, number>();
  let starImport = false;
  const bindName = (n: string) => bindings.set(n, (bindings.get(n) ?? 0) + 1);
  const bindTarget = (t: Expr) =>
    walkExpr(t, (x) => {
      if (x.kind === 'name') bindName(x.id);
    });
  (all ? walkAllStmts : walkStmts)(body, (s) => {
    switch (s.kind) {
      case 'def':
        bindName(s.name);
        if (all) for (const p of s.params) bindName(p.name);
        break;
      case 'class':
        bindName(s.name);
        break;
      case 'import':
        for (const n of s.names) bindName(n.asname ?? n.name.split('.')[0]);
        break;
      case 'importfrom':
        for (const n of s.names) {
          if (n.name === '*') starImport = true;
          bindName(n.asname ?? n.name);
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
        for (const h of s.handlers) if (h.name) bindName(h.name);
        break;
    }
    // At the top level only, a def's or class's expressions (defaults, decorators) are not read.
    if (!all && (s.kind === 'def' || s.kind === 'class' || s.kind === 'import' || s.kind === 'importfrom')) return;
    for (const root of stmtExprs(s)) {
      walkExpr(root, (x, parent) => {
        visit(x, parent);
        if (x.kind === 'comprehension') for (const g of x.generators) bindTarget(g.target);
        if (x.kind === 'lambda') for (const p of x.params) bindName(p.name);
      });
    }
  });
  return { bindings, starImport };
}
