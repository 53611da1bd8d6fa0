// Calls into libraries the evaluator does not model whose result the code only passes on as data: a
// clock (`time.time()`) and data loaded from a file or a dataset (`np.loadtxt("train.csv")`, sklearn's
// `fetch_openml(..., return_X_y=True)`). Nothing is read: the values are made up, as free names and
// `open(path).read()` are. A data file is a random 2-D array of sizes the run chooses
// (EvaluatorOptions.dataSize: a size a clash teaches, like an input's), labels are class indices. A
// wrong guess only stops the run; the truth a gradient is compared with comes from the same values.

import type { Evaluator } from './evaluator';
import { type CValue, Unevaluable, num } from './values';

const CLOCKS = /^time\.(time|perf_counter|process_time|clock|monotonic)$/;
/** NumPy's readers of a table in a text or .npy file. */
const NP_TABLES = /^np\.(loadtxt|genfromtxt|load)$/;
/** Keyword arguments that only say how the text is written (the table stays one 2-D array of floats). */
const TABLE_FORMAT = new Set(['delimiter', 'skiprows', 'skip_header', 'comments', 'dtype', 'encoding', 'max_rows', 'ndmin']);
/** sklearn's bundled and downloaded datasets (`load_iris`, `load_digits`, `fetch_openml`). */
const SK_DATASETS = /^sklearn\.datasets\.(load_\w+|fetch_\w+)$/;

/** The made-up result of a call of `name`, or undefined when it is not one of these. */
export function madeUpCall(ev: Evaluator, name: string, args: CValue[], kwargs: Map<string, CValue>): CValue | undefined {
  if (CLOCKS.test(name)) return num(0, false);
  if (NP_TABLES.test(name)) {
    const path = args[0] ?? kwargs.get('fname') ?? kwargs.get('file');
    // An archive of several arrays (.npz), a pickle, columns chosen or unpacked: not one table.
    if (path?.t === 'str' && !/\.(csv|txt|dat|tsv|data|npy)$/i.test(path.v)) throw new Unevaluable(`${name} of ${path.v}`);
    if ([...kwargs.keys()].some((k) => k !== 'fname' && k !== 'file' && !TABLE_FORMAT.has(k))) throw new Unevaluable(`${name} with ${[...kwargs.keys()].join(', ')}`);
    return table(ev);
  }
  if (SK_DATASETS.test(name)) {
    // Only the (X, y) pair: a dataset object (a Bunch) is not modelled.
    const xy = kwargs.get('return_X_y');
    if (!(xy?.t === 'bool' && xy.v)) throw new Unevaluable(`${name} without return_X_y=True`);
    const X = table(ev);
    const n = X.t === 'arr' ? X.a.shape[0] : 0;
    return { t: 'tuple', items: [X, ev.fresh(ev.rng.intArray([n], 0, 2), undefined)] };
  }
  return undefined;
}

/** A table of data: rows and columns of chosen sizes, random values. */
function table(ev: Evaluator): CValue {
  const size = ev.opts.dataSize;
  if (!size) throw new Unevaluable('data read from a file');
  const rows = size();
  const cols = size();
  return ev.fresh(ev.rng.normalArray([rows, cols]), undefined);
}
