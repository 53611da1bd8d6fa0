// Calls into libraries the evaluator does not model whose result the code only passes on as data: a
// clock (`time.time()`) and data loaded from a file or a dataset (`np.loadtxt("train.csv")`, sklearn's
// `fetch_openml(..., return_X_y=True)`). Nothing is read: the values are made up, as free names and
// `open(path).read()` are. A data file is a random 2-D array of sizes the run chooses
// (EvaluatorOptions.dataSize: a size a clash teaches, like an input's), labels are class indices. A
// wrong guess only stops the run; the truth a gradient is compared with comes from the same values.
// sklearn's generators (`make_blobs`, `make_moons`, ...) make random data of the sizes the call states
// (or its defaults) with every class present; keras' `to_categorical` one-hot encodes labels exactly;
// `train_test_split` splits its arrays' rows in one random order (new leaves, as loaded data).

import type { Evaluator } from './evaluator';
import { type CValue, Unevaluable, num } from './values';
import { NDArray } from '../numeric/ndarray';
import { takeRows } from '../numeric/indexing';
import { SK_DATASETS, SK_GENERATORS, SK_SPLIT as SPLIT, TO_CATEGORICAL } from '../conventions/dataLibraries';

const CLOCKS = /^time\.(time|perf_counter|process_time|clock|monotonic)$/;
/** NumPy's readers of a table in a text or .npy file. */
const NP_TABLES = /^np\.(loadtxt|genfromtxt|load)$/;
/** Keyword arguments that only say how the text is written (the table stays one 2-D array of floats). */
const TABLE_FORMAT = new Set(['delimiter', 'skiprows', 'skip_header', 'comments', 'dtype', 'encoding', 'max_rows', 'ndmin']);

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
  const generator = SK_GENERATORS.exec(name)?.[1];
  if (generator) return generated(ev, name, generator, args, kwargs);
  if (SPLIT.test(name)) return split(ev, name, args, kwargs);
  if (TO_CATEGORICAL.test(name)) return oneHot(ev, args[0] ?? kwargs.get('y'), args[1] ?? kwargs.get('num_classes'));
  return undefined;
}

/** A positive int argument (positional `i` or keyword `kw`), or `fallback` when not given. */
function sizeArg(args: CValue[], kwargs: Map<string, CValue>, i: number, kw: string, fallback: number, name: string): number {
  const v = (i >= 0 ? args[i] : undefined) ?? kwargs.get(kw);
  if (v === undefined || v.t === 'none') return fallback;
  if (v.t === 'num' && v.int && v.v >= 1) return v.v;
  throw new Unevaluable(`${name} with ${kw} that is not a positive int`);
}

/**
 * `X, y = make_blobs(n_samples=300, centers=4)`: X of (n_samples, n_features) random values, y the
 * class of each row (every class present, in random order), or make_regression's real targets.
 */
function generated(ev: Evaluator, name: string, kind: string, args: CValue[], kwargs: Map<string, CValue>): CValue {
  // Extra results (the centers, the true coefficients) are not modelled.
  for (const k of ['return_centers', 'coef']) {
    const v = kwargs.get(k);
    if (v && !(v.t === 'bool' && !v.v)) throw new Unevaluable(`${name} with ${k}`);
  }
  // n_samples as an int, or (moons, circles, blobs) one count per class.
  const nv = args[0] ?? kwargs.get('n_samples');
  const counts = nv?.t === 'tuple' || nv?.t === 'list' ? nv.items.map((c) => (c.t === 'num' && c.int && c.v >= 0 ? c.v : -1)) : undefined;
  if (counts?.some((c) => c < 0)) throw new Unevaluable(`${name} with n_samples that are not counts`);
  const n = counts ? counts.reduce((a, b) => a + b, 0) : sizeArg(args, kwargs, 0, 'n_samples', 100, name);
  const features = kind === 'moons' || kind === 'circles' ? 2 : sizeArg(args, kwargs, 1, 'n_features', kind === 'blobs' ? 2 : kind === 'classification' ? 20 : 100, name);
  const X = ev.fresh(ev.rng.normalArray([n, features]), undefined);
  if (kind === 'regression') {
    const targets = sizeArg(args, kwargs, 3, 'n_targets', 1, name);
    return { t: 'tuple', items: [X, ev.fresh(ev.rng.normalArray(targets === 1 ? [n] : [n, targets]), undefined)] };
  }
  let classes = 2;
  if (kind === 'classification') classes = sizeArg(args, kwargs, 5, 'n_classes', 2, name);
  if (kind === 'blobs') {
    const centers = args[2] ?? kwargs.get('centers');
    if (counts) classes = counts.length;
    else if (centers === undefined || centers.t === 'none') classes = 3;
    else if (centers.t === 'num' && centers.int && centers.v >= 1) classes = centers.v;
    else if (centers.t === 'list' || centers.t === 'tuple') classes = centers.items.length;
    else if (centers.t === 'arr' && centers.a.ndim === 2) classes = centers.a.shape[0];
    else throw new Unevaluable(`${name} with these centers`);
  }
  // Class k for an even share of the rows (or the stated counts), shuffled.
  const y = NDArray.full([n], 0, 'int');
  if (counts) {
    let i = 0;
    counts.forEach((c, k) => {
      for (let j = 0; j < c; j++) y.data[i++] = k;
    });
  } else for (let i = 0; i < n; i++) y.data[i] = i % classes;
  return { t: 'tuple', items: [X, ev.fresh(takeRows(y, ev.rng.permutation(n)).out, undefined)] };
}

/** `to_categorical(y, num_classes)`: a row of num_classes (or max(y) + 1) per label, 1 at the label. */
function oneHot(ev: Evaluator, y: CValue | undefined, k: CValue | undefined): CValue {
  const labels = y?.t === 'arr' ? [...y.a.data] : y?.t === 'list' && y.items.every((x) => x.t === 'num') ? y.items.map((x) => (x as { v: number }).v) : undefined;
  // Labels of shape (n,) or (n, 1).
  if (!labels || (y?.t === 'arr' && !(y.a.ndim === 1 || (y.a.ndim === 2 && y.a.shape[1] === 1)))) throw new Unevaluable('to_categorical of something other than a vector of labels');
  if (!labels.every((l) => Number.isInteger(l) && l >= 0)) throw new Unevaluable('to_categorical of labels that are not class indices');
  const classes = k && k.t !== 'none' ? (k.t === 'num' && k.int ? k.v : -1) : labels.reduce((a, b) => Math.max(a, b), -1) + 1;
  if (classes < 1 || labels.some((l) => l >= classes)) throw new Unevaluable('to_categorical: a label past num_classes');
  const out = NDArray.zeros([labels.length, classes]);
  labels.forEach((l, i) => (out.data[i * classes + l] = 1));
  return ev.fresh(out, undefined);
}

/** A table of data: rows and columns of chosen sizes, random values. */
function table(ev: Evaluator): CValue {
  const size = ev.opts.dataSize;
  if (!size) throw new Unevaluable('data read from a file');
  const rows = size();
  const cols = size();
  return ev.fresh(ev.rng.normalArray([rows, cols]), undefined);
}

/** `x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=0.2)`: the same random rows of each array, as new data. */
function split(ev: Evaluator, name: string, args: CValue[], kwargs: Map<string, CValue>): CValue {
  if (args.length === 0 || !args.every((a) => a.t === 'arr' && a.a.ndim >= 1)) throw new Unevaluable(`${name} of something other than arrays`);
  if ([...kwargs.keys()].some((k) => !['test_size', 'train_size', 'random_state', 'shuffle'].includes(k))) throw new Unevaluable(`${name} with ${[...kwargs.keys()].join(', ')}`);
  const arrays = args as (CValue & { t: 'arr' })[];
  const n = arrays[0].a.shape[0];
  if (arrays.some((a) => a.a.shape[0] !== n)) throw new Unevaluable(`${name} of arrays of different lengths`);
  const size = (v: CValue | undefined, round: (x: number) => number) => (v === undefined || v.t === 'none' ? undefined : v.t === 'num' ? (v.int ? v.v : round(v.v * n)) : NaN);
  const test0 = size(kwargs.get('test_size'), Math.ceil);
  const train0 = size(kwargs.get('train_size'), Math.floor);
  const test = test0 ?? (train0 !== undefined ? n - train0 : Math.ceil(0.25 * n));
  const train = train0 ?? n - test;
  if (!Number.isInteger(test) || !Number.isInteger(train) || test < 1 || train < 1 || test + train > n) throw new Unevaluable(`${name} with these sizes`);
  const shuffle = kwargs.get('shuffle');
  const order = shuffle?.t === 'bool' && !shuffle.v ? Array.from({ length: n }, (_, i) => i) : ev.rng.permutation(n);
  // New data of the split's sizes (leaves, as loaded data is): a batch of the training rows is the batch
  // the cost averages over, which a selection from the whole table would hide.
  const rows = (x: CValue & { t: 'arr' }, picked: number[]): CValue => ev.fresh(takeRows(x.a, picked).out, undefined);
  const testRows = order.slice(n - test);
  const trainRows = order.slice(0, train);
  return { t: 'list', items: arrays.flatMap((x) => [rows(x, trainRows), rows(x, testRows)]) };
}
