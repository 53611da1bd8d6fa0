// A loop that adds to a gradient across its iterations (`dWhh += ...` over time steps, the gradient
// never reset in the loop) is a backward pass through time, not a training loop: a cost it adds to
// as it goes (`loss += ...` in the same loop) is not final after one iteration, and neither are the
// gradients. Its iterations are no place to check them.

import type { Expr, Stmt } from '../syntax/ast';
import { walkStmts } from '../syntax/walk';
import { partnerOf } from './pairing';

function rootName(t: Expr): string | undefined {
  let e = t;
  while (e.kind === 'subscript') e = e.obj;
  return e.kind === 'name' ? e.id : undefined;
}

const memo = new WeakMap<Stmt, boolean>();

/** Whether a loop's body adds to a gradient-named value with `+=`/`-=` that the body never assigns afresh. */
export function accumulatesGradient(loop: Stmt): boolean {
  const known = memo.get(loop);
  if (known !== undefined) return known;
  const added = new Set<string>();
  const assigned = new Set<string>();
  const body = loop.kind === 'for' || loop.kind === 'while' ? loop.body : [];
  const bind = (t: Expr) => {
    if (t.kind === 'tuple' || t.kind === 'list') return t.elts.forEach(bind);
    const n = rootName(t);
    if (n) assigned.add(n);
  };
  walkStmts(body, (s) => {
    if (s.kind === 'augassign') {
      const n = rootName(s.target);
      if (n && partnerOf(n) !== undefined) added.add(n);
    } else if (s.kind === 'assign') s.targets.forEach(bind);
    else if (s.kind === 'for') bind(s.target);
  });
  const out = [...added].some((n) => !assigned.has(n));
  memo.set(loop, out);
  return out;
}
