// Turns the abstract values the shape analysis bound to a function's parameters (docstring shapes,
// defaults, what calls proved) into concrete random inputs: every symbolic dimension gets a small
// size, distinct from the others and from the sizes the code states as numbers (a batch m = 3 beside
// a hidden layer of 3 would let np.dot(dZ3, A2) pass where A2.T is meant), so a missing transpose
// can't hide, and the same size wherever the analysis proved two dimensions equal.

import type { DimStore, Dim } from '../shapes/dim';
import type { Value } from '../interp/values';
import { NDArray } from '../numeric/ndarray';
import type { Rng } from '../numeric/rng';
import type { Evaluator } from '../concrete/evaluator';
import { type CValue, NONE, dictSet, newDict, num } from '../concrete/values';
import { isBatchName } from './pairing';

const SIZES = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
/**
 * Sizes of a run tried again because its arrays outgrew its memory (an im2col loop copies its
 * (B·H·W, k_h·k_w·C) matrix once per output position): the smallest distinct sizes, stated numbers
 * included (a size equal to one only hides a bug: the truth is computed from the same run).
 */
const COMPACT_SIZES = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
const LABELS = /^(y|Y|labels?|targets?|y_true|Y_true)$/;
/** A bias's name (`b1`, `b_out`, `bias`, `bias_h`): its guessed shape is a column. */
const BIAS = /^(b\d*|b_\w+|bias(es)?\w*)$/;
/**
 * A filter's or a pooling window's height or width (`F, _, HH, WW = w.shape`): 2, below every size
 * chosen for an input, so `H + 2 * pad - HH` leaves a convolution some output.
 */
const WINDOW = /^(HH|WW|FH|FW|HF|WF|KH|KW|kh|kw|k_h|k_w|(filter|field|pool|kernel|window)_(height|width|size|h|w))$/;
const WINDOW_SIZE = 2;

export class Concretizer {
  private sizes = new Map<number, number>();
  private next = 0;
  /** The size given to a dimension the code calls m, N, batch_size, ... */
  batch: number | undefined;

  /** Sizes this concretizer chose (not constants the code states): the ones a failed run may merge. */
  private readonly chosen = new Set<number>();

  /**
   * `merges`: sizes a failed run showed must be equal (a chosen size → the size it must take), from the
   * run's previous attempts (see learn()).
   */
  /** `compact`: sizes from COMPACT_SIZES (a run whose arrays outgrew their limit, or a function that loops over every pixel). */
  /**
   * `rotate`: a witness run (writtenShapes.ts) gives every dimension the next size of the pool instead
   * (`merges` are those of the run it witnesses, moved along with their sizes), so a size that tracks a
   * dimension across both runs is that dimension's, and one that does not (a product of window sizes
   * that happened to equal it) is not.
   */
  constructor(private readonly dims: DimStore, private readonly rng: Rng, readonly merges = new Map<number, number>(), readonly compact = false, private readonly rotate = 0) {
    if (rotate !== 0) this.merges = new Map([...merges].map(([a, b]) => [this.rotated(a), this.rotated(b)]));
  }

  /** Sizes named like the module's number constants take their values (concrete/moduleConstants.ts moduleSizes). */
  namedSizes(sizes: Map<string, number>): void {
    if (this.compact) return;
    for (const [name, n] of sizes) if (!this.byLabel.has(name)) this.byLabel.set(name, n);
  }

  /** The pool chosen sizes come from (SIZES without the sizes the code states, or COMPACT_SIZES). */
  private pool(): number[] {
    if (this.compact) return COMPACT_SIZES;
    this.statedSizes ??= this.dims.constantValues();
    const free = SIZES.filter((s) => !this.statedSizes!.has(s));
    return free.length > 0 ? free : SIZES;
  }

  /** A size of the witnessed run as this run gives it: the pool's size `rotate` places on (others stay). */
  private rotated(s: number): number {
    const pool = this.pool();
    const i = pool.indexOf(s);
    return i < 0 ? s : pool[(i + this.rotate) % pool.length];
  }

  /** A chosen size after the merges a failed run taught. */
  private resolve(s: number): number {
    this.chosen.add(s);
    return this.resolve0(s);
  }

  /**
   * A run failed because sizes that had to be equal were not (`(3, 4) · (5, 6)`): when one of each pair
   * is a size this concretizer chose, the next attempt makes it the other. False when nothing can be
   * learnt (both sizes stated by the code, or already merged).
   */
  learn(pairs: [number, number][]): boolean {
    let learnt = false;
    for (const [a, b] of pairs) {
      // Sizes seen in a run are resolved ones: the end of their chain of merges, never a key of it.
      const [from, to] = this.isChosen(a) ? [a, b] : [b, a];
      if (!this.isChosen(from)) {
        const factor = this.differingFactor(a, b) ?? this.differingTerm(a, b);
        if (factor) {
          this.merges.set(factor[0], factor[1]);
          learnt = true;
        }
        continue;
      }
      if (from === to) continue;
      this.merges.set(from, to);
      learnt = true;
    }
    return learnt;
  }

  /**
   * Two products of sizes that had to be equal (an im2col matrix's k_h·k_w·C columns against a kernel's
   * k_h·k_w·C_in rows): a chosen size x of the first and y of the second with a / x = b / y, so making x
   * y makes them equal when the rest is shared. The largest such x (a guess; a wrong one costs a run).
   */
  private differingFactor(a: number, b: number): [number, number] | undefined {
    const chosen = [...new Set([...this.chosen].map((c) => this.resolve0(c)))].filter((c) => c > 1).sort((p, q) => q - p);
    for (const x of chosen) {
      if (a % x !== 0) continue;
      for (const y of chosen) {
        if (y !== x && b % y === 0 && a / x === b / y && a / x > 1) return [x, y];
      }
    }
    return undefined;
  }

  /**
   * Two sums of sizes that had to be equal (a state and an input stacked side by side, n_h + n_in,
   * against a weight matrix's n_h + n_in columns): a chosen size x of the first and y of the second
   * with a - x = b - y, so making x y makes them equal when the rest is shared. The largest such x.
   */
  private differingTerm(a: number, b: number): [number, number] | undefined {
    const chosen = [...new Set([...this.chosen].map((c) => this.resolve0(c)))].filter((c) => c > 1).sort((p, q) => q - p);
    for (const x of chosen) {
      if (x >= a) continue;
      for (const y of chosen) {
        if (y !== x && y < b && a - x === b - y) return [x, y];
      }
    }
    return undefined;
  }

  /** Tape nodes of the labels made for a `Y` input, with the sizes chosen for their axes (concretize.ts `labelsClash`). */
  private readonly labelNodes = new Map<number, number[]>();
  /** Sizes of every other array input's axes. */
  private readonly inputSizes = new Set<number>();

  /**
   * Labels made for a driver's `Y` (documented (output size, m)) subtracted from, or multiplied with, the
   * network's output of one unit (`dZ3 = A3 - Y`, (1, m) against (6, m)): NumPy would broadcast, but
   * labels have the output's shape, so a size chosen only for the labels where the output has 1 is a
   * clash to learn from (the sizes that had to be equal), not a matrix of six copies.
   */
  /** An input made again as the kind its docstring says (integer labels for `Y -- "label" vector`): still the labels. */
  remade(node: number, as: number): void {
    const sizes = this.labelNodes.get(node);
    if (sizes) this.labelNodes.set(as, sizes);
  }

  labelsClash(a: { node: number; a: NDArray }, b: { node: number; a: NDArray }): [number, number][] | undefined {
    // Called on every elementwise operation of the run: nothing to look up in most runs.
    if (this.labelNodes.size === 0) return undefined;
    for (const [label, other] of [[a, b], [b, a]] as const) {
      const sizes = this.labelNodes.get(label.node);
      if (!sizes || other.a.ndim !== sizes.length) continue;
      const pairs: [number, number][] = [];
      sizes.forEach((s, i) => {
        if (s > 1 && other.a.shape[i] === 1 && !this.inputSizes.has(s) && this.isChosen(s)) pairs.push([s, 1]);
      });
      if (pairs.length) return pairs;
    }
    return undefined;
  }

  private isChosen(resolved: number): boolean {
    return [...this.chosen].some((c) => this.resolve0(c) === resolved);
  }

  private resolve0(s: number): number {
    let r = s;
    for (let i = 0; i < 16 && this.merges.has(r); i++) r = this.merges.get(r)!;
    return r;
  }

  size(d: Dim): number {
    const root = this.dims.find(d);
    const c = this.dims.value(root);
    if (c !== undefined) {
      const label = this.dims.labels(root).find((l) => /^[A-Za-z_]\w*$/.test(l));
      if (label && !this.constantNames.has(c)) this.constantNames.set(c, label);
      return c;
    }
    return this.resolve(this.symbolicSize(root));
  }

  private symbolicSize(root: Dim): number {
    let s = this.sizes.get(root);
    if (s === undefined) {
      // The same name in another function's scope (a class's `n_in` in __init__ and in forward's
      // docstring) gets the same size: inputs only, a wrong guess just stops the run.
      // `_` (`_, h, w, _ = x.shape`) names no size: each such axis is its own.
      const label = this.dims.labels(root).find((l) => l !== '_');
      // A multiple of a named size (`4H`, `2*H` in a docstring) is that multiple of its size.
      const multiple = label !== undefined ? /^(\d+)\s*\*?\s*([A-Za-z_]\w*)$/.exec(label) : null;
      // The named size is chosen first when nothing has fixed it yet, so `4H` is 4 × H wherever H appears later.
      if (multiple && !this.byLabel.has(multiple[2])) this.byLabel.set(multiple[2], this.freshSize());
      const base = multiple ? this.byLabel.get(multiple[2]) : undefined;
      s = (label !== undefined ? this.byLabel.get(label) : undefined) ?? (base !== undefined && multiple ? Number(multiple[1]) * this.resolve0(base) : undefined) ?? (this.dims.labels(root).some((l) => WINDOW.test(l)) ? WINDOW_SIZE : this.freshSize());
      this.sizes.set(root, s);
      if (label !== undefined && !this.byLabel.has(label)) this.byLabel.set(label, s);
    }
    if (this.batch === undefined && this.dims.labels(root).some(isBatchName)) this.batch = this.resolve(s);
    return s;
  }

  /** The names the code gives the sizes used (each size named once; constants keep their number). */
  sizeNames(): Map<number, string> {
    const out = new Map<number, string>();
    for (const [root, size] of this.sizes) {
      const label = this.dims.labels(root).find((l) => l !== '_');
      if (label && !out.has(this.resolve0(size))) out.set(this.resolve0(size), label);
    }
    for (const [size, name] of this.guessed) if (!out.has(this.resolve0(size))) out.set(this.resolve0(size), name);
    for (const [size, name] of this.constantNames) if (!out.has(size)) out.set(size, name);
    return out;
  }

  /**
   * A value for a parameter the analysis could not type, guessed from the field's naming: arrays
   * (Z, A_prev, x, scores) get a random matrix, anything else a size (n_h). A wrong guess only makes
   * the run stop, since the truth is computed from the same run.
   */
  guess(ev: Evaluator, name: string, sized = false): CValue {
    this.guessedAny = true;
    // The code takes its length (`len(xs)`): a matrix of chosen sizes, not a number.
    if (sized) {
      this.rankGuesses++;
      return this.freshMatrix(ev);
    }
    // A bias is a column added to a layer's pre-activation (b1 of W1 @ X + b1); a clash with the rows
    // it is added to teaches its size.
    if (BIAS.test(name)) return this.freshColumn(ev);
    if (/^[ZAXxzasWwb](\d*|_\w+)$|^(theta|y|Y)(\d*|_\w+)$|^(dout|scores|out|h|hidden|logits|inputs?|weights?|bias(es)?|labels|targets)$/.test(name)) {
      return this.freshMatrix(ev);
    }
    return this.guessSize(name);
  }

  /** A size for a name, the same size for the same name (a tuple's documented item `in_channels`). */
  guessSize(name: string): CValue {
    this.guessedAny = true;
    const size = this.byLabel.get(name) ?? this.freshSize();
    if (!this.byLabel.has(name)) this.byLabel.set(name, size);
    if (!this.guessed.has(size)) this.guessed.set(size, name);
    return num(this.resolve(size), true);
  }

  /** A size for an axis of data the code loads from a file (concrete/madeUp.ts): a guess a clash may correct. */
  dataSize(): number {
    this.guessedAny = true;
    return this.resolve(this.freshSize());
  }

  private guessed = new Map<number, string>();
  /** Some input was guessed (a name's convention, an unknown rank, a size inferred from use). */
  guessedAny = false;
  /**
   * How many sequences' ranks were guessed (a matrix for a value the code only takes the length of): their
   * items may be rows where the code meant columns, and what a forward pass broadcasts from them is then
   * nothing the real input would make, so its backward pass failing on it says nothing of the code.
   */
  rankGuesses = 0;
  /** How many inputs were made with an axis only a matrix product assumed (holes.ts markPhantom): its size is a guess. */
  phantomInputs = 0;
  /** Make such inputs without that axis (a run's second try: they may be vectors). */
  vectors = false;
  /** Tape nodes of inputs made with a shape the code states (the checker trusts their rank). */
  readonly stated = new Set<number>();
  private byLabel = new Map<string, number>();
  private constantNames = new Map<number, string>();

  /** Sizes the code states as numbers: a chosen size avoids them while SIZES has others. */
  private statedSizes?: Set<number>;

  private freshSize(): number {
    const pool = this.pool();
    return pool[(this.next++ + this.rotate) % pool.length];
  }


  /** Integer class labels 0 and 1 (valid indices for C ≥ 2, and 0/1 targets). */
  labels(_ev: Evaluator, shape: number[]): NDArray {
    return this.rng.intArray(shape, 0, 2);
  }

  /**
   * An entry broadcast against an array and decided by nothing (`W1 @ X + b1`, b1 from a dict no code
   * fills): a guess, a column for a bias (the next attempt learns its sizes from the clash), else a matrix.
   */
  private broadcastGuess(ev: Evaluator, v: Value, name: string): CValue | undefined {
    if (v.t !== 'unknown' || !v.hole?.arrayLike) return undefined;
    this.guessedAny = true;
    return BIAS.test(name) ? this.freshColumn(ev) : this.freshMatrix(ev);
  }

  /** A column of a size chosen apart: a bias (a clash with what it is added to teaches its size). */
  private freshColumn(ev: Evaluator): CValue {
    return ev.fresh(this.rng.normalArray([this.resolve(this.freshSize()), 1]), undefined);
  }

  /** A matrix of two sizes chosen apart (a wrong guess only costs a clash the next attempt learns from). */
  private freshMatrix(ev: Evaluator): CValue {
    return ev.fresh(this.rng.normalArray([this.resolve(this.freshSize()), this.resolve(this.freshSize())]), undefined);
  }

  /** A concrete value for a parameter, or undefined when the analysis knows too little. */
  value(ev: Evaluator, v: Value | undefined, name: string): CValue | undefined {
    if (!v) return undefined;
    switch (v.t) {
      case 'array': {
        // An array of unknown rank: a matrix of chosen sizes (a wrong guess only stops the run).
        if (!v.shape) this.guessedAny = true;
        if (!v.shape) return v.dtype === 'float' || v.dtype === undefined ? this.freshMatrix(ev) : undefined;
        const phantom = v.shape.some((d) => this.dims.isPhantom(d));
        if (phantom) this.phantomInputs++;
        // The second try: an axis only a matrix product assumed is dropped (`x` of `np.dot(W, x)` a vector).
        const shape = (this.vectors && phantom ? v.shape.filter((d) => !this.dims.isPhantom(d)) : v.shape).map((d) => this.size(d));
        if (!LABELS.test(name)) for (const d of shape) this.inputSizes.add(d);
        let a: NDArray;
        if (LABELS.test(name) || v.dtype === 'bool') {
          // Labels: 0 and 1 are valid for a binary cross-entropy and as class indices (C ≥ 2).
          a = this.rng.intArray(shape, 0, 2);
          if (shape.length > 1 || v.dtype === 'float') a = new NDArray(a.shape, a.data, 'float');
          if (v.dtype === 'bool') a = new NDArray(a.shape, a.data, 'bool');
        } else if (v.dtype === 'int') a = this.rng.intArray(shape, 0, 3);
        else a = this.rng.normalArray(shape);
        const made = ev.fresh(a, undefined);
        if (LABELS.test(name) && made.t === 'arr') this.labelNodes.set(made.node, shape);
        // A shape the code states (a docstring, a call's arguments), not one inferred from use.
        if (made.t === 'arr' && !v.shape.some((d) => this.dims.isInferred(d))) this.stated.add(made.node);
        else this.guessedAny = true;
        return made;
      }
      case 'int':
        // A size known only from its use is a guess (a shape error after it is not the code's).
        if (v.inferred) this.guessedAny = true;
        return num(this.size(v.dim), true);
      case 'float':
        return num(0.1, false);
      case 'bool':
        return { t: 'bool', v: v.value ?? false };
      case 'str':
        return v.value === undefined ? undefined : { t: 'str', v: v.value };
      case 'none':
        return NONE;
      case 'tuple': {
        const items = v.items.map((x, i) => this.value(ev, x, `${name}[${i}]`));
        return items.every((x) => x) ? { t: 'tuple', items: items as CValue[] } : undefined;
      }
      case 'list': {
        if (!v.items) return undefined;
        const items = v.items.map((x, i) => this.value(ev, x, `${name}[${i}]`));
        return items.every((x) => x) ? { t: 'list', items: items as CValue[] } : undefined;
      }
      case 'dict': {
        if (v.entries.size === 0) return undefined;
        const d = newDict();
        for (const [k, x] of v.entries) {
          const c = this.value(ev, x, k) ?? this.broadcastGuess(ev, x, k);
          if (!c) return undefined;
          dictSet(d, { t: 'str', v: k }, c);
        }
        return d;
      }
      default:
        return undefined;
    }
  }
}
