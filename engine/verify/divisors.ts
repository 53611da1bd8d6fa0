// The sizes a body divides by, by name: `loss = np.sum(err ** 2) / (2 * n)`, `db = np.sum(err) / n`,
// `dW /= N`, `1. / n_train * ...`. A gradient that is wrong by exactly the value of such a name (and
// no name the field reserves for the batch is in scope) misses the mean the code applies elsewhere: the
// finding can say so in the code's own name and offer the 1/n, instead of a bare "40 ×". Only a
// wrong-scale verdict is renamed (verdicts.ts namedBatchScale): this never makes a finding.

import type { Expr, Stmt } from '../syntax/ast';
import { stmtExprs, walkExpr, walkStmts } from '../syntax/walk';

const memo = new WeakMap<Stmt[], Set<string>>();

/** Names that are a factor of some denominator in the body (its nested blocks, not nested functions). */
export function divisorNames(body: Stmt[]): Set<string> {
  const known = memo.get(body);
  if (known) return known;
  const out = new Set<string>();
  const factors = (e: Expr): void => {
    if (e.kind === 'name') out.add(e.id);
    else if (e.kind === 'binop' && e.op === '*') {
      factors(e.left);
      factors(e.right);
    }
  };
  walkStmts(body, (s) => {
    if (s.kind === 'augassign' && s.op === '/') factors(s.value);
    for (const top of stmtExprs(s)) {
      walkExpr(top, (x) => {
        if (x.kind === 'binop' && (x.op === '/' || x.op === '//')) factors(x.right);
      });
    }
  });
  memo.set(body, out);
  return out;
}
