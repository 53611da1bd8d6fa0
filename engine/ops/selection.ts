// Selection: np.where (a condition picks from two arrays), np.clip (bounds), np.argmax/argmin (the
// index of the extreme along an axis).

import { UNKNOWN } from '../interp/values';
import { argReduce, clip, where } from '../numeric/kernels';
import { NDArray } from '../numeric/ndarray';
import { Unevaluable } from '../concrete/values';
import { S, grad, mul } from '../numeric/vjp';
import type { OpEntry } from './definition';
import { arg, asArray } from './types';
import { elementwise } from './binary';
import { reductionShape } from './reductions';
import { axisOf, optionalNumber } from './concreteArgs';

export const SELECTION_OPS: OpEntry[] = [
  {
    id: 'where',
    spellings: ['np.where'],
    syntax: 'call',
    shape(site, ctx) {
      const c = arg(site, 0, 'condition');
      const x = arg(site, 1, 'x');
      const y = arg(site, 2, 'y');
      if (!x.v || !y.v) return UNKNOWN;
      const xy = elementwise(ctx, x.v, y.v, 'np.where', x.e, y.e, site.call.span);
      return c.v ? elementwise(ctx, c.v, xy, 'np.where', c.e, undefined, site.call.span) : xy;
    },
    concrete(c) {
      if (c.args.length < 3) throw new Unevaluable('np.where with one argument');
      const [cond, x, y] = c.args.map((v) => c.arr(v));
      return c.rec('where', [cond, x, y], where(cond.a, x.a, y.a));
    },
    derivative: {
      vjp: ({ g, inputs: [cond, a, b] }) => [undefined, grad(a, () => where(cond, g, S(0))), grad(b, () => where(cond, S(0), g))],
      face: 'none',
      reason: 'no symbolic face yet: a derivation stops at a selection',
    },
  },
  {
    id: 'clip',
    spellings: ['np.clip', 'array.clip'],
    syntax: 'call',
    shape(site) {
      const a = asArray(site.self ?? arg(site, 0, 'a').v);
      return a ? { ...a, origin: a.origin } : UNKNOWN;
    },
    concrete(c) {
      const x = c.arr(c.get(0, 'a'));
      const lo = optionalNumber(c.get(1, 'a_min'));
      const hi = optionalNumber(c.get(2, 'a_max'));
      return c.rec('clip', [x], clip(x.a, lo, hi), { lo, hi });
    },
    derivative: {
      vjp: ({ g, inputs: [x], params }) => {
        const lo = params.lo as number | undefined;
        const hi = params.hi as number | undefined;
        const pass = x.data.map((v) => +((lo === undefined || v >= lo) && (hi === undefined || v <= hi)));
        return [grad(x, () => mul(g, new NDArray(x.shape, pass)))];
      },
      face: 'none',
      reason: 'no symbolic face yet: a derivation stops at a clip',
    },
  },
  ...(['argmax', 'argmin'] as const).map((id): OpEntry => ({
    id,
    spellings: [`np.${id}`, `array.${id}`],
    syntax: 'call',
    shape: reductionShape,
    concrete(c) {
      const x = c.arr(c.get(0, 'a'));
      const axis = axisOf(c.get(1, 'axis'));
      return c.rec(id, [x], argReduce(id, x.a, axis as number | undefined));
    },
    derivative: { differentiable: false, reason: `${id} gives integer indices: piecewise constant` },
  })),
];
