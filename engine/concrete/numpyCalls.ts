// NumPy calls for the concrete evaluator: each spelling's entry in the op table (ops/table.ts) runs
// its kernel and records its result on the tape under the entry's OpId, which is how reverse mode
// finds its derivative. A spelling with no concrete evaluation stops the run (Unevaluable), unchecked.

import type { Span } from '../syntax/ast';
import { opBySpelling } from '../ops/table';
import { concreteCall } from '../ops/concreteArgs';
import type { Evaluator } from './evaluator';
import { type CValue, Unevaluable } from './values';
import { NDArray } from '../numeric/ndarray';

export function numpyCall(ev: Evaluator, name: string, args: CValue[], kwargs: Map<string, CValue>, self: CValue | undefined, span: Span | undefined): CValue {
  // `rng = np.random.RandomState(seed)`: its methods are np.random's (randn, rand, normal, uniform,
  // randint, choice, permutation, shuffle), drawn from the run's generator.
  if (name === 'np.random.RandomState') return { t: 'module', name: 'np.random' };
  if (/^np\.(asmatrix|mat|matrix)$/.test(name)) return asMatrix(ev, name, args, kwargs, span);
  const entry = opBySpelling(name);
  if (!entry?.concrete) throw new Unevaluable(`${name} is not modelled by the evaluator`);
  return entry.concrete(concreteCall(ev, name, args, kwargs, self, span));
}

/**
 * np.asmatrix(x): x as a 2-D matrix (a vector becomes one row), recorded as a copy; the result is marked
 * a matrix, so the ops that differ on one stop the run (npMatrix.ts). Not an op entry: the shape analysis
 * reads `A * B` of matrices as elementwise, so it keeps such values unknown.
 */
function asMatrix(ev: Evaluator, name: string, args: CValue[], kwargs: Map<string, CValue>, span: Span | undefined): CValue {
  const src = args[0] ?? kwargs.get('data');
  if (!src || src.t === 'str' || args.length > 1 || [...kwargs.keys()].some((k) => k !== 'data')) throw new Unevaluable(`${name} with these arguments`);
  const x = ev.toArr(src, span);
  if (x.a.ndim > 2) throw new Unevaluable(`${name} of a ${x.a.ndim}-D array`);
  const shape = x.a.ndim === 2 ? x.a.shape : [1, x.a.size];
  const rec = ev.record('copy', [x], {}, new NDArray([...shape], x.a.clone().data, x.a.dtype), span);
  return { ...rec, matrix: true };
}
