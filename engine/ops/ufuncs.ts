// Elementwise functions: one array in, the same shape out (np.exp, np.tanh, ...), and the binary
// ufuncs that broadcast (np.add, np.multiply, np.maximum, np.power, ...).

import type { Value } from '../interp/values';
import { UNKNOWN } from '../interp/values';
import type { OpEntry } from './types';
import { arg, asArray } from './types';
import { elementwise } from './broadcasting';

const UNARY = [
  'exp', 'log', 'log1p', 'log2', 'log10', 'tanh', 'sqrt', 'abs', 'absolute', 'square', 'sign', 'negative',
  'sin', 'cos', 'floor', 'ceil', 'round', 'isnan', 'isinf', 'expm1', 'reciprocal', 'int64', 'float64', 'float32', 'int32',
];

const unary: OpEntry = {
  names: UNARY.map((n) => `np.${n}`).concat(['array.copy', 'array.astype', 'array.round', 'np.nan_to_num']),
  shape(site) {
    const v: Value | undefined = site.self ?? arg(site, 0, 'x').v;
    const a = asArray(v);
    if (!a) return UNKNOWN;
    const f = site.call.func;
    const name = f.kind === 'attr' ? f.name : '';
    const dtype = name === 'isnan' || name === 'isinf' ? 'bool' : name.startsWith('int') ? 'int' : a.dtype === 'bool' && name !== 'astype' ? 'bool' : undefined;
    if (a.shape && a.shape.length === 0 && !site.self && (v?.t === 'int' || v?.t === 'float')) return { t: 'float' };
    return { t: 'array', shape: a.shape, tainted: a.tainted, note: a.note, dtype, origin: a.origin };
  },
};

const BINARY: Record<string, string> = {
  add: '+', subtract: '-', multiply: '*', divide: '/', true_divide: '/', power: '**', maximum: 'np.maximum', minimum: 'np.minimum',
  greater: '>', less: '<', equal: '==', not_equal: '!=', greater_equal: '>=', less_equal: '<=', logical_and: 'and', logical_or: 'or',
  where: 'np.where', clip: 'np.clip',
};

const binary: OpEntry = {
  names: Object.keys(BINARY).map((n) => `np.${n}`),
  shape(site, ctx) {
    const f = site.call.func;
    const name = f.kind === 'attr' ? f.name : '';
    if (name === 'where') {
      const c = arg(site, 0, 'condition');
      const x = arg(site, 1, 'x');
      const y = arg(site, 2, 'y');
      if (!x.v || !y.v) return UNKNOWN;
      const xy = elementwise(ctx, x.v, y.v, 'np.where', x.e, y.e, site.call.span);
      return c.v ? elementwise(ctx, c.v, xy, 'np.where', c.e, undefined, site.call.span) : xy;
    }
    if (name === 'clip') {
      const a = asArray(arg(site, 0, 'a').v);
      return a ? { ...a, origin: a.origin } : UNKNOWN;
    }
    const a = arg(site, 0, 'x1');
    const b = arg(site, 1, 'x2');
    if (!a.v || !b.v) return UNKNOWN;
    const bool = ['greater', 'less', 'equal', 'not_equal', 'greater_equal', 'less_equal', 'logical_and', 'logical_or'].includes(name);
    return elementwise(ctx, a.v, b.v, `np.${name}`, a.e, b.e, site.call.span, bool);
  },
};

export const UFUNC_OPS: OpEntry[] = [unary, binary];
