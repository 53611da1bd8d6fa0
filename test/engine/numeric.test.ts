// The numeric layer's kernels and indexing on small examples whose expected values are worked out
// by hand (in the comments) from NumPy's rules.

import { strict as assert } from 'node:assert';
import { NDArray, NumericError, shapeStr } from '../../engine/numeric/ndarray';
import type { DType } from '../../engine/numeric/ndarray';
import {
  arange, argReduce, astype, binary, broadcastShapes, broadcastTo, clip, concatenate, expandDims, matmul,
  reduce, reshape, squeeze, transpose, unary, where,
} from '../../engine/numeric/kernels';
import { getitem, scatterAdd, select, setitem } from '../../engine/numeric/indexing';
import type { IndexPart } from '../../engine/numeric/indexing';
import { Rng } from '../../engine/numeric/rng';

const A = (v: unknown, dt?: DType): NDArray => NDArray.fromNested(v, dt);
const I = (v: unknown): IndexPart => ({ kind: 'array', arr: A(v) });
const sl = (start?: number, stop?: number, step?: number): IndexPart => ({ kind: 'slice', start, stop, step });
const NEW: IndexPart = { kind: 'newaxis' };
const ELL: IndexPart = { kind: 'ellipsis' };
/** arange(n).reshape(shape) as floats. */
const R = (...shape: number[]): NDArray => reshape(astype(arange(0, shape.reduce((a, b) => a * b, 1), 1), 'float'), shape);

function same(x: NDArray, shape: number[], nested: unknown, dtype?: DType): void {
  assert.deepEqual(x.shape, shape);
  assert.deepEqual(x.toNested(), nested);
  if (dtype) assert.equal(x.dtype, dtype);
}

describe('numeric: ndarray', () => {
  it('builds from nested values and infers dtypes', () => {
    same(A([[1, 2], [3, 4]]), [2, 2], [[1, 2], [3, 4]], 'int');
    same(A([1.5, 2]), [2], [1.5, 2], 'float');
    same(A([true, false]), [2], [true, false], 'bool');
    same(A(3), [], 3, 'int');
    assert.throws(() => A([[1, 2], [3]]), NumericError);
    assert.throws(() => new NDArray([2, 2], new Float64Array(3)), NumericError);
  });

  it('prints shapes as NumPy does and reads items', () => {
    assert.equal(shapeStr([3, 4]), '(3, 4)');
    assert.equal(shapeStr([3]), '(3,)');
    assert.equal(shapeStr([]), '()');
    assert.equal(A([[7]]).item(), 7);
    assert.throws(() => A([1, 2]).item(), NumericError);
  });
});

describe('numeric: broadcasting and elementwise ops', () => {
  it('broadcasts (3,1)+(1,4) and (3,)+(2,3)', () => {
    assert.deepEqual(broadcastShapes([3, 1], [1, 4]), [3, 4]);
    // row i is 10*i + [1, 2, 3, 4]
    same(binary('add', A([[0], [10], [20]]), A([[1, 2, 3, 4]])), [3, 4], [[1, 2, 3, 4], [11, 12, 13, 14], [21, 22, 23, 24]], 'int');
    same(binary('add', A([1, 2, 3]), A([[10, 20, 30], [40, 50, 60]])), [2, 3], [[11, 22, 33], [41, 52, 63]]);
    same(broadcastTo(A([1, 2]), [2, 2]), [2, 2], [[1, 2], [1, 2]]);
  });

  it('names both shapes when broadcasting fails', () => {
    assert.equal(broadcastShapes([3], [4]), undefined);
    assert.throws(() => binary('add', R(3), R(2, 4)), (e: Error) => e instanceof NumericError && /\(3,\).*\(2, 4\)/.test(e.message));
    assert.throws(() => broadcastTo(R(3), [3, 2]), NumericError);
  });

  it('follows NumPy dtype rules and Python floor division / modulo', () => {
    assert.equal(binary('mul', A([1, 2]), A([3, 4])).dtype, 'int');
    same(binary('div', A([1, 3]), A([2, 2])), [2], [0.5, 1.5], 'float');
    same(binary('lt', A([1, 3]), A(2)), [2], [true, false], 'bool');
    same(binary('floordiv', A([-7, 7]), A(2)), [2], [-4, 3], 'int'); // floor(-3.5) = -4
    same(binary('mod', A([-7, 7]), A([2, -2])), [2], [1, -1], 'int'); // sign follows the divisor
    same(binary('pow', A([2, 3]), A(2)), [2], [4, 9], 'int');
    assert.throws(() => binary('pow', A([2]), A(-1)), NumericError);
    same(binary('and', A([true, true]), A([true, false])), [2], [true, false]);
    same(unary('abs', A([-2, 3])), [2], [2, 3], 'int');
    same(unary('not', A([true, false])), [2], [false, true]);
    same(unary('sign', A([-2.5, 0, 4])), [3], [-1, 0, 1]);
  });

  it('clips, picks with where and casts', () => {
    same(clip(A([-2, 0.5, 3]), -1, 1), [3], [-1, 0.5, 1]);
    same(clip(A([-2, 5]), 0, undefined), [2], [0, 5], 'int');
    // cond (2,1) with a (3,) and b () → (2, 3): first row from a, second from b
    same(where(A([[true], [false]]), A([1, 2, 3]), A(0)), [2, 3], [[1, 2, 3], [0, 0, 0]], 'int');
    same(astype(A([1.7, -1.7, 0, 2]), 'int'), [4], [1, -1, 0, 2], 'int'); // toward zero
    same(astype(A([1.7, -1.7, 0, 2]), 'bool'), [4], [true, true, false, true]);
    same(astype(A([true, false]), 'float'), [2], [1, 0], 'float');
  });

  it('makes ranges with an int dtype when all arguments are ints', () => {
    same(arange(0, 4, 1), [4], [0, 1, 2, 3], 'int');
    same(arange(5, 0, -2), [3], [5, 3, 1], 'int');
    same(arange(0, 1, 0.25), [4], [0, 0.25, 0.5, 0.75], 'float');
  });
});

describe('numeric: products, reductions and shape manipulation', () => {
  it('follows np.dot for 2-D and 1-D operands', () => {
    // [1 2; 3 4][5 6; 7 8] = [1*5+2*7, 1*6+2*8; 3*5+4*7, 3*6+4*8]
    same(matmul(A([[1, 2], [3, 4]]), A([[5, 6], [7, 8]])), [2, 2], [[19, 22], [43, 50]]);
    same(matmul(A([1, 2, 3]), A([4, 5, 6])), [], 32); // 4 + 10 + 18
    same(matmul(A([[1, 2], [3, 4]]), A([1, 1])), [2], [3, 7]);
    same(matmul(A([1, 1]), A([[1, 2], [3, 4]])), [2], [4, 6]);
    same(matmul(A(2), A([1, 2])), [2], [2, 4]);
    assert.throws(() => matmul(R(3, 4), R(5, 2)), { message: 'matmul: (3, 4) · (5, 2): inner dimensions 4 and 5 differ' });
    // A stack of rows times a matrix or a vector (np.dot and np.matmul agree): (..., K) · (K, N) → (..., N).
    same(matmul(A([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]), A([[1, 0, 1], [0, 1, 1]])), [2, 2, 3], [[[1, 2, 3], [3, 4, 7]], [[5, 6, 11], [7, 8, 15]]]);
    same(matmul(A([[[1, 2], [3, 4]]]), A([1, 1])), [1, 2], [[3, 7]]);
    assert.throws(() => matmul(R(2, 3, 4), R(5, 2)), { message: 'matmul: (2, 3, 4) · (5, 2): inner dimensions 4 and 5 differ' });
    // A matrix times a stack (np.dot and np.matmul differ there) is not modelled.
    assert.throws(() => matmul(R(2, 2), R(2, 2, 2)), NumericError);
  });

  it('reduces along axes, negative axes and with keepdims', () => {
    const x = A([[1, 2, 3], [4, 5, 6]]);
    same(reduce('sum', x, 0, false), [3], [5, 7, 9], 'int');
    same(reduce('sum', x, 1, true), [2, 1], [[6], [15]]);
    same(reduce('mean', x, -1, false), [2], [2, 5], 'float');
    same(reduce('max', x, 0, true), [1, 3], [[4, 5, 6]]);
    same(reduce('min', x, [0, -1], false), [], 1);
    same(reduce('sum', x, undefined, false), [], 21);
    same(reduce('prod', x, undefined, false), [], 720);
    assert.throws(() => reduce('sum', x, 2, false), NumericError);
  });

  it('finds the first argmax / argmin', () => {
    const x = A([[1, 5, 2], [7, 0, 7]]);
    same(argReduce('argmax', x, 1), [2], [1, 0], 'int'); // tie 7, 7 → first
    same(argReduce('argmax', x, 0), [3], [1, 0, 1]);
    same(argReduce('argmax', x, undefined), [], 3); // flat index of the first 7
    same(argReduce('argmin', x, -1), [2], [0, 1]);
  });

  it('transposes with axes and reshapes with -1', () => {
    same(transpose(A([[1, 2, 3], [4, 5, 6]])), [3, 2], [[1, 4], [2, 5], [3, 6]]);
    const t = transpose(R(2, 3, 4), [1, 0, 2]); // t[i][j][k] = x[j][i][k] = 12j + 4i + k
    assert.deepEqual(t.shape, [3, 2, 4]);
    assert.equal((t.toNested() as number[][][])[2][1][3], 12 + 8 + 3);
    assert.deepEqual(transpose(R(2, 3, 4), [-1, 0, 1]).shape, [4, 2, 3]);
    same(reshape(R(6), [-1, 2]), [3, 2], [[0, 1], [2, 3], [4, 5]]);
    assert.throws(() => reshape(R(6), [4, -1]), /\(6,\).*\(4, -1\)/);
    assert.throws(() => reshape(R(6), [-1, -1]), NumericError);
  });

  it('concatenates, expands and squeezes', () => {
    same(concatenate([A([[1], [2]]), A([[3, 4], [5, 6]])], -1), [2, 3], [[1, 3, 4], [2, 5, 6]]);
    same(concatenate([A([1]), A([2, 3])], 0), [3], [1, 2, 3]);
    assert.throws(() => concatenate([R(2, 3), R(3, 2)], 0), NumericError);
    assert.deepEqual(expandDims(R(3), -1).shape, [3, 1]);
    assert.deepEqual(expandDims(R(3), 0).shape, [1, 3]);
    assert.deepEqual(squeeze(R(1, 3, 1)).shape, [3]);
    assert.deepEqual(squeeze(R(1, 3, 1), -1).shape, [1, 3]);
    assert.throws(() => squeeze(R(1, 3), 1), NumericError);
  });
});

describe('numeric: indexing', () => {
  const m = R(3, 4); // [[0,1,2,3],[4,5,6,7],[8,9,10,11]]

  it('slices with negative bounds and steps', () => {
    const x = R(10);
    same(getitem(x, [sl(8, 2, -2)]), [3], [8, 6, 4]);
    same(getitem(x, [sl(undefined, undefined, -3)]), [4], [9, 6, 3, 0]);
    same(getitem(x, [sl(-3)]), [3], [7, 8, 9]);
    same(getitem(x, [sl(20, 30)]), [0], []);
    same(getitem(m, [sl(undefined, undefined, -1), { kind: 'int', i: 1 }]), [3], [9, 5, 1]);
    same(getitem(m, [{ kind: 'int', i: -1 }]), [4], [8, 9, 10, 11]);
    same(getitem(m, [{ kind: 'int', i: 1 }, { kind: 'int', i: -2 }]), [], 6);
  });

  it('handles newaxis and ellipsis', () => {
    same(getitem(m, [sl(), NEW, { kind: 'int', i: 1 }]), [3, 1], [[1], [5], [9]]);
    assert.deepEqual(getitem(m, [NEW]).shape, [1, 3, 4]);
    same(getitem(m, [ELL, { kind: 'int', i: 0 }]), [3], [0, 4, 8]);
    assert.deepEqual(getitem(R(2, 3, 4), [{ kind: 'int', i: 0 }, ELL, NEW]).shape, [3, 4, 1]);
  });

  it('selects rows with a boolean mask', () => {
    const X = R(4, 2); // rows [0,1] [2,3] [4,5] [6,7]
    const y = A([1, 0, 1, 1]);
    same(getitem(X, [{ kind: 'array', arr: binary('eq', y, A(1)) }]), [3, 2], [[0, 1], [4, 5], [6, 7]]);
    const x = A([[-1, 2], [3, -4]]);
    same(getitem(x, [{ kind: 'array', arr: binary('gt', x, A(0)) }]), [2], [2, 3]);
    assert.throws(() => getitem(X, [I([true, false])]), /\(2,\).*\(4, 2\)/);
  });

  it('follows NumPy advanced indexing', () => {
    const P = R(2, 3); // [[0,1,2],[3,4,5]]
    same(getitem(P, [{ kind: 'array', arr: arange(0, 2, 1) }, I([2, 0])]), [2], [2, 3]); // P[0,2], P[1,0]
    same(getitem(m, [I([2, 0])]), [2, 4], [[8, 9, 10, 11], [0, 1, 2, 3]]);
    same(getitem(m, [sl(), I([3, -4])]), [3, 2], [[3, 0], [7, 4], [11, 8]]);
    same(getitem(m, [I([[0], [2]]), I([1, 3])]), [2, 2], [[1, 3], [9, 11]]); // (2,1) and (2,) broadcast
    // Advanced indexes separated by a slice: their dimension goes first. out[i][j] = a[i, j, i]
    const a = R(2, 3, 4);
    same(getitem(a, [I([0, 1]), sl(), I([0, 1])]), [2, 3], [[0, 4, 8], [13, 17, 21]]);
    // A scalar int counts as advanced too: a[0, :, [0, 1]][i][j] = a[0, j, i]
    same(getitem(a, [{ kind: 'int', i: 0 }, sl(), I([0, 1])]), [2, 3], [[0, 4, 8], [1, 5, 9]]);
    // Adjacent advanced indexes stay in place: a[:, [0, 2], [1, 3]] → (2, 2); out[i][j] = a[i, r_j, c_j]
    same(getitem(a, [sl(), I([0, 2]), I([1, 3])]), [2, 2], [[1, 11], [13, 23]]);
  });

  it('rejects out-of-bounds and malformed indexes', () => {
    assert.throws(() => getitem(m, [{ kind: 'int', i: 3 }]), /out of bounds for axis 0 with size 3/);
    assert.throws(() => getitem(m, [{ kind: 'int', i: -4 }]), NumericError);
    assert.throws(() => getitem(m, [sl(), I([4])]), /axis 1 with size 4/);
    assert.throws(() => getitem(m, [sl(), sl(), sl()]), NumericError);
    assert.throws(() => getitem(m, [ELL, ELL]), NumericError);
    assert.throws(() => getitem(m, [I([0, 1]), I([0, 1, 2])]), NumericError);
    assert.throws(() => getitem(m, [I([0.5])]), NumericError);
  });

  it('returns the source map of a selection', () => {
    const s = select([3, 4], [sl(1), I([0, 3])]);
    assert.deepEqual(s.shape, [2, 2]);
    assert.deepEqual([...s.src], [4, 7, 8, 11]);
  });

  it('sets through a mask with a broadcast scalar, keeping the dtype and the original', () => {
    const x = A([[-1, 2], [3, -4]]);
    const y = setitem(x, [{ kind: 'array', arr: binary('lt', x, A(0)) }], A(0.9));
    same(y, [2, 2], [[0, 2], [3, 0]], 'int'); // 0.9 cast to int is 0
    same(x, [2, 2], [[-1, 2], [3, -4]]);
    same(setitem(NDArray.zeros([3, 2]), [sl(0, 2)], A([1, 2])), [3, 2], [[1, 2], [1, 2], [0, 0]]);
    assert.throws(() => setitem(NDArray.zeros([3, 2]), [sl(0, 2)], A([1, 2, 3])), /\(3,\).*\(2, 2\)/);
  });

  it('sets repeated fancy indices with the last write winning', () => {
    same(setitem(NDArray.zeros([4]), [I([1, 1, 3])], A([5, 6, 7])), [4], [0, 6, 0, 7]);
  });

  it('scatter-adds with repeated indices accumulating', () => {
    same(scatterAdd([3], Int32Array.from([0, 2, 0]), A([1, 2, 3])), [3], [4, 0, 2], 'float');
    assert.throws(() => scatterAdd([3], Int32Array.from([0]), A([1, 2])), NumericError);
  });
});

describe('numeric: rng', () => {
  it('is deterministic per seed', () => {
    const a = new Rng(7).normalArray([5]);
    const b = new Rng(7).normalArray([5]);
    const c = new Rng(8).normalArray([5]);
    assert.deepEqual([...a.data], [...b.data]);
    assert.notDeepEqual([...a.data], [...c.data]);
  });

  it('draws uniforms, ints and normals in range', () => {
    const r = new Rng(1);
    const u = r.uniformArray([1000], -2, 3);
    assert.ok(u.data.every((v) => v >= -2 && v < 3));
    const k = r.intArray([1000], 2, 5);
    assert.equal(k.dtype, 'int');
    assert.ok(k.data.every((v) => Number.isInteger(v) && v >= 2 && v < 5));
    assert.deepEqual(new Set(k.data), new Set([2, 3, 4]));
    const n = r.normalArray([20000]);
    const mean = n.data.reduce((s, v) => s + v, 0) / n.size;
    const variance = n.data.reduce((s, v) => s + (v - mean) ** 2, 0) / n.size;
    assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
  });
});
