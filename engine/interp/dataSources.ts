// The shapes of a script's data when a library loads or makes it (the names: conventions/dataLibraries.ts).
// `X, y = make_blobs(n_samples=1000, centers=2)` is (1000, 2) and (1000,); `load_digits(return_X_y=True)`
// is (n_samples, n_features) and (n_samples,); `train_test_split(X, y)` keeps each array's trailing axes
// and gives the training rows one size and the test rows another; `to_categorical(y)` is (n, n_classes).
// These are the libraries' documented shapes; a size the call does not state is a new unknown size (never
// rigid: the data's 784 columns may well be the 784 a weight matrix states). Anything else such a module
// returns stays Unknown.

import type { Dim } from '../shapes/dim';
import { arg, type CallSite, type OpContext } from '../ops/types';
import { isDataModule, SK_DATASETS, SK_GENERATORS, SK_SINGLE_TARGET, SK_SPLIT, TO_CATEGORICAL } from '../conventions/dataLibraries';
import { UNKNOWN, type ArrayValue, type Value } from './values';

/** What an imported name of a data library is: a module (`sklearn.datasets`) or a function. */
export function dataLibraryMember(path: string): Value {
  return isDataModule(path) ? { t: 'module', name: path } : { t: 'builtin', name: path };
}

/**
 * The value of a call of `name` when it is a data library's function (`sklearn.datasets.make_blobs`):
 * its documented shapes, or Unknown for the functions not modelled; undefined for any other name.
 */
export function dataLibraryCall(name: string, site: CallSite, ctx: OpContext): Value | undefined {
  if (!isDataModule(name.slice(0, Math.max(0, name.lastIndexOf('.'))))) return undefined;
  return dataSourceValue(name, site, ctx) ?? UNKNOWN;
}

/** The value of a call of a data library's function `name`, or undefined when it is not modelled. */
function dataSourceValue(name: string, site: CallSite, ctx: OpContext): Value | undefined {
  const made = (shape: Dim[]): ArrayValue => ({
    t: 'array',
    shape,
    origin: `${ctx.src(site.call.func)} on line ${ctx.lineOf(site.call.span.start)}`,
    site: { kind: 'operation', file: ctx.file, span: site.call.span },
  });
  const size = (i: number, kw: string, fallback: number | string): Dim => {
    const a = arg(site, i, kw);
    if (a.v === undefined || a.v.t === 'none') return typeof fallback === 'number' ? ctx.dims.constant(fallback) : ctx.dims.hinted(fallback);
    return a.v.t === 'int' ? ctx.dimOf(a.v, a.e) : ctx.dims.hinted(kw);
  };
  const flag = (kw: string) => {
    const v = site.kw.get(kw);
    return v?.t === 'bool' ? v.value : v === undefined ? false : undefined;
  };
  const kind = SK_GENERATORS.exec(name)?.[1];
  if (kind) {
    // Extra results (the centers, the true coefficients) change the tuple: not modelled.
    if (flag('return_centers') !== false || flag('coef') !== false) return UNKNOWN;
    const n = size(0, 'n_samples', 100);
    const d = kind === 'moons' || kind === 'circles' ? ctx.dims.constant(2) : size(1, 'n_features', kind === 'blobs' ? 2 : kind === 'classification' ? 20 : 100);
    const targets = kind === 'regression' ? size(3, 'n_targets', 1) : ctx.dims.constant(1);
    const y = ctx.dims.value(targets) === 1 ? [n] : ctx.dims.value(targets) === undefined ? undefined : [n, targets];
    return { t: 'tuple', items: [made([n, d]), y ? made(y) : UNKNOWN] };
  }
  if (SK_DATASETS.test(name)) {
    // Only the (X, y) pair of a dataset with one target: a dataset object (a Bunch) is not modelled.
    if (flag('return_X_y') !== true || !SK_SINGLE_TARGET.test(name) || site.kw.has('target_column')) return UNKNOWN;
    const n = ctx.dims.hinted('n_samples');
    return { t: 'tuple', items: [made([n, ctx.dims.hinted('n_features')]), made([n])] };
  }
  if (SK_SPLIT.test(name)) {
    const train = ctx.dims.hinted('n_train');
    const test = ctx.dims.hinted('n_test');
    return {
      t: 'list',
      items: site.args.flatMap((a) => {
        if (a.t !== 'array' || !a.shape || a.shape.length === 0) return [UNKNOWN, UNKNOWN];
        const rest = a.shape.slice(1);
        return [made([train, ...rest]), made([test, ...rest])];
      }),
    };
  }
  if (TO_CATEGORICAL.test(name)) {
    const y = arg(site, 0, 'y').v;
    // Labels of shape (n,) or (n, 1): one row of n_classes per label.
    if (y?.t !== 'array' || !y.shape || !(y.shape.length === 1 || (y.shape.length === 2 && ctx.dims.value(y.shape[1]) === 1))) return UNKNOWN;
    return made([y.shape[0], size(1, 'num_classes', 'n_classes')]);
  }
  return undefined;
}
