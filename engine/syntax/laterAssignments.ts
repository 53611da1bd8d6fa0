// A name's intermediate value is not its final value: CS231n's two-layer net keeps `dW1` holding the
// upstream gradient (N, H) for one line before `dW1 = X.T.dot(dfc1)` gives it W1's shape. A gradient's
// shape is compared with its partner's only at the last plain assignment to the name in its body.

import type { Stmt } from './ast';

const lastAssign = new WeakMap<Stmt[], Map<string, number>>();

function collect(body: Stmt[], out: Map<string, number>): void {
  for (const s of body) {
    switch (s.kind) {
      case 'assign':
        for (const t of s.targets) {
          const names = t.kind === 'name' ? [t] : t.kind === 'tuple' || t.kind === 'list' ? t.elts : [];
          for (const n of names) if (n.kind === 'name') out.set(n.id, Math.max(out.get(n.id) ?? -1, s.span.start));
        }
        break;
      case 'if':
      case 'for':
      case 'while':
        collect(s.body, out);
        collect(s.orelse, out);
        break;
      case 'with':
        collect(s.body, out);
        break;
      case 'try':
        collect(s.body, out);
        for (const h of s.handlers) collect(h.body, out);
        collect(s.orelse, out);
        collect(s.finalbody, out);
        break;
      default:
        break;
    }
  }
}

/** Whether `name` is assigned again (plain `=`) after `stmt` in the function or module body `body`. */
export function reassignedLater(body: Stmt[], name: string, stmt: Stmt): boolean {
  let m = lastAssign.get(body);
  if (!m) {
    m = new Map();
    collect(body, m);
    lastAssign.set(body, m);
  }
  const last = m.get(name);
  return last !== undefined && last > stmt.span.start;
}
