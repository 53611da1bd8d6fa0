// Joining the values two branches leave in a variable: what both agree on survives, the rest is
// unknown. Joins never invent a contradiction.

import type { DimStore } from '../shapes/dim';
import type { Value } from './values';
import { UNKNOWN } from './values';

export function joinValues(dims: DimStore, a: Value, b: Value): Value {
  if (a === b) return a;
  if (a.t === 'unknown' || b.t === 'unknown') return UNKNOWN;
  if (a.t === 'none') return b;
  if (b.t === 'none') return a;
  if (a.t === 'array' && b.t === 'array') {
    const tainted = a.tainted || b.tainted || undefined;
    if (!a.shape || !b.shape || a.shape.length !== b.shape.length) return { t: 'array', shape: undefined, tainted };
    const shape = a.shape.map((d, i) => (dims.compare(d, b.shape![i]) === 'equal' ? d : dims.unknown()));
    return { t: 'array', shape, tainted, origin: a.origin, site: a.site, note: a.note ?? b.note };
  }
  if ((a.t === 'array' && (b.t === 'float' || b.t === 'int')) || (b.t === 'array' && (a.t === 'float' || a.t === 'int'))) {
    const arr = a.t === 'array' ? a : b;
    return arr.t === 'array' && arr.shape?.length === 0 ? arr : UNKNOWN;
  }
  if (a.t === 'int' && b.t === 'int') return dims.compare(a.dim, b.dim) === 'equal' ? a : { t: 'int', dim: dims.unknown() };
  if (a.t === 'float' && (b.t === 'float' || b.t === 'int')) return a;
  if (b.t === 'float' && a.t === 'int') return b;
  if (a.t === 'tuple' && b.t === 'tuple' && a.items.length === b.items.length) {
    return { t: 'tuple', items: a.items.map((x, i) => joinValues(dims, x, b.items[i])) };
  }
  if (a.t === 'dict' && b.t === 'dict') {
    const entries = new Map<string, Value>();
    for (const [k, v] of a.entries) {
      const w = b.entries.get(k);
      if (w !== undefined) entries.set(k, joinValues(dims, v, w));
    }
    const elem = a.elem && b.elem ? joinValues(dims, a.elem, b.elem) : undefined;
    return { t: 'dict', entries, open: true, ...(elem && elem.t !== 'unknown' ? { elem } : {}) };
  }
  if (a.t === 'str' && b.t === 'str') return { t: 'str', value: a.value === b.value ? a.value : undefined };
  if (a.t === 'bool' && b.t === 'bool') return { t: 'bool', value: a.value === b.value ? a.value : undefined };
  if (a.t === b.t && (a.t === 'func' || a.t === 'class' || a.t === 'object' || a.t === 'module')) return a;
  return UNKNOWN;
}
