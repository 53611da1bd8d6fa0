// `lambda x: body` as the function `def <lambda>(x): return body`: how both the shape analysis and the
// evaluator call a lambda (an activation kept on an object, `self.activation = lambda x: np.tanh(x)`).

import type { Expr, Stmt } from './ast';

const lambdas = new WeakMap<Expr, Stmt & { kind: 'def' }>();

/** `lambda x: body` as the function `def <lambda>(x): return body`, one per expression. */
export function lambdaDef(e: Expr & { kind: 'lambda' }): Stmt & { kind: 'def' } {
  let def = lambdas.get(e);
  if (!def) {
    def = { kind: 'def', name: '<lambda>', nameSpan: e.span, params: e.params, body: [{ kind: 'return', value: e.body, span: e.body.span }], docstring: undefined, decorators: [], span: e.span };
    lambdas.set(e, def);
  }
  return def;
}
