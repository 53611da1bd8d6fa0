// Shape rules shared by many ops: NumPy broadcasting and the matrix product of 1-D and 2-D (and
// stacked) operands, on symbolic dimensions. They answer with a shape, or with the axes that
// contradict each other; they never guess: an undecided comparison unifies or stays open.

import type { Dim, DimStore } from './dim';
import { isBatchName } from '../conventions/gradientNames';

export type Shape = Dim[];

export type BroadcastResult = { ok: true; shape: Shape } | { ok: false; axisA: number; axisB: number };

export function broadcast(dims: DimStore, a: Shape, b: Shape): BroadcastResult {
  const n = Math.max(a.length, b.length);
  const out: Shape = [];
  for (let i = 0; i < n; i++) {
    const ia = a.length - n + i;
    const ib = b.length - n + i;
    if (ia < 0) { out.push(b[ib]); continue; }
    if (ib < 0) { out.push(a[ia]); continue; }
    const da = a[ia];
    const db = b[ib];
    if (dims.value(da) === 1) { out.push(db); continue; }
    if (dims.value(db) === 1) { out.push(da); continue; }
    const c = dims.compare(da, db);
    if (c === 'equal') { out.push(da); continue; }
    if (c === 'different') return { ok: false, axisA: ia, axisB: ib };
    // Undecided: one side may be 1. A free dimension takes the other's size in the result; two
    // known-but-unrelated names are taken to be equal (the code assumes it), which later checks see.
    if (dims.isFree(da)) { out.push(db); continue; }
    if (dims.isFree(db)) { out.push(da); continue; }
    dims.unify(da, db);
    out.push(da);
  }
  return { ok: true, shape: out };
}

export type MatmulResult =
  | { ok: true; shape: Shape }
  | { ok: false; kind: 'inner'; left: Dim; right: Dim }
  | { ok: false; kind: 'scalar' }
  | { ok: false; kind: 'batch' };

/**
 * np.matmul / @ semantics; np.dot agrees with it for operands of rank 1 and 2. With `proven`, the
 * product is accepted only when its dimensions are known to agree, and nothing is unified: a
 * what-if, for trying fixes.
 */
export function matmul(dims: DimStore, a: Shape, b: Shape, proven = false): MatmulResult {
  if (a.length === 0 || b.length === 0) return { ok: false, kind: 'scalar' };
  const a2 = a.length === 1 ? [dims.constant(1), a[0]] : a;
  const b2 = b.length === 1 ? [b[0], dims.constant(1)] : b;
  const k1 = a2[a2.length - 1];
  const k2 = b2[b2.length - 2];
  const c = singleExample(dims, k1, k2) ? 'different' : dims.compare(k1, k2);
  if (c === 'different' || (proven && c !== 'equal')) return { ok: false, kind: 'inner', left: k1, right: k2 };
  if (c === 'unknown') dims.unify(k1, k2);
  const batchA = a2.slice(0, -2);
  const batchB = b2.slice(0, -2);
  let lead: Shape;
  if (proven) {
    if (compareShapes(dims, batchA, batchB) !== 'equal') return { ok: false, kind: 'batch' };
    lead = batchA;
  } else {
    const batch = broadcast(dims, batchA, batchB);
    lead = batch.ok ? batch.shape : batchA;
  }
  const out: Shape = [...lead];
  if (a.length > 1) out.push(a2[a2.length - 2]);
  if (b.length > 1) out.push(b2[b2.length - 1]);
  return { ok: true, shape: out };
}

/**
 * A function's own free size is already different from any constant it states, except a docstring's
 * example size (dim.ts `compare`). A docstring's 1 is no example when it meets the batch: a product
 * that contracts the function's batch (m = X.shape[1], `number of examples`) with it
 * (`np.dot(X, A - Y)` for `np.dot(X, (A - Y).T)`) only works for a single example, and unifying would
 * make m = 1 for the rest of the function.
 */
function singleExample(dims: DimStore, a: Dim, b: Dim): boolean {
  const batch = (d: Dim) => dims.value(d) === undefined && dims.isRigid(d) && dims.labels(d).some(isBatchName);
  return (dims.value(a) === 1 && batch(b)) || (dims.value(b) === 1 && batch(a));
}

export function transposed(s: Shape): Shape {
  return [...s].reverse();
}

export function renderShape(dims: DimStore, s: Shape | undefined): string {
  if (s === undefined) return '(?)';
  if (s.length === 1) return `(${dims.render(s[0])},)`;
  return `(${s.map((d) => dims.render(d)).join(', ')})`;
}

/** Three-valued comparison of whole shapes. */
export function compareShapes(dims: DimStore, a: Shape, b: Shape): 'equal' | 'different' | 'unknown' {
  // A shape holding a size inferred from use may have a rank the engine assumed (holes.ts).
  if (a.length !== b.length) return a.some((d) => dims.isInferred(d)) || b.some((d) => dims.isInferred(d)) ? 'unknown' : 'different';
  let all = true;
  for (let i = 0; i < a.length; i++) {
    const c = dims.compare(a[i], b[i]);
    if (c === 'different') return 'different';
    if (c !== 'equal') all = false;
  }
  return all ? 'equal' : 'unknown';
}

export function unifyShapes(dims: DimStore, a: Shape, b: Shape, reason?: string): boolean {
  if (compareShapes(dims, a, b) === 'different') return false;
  for (let i = 0; i < a.length; i++) dims.unify(a[i], b[i], reason);
  return true;
}
