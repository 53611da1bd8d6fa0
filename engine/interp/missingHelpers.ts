// Helpers whose module is not beside the file (`from dnn_utils import sigmoid, relu_backward`): the
// course's activations and their backward helpers keep their argument's shape. Only the shape is
// modelled; without their source they are not differentiated.

import type { Expr } from '../syntax/ast';
import type { Value } from './values';
import type { OpContext } from '../ops/types';

/** Activations: one array in, the same shape out. */
const ACTIVATIONS = /^(sigmoid|relu|leaky_?relu|tanh|softmax|softplus|elu|swish|gelu)$/i;
/** Their backward helpers, `relu_backward(dA, cache)`: dA's shape. */
// TypeScript and JavaScript spell them in camel case: `sigmoidBackward`, `reluPrime`, `dSigmoid`.
const BACKWARD_HELPERS = /^(sigmoid|relu|leaky_?relu|tanh|softmax|elu)_?(backward|prime|derivative|grad)$|^d_?(sigmoid|relu|tanh)$/i;

export function missingHelperResult(call: Expr & { kind: 'call' }, args: Value[], ctx: OpContext): Value | undefined {
  const name = call.func.kind === 'name' ? call.func.id : undefined;
  if (!name || args.length === 0) return undefined;
  if (ACTIVATIONS.test(name) ? args.length !== 1 : !BACKWARD_HELPERS.test(name)) return undefined;
  // `relu_backward(dA, Z)`: dA's shape, which is the cached Z's when dA's is not known.
  const first = [args[0], ...(ACTIVATIONS.test(name) ? [] : args.slice(1, 2))].find((a) => a.t === 'array' && a.shape);
  if (first?.t !== 'array' || !first.shape) return undefined;
  return { t: 'array', shape: first.shape, tainted: first.tainted, origin: `${name}() (its module is not beside the file: taken as elementwise) on line ${ctx.lineOf(call.span.start)}` };
}

/**
 * `A, activation_cache = sigmoid(Z)`: the course's activations that return a pair give the activation
 * (Z's shape) and their cache (Z itself). Only for an activation unpacked into exactly two names.
 */
export function missingHelperPair(call: Expr & { kind: 'call' }, args: Value[], targets: number, ctx: OpContext): Value | undefined {
  const name = call.func.kind === 'name' ? call.func.id : undefined;
  if (!name || targets !== 2 || args.length !== 1 || !ACTIVATIONS.test(name)) return undefined;
  const z = args[0];
  if (z.t !== 'array' || !z.shape) return undefined;
  const a: Value = { t: 'array', shape: z.shape, tainted: z.tainted, origin: `${name}() (its module is not beside the file: taken as elementwise, returning (A, Z)) on line ${ctx.lineOf(call.span.start)}` };
  return { t: 'tuple', items: [a, z] };
}
