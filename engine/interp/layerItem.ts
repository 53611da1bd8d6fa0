// An item of a list of layers' values taken at an index the analysis does not know (`caches[l]` in a
// backward loop over the caches L_model_forward appended): one layer's value, whichever layer it is.
// Every item must have one structure (tuples of the same lengths, arrays of the same ranks), else the
// item is unknown. Each read gets sizes of its own (a loop's second pass reads another layer, so layer
// l's input is not made layer l + 1's):
// - two places are one size when some item has them as one size that is not a constant (W's rows and
//   Z's rows; the batch of A_prev and of Z, even where the forward pass's first layer left them apart);
// - a constant every item has there stays; a name every item gives it (n[l], m) is shown;
// - a size every item keeps apart from its others (a linked forward pass's frozen sizes, a docstring's
//   free names) is kept apart in a unit of this read alone, so one layer's n[l] and n[l-1] still differ
//   while another layer's may equal them; never two sizes shown by one name (`m and m differ` is no finding).

import type { Dim, DimStore } from '../shapes/dim';
import type { Value } from './values';
import { deref } from './holes';

/**
 * One layer's item of `items`, with sizes of its own; undefined when the items differ in structure.
 * Not `named` in a loop's second pass (another layer, like anotherItem.ts): its sizes, made equal to the
 * first pass's (layer l's input is layer l - 1's output), would show one layer's n[l] as the other's n[l-1].
 */
export function layerItem(dims: DimStore, items: readonly Value[], named = true): Value | undefined {
  if (items.length === 0) return undefined;
  // Each place a size sits (an array's axis, an int), with the size each item has there.
  const places: Dim[][] = [];
  const seen = new Set<Value>();
  const walk = (vs: Value[]): ((size: (p: number) => Dim) => Value) | undefined => {
    const xs = vs.map(deref);
    const first = xs[0];
    if (xs.some((x) => x.t !== first.t) || seen.has(first)) return undefined;
    switch (first.t) {
      case 'array': {
        const shapes = xs.map((x) => (x.t === 'array' ? x.shape : undefined));
        const rank = shapes[0]?.length;
        if (rank === undefined || shapes.some((s) => s?.length !== rank)) return undefined;
        const at = shapes[0]!.map((_, i) => places.push(shapes.map((s) => s![i])) - 1);
        const origin = first.origin ? `one layer's item of the list (${first.origin})` : undefined;
        return (size) => ({ t: 'array', shape: at.map(size), dtype: first.dtype, origin });
      }
      case 'tuple': {
        const n = first.items.length;
        if (xs.some((x) => x.t !== 'tuple' || x.items.length !== n)) return undefined;
        seen.add(first);
        const parts: ((size: (p: number) => Dim) => Value)[] = [];
        for (let i = 0; i < n; i++) {
          const part = walk(xs.map((x) => (x as typeof first).items[i]));
          if (!part) return undefined;
          parts.push(part);
        }
        seen.delete(first);
        return (size) => ({ t: 'tuple', items: parts.map((p) => p(size)) });
      }
      case 'int': {
        const at = places.push(xs.map((x) => (x as typeof first).dim)) - 1;
        return (size) => ({ t: 'int', dim: size(at) });
      }
      case 'float':
      case 'none':
        return () => first;
      case 'str':
        return () => (xs.every((x) => x.t === 'str' && x.value === first.value) ? first : { t: 'str', value: undefined });
      default:
        return undefined;
    }
  };
  const build = walk([...items]);
  if (!build) return undefined;

  // Places one item has as one size (not a constant) are one size of the layer.
  const parent = places.map((_, i) => i);
  const root = (p: number): number => (parent[p] === p ? p : (parent[p] = root(parent[p])));
  for (let k = 0; k < items.length; k++) {
    const byClass = new Map<Dim, number>();
    places.forEach((ds, p) => {
      if (dims.value(ds[k]) !== undefined) return;
      const c = dims.find(ds[k]);
      const q = byClass.get(c);
      if (q === undefined) byClass.set(c, p);
      else parent[root(p)] = root(q);
    });
  }
  const groups = new Map<number, Dim[]>();
  places.forEach((ds, p) => {
    const g = groups.get(root(p)) ?? [];
    g.push(...ds);
    groups.set(root(p), g);
  });
  const unit = dims.newScope();
  const sizes = new Map<number, Dim>();
  const labelsOf = new Map<number, string[]>();
  for (const [g, ds] of groups) {
    const v = dims.value(ds[0]);
    if (v !== undefined && ds.every((d) => dims.value(d) === v)) sizes.set(g, ds[0]);
    else labelsOf.set(g, named ? dims.labels(ds[0]).filter((l) => ds.every((d) => dims.labels(d).includes(l))) : []);
  }
  for (const [g, labels] of labelsOf) {
    const ds = groups.get(g)!;
    const alone = [...labelsOf].every(([h, ls]) => h === g || !ls.some((l) => labels.includes(l)));
    const apart = labels.length > 0 && alone && ds.every((d) => dims.isKeptApart(d) && dims.value(d) === undefined);
    sizes.set(g, dims.labelled(labels, apart ? unit : undefined));
  }
  return build((p) => sizes.get(root(p))!);
}

/**
 * A list a forward pass appended to in a loop of unknown length (values.ts `grown`: the caches
 * L_model_forward returns), as the function its link hands it to sees it: of unknown length, each read
 * at an index one layer's item. The count of items the analysis's passes appended is no length, and
 * reading them by position would chain layers the forward pass's first pass left apart.
 */
export function asLayers(dims: DimStore, v: Value): Value {
  const x = deref(v);
  if (x.t !== 'list' || !x.grown || !x.items) return v;
  const elem = layerItem(dims, x.items);
  return elem ? { t: 'list', items: undefined, elem, layers: true } : { t: 'list', items: undefined };
}
