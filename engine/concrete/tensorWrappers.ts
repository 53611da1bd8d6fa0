// The tensor objects of the autograd frameworks written for courses (conventions/autograd.ts): a wrapper
// of an array with `data`, `requires_grad`, `is_leaf`, `grad` and `shape`, made by `Tensor(...)` of a module
// that is not beside the file, and `unbroadcast(grad, shape)` to the shape the gradient already has. A
// custom function's forward pass reads its inputs' `.data`, so the verifier hands it wrappers
// (verify/autogradPairs.ts) and unwraps what its backward pass returns.

import type { CClass, CValue } from './values';
import { NONE, Unevaluable, num } from './values';
import { TENSOR_WRAPPER, UNBROADCAST, WRAPPED_DATA } from '../conventions/autograd';
import type { Evaluator } from './evaluator';
import { numpyCall } from './numpyCalls';

/** The class of every wrapper (its name is what `type(x).__name__ == 'Tensor'` tests). */
export const TENSOR_CLASS: CClass = { t: 'class', name: TENSOR_WRAPPER, methods: new Map(), attrs: new Map() };

/** A wrapper of `data`. */
export function wrapTensor(data: CValue, requiresGrad: boolean): CValue {
  const attrs = new Map<string, CValue>([
    [WRAPPED_DATA, data],
    ['requires_grad', { t: 'bool', v: requiresGrad }],
    ['is_leaf', { t: 'bool', v: !requiresGrad }],
    ['grad', NONE],
  ]);
  if (data.t === 'arr') attrs.set('shape', { t: 'tuple', items: data.a.shape.map((d) => num(d, true)) });
  return { t: 'object', cls: TENSOR_CLASS, attrs };
}

/** The array a wrapper holds, or the value itself. */
export function unwrapTensor(v: CValue): CValue {
  return v.t === 'object' && v.cls === TENSOR_CLASS ? v.attrs.get(WRAPPED_DATA) ?? v : v;
}

/** A call of a missing module's `Tensor` or `unbroadcast` (`name` is its qualified name), else undefined. */
export function wrapperCall(ev: Evaluator, name: string, args: CValue[], kwargs: Map<string, CValue>): CValue | undefined {
  const last = name.split('.').pop();
  if (last === TENSOR_WRAPPER && args.length >= 1 && args[0].t === 'arr') {
    const rg = kwargs.get('requires_grad') ?? args[1];
    return wrapTensor(args[0], rg?.t === 'bool' ? rg.v : false);
  }
  if (last === UNBROADCAST && args.length >= 2) return unbroadcast(ev, args[0], args[1]);
  return undefined;
}

/**
 * The gradient summed over the axes broadcasting added (leading ones) or stretched (a 1 of the target):
 * what every `unbroadcast` computes. To the shape it already has, the gradient itself.
 */
function unbroadcast(ev: Evaluator, grad: CValue, to: CValue): CValue {
  let g = unwrapTensor(grad);
  const shape = to.t === 'tuple' ? to.items.map((d) => (d.t === 'num' && d.int ? d.v : -1)) : undefined;
  if (g.t !== 'arr' || !shape || shape.includes(-1) || g.a.ndim < shape.length) throw new Unevaluable('unbroadcast of something other than an array to a shape');
  const sum = (axis: number, keepdims: boolean) => numpyCall(ev, 'np.sum', [g], new Map<string, CValue>([['axis', num(axis, true)], ['keepdims', { t: 'bool', v: keepdims }]]), undefined, undefined);
  while (g.t === 'arr' && g.a.ndim > shape.length) g = sum(0, false);
  for (let i = 0; i < shape.length && g.t === 'arr'; i++) if (shape[i] === 1 && g.a.shape[i] !== 1) g = sum(i, true);
  if (g.t !== 'arr' || g.a.shape.some((d, i) => d !== shape[i])) throw new Unevaluable('unbroadcast to a shape the gradient does not broadcast to');
  return g === unwrapTensor(grad) ? grad : g;
}
