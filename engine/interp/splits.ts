// `np.split(a, k, axis=1)` into k equal sections (an LSTM's fused gates: `o, i, f = np.split(g, 3,
// axis=1)`): a list of k arrays of a's shape with that axis's size a k-th. The section's size is shown
// only (dim.ts hint: `n_h` of an axis written `3*n_h`, or the quotient of a constant); it compares with
// nothing until the code ties it to a size, so it never makes a finding.

import type { Dim, DimStore } from '../shapes/dim';
import type { CallSite } from '../ops/types';
import type { Value } from './values';

export function splitSections(dims: DimStore, site: CallSite): Value | undefined {
  const [a, k] = site.args;
  const axisV = site.args[2] ?? site.kw.get('axis');
  if (a?.t !== 'array' || !a.shape || k?.t !== 'int') return undefined;
  const n = dims.value(k.dim);
  const axis = axisV === undefined ? 0 : axisV.t === 'int' ? dims.value(axisV.dim) : undefined;
  if (n === undefined || n < 1 || n > 16 || axis === undefined) return undefined;
  const ax = axis < 0 ? axis + a.shape.length : axis;
  if (ax < 0 || ax >= a.shape.length) return undefined;
  const whole = a.shape[ax];
  const items: Value[] = Array.from({ length: n }, () => ({ t: 'array', shape: a.shape!.map((d, i) => (i === ax ? section(dims, whole, n) : d)), tainted: a.tainted, dtype: a.dtype }) as Value);
  return { t: 'list', items };
}

function section(dims: DimStore, whole: Dim, n: number): Dim {
  const v = dims.value(whole);
  if (v !== undefined) return v % n === 0 ? dims.hinted(String(v / n)) : dims.unknown();
  const m = new RegExp(`^${n}\\*([\\w.\\[\\]]+)$`).exec(dims.render(whole));
  return m ? dims.hinted(m[1]) : dims.unknown();
}
