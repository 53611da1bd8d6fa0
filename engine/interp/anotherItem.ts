// A loop over an iterable of unknown length runs its body twice (interpreter.ts execFor); the second
// pass takes another item of a list: the same structure, every size not known as a number replaced by
// a fresh one. A list of layers' weights is not a list of equal shapes: layer l + 1's input is layer
// l's output, and running both passes on one item would make every layer square. The fresh sizes
// carry no names (a name would spread to whatever they are unified with), so they never contradict
// what the first pass learnt and never rename it.

import type { Dim, DimStore } from '../shapes/dim';
import type { Value } from './values';
import { deref } from './holes';

export function anotherItem(dims: DimStore, v: Value, sizes = new Map<Dim, Dim>()): Value {
  const x = deref(v);
  const size = (d: Dim): Dim => {
    if (dims.value(d) !== undefined) return d;
    const r = dims.find(d);
    let c = sizes.get(r);
    if (c === undefined) sizes.set(r, (c = dims.unknown()));
    return c;
  };
  switch (x.t) {
    case 'array':
      return x.shape ? { ...x, shape: x.shape.map(size) } : x;
    case 'int':
      return { t: 'int', dim: size(x.dim) };
    case 'tuple':
      return { t: 'tuple', items: x.items.map((i) => anotherItem(dims, i, sizes)) };
    default:
      return x;
  }
}
