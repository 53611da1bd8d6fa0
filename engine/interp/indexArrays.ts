// Integer-array indexing as course code writes it: `x[range(N), y]` and `x[np.arange(N), y]`. A
// `range(N)` index is a 1-D integer array of N entries; an input of no stated shape indexing beside
// such an array (the labels `y`) is taken as a 1-D integer array of the same length, since integer
// index arrays broadcast together (holes.ts: a fresh size, inferred, never a contradiction).

import type { Expr } from '../syntax/ast';
import type { DimStore } from '../shapes/dim';
import type { Value } from './values';
import { holeAsArray, openHole } from './holes';

/** Rewrites `vals` in place: ranges from 0 by 1 become index arrays, and a hole beside one becomes its partner. */
export function integerIndexArrays(dims: DimStore, vals: (Value | undefined)[], src: (e: Expr) => string, parts: Expr[]): void {
  if (vals.length < 2) return;
  vals.forEach((v, i) => {
    if (v?.t !== 'range') return;
    const start = v.start.t === 'int' ? dims.value(v.start.dim) : undefined;
    const step = v.step.t === 'int' ? dims.value(v.step.dim) : undefined;
    if (start === 0 && step === 1 && v.stop.t === 'int') vals[i] = { t: 'array', shape: [v.stop.dim], dtype: 'int' };
  });
  const partner = vals.find((v) => v?.t === 'array' && v.dtype !== 'bool' && v.shape?.length === 1);
  if (partner?.t !== 'array' || !partner.shape) return;
  vals.forEach((v, i) => {
    const h = v ? openHole(v) : undefined;
    if (!h) return;
    const arr = holeAsArray(dims, h, 1, `${src(parts[i])} indexing beside ${src(parts[vals.indexOf(partner)])}`);
    dims.unify(arr.shape![0], partner.shape![0]);
    arr.dtype = 'int';
    vals[i] = arr;
  });
}
