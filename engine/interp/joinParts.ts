// Shapes from use in a join (issue 11, item 1): `np.row_stack((h_prev, x))`, `np.concatenate([a, x],
// axis=1)`. NumPy joins arrays of one rank whose sizes agree on every axis but the joined one, so a part
// with no stated shape beside known parts is such an array: the known parts' sizes on the other axes, a
// size of its own on the joined axis. Only where the known parts are at least 2-D and agree on their rank
// (a 1-D part of vstack becomes a row, so a 1-D neighbour says little); `np.stack` needs equal shapes, so
// a hole part takes the known part's shape. Inference only: it never makes a finding, the join's shape
// rule (ops/manipulation.ts) still judges the parts.

import type { DimStore } from '../shapes/dim';
import type { CallSite } from '../ops/types';
import type { ArrayValue, Value } from './values';
import { deref, holeAsArray, openHole } from './holes';

const JOINED_AXIS: Record<string, number | 'given' | 'new'> = {
  'np.vstack': 0,
  'np.row_stack': 0,
  'np.hstack': 1,
  'np.column_stack': 1,
  'np.concatenate': 'given',
  'np.stack': 'new',
};

export function isJoin(name: string): boolean {
  return name in JOINED_AXIS;
}

/** Decides the parts of no stated shape of a join call from its known parts. */
export function decideJoinParts(dims: DimStore, name: string, site: CallSite, where: string, unit: number | undefined): void {
  const kind = JOINED_AXIS[name];
  const seq = site.args[0];
  if (kind === undefined || !seq || (seq.t !== 'list' && seq.t !== 'tuple') || !seq.items) return;
  const parts = seq.items.map((v) => deref(v));
  if (!parts.some((p) => openHole(p))) return;
  const known = parts.filter((p): p is ArrayValue => p.t === 'array' && p.shape !== undefined && p.shape.length >= 2);
  if (known.length === 0 || known.some((p) => p.shape!.length !== known[0].shape!.length)) return;
  if (parts.some((p) => !openHole(p) && !known.includes(p as ArrayValue))) return;
  const rank = known[0].shape!.length;
  let axis: number | undefined;
  if (kind === 'given') {
    const a = site.args[1] ?? site.kw.get('axis');
    const n = a === undefined ? 0 : a.t === 'int' ? dims.value(a.dim) : undefined;
    if (n === undefined || n < -rank || n >= rank) return;
    axis = n < 0 ? n + rank : n;
  } else if (kind !== 'new') axis = kind;
  const model = known[0].shape!;
  for (const p of parts) {
    const h = openHole(p);
    if (h) holeAsArray(dims, h, rank, where, unit, false, model.map((d, i) => (i === axis ? undefined : d)));
  }
}

/** The parts after deciding: the join's shape rule reads the list as the interpreter now sees it. */
export function settledParts(v: Value): Value {
  if ((v.t !== 'list' && v.t !== 'tuple') || !v.items) return v;
  return { ...v, items: v.items.map((x) => deref(x)) } as Value;
}
