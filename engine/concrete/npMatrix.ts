// np.matrix values (`np.asmatrix(x)`, `np.mat(x)`, `np.matrix(x)`): always 2-D, and `*` and `**` are
// matrix products, a reduction along an axis keeps both axes, an index keeps a row 2-D. The evaluator
// runs only the ops whose result on a matrix is what it computes for an array (elementwise ops, `+`,
// `-`, `/`, a scalar times a matrix, products of 2-D operands, `.T`, a reduction to one number); any
// other op with a matrix operand stops the run rather than compute it as an array would.

import type { NDArray } from '../numeric/ndarray';
import { type CArr, Unevaluable } from './values';

/** Ops that act elementwise (or transpose, or copy) on a matrix as on an array, giving a matrix. */
const ELEMENTWISE = new Set([
  'neg', 'exp', 'log', 'tanh', 'sqrt', 'abs', 'square', 'sign', 'log1p', 'expm1', 'sin', 'cos', 'log2', 'log10',
  'floor', 'ceil', 'round', 'isnan', 'isinf', 'reciprocal', 'nan_to_num', 'copy',
  'add', 'sub', 'div', 'maximum', 'minimum', 'lt', 'le', 'gt', 'ge', 'eq', 'ne', 'and', 'or',
  'astype', 'astype_int', 'astype_bool', 'where', 'clip', 'transpose',
]);
const REDUCTIONS = new Set(['sum', 'nansum', 'mean', 'nanmean', 'max', 'min', 'prod', 'var', 'std', 'all', 'any', 'average', 'norm']);

/** Whether `op` on these inputs (one of them a matrix) gives a matrix (true) or a number (false); else the run stops. */
export function matrixResult(op: string, inputs: CArr[], out: NDArray): boolean {
  if (ELEMENTWISE.has(op) && out.ndim === 2) return true;
  // `0.5 * M`: a scalar times a matrix is elementwise; `A * B` of two matrices is their product.
  if (op === 'mul' && out.ndim === 2 && inputs.filter((i) => i.a.ndim !== 0).length === 1) return true;
  if (op === 'matmul' && out.ndim === 2 && inputs.every((i) => i.a.ndim === 2)) return true;
  if (REDUCTIONS.has(op) && out.ndim === 0) return false;
  throw new Unevaluable(`${op} on an np.matrix is not modelled`);
}
