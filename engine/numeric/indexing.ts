// NumPy indexing (basic and advanced) as a source map: `select` says, for each element of the
// result, which flat element of the indexed array it reads. getitem gathers along that map, setitem
// writes along it, and the VJPs of both scatter or gather along it, so the three cannot disagree.
//
// Supported: ints (negative allowed), slices (negative bounds and steps), newaxis, one ellipsis,
// boolean masks (converted to integer arrays by nonzero, as NumPy does), and integer arrays that
// broadcast together. Scalar ints count as advanced indexes when any array index is present, and
// when the advanced indexes are not adjacent (a slice, newaxis or ellipsis between them, even an
// ellipsis that expands to no axes) their dimensions go first — all NumPy's rules.
// Not supported (NumericError): 0-d boolean indexes (x[True]) and float index arrays.

import { NDArray, NumericError, castValue, shapeStr, sizeOf, stridesOf } from './ndarray';
import { broadcastClash, broadcastMap, broadcastShapes } from './kernels';

export type IndexPart =
  | { kind: 'int'; i: number }
  | { kind: 'slice'; start?: number; stop?: number; step?: number }
  | { kind: 'newaxis' }
  | { kind: 'ellipsis' }
  | { kind: 'array'; arr: NDArray };

type Norm =
  | { kind: 'int'; i: number; axis: number }
  | { kind: 'slice'; start: number; step: number; len: number; axis: number }
  | { kind: 'newaxis' }
  | { kind: 'ellipsis' } // kept as a marker: even when it expands to no axes it separates advanced indexes
  | { kind: 'adv'; arr: NDArray; axis: number };

/** Python's slice.indices(n): start, step and length. */
function sliceBounds(p: { start?: number; stop?: number; step?: number }, n: number): { start: number; step: number; len: number } {
  const step = p.step ?? 1;
  if ([p.start, p.stop, step].some((v) => v !== undefined && !Number.isInteger(v))) {
    throw new NumericError('slice indices must be integers');
  }
  if (step === 0) throw new NumericError('slice step cannot be zero');
  const clampIdx = (v: number | undefined, dflt: number): number => {
    if (v === undefined) return dflt;
    let x = v < 0 ? v + n : v;
    if (step > 0) x = Math.min(Math.max(x, 0), n);
    else x = Math.min(Math.max(x, -1), n - 1);
    return x;
  };
  const start = clampIdx(p.start, step > 0 ? 0 : n - 1);
  const stop = clampIdx(p.stop, step > 0 ? n : -1);
  const len = Math.max(0, Math.ceil((stop - start) / step));
  return { start, step, len };
}

function checkIndex(i: number, axis: number, shape: number[]): number {
  const n = shape[axis];
  if (!Number.isInteger(i) || i < -n || i >= n) {
    throw new NumericError(`index ${i} is out of bounds for axis ${axis} with size ${n} (array of shape ${shapeStr(shape)})`);
  }
  return i < 0 ? i + n : i;
}

function consumed(p: IndexPart): number {
  if (p.kind === 'int' || p.kind === 'slice') return 1;
  if (p.kind === 'array') return p.arr.dtype === 'bool' ? p.arr.ndim : 1;
  return 0;
}

/** The index with the ellipsis expanded, ints made advanced when arrays are present, masks made int arrays. */
function normalize(shape: number[], index: IndexPart[]): Norm[] {
  const used = index.reduce((s, p) => s + consumed(p), 0);
  if (index.filter((p) => p.kind === 'ellipsis').length > 1) {
    throw new NumericError("an index can only have a single ellipsis ('...')");
  }
  if (used > shape.length) {
    throw new NumericError(`too many indices for array of shape ${shapeStr(shape)}: ${used} were indexed`);
  }
  const advanced = index.some((p) => p.kind === 'array');
  const out: Norm[] = [];
  let axis = 0;
  const fullSlice = (): void => {
    out.push({ kind: 'slice', start: 0, step: 1, len: shape[axis], axis });
    axis++;
  };
  for (const p of index) {
    if (p.kind === 'ellipsis') {
      out.push({ kind: 'ellipsis' });
      for (let k = shape.length - used; k > 0; k--) fullSlice();
    } else if (p.kind === 'newaxis') {
      out.push({ kind: 'newaxis' });
    } else if (p.kind === 'int') {
      const i = checkIndex(p.i, axis, shape);
      out.push(advanced ? { kind: 'adv', arr: NDArray.scalar(i, 'int'), axis } : { kind: 'int', i, axis });
      axis++;
    } else if (p.kind === 'slice') {
      out.push({ kind: 'slice', ...sliceBounds(p, shape[axis]), axis });
      axis++;
    } else if (p.arr.dtype === 'bool') {
      out.push(...maskToInts(p.arr, axis, shape));
      axis += p.arr.ndim;
    } else {
      if (p.arr.dtype === 'float' && p.arr.size > 0) {
        throw new NumericError('arrays used as indices must be of integer (or boolean) type');
      }
      const ax = axis;
      const data = p.arr.data.map((v) => checkIndex(v, ax, shape));
      out.push({ kind: 'adv', arr: new NDArray(p.arr.shape, data, 'int'), axis });
      axis++;
    }
  }
  while (axis < shape.length) fullSlice();
  return out;
}

/** A boolean mask over axes [axis, axis + k): k int arrays of the coordinates of its true elements. */
function maskToInts(mask: NDArray, axis: number, shape: number[]): Norm[] {
  if (mask.ndim === 0) throw new NumericError('0-d boolean indexes are not supported');
  mask.shape.forEach((d, j) => {
    if (d !== shape[axis + j]) {
      throw new NumericError(
        `boolean index of shape ${shapeStr(mask.shape)} did not match indexed array of shape ${shapeStr(shape)} along axis ${axis + j}: dimension is ${shape[axis + j]} but corresponding boolean dimension is ${d}`,
      );
    }
  });
  const coords: number[][] = mask.shape.map(() => []);
  const st = stridesOf(mask.shape);
  for (let k = 0; k < mask.size; k++) {
    if (mask.data[k] === 0) continue;
    let r = k;
    for (let j = 0; j < st.length; j++) {
      coords[j].push(Math.floor(r / st[j]));
      r %= st[j];
    }
  }
  return coords.map((c, j) => ({ kind: 'adv', arr: new NDArray([c.length], Float64Array.from(c), 'int'), axis: axis + j }));
}

type OutDim = { kind: 'slice'; start: number; step: number; stride: number; len: number } | { kind: 'new' } | { kind: 'adv'; len: number };

/** The elements selected: out shape, and for each out element (row-major) the flat index in `a` it reads. */
export function select(shape: number[], index: IndexPart[]): { shape: number[]; src: Int32Array } {
  const norm = normalize(shape, index);
  const st = stridesOf(shape);
  const advPos = norm.flatMap((n, i) => (n.kind === 'adv' ? [i] : []));
  const advs = advPos.map((i) => norm[i] as Norm & { kind: 'adv' });
  let bShape: number[] = [];
  for (const a of advs) {
    const r = broadcastShapes(bShape, a.arr.shape);
    if (!r) {
      throw new NumericError(
        `shape mismatch: indexing arrays could not be broadcast together with shapes ${advs.map((x) => shapeStr(x.arr.shape)).join(' ')}`,
      );
    }
    bShape = r;
  }
  const contiguous = advPos.every((p, j) => p === advPos[0] + j);
  const bBlock: OutDim[] = bShape.map((len) => ({ kind: 'adv', len }));
  const dims: OutDim[] = advs.length > 0 && !contiguous ? [...bBlock] : [];
  let base = 0;
  norm.forEach((n, i) => {
    if (n.kind === 'int') base += n.i * st[n.axis];
    else if (n.kind === 'newaxis') dims.push({ kind: 'new' });
    else if (n.kind === 'slice') dims.push({ kind: 'slice', start: n.start, step: n.step, stride: st[n.axis], len: n.len });
    else if (contiguous && i === advPos[0]) dims.push(...bBlock);
  });
  const outShape = dims.map((d) => (d.kind === 'new' ? 1 : d.len));
  const maps = advs.map((a) => broadcastMap(a.arr.shape, bShape));
  const bStrides = stridesOf(bShape);
  const outStrides = stridesOf(outShape);
  const n = sizeOf(outShape);
  const src = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let off = base;
    let bk = 0;
    let b = 0;
    let r = k;
    for (let d = 0; d < dims.length; d++) {
      const i = Math.floor(r / outStrides[d]);
      r -= i * outStrides[d];
      const dim = dims[d];
      if (dim.kind === 'slice') off += (dim.start + i * dim.step) * dim.stride;
      else if (dim.kind === 'adv') bk += i * bStrides[b++];
    }
    for (let j = 0; j < advs.length; j++) off += advs[j].arr.data[maps[j][bk]] * st[advs[j].axis];
    src[k] = off;
  }
  return { shape: outShape, src };
}

/** a's rows (first axis) in the order given, with the source map getitem's derivative reads (`x[idx]`). */
export function takeRows(a: NDArray, rows: number[]): { out: NDArray; src: Int32Array } {
  const row = a.shape[0] > 0 ? a.size / a.shape[0] : 0;
  const src = new Int32Array(rows.length * row);
  rows.forEach((r, i) => {
    for (let k = 0; k < row; k++) src[i * row + k] = r * row + k;
  });
  const data = new Float64Array(src.length);
  for (let k = 0; k < src.length; k++) data[k] = a.data[src[k]];
  return { out: new NDArray([rows.length, ...a.shape.slice(1)], data, a.dtype), src };
}

export function getitem(a: NDArray, index: IndexPart[]): NDArray {
  const sel = select(a.shape, index);
  return new NDArray(sel.shape, Float64Array.from(sel.src, (i) => a.data[i]), a.dtype);
}

/**
 * A copy of `a` with `value` broadcast to the selection written in, cast to a's dtype. With
 * repeated indices the last write wins (as NumPy does in practice).
 */
/** `a[index] = value` as a new array, or `inPlace` into a's own elements. */
export function setitem(a: NDArray, index: IndexPart[], value: NDArray, inPlace = false): NDArray {
  const sel = select(a.shape, index);
  let vShape = value.shape;
  while (vShape.length > sel.shape.length && vShape[0] === 1) vShape = vShape.slice(1);
  const b = broadcastShapes(vShape, sel.shape);
  if (!b || b.length !== sel.shape.length || b.some((d, i) => d !== sel.shape[i])) {
    throw new NumericError(`setitem: could not broadcast input array from shape ${shapeStr(value.shape)} into shape ${shapeStr(sel.shape)}`, {
      shapes: [value.shape, sel.shape],
      sizes: broadcastClash(vShape, sel.shape),
    });
  }
  const map = broadcastMap(vShape, sel.shape);
  const out = inPlace ? a : a.clone();
  for (let k = 0; k < sel.src.length; k++) out.data[sel.src[k]] = castValue(value.data[map[k]], a.dtype);
  return out;
}

/** zeros(shape) with g's elements added at src (repeated indices accumulate). */
export function scatterAdd(shape: number[], src: Int32Array, g: NDArray): NDArray {
  if (g.size !== src.length) {
    throw new NumericError(`scatterAdd: gradient of shape ${shapeStr(g.shape)} does not match ${src.length} selected elements`);
  }
  const out = NDArray.zeros(shape);
  for (let k = 0; k < src.length; k++) out.data[src[k]] += g.data[k];
  return out;
}
