// A module's constants: `epsilon = 10 ** -3` or `HIDDEN = 64` at the top level, read by the module's
// functions. A run that starts at a function (an entry, verify.ts) defines the module's defs, classes and
// imports without running its top level (which may load data or train); these assignments are defined
// too. Only a name the top level binds once, to an expression of literals, arithmetic and constants
// defined before it: nothing that calls, reads data or may be rebound later.

import type { Expr, Stmt } from '../syntax/ast';
import { scanNames } from '../syntax/boundNames';

const MEMO = new WeakMap<Stmt[], Set<Stmt>>();

/** The top-level statements of `body` that bind a constant. */
export function moduleConstants(body: Stmt[]): ReadonlySet<Stmt> {
  let r = MEMO.get(body);
  if (r) return r;
  r = new Set();
  const { bindings } = scanNames(body, true, () => undefined);
  const known = new Set<string>();
  const constant = (e: Expr): boolean => {
    switch (e.kind) {
      case 'num':
      case 'str':
      case 'bool':
      case 'none':
        return true;
      case 'name':
        return known.has(e.id);
      case 'unary':
        return constant(e.operand);
      case 'binop':
        return constant(e.left) && constant(e.right);
      case 'tuple':
      case 'list':
        return e.elts.every(constant);
      default:
        return false;
    }
  };
  for (const s of body) {
    const target = s.kind === 'assign' && s.targets.length === 1 ? s.targets[0] : s.kind === 'annassign' && s.value ? s.target : undefined;
    const value = s.kind === 'assign' ? s.value : s.kind === 'annassign' ? s.value : undefined;
    if (target?.kind !== 'name' || !value || bindings.get(target.id) !== 1 || !constant(value)) continue;
    known.add(target.id);
    r.add(s);
  }
  MEMO.set(body, r);
  return r;
}
