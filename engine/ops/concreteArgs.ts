// Argument parsing shared by the entries' concrete evaluations: a call's ints, shapes, axes, flags,
// dtypes and numbers as the concrete evaluator holds them, and the ConcreteCall an entry receives.

import type { Span } from '../syntax/ast';
import { astype } from '../numeric/kernels';
import type { NDArray } from '../numeric/ndarray';
import { type CArr, type CValue, Unevaluable } from '../concrete/values';
import type { ConcreteCall, ConcreteHost } from './definition';

const CASTS: Record<string, 'float' | 'int' | 'bool'> = {
  float64: 'float', float32: 'float', float: 'float', int64: 'int', int32: 'int', int: 'int', bool: 'bool', bool_: 'bool',
};

export function concreteCall(host: ConcreteHost, name: string, args: CValue[], kwargs: Map<string, CValue>, self: CValue | undefined, span: Span | undefined): ConcreteCall {
  const all = self ? [self, ...args] : args;
  const method = name.startsWith('array.');
  const fn = method ? name.slice(6) : name.slice(name.lastIndexOf('.') + 1);
  return {
    host, name, fn, method, args, kwargs, self, span,
    get: (i, kw) => (i < all.length ? all[i] : kwargs.get(kw)),
    arr: (v) => {
      if (!v) throw new Unevaluable(`${name}: missing argument`);
      return host.toArr(v, span);
    },
    rec: (op, inputs, out, params = {}) => host.record(op, inputs, params, out, span),
  };
}

export function intOf(v: CValue | undefined, what: string): number {
  if (v?.t === 'num' && v.int) return v.v;
  if (v?.t === 'arr' && v.a.size === 1 && v.a.dtype !== 'float') return v.a.data[0];
  throw new Unevaluable(`${what}: expected an int`);
}

/**
 * A size in a shape. A whole float counts (`1 + (H - FH + 2 * pad) / stride` in Python 2 code, where `/`
 * of ints floors): the run checks gradients, and the values agree either way.
 */
function sizeOf(v: CValue | undefined): number {
  if (v?.t === 'num' && !v.int && Number.isInteger(v.v)) return v.v;
  return intOf(v, 'shape');
}

export function shapeOf(v: CValue | undefined, rest: CValue[] = []): number[] {
  if (v?.t === 'tuple' || v?.t === 'list') return v.items.map(sizeOf);
  if (v && rest.length) return [v, ...rest].map(sizeOf);
  return [sizeOf(v)];
}

export function axisOf(v: CValue | undefined): number | number[] | undefined {
  if (!v || v.t === 'none') return undefined;
  if (v.t === 'tuple' || v.t === 'list') return v.items.map((x) => intOf(x, 'axis'));
  return intOf(v, 'axis');
}

export function flag(v: CValue | undefined): boolean {
  return v !== undefined && (v.t === 'bool' ? v.v : v.t === 'num' ? v.v !== 0 : false);
}

export function castName(fn: string): 'float' | 'int' | 'bool' | undefined {
  return CASTS[fn];
}

export function dtypeOf(v: CValue | undefined): 'float' | 'int' | 'bool' | undefined {
  if (!v || v.t === 'none') return undefined;
  if (v.t === 'builtin') return CASTS[v.name.slice(v.name.lastIndexOf('.') + 1)];
  if (v.t === 'str') return CASTS[v.v];
  return undefined;
}

export function numberOf(v: CValue | undefined): number {
  if (v?.t === 'num') return v.v;
  if (v?.t === 'bool') return v.v ? 1 : 0;
  if (v?.t === 'arr' && v.a.size === 1) return v.a.data[0];
  throw new Unevaluable('expected a number');
}

export function optionalNumber(v: CValue | undefined): number | undefined {
  return !v || v.t === 'none' ? undefined : numberOf(v);
}

/** A cast: to float it passes gradients ('astype'); truncation to int or bool is a step function. */
export function cast(c: ConcreteCall, x: CArr, dt: 'float' | 'int' | 'bool'): CArr {
  const out: NDArray = astype(x.a, dt);
  return c.rec(dt === 'float' ? 'astype' : dt === 'int' ? 'astype_int' : 'astype_bool', [x], out);
}

/** The (array, axis, keepdims) of a reduction call: np.sum(x, axis, keepdims=) or x.sum(axis, keepdims=). */
export function reductionArgs(c: ConcreteCall): { x: CArr; axis: number | number[] | undefined; keepdims: boolean } {
  return { x: c.arr(c.get(0, 'a')), axis: axisOf(c.get(1, 'axis')), keepdims: flag(c.kwargs.get('keepdims')) };
}
