// Reductions with axis and keepdims: sum, mean, max, min, argmax, std, var, prod, all, any, and
// np.linalg.norm. A reduction that drops an axis leaves a note on its result, so that when the rank-1
// result later meets a matrix the finding lands on the missing keepdims=True.

import type { ArrayValue } from '../interp/values';
import { UNKNOWN } from '../interp/values';
import type { OpEntry } from './types';
import { arg, asArray } from './types';
import { reportAt } from '../checks/blame';

const NAMES = ['sum', 'mean', 'max', 'min', 'argmax', 'argmin', 'std', 'var', 'prod', 'all', 'any', 'average', 'nansum', 'amax', 'amin'];

const reduce: OpEntry = {
  names: [...NAMES.map((n) => `np.${n}`), ...NAMES.map((n) => `array.${n}`), 'np.linalg.norm'],
  shape(site, ctx) {
    const input = site.self ?? arg(site, 0, 'a').v;
    const a = asArray(input);
    if (!a) return UNKNOWN;
    const axisArg = site.self ? arg(site, 0, 'axis') : arg(site, 1, 'axis');
    const keep = site.kw.get('keepdims');
    const keepdims = keep?.t === 'bool' ? keep.value : false;
    if (keep && keep.t !== 'bool') return { t: 'array', shape: undefined, tainted: a.tainted };
    const f = site.call.func;
    const name = f.kind === 'attr' ? f.name : '';
    const dtype = name.startsWith('arg') ? 'int' : name === 'all' || name === 'any' ? 'bool' : undefined;
    if (!a.shape) return { t: 'array', shape: undefined, tainted: a.tainted, dtype };
    const axisV = axisArg.v;
    const rank = a.shape.length;
    let axes: number[] | undefined;
    if (!axisV || axisV.t === 'none') axes = a.shape.map((_, i) => i);
    else if (axisV.t === 'int') {
      const n = ctx.dims.value(axisV.dim);
      if (n !== undefined) axes = [n < 0 ? n + rank : n];
    } else if (axisV.t === 'tuple' && axisV.items.every((x) => x.t === 'int')) {
      const ns = axisV.items.map((x) => (x.t === 'int' ? ctx.dims.value(x.dim) : undefined));
      if (ns.every((n) => n !== undefined)) axes = (ns as number[]).map((n) => (n < 0 ? n + rank : n));
    }
    if (!axes || axes.some((i) => i < 0 || i >= rank)) return { t: 'array', shape: undefined, tainted: a.tainted, dtype };
    const shape = keepdims
      ? a.shape.map((d, i) => (axes!.includes(i) ? ctx.dims.constant(1) : d))
      : a.shape.filter((_, i) => !axes!.includes(i));
    if (shape.length === 0 && !keepdims && (!axisV || axisV.t === 'none')) {
      // Summing a whole accidental broadcast ((N, 1) - (N,) → (N, N)) hides it in a scalar: the
      // last place it can be seen.
      if (a.note?.accidental && !a.tainted && (name === 'sum' || name === 'mean')) {
        reportAt(ctx, [a], { code: 'accidental-broadcast', span: a.note.accidental.span, message: a.note.accidental.message, fixes: [] });
        a.tainted = true;
      }
      // A full reduction gives a NumPy scalar: it broadcasts like a Python float.
      return { t: 'array', shape: [], tainted: a.tainted, dtype };
    }
    const out: ArrayValue = { t: 'array', shape, tainted: a.tainted, dtype, origin: `${ctx.src(site.call.func)} on line ${ctx.lineOf(site.call.span.start)}` };
    if (!keepdims && rank === 2 && shape.length === 1) out.note = { droppedAxis: { span: site.call.span, call: site.call, shape } };
    else if (a.note?.accidental) out.note = { accidental: a.note.accidental };
    return out;
  },
};

export const REDUCTION_OPS: OpEntry[] = [reduce];
