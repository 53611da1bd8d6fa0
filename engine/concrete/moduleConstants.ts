// A module's constants: `epsilon = 10 ** -3` or `HIDDEN = 64` at the top level, read by the module's
// functions. A run that starts at a function (an entry, verify.ts) defines the module's defs, classes and
// imports without running its top level (which may load data or train); these assignments are defined
// too. Only a name the top level binds once (functions' parameters and locals of that name aside), to an expression of literals, arithmetic and constants
// defined before it: nothing that calls, reads data or may be rebound later.

import type { Expr, Stmt } from '../syntax/ast';
import { scanNames } from '../syntax/boundNames';

const MEMO = new WeakMap<Stmt[], Set<Stmt>>();

/** The top-level statements of `body` that bind a constant. */
export function moduleConstants(body: Stmt[]): ReadonlySet<Stmt> {
  let r = MEMO.get(body);
  if (r) return r;
  r = new Set();
  // The top level's own bindings (a function's parameter or local of the same name is another variable), and
  // `EPS += ...` there rebinds it too.
  const { bindings } = scanNames(body, false, () => undefined);
  for (const s of body) if (s.kind === 'augassign' && s.target.kind === 'name') bindings.set(s.target.id, (bindings.get(s.target.id) ?? 0) + 1);
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

/**
 * The module's constants that are whole numbers written as such (`hidden_size = 50`): a size of that
 * name in a function the run starts at (an initialiser's parameter the notebook passes that constant)
 * takes that value (verify/concretize.ts), so what the function builds fits what reads the constant.
 */
export function moduleSizes(body: Stmt[]): Map<string, number> {
  const out = new Map<string, number>();
  // Whole numbers, names of those before, and + - * // of them (`z_size = hidden_size + vocab_size`).
  const value = (e: Expr): number | undefined => {
    if (e.kind === 'num') return e.isInt ? e.value : undefined;
    if (e.kind === 'name') return out.get(e.id);
    if (e.kind !== 'binop') return undefined;
    const a = value(e.left);
    const b = value(e.right);
    if (a === undefined || b === undefined) return undefined;
    return e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : e.op === '//' && b !== 0 ? Math.floor(a / b) : undefined;
  };
  for (const s of moduleConstants(body)) {
    if (s.kind !== 'assign' || s.targets[0].kind !== 'name') continue;
    const n = value(s.value);
    if (n !== undefined && n >= 1 && n <= 4096) out.set(s.targets[0].id, n);
  }
  return out;
}
