// NumPy calls for the concrete evaluator: each spelling's entry in the op table (ops/table.ts) runs
// its kernel and records its result on the tape under the entry's OpId, which is how reverse mode
// finds its derivative. A spelling with no concrete evaluation stops the run (Unevaluable), unchecked.

import type { Span } from '../syntax/ast';
import { opBySpelling } from '../ops/table';
import { concreteCall } from '../ops/concreteArgs';
import type { Evaluator } from './evaluator';
import { type CValue, Unevaluable, num } from './values';
import { torchCall, torchResult, type Arg, type NpCall, type TorchHost } from '../ops/torch';
import { NDArray } from '../numeric/ndarray';

export function numpyCall(ev: Evaluator, name: string, args: CValue[], kwargs: Map<string, CValue>, self: CValue | undefined, span: Span | undefined): CValue {
  // `rng = np.random.RandomState(seed)`: its methods are np.random's (randn, rand, normal, uniform,
  // randint, choice, permutation, shuffle), drawn from the run's generator.
  if (name === 'np.random.RandomState') return { t: 'module', name: 'np.random' };
  if (/^np\.(asmatrix|mat|matrix)$/.test(name)) return asMatrix(ev, name, args, kwargs, span);
  if (name === 'np.linalg.qr') return qr(ev, args, kwargs, span);
  const entry = opBySpelling(name);
  if (!entry?.concrete) throw new Unevaluable(`${name} is not modelled by the evaluator`);
  return entry.concrete(concreteCall(ev, name, args, kwargs, self, span));
}

const TORCH_HOST: TorchHost<CValue> = {
  intOf: (v) => (v.t === 'num' && v.int ? v.v : v.t === 'bool' ? +v.v : undefined),
  isArray: (v) => (v.t === 'arr' ? true : v.t === 'num' || v.t === 'bool' ? false : undefined),
  itemsOf: (v) => (v.t === 'tuple' || v.t === 'list' ? v.items : undefined),
  tuple: (items) => ({ t: 'tuple', items }),
  num: (n) => num(n, true),
  bool: (b) => ({ t: 'bool', v: b }),
};

/**
 * A torch call (`torch.mm`) or a tensor method torch spells its own way (`x.view(n, -1)`), run as the
 * NumPy calls it means (ops/torch.ts); 'numpy' when it is NumPy's own call. A torch call the table
 * cannot read stops the run, unchecked.
 */
export function torchCallValue(ev: Evaluator, name: string, args: CValue[], kwargs: Map<string, CValue>, self: CValue | undefined, span: Span | undefined, torchFile: boolean): CValue | 'numpy' {
  const t = torchCall(name, self, args, kwargs, TORCH_HOST, torchFile);
  if (t === 'numpy') return 'numpy';
  if (t === undefined) throw new Unevaluable(`${name} is not modelled`);
  const value = (a: Arg<CValue>): CValue => ('v' in a ? a.v : call(a.call));
  const call = (c: NpCall<CValue>): CValue => numpyCall(ev, c.name, c.args.map(value), new Map([...c.kw].map(([k, a]) => [k, value(a)])), c.self, span);
  return torchResult<CValue, CValue, number>(t, {
    call,
    tuple: (items) => ({ t: 'tuple', items }),
    same: (x) => x,
    shape: (x) => (x.t === 'arr' ? x.a.shape : undefined),
    size: (d) => num(d, true),
    none: () => {
      throw new Unevaluable(`${name}: not a size of a tensor`);
    },
  });
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

/**
 * np.linalg.qr(a) of a matrix (reduced: Q (m, k), R (k, n), k = min(m, n)), by modified Gram–Schmidt. An
 * orthogonal initialiser uses it (`q, r = np.linalg.qr(W)`): Q and R are new inputs of the run, not
 * differentiated through (no backward pass written by hand goes through a QR decomposition).
 */
function qr(ev: Evaluator, args: CValue[], kwargs: Map<string, CValue>, span: Span | undefined): CValue {
  const a = args[0];
  const mode = kwargs.get('mode') ?? args[1];
  if (a?.t !== 'arr' || a.a.ndim !== 2 || (mode !== undefined && !(mode.t === 'str' && mode.v === 'reduced'))) throw new Unevaluable('np.linalg.qr of other than a matrix is not modelled by the evaluator');
  const [m, n] = a.a.shape;
  const k = Math.min(m, n);
  const at = (i: number, j: number) => a.a.data[i * n + j];
  const q = new Float64Array(m * k);
  const r = new Float64Array(k * n);
  const v = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) v[i] = at(i, j);
    for (let c = 0; c < Math.min(j, k); c++) {
      let d = 0;
      for (let i = 0; i < m; i++) d += q[i * k + c] * v[i];
      r[c * n + j] = d;
      for (let i = 0; i < m; i++) v[i] -= d * q[i * k + c];
    }
    if (j < k) {
      let norm = 0;
      for (let i = 0; i < m; i++) norm += v[i] * v[i];
      norm = Math.sqrt(norm);
      r[j * n + j] = norm;
      for (let i = 0; i < m; i++) q[i * k + j] = norm > 0 ? v[i] / norm : 0;
    }
  }
  return { t: 'tuple', items: [ev.fresh(new NDArray([m, k], q), span), ev.fresh(new NDArray([k, n], r), span)] };
}
