// The field's naming pairs a gradient with what it differentiates: dW1 with W1, dA_prev with
// A_prev, grads["dW" + str(l)] with parameters["W" + str(l)], CS231n's dx, dw, db with x, w, b and
// grads['W1'] with self.params['W1'] (the rule: engine/conventions/gradientNames.ts). The pairing only says which shapes to compare; a finding
// still needs the two shapes to contradict each other.

import type { Expr } from '../syntax/ast';
import type { Scope } from './scope';
import type { ArrayValue, Value } from './values';
import { isGradientDict, partnerOf, partnerOfKey } from '../conventions/gradientNames';

const PARAM_DICTS = ['parameters', 'params', 'model', 'weights'];

export interface Paired {
  /** How the paired value is spelled, for messages: `W1`, `parameters["W1"]`. */
  name: string;
  value: ArrayValue;
}

/**
 * The array a gradient target pairs with, when the naming pairs it and the array is known. Only the
 * current function's own names count: a global `b` says nothing about a local `db`.
 */
export function pairedArray(target: Expr, scope: Scope, keyOf: (e: Expr) => string | undefined): Paired | undefined {
  if (target.kind === 'name') {
    const base = partnerOf(target.id);
    if (base === undefined) return undefined;
    const local = scope.vars.get(base);
    if (local?.t === 'array') return { name: base, value: local };
    return fromParamDicts(base, scope);
  }
  if (target.kind === 'subscript') {
    const holder = target.obj;
    const holderName = holder.kind === 'name' ? holder.id : holder.kind === 'attr' ? holder.name : undefined;
    if (!holderName || !isGradientDict(holderName)) return undefined;
    const key = keyOf(target.index);
    if (key === undefined) return undefined;
    const base = partnerOfKey(key);
    const fromDicts = fromParamDicts(base, scope);
    if (fromDicts) return fromDicts;
    const local = scope.vars.get(base);
    if (local?.t === 'array') return { name: base, value: local };
  }
  return undefined;
}

function fromParamDicts(key: string, scope: Scope): Paired | undefined {
  for (const d of PARAM_DICTS) {
    const v = scope.vars.get(d);
    const hit = v?.t === 'dict' ? v.entries.get(key) : undefined;
    if (hit?.t === 'array') return { name: `${d}["${key}"]`, value: hit };
  }
  // Any other dict of the function holding the parameter (`p["b2"]` of a params dict named p); a
  // cache holds what the forward pass saw, not what the gradient must match (a layer norm caches x transposed).
  for (const [name, v] of scope.vars) {
    if (PARAM_DICTS.includes(name) || v.t !== 'dict' || isGradientDict(name) || /cache/i.test(name)) continue;
    const hit = v.entries.get(key);
    if (hit?.t === 'array') return { name: `${name}["${key}"]`, value: hit };
  }
  const self = scope.vars.get('self');
  if (self?.t === 'object') {
    for (const d of PARAM_DICTS) {
      const v: Value | undefined = self.attrs.get(d);
      const hit = v?.t === 'dict' ? v.entries.get(key) : undefined;
      if (hit?.t === 'array') return { name: `self.${d}["${key}"]`, value: hit };
    }
  }
  return undefined;
}
