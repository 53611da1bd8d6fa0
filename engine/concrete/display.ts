// Display and logging side effects of a training script: plots (matplotlib, pylab, seaborn, their
// figures and axes), IPython's display, logging, warnings, writes to sys.stdout, and progress bars
// (`tqdm(iterable)` is the iterable itself). Calls of these do nothing; their result is an opaque
// display value (a module-like value named `opaque:display:...`): its attributes, items and calls are
// display values again, and anything else done with it (arithmetic, a truth value, iteration, an
// array made of it) stops the run as any unmodelled value does. Nothing is ever made up from it.

import type { Evaluator } from './evaluator';
import { type CValue, Unevaluable } from './values';

/** Modules whose calls only show or log (matched on the dotted name the code reaches them by). */
const DISPLAY_MODULES = /^(display:|(matplotlib|pylab|seaborn|logging|warnings)(\.|$)|IPython\.(core\.)?display(\.|$)|sys\.(stdout|stderr)\.)/;
/** tqdm's progress bars: `tqdm(it)`, `tqdm.tqdm(it)`, `tqdm.auto.tqdm(it)`, `tqdm_notebook(it)`, `trange(n)`. */
const PROGRESS = /^tqdm(\.\w+)*\.(tqdm|tqdm_notebook|trange)$/;
const PREFIX = 'opaque:display:';

/** A value some display call returned (a figure, axes, a logger, a progress bar). */
export function isDisplayValue(v: CValue): boolean {
  return v.t === 'module' && v.name.startsWith(PREFIX);
}

/** A display module or value (`plt`, `plt.rcParams`, a figure): writing into it is a no-op. */
export function isDisplayModule(v: CValue): boolean {
  return v.t === 'module' && v.name.startsWith('opaque:') && DISPLAY_MODULES.test(v.name.slice('opaque:'.length));
}

function displayValue(name: string): CValue {
  return { t: 'module', name: `${PREFIX}${name.replace(/^display:/, '')}()` };
}

/** The result of calling the opaque `name` when it only shows, logs or counts progress; else undefined. */
export function displayCall(ev: Evaluator, name: string, args: CValue[], kwargs: Map<string, CValue>): CValue | undefined {
  if (PROGRESS.test(name)) {
    if (name.endsWith('trange')) return ev.call({ t: 'builtin', name: 'range' }, args, new Map(), undefined);
    const it = args[0] ?? kwargs.get('iterable');
    // A bar updated by hand (`tqdm(total=n)`, then `pbar.update(1)`).
    return it && it.t !== 'none' ? it : displayValue(name);
  }
  if (!DISPLAY_MODULES.test(name)) return undefined;
  if (/^matplotlib\.pyplot\.subplots$|^pylab\.subplots$/.test(name)) return subplots(name, args, kwargs);
  return displayValue(name);
}

/** `fig, ax = plt.subplots()`, `fig, (ax1, ax2) = plt.subplots(1, 2)`: a figure and its axes. */
function subplots(name: string, args: CValue[], kwargs: Map<string, CValue>): CValue {
  const size = (i: number, kw: string) => {
    const v = args[i] ?? kwargs.get(kw);
    if (v === undefined) return 1;
    if (v.t === 'num' && v.int && v.v >= 1 && v.v <= 64) return v.v;
    throw new Unevaluable(`${name} with a grid that is not two small ints`);
  };
  const rows = size(0, 'nrows');
  const cols = size(1, 'ncols');
  const fig = displayValue(`${name}().figure`);
  const n = rows * cols;
  const squeeze = kwargs.get('squeeze');
  if (squeeze && !(squeeze.t === 'bool' && squeeze.v)) return { t: 'tuple', items: [fig, displayValue(`${name}().axes`)] };
  // One row or column: a sequence of axes (unpacked, indexed, iterated); a grid: indexed by two numbers.
  const axes = n === 1 ? displayValue(`${name}().axes`) : rows === 1 || cols === 1 ? { t: 'list' as const, items: Array.from({ length: n }, (_, i) => displayValue(`${name}().axes[${i}]`)) } : displayValue(`${name}().axes`);
  return { t: 'tuple', items: [fig, axes] };
}
