// A custom autograd function's forward and backward run as a pair (conventions/autograd.ts): the
// context is the object both receive first; inputs whose `.data` the forward pass reads are handed over
// as tensor wrappers (concrete/tensorWrappers.ts), and so is the upstream gradient when the backward pass
// reads its `.data`; what the backward pass returns is one gradient per input of the forward pass, in order.

import type { Expr, Module, Stmt } from '../syntax/ast';
import type { CValue } from '../concrete/values';
import { isAutogradFunction, isWrapperCall, takesObjectFirst, WRAPPED_DATA } from '../conventions/autograd';
import { stmtExprs, walkExpr, walkStmts } from '../syntax/walk';
import { unwrapTensor, wrapTensor } from '../concrete/tensorWrappers';

type DefStmt = Stmt & { kind: 'def' };

/** Whether class `name` of the module is a custom autograd function. */
export function isAutogradClass(module: Module, name: string | undefined): boolean {
  const cls = classNamed(module, name);
  return !!cls && isAutogradFunction(cls);
}

/** Whether a method of class `cls` of the module takes an object first (conventions/autograd.ts takesObjectFirst). */
export function methodTakesObject(module: Module, def: DefStmt, cls: string | undefined): boolean {
  const c = classNamed(module, cls);
  return !!c && takesObjectFirst(c, def);
}

function classNamed(module: Module, name: string | undefined): (Stmt & { kind: 'class' }) | undefined {
  return name === undefined ? undefined : module.body.find((s): s is Stmt & { kind: 'class' } => s.kind === 'class' && s.name === name);
}

/** Whether the function reads `param.data`. */
export function readsWrapped(def: DefStmt, param: string): boolean {
  let found = false;
  walkStmts(def.body, (s) => {
    for (const root of stmtExprs(s)) walkExpr(root, (e) => {
      if (e.kind === 'attr' && e.name === WRAPPED_DATA && e.obj.kind === 'name' && e.obj.id === param) found = true;
    });
  });
  return found;
}

/** The value wrapped when the function reads the parameter's `.data`. */
export function wrappedFor(def: DefStmt, param: string | undefined, v: CValue): CValue {
  return param !== undefined && v.t === 'arr' && readsWrapped(def, param) ? wrapTensor(v, true) : v;
}

/** What a backward pass returned, one value per input of the forward pass, unwrapped. */
export function returnedGradients(returned: CValue): CValue[] {
  return (returned.t === 'tuple' ? returned.items : [returned]).map(unwrapTensor);
}

/**
 * The statements that compute a gradient the backward pass returns by name (`grad_o = o * (1 - o) * g`),
 * without those that only wrap it (`grad_o = Tensor(unbroadcast(grad_o, o.shape))`): a finding goes where
 * the gradient is computed. Empty when it is returned as an expression.
 */
export function computingStatements(def: DefStmt, returned: Expr | undefined): Stmt[] {
  const name = returned && wrappedName(returned);
  if (!name) return [];
  const wrapsOnly = (e: Expr): boolean => {
    if (e.kind === 'name') return e.id === name;
    return e.kind === 'call' && e.args.length > 0 && isWrapperCall(e) && wrapsOnly(e.args[0]);
  };
  const out: Stmt[] = [];
  walkStmts(def.body, (s) => {
    if (s.kind === 'assign' && s.targets.some((t) => t.kind === 'name' && t.id === name) && !wrapsOnly(s.value)) out.push(s);
  });
  return out;
}

/** The name a returned expression wraps (`grad_a`, `Tensor(unbroadcast(grad_a, a.shape))`), if any. */
export function wrappedName(e: Expr): string | undefined {
  if (e.kind === 'name') return e.id;
  return e.kind === 'call' && e.args.length > 0 && isWrapperCall(e) ? wrappedName(e.args[0]) : undefined;
}
