// Helpers a document calls but never defines: a notebook whose cell defining `zero_init(rows, cols)`
// was lost calls it from its methods. A helper whose name says it makes zeros, called with sizes,
// runs as np.zeros of those sizes (pyBuiltins.ts `helper:zeros`): a made-up input like any other, so
// the truth a gradient is compared with is computed from the same values. Any other undefined helper
// stays unknown and stops the run.

import type { Expr, Stmt } from '../syntax/ast';
import { stmtExprs, walkAllStmts, walkExpr } from '../syntax/walk';
import { builtinValue } from '../concrete/pyBuiltins';
import type { CValue } from '../concrete/values';

/** Names called as functions anywhere in `body` (methods included) that nothing in it binds; empty after a `from m import *`. */
export function freeCallees(body: Stmt[]): Set<string> {
  const bound = new Set<string>();
  const called = new Set<string>();
  let starImport = false;
  const bindTarget = (t: Expr) =>
    walkExpr(t, (x) => {
      if (x.kind === 'name') bound.add(x.id);
    });
  walkAllStmts(body, (s) => {
    switch (s.kind) {
      case 'def':
        bound.add(s.name);
        for (const p of s.params) bound.add(p.name);
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
      case 'augassign':
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
        if (x.kind === 'call' && x.func.kind === 'name') called.add(x.func.id);
        if (x.kind === 'comprehension') for (const g of x.generators) bindTarget(g.target);
        if (x.kind === 'lambda') for (const p of x.params) bound.add(p.name);
      });
    }
  });
  if (starImport) return new Set();
  return new Set([...called].filter((n) => !bound.has(n) && builtinValue(n) === undefined));
}

/** A helper whose name says it makes an array of zeros (`zero_init`, `zeros_matrix`, `init_zeros`). */
const ZEROS_HELPER = /^(zeros?|init_?zeros?|zeros?_?(init|initiali[sz]e|array|matrix|vector)?|make_?zeros?|create_?zeros?)$/i;

/** The value an undefined helper runs as, when its name says what it makes; undefined otherwise. */
export function freeHelperValue(name: string): CValue | undefined {
  return ZEROS_HELPER.test(name) ? { t: 'builtin', name: 'helper:zeros' } : undefined;
}
