// The shapes a verification run's assignments wrote in the document, said in the code's names: a line
// the shape analysis left without a shape (a value fetched from `self.ctx["col"]`, a slice of a matrix
// initialised lazily) but that a run executed gets the shape the run saw, each size translated back to
// the dimension it was chosen for. One run is not enough: a size computed from others (a pooling
// window's PH·PW = 4) can equal a dimension's chosen size (H = 4). So the run is repeated once with every
// chosen size moved to the next of the pool (Concretizer `rotate`): an axis is dimension H only when it
// has H's size in both runs; one whose size stays put is 1 or has no name. Any axis without a name, or
// runs that wrote different shapes, leave the target without one.

import type { Expr, Span, Stmt } from '../syntax/ast';
import { isGradientDict, partnerOf } from '../conventions/gradientNames';

/**
 * What one run's assignments in the document wrote: target span start → the target and the shapes seen,
 * in order. Only gradients' targets (`dW1`, `grads["dW1"]`, `self.dW`, `d_in[:, t]`): a witness run costs
 * a whole run, spent where a hover over a gradient line asks for its shape.
 */
export class WrittenShapes {
  readonly byTarget = new Map<number, { target: Span; stmt: Stmt; shapes: (readonly number[])[] }>();

  record(target: Expr, shape: readonly number[], stmt: Stmt): void {
    const key = target.span.start;
    let rec = this.byTarget.get(key);
    if (!rec && !isGradientTarget(target)) return;
    if (!rec) this.byTarget.set(key, (rec = { target: target.span, stmt, shapes: [] }));
    if (rec.shapes.length < 4 && !rec.shapes.some((s) => sameShape(s, shape))) rec.shapes.push(shape);
  }
}

/** A target's shape in the code's names (`(N, D)`), with the sizes the first run gave those names (`N = 4, D = 5`). */
export interface NamedWrite {
  target: Span;
  shape: string;
  sizes: string;
}

/** What a run needs to name its sizes (Concretizer). */
export interface SizeNaming {
  sizeNames(): Map<number, string>;
}

/** `dW1`, `grads["dW1"]`, `self.dW`, `d_in[:, t]`: a name the field's naming makes a gradient, or an item or attribute of one. */
function isGradientTarget(e: Expr): boolean {
  if (e.kind === 'name') return partnerOf(e.id) !== undefined;
  if (e.kind === 'attr') return partnerOf(e.name) !== undefined;
  if (e.kind === 'subscript') return (e.obj.kind === 'name' && isGradientDict(e.obj.id)) || isGradientTarget(e.obj);
  return false;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * The wanted targets' shapes in names, where the run and its witness (every chosen size moved) agree:
 * each target wrote one shape in each run, and each axis is 1 in both or a size that is the same
 * name's in both runs.
 */
export function witnessedShapes(first: WrittenShapes, firstSizes: SizeNaming, witness: WrittenShapes, witnessSizes: SizeNaming, wanted: (start: number) => boolean): Map<number, NamedWrite> {
  const names1 = firstSizes.sizeNames();
  const names2 = witnessSizes.sizeNames();
  const out = new Map<number, NamedWrite>();
  for (const [key, rec] of first.byTarget) {
    if (!wanted(key)) continue;
    const other = witness.byTarget.get(key);
    if (!other || rec.shapes.length !== 1 || other.shapes.length !== 1) continue;
    const [a] = rec.shapes;
    const [b] = other.shapes;
    if (a.length !== b.length) continue;
    const axes: string[] = [];
    const sizes = new Map<string, number>();
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) {
        // A size that stays put is no dimension's; only 1 is sure to be the code's own (a window's
        // 2 · 2 = 4 also stays put, as does a hyperparameter the run fixed).
        if (a[i] !== 1) break;
        axes.push('1');
        continue;
      }
      const name = names1.get(a[i]);
      if (name === undefined || names2.get(b[i]) !== name) break;
      axes.push(name);
      sizes.set(name, a[i]);
    }
    if (axes.length !== a.length) continue;
    out.set(key, { target: rec.target, shape: `(${axes.join(', ')}${axes.length === 1 ? ',' : ''})`, sizes: [...sizes].map(([n, d]) => `${n} = ${d}`).join(', ') });
  }
  return out;
}

/** One shape per target across runs: the runs' named shapes where they all agree. */
export function agreedShapes(runs: readonly { namedWrites?: Map<number, NamedWrite> }[]): Map<number, NamedWrite> {
  const out = new Map<number, NamedWrite | null>();
  for (const run of runs) {
    for (const [key, w] of run.namedWrites ?? []) {
      const prev = out.get(key);
      if (prev === undefined) out.set(key, w);
      else if (prev !== null && prev.shape !== w.shape) out.set(key, null);
    }
  }
  return new Map([...out].filter((e): e is [number, NamedWrite] => e[1] !== null));
}
