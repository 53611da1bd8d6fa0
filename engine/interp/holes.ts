// Shapes from use. An input with no stated shape is a hole (values.ts): the first use that needs a
// kind decides it, with one fresh size per axis (`X.shape[1]`), free to take any size the code ties
// it to. Fresh sizes are marked inferred (dim.ts): a rank the engine assumed (a hole in a matrix
// product is taken as 2-D) never makes a rank contradiction (shapeOps.ts compareShapes), and fresh
// sizes never contradict anything; a backward pass sees its forward pass's values through
// `copyValue`, which freezes the sizes the forward pass left apart (issue 11: different axes of the
// data are different sizes unless the code makes them equal).

import type { Dim, DimStore } from '../shapes/dim';
import type { ArrayValue, Hole, Value } from './values';

export function newHole(name: string, unit?: number): Value {
  return { t: 'unknown', hole: unit === undefined ? { name } : { name, unit } };
}

/** A hole with the shape of `h` (an elementwise result of it, nothing deciding its rank yet). */
export function holeLike(name: string, h: Hole, other?: Hole): Value {
  const arrayLike = h.arrayLike || other?.arrayLike;
  return { t: 'unknown', hole: { name, like: shapeSource(h), ...(h.unit !== undefined ? { unit: h.unit } : {}), ...(arrayLike ? { arrayLike } : {}) } };
}

/** The input a hole has the shape of: the one it is an elementwise result of, or itself. */
export function shapeSource(h: Hole): string {
  return h.like ?? h.name;
}

/** The value a hole was decided to be (holes chain when one is decided as another). */
export function deref(v: Value): Value {
  let x = v;
  while (x.t === 'unknown' && x.hole?.resolved) x = x.hole.resolved;
  return x;
}

/** The undecided hole of a value, if it is one. */
export function openHole(v: Value): Hole | undefined {
  const x = deref(v);
  return x.t === 'unknown' ? x.hole : undefined;
}

/** The name a hole's sizes are shown under (`p["W1"]` → W1: `W1.shape[0]`). */
function sizeBase(h: Hole): string {
  return h.name.replace(/^.*\[["'](\w+)["']\]$/, '$1');
}

/**
 * Decides a hole as an array of `rank` fresh sizes (or, where `given` holds one, that size: the sizes a
 * join's other parts fix).
 */
export function holeAsArray(dims: DimStore, h: Hole, rank: number, origin: string, unit?: number, assumedRank = false, given?: (Dim | undefined)[]): ArrayValue {
  const base = sizeBase(h);
  const shape: Dim[] = Array.from({ length: rank }, (_, i) => given?.[i] ?? dims.hinted(`${base}.shape[${i}]`, true));
  // Taken as a matrix because a product or `.T` reads it: a vector would not have its last axis.
  if (assumedRank) dims.markPhantom(shape[rank - 1]);
  // In a function analysed on its own, the axes the code names (`n, d = X.shape`) are different sizes
  // unless the code makes them equal (dim.ts pending → frozen in the function's unit).
  const u = h.unit ?? unit;
  if (u !== undefined) for (let i = 0; i < rank; i++) if (given?.[i] === undefined) dims.pend(shape[i], u);
  const v: ArrayValue = { t: 'array', shape, origin: `inferred from ${origin}` };
  h.resolved = v;
  h.origin = origin;
  itemsDecided(dims, h, v, `inferred from ${origin} (an item of it)`, u);
  return v;
}

/** The item a loop over an input of no stated shape binds (`for x in inputs`): a hole of its own, tied to the input. */
export function itemHole(seq: Hole, name: string): Value {
  return { t: 'unknown', hole: { name, itemOf: seq, ...(seq.unit !== undefined ? { unit: seq.unit } : {}) } };
}

/**
 * An item of a sequence of no stated kind was decided (`for x in inputs`, x an array or an index): the
 * sequence is such items along a first axis of its own.
 */
function itemsDecided(dims: DimStore, item: Hole, v: Value, origin: string, unit?: number): void {
  const seq = item.itemOf && openHole({ t: 'unknown', hole: item.itemOf });
  if (!seq) return;
  const steps = dims.hinted(`${sizeBase(seq)}.shape[0]`, true);
  const u = seq.unit ?? unit;
  if (u !== undefined) dims.pend(steps, u);
  seq.resolved = v.t === 'array' && v.shape ? { t: 'array', shape: [steps, ...v.shape], origin } : { t: 'array', shape: [steps], dtype: 'int', origin };
  seq.origin = origin;
}

/** Decides a hole used in integer arithmetic (`4 * k`) or as an index (`x[i]`) as the size `dim`. */
export function holeAsInt(dims: DimStore, h: Hole, dim: Dim): Value {
  const v: Value = { t: 'int', dim, inferred: true };
  h.resolved = v;
  // `for i in inputs: x[i] = 1`: the input is a sequence of ints (a char-RNN's indices).
  itemsDecided(dims, h, v, 'inferred from its items used as indices');
  return v;
}

/** Decides a hole read with string keys as a dict whose unseen keys read as holes. */
export function holeAsDict(h: Hole): Value {
  const v: Value = { t: 'dict', entries: new Map(), open: true, inferred: true };
  h.resolved = v;
  return v;
}

/** Decides a hole unpacked into `names.length` targets as a tuple of holes. */
export function holeAsTuple(h: Hole, names: string[]): Value {
  const v: Value = { t: 'tuple', items: names.map((n) => newHole(n, h.unit)) };
  h.resolved = v;
  return v;
}

/** What an elementwise operation with an unknown operand gives: the known shape, a fresh size where it has 1. */
export function partialBroadcast(dims: DimStore, known: ArrayValue, where: string): ArrayValue | undefined {
  if (!known.shape || known.shape.length === 0) return undefined;
  const shape = known.shape.map((d) => (dims.value(d) === 1 ? dims.hinted('?', true) : d));
  return { t: 'array', shape, origin: `${where}: the shape of its known operand`, tainted: known.tainted };
}

/**
 * A per-step dict's value under int keys (`hs[t] = ...` in a loop): the first known value, joined
 * with later ones (an unknown `hs[-1] = np.copy(hprev)` gives way to the loop's arrays).
 */
export function addDictElem(dims: DimStore, d: Value & { t: 'dict' }, v: Value, join: (a: Value, b: Value) => Value): void {
  const x = deref(v);
  if (!d.elem || d.elem.t === 'unknown' || d.elem.t === 'none') d.elem = x;
  else if (x.t !== 'unknown' && x.t !== 'none') d.elem = join(d.elem, x);
}

/** The value with every decided hole replaced by its decision, through tuples, lists and dicts. */
export function settle(v: Value, seen = new Set<Value>()): Value {
  const x = deref(v);
  if (seen.has(x)) return x;
  seen.add(x);
  if (x.t === 'tuple') return { t: 'tuple', items: x.items.map((i) => settle(i, seen)) };
  if (x.t === 'dict') {
    for (const [k, e] of x.entries) x.entries.set(k, settle(e, seen));
    return x;
  }
  return x;
}

/**
 * A linked function's view of a value: the same structure with every size a copy (one copy per
 * class, through `map`), so what the receiving function learns never changes the producer's sizes.
 * With `unit`, the sizes that name something (issue 11: the forward pass and the initialisation are
 * the specification) are frozen in that unit: different from each other unless the code makes them
 * equal, and still free to equal a constant.
 */
export function copyValue(dims: DimStore, v: Value, map: Map<Dim, Dim>, unit?: number, seen = new Map<Value, Value>(), via?: string): Value {
  const x = deref(v);
  const done = seen.get(x);
  if (done) return done;
  const dim = (d: Dim): Dim => {
    const r = dims.find(d);
    let c = map.get(r);
    if (c === undefined) {
      c = dims.value(r) !== undefined && !(unit !== undefined && dims.isExample(r)) ? r : dims.copyOf(r, unit !== undefined && (dims.isNamed(r) || dims.isExample(r)) ? unit : undefined);
      map.set(r, c);
    }
    return c;
  };
  let out: Value;
  switch (x.t) {
    case 'array':
      // Hovers say where a linked value came from: `from forward() (np.dot on line 12)`.
      out = { ...x, shape: x.shape?.map(dim), tainted: undefined, origin: via ? `${via}${x.origin ? ` (${x.origin})` : ''}` : x.origin, site: via ? undefined : x.site };
      break;
    case 'int':
      out = { t: 'int', dim: dim(x.dim) };
      break;
    case 'tuple':
      out = { t: 'tuple', items: [] };
      seen.set(x, out);
      out.items.push(...x.items.map((i) => copyValue(dims, i, map, unit, seen, via)));
      return out;
    case 'list': {
      // Registered before its items: a list may hold itself (a value appended to the list it came from).
      const list: Value & { t: 'list' } = { t: 'list', items: x.items ? [] : undefined, ...(x.grown ? { grown: true } : {}), ...(x.layers ? { layers: true } : {}) };
      seen.set(x, list);
      if (x.items) list.items!.push(...x.items.map((i) => copyValue(dims, i, map, unit, seen, via)));
      if (x.elem) list.elem = copyValue(dims, x.elem, map, unit, seen, via);
      return list;
    }
    case 'dict': {
      const entries = new Map<string, Value>();
      out = { t: 'dict', entries, open: x.open };
      seen.set(x, out);
      for (const [k, e] of x.entries) entries.set(k, copyValue(dims, e, map, unit, seen, via));
      if (x.elem) out.elem = copyValue(dims, x.elem, map, unit, seen, via);
      return out;
    }
    default:
      out = x;
  }
  seen.set(x, out);
  return out;
}
