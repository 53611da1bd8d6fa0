// Dimensions: constants, named symbols and unknowns, kept in a union-find.
//
// A dimension class may hold a constant, labels (the names the code gives it) and "rigid" names.
// A rigid name is a dimension that the code of one analysis scope (one function analysed on its
// own, or the top-level script) treats as a free variable: `n_h` in `initialize_parameters(n_x,
// n_h, n_y)`, or `m` in a docstring's `(n_x, m)`. Inside one scope, two different rigid names are
// different dimensions (the code must work for every size), and a rigid name differs from every
// constant. Names from different scopes prove nothing about each other: comparing them answers
// "unknown", and unifying them merges the classes. Only "different" ever produces a finding.

import type { DeclaredNames } from './dimPhrases';

export type Tri = 'equal' | 'different' | 'unknown';

interface DimNode {
  parent: number;
  /** Constant size, when known. */
  value: number | undefined;
  /** Display names the code gives this class, first one preferred. */
  labels: string[];
  /** Scopes in which this class is a rigid (universally quantified) name. */
  rigidScopes: Set<number>;
  /** Why this class was merged with another, for messages: "line 12: assert ...". */
  reason: string | undefined;
  /**
   * What to show when the class has neither a label nor a value: a docstring's example constant
   * (`20` of `W1 -- (20, 2)` seen from a caller) or where an inferred size came from (`X.shape[1]`).
   * Display only: it never takes part in a comparison.
   */
  hint?: string;
  /**
   * A constant the code computed from named sizes (`n * d` with n = 4, d = 3), shown as that expression:
   * a callee's parameter does not name it (sizeArith.ts). Display only; it compares as its value.
   */
  formula?: string;
  /** The class holds a size invented from use (an input with no stated shape): its rank may be assumed. */
  inferred?: boolean;
  /**
   * Units (a forward pass as its backward pass sees it) in which this class is one of the sizes the
   * forward pass kept apart: two classes frozen in the same unit differ. Unlike a rigid name, a frozen
   * size may still equal a constant (the code may say n_y is 1).
   */
  frozen?: Set<number>;
  /**
   * Units in which this class, a size only inferred from use, becomes frozen once the code names it
   * (`m = X.shape[1]` in the backward pass): an unnamed guess may miss an equality the code makes.
   */
  pending?: Set<number>;
  /** A constant a docstring states: an example's size (`W3 -- (1, 3)`), which never contradicts a free name. */
  example?: boolean;
  /**
   * The last axis of an input whose rank the code never states, taken as 2-D because a product or a
   * `.T` reads it (`np.dot(W, x)`): it exists only if the input is a matrix, not a vector (ops/binary.ts).
   */
  phantom?: boolean;
}

function sharesFrozenUnit(a: DimNode, b: DimNode): boolean {
  if (!a.frozen || !b.frozen) return false;
  for (const s of a.frozen) if (b.frozen.has(s)) return true;
  return false;
}

/** `a` is a docstring's example size and `b` a size the code names (not one merely inferred from use). */
function exampleAgainstNamed(a: DimNode, b: DimNode): boolean {
  return a.example === true && b.value === undefined && !b.inferred;
}

/** A dimension handle: an index into a DimStore. */
export type Dim = number;

export class DimStore {
  private nodes: DimNode[] = [];
  private nextScope = 1;

  /** `declared`: the names the user lists as dimension names, read as sizes in docstrings and comments. */
  constructor(readonly declaredNames: DeclaredNames = new Map()) {}

  newScope(): number {
    return this.nextScope++;
  }

  /** A dimension nothing is known about; it unifies with anything. */
  unknown(label?: string): Dim {
    this.nodes.push({ parent: this.nodes.length, value: undefined, labels: label ? [label] : [], rigidScopes: new Set(), reason: undefined });
    return this.nodes.length - 1;
  }

  /** An unknown dimension shown as `hint` while nothing better names it (see DimNode.hint). */
  hinted(hint: string, inferred = false): Dim {
    const d = this.unknown();
    this.nodes[d].hint = hint;
    if (inferred) this.nodes[d].inferred = true;
    return d;
  }

  /** Marks the class as an axis that exists only under an assumed rank (DimNode.phantom). */
  markPhantom(d: Dim): void {
    this.nodes[this.find(d)].phantom = true;
  }

  isPhantom(d: Dim): boolean {
    return this.nodes[this.find(d)].phantom === true;
  }

  /** Whether the class holds a docstring's example constant (DimNode.example). */
  isExample(d: Dim): boolean {
    return this.nodes[this.find(d)].example === true;
  }

  /** Whether the class holds a size invented from use (shapes from use, engine/interp/holes.ts). */
  isInferred(d: Dim): boolean {
    return this.nodes[this.find(d)].inferred === true;
  }

  /**
   * A new class standing for `d`'s class in another analysis (a linked function's view of it):
   * its constant, labels and hint, none of its rigid scopes; frozen in `unit` when given.
   */
  copyOf(d: Dim, unit?: number): Dim {
    const n = this.nodes[this.find(d)];
    const c = this.unknown();
    const k = this.nodes[c];
    k.value = n.value;
    k.labels = [...n.labels];
    k.hint = n.hint;
    k.inferred = n.inferred;
    if (unit !== undefined && n.value === undefined) {
      if (n.labels.length > 0 || n.rigidScopes.size > 0) k.frozen = new Set([unit]);
      else if (n.inferred) k.pending = new Set([unit]);
    }
    // A docstring's example size (W2 -- (3, 20)) seen by the backward pass: still only an example,
    // but one the forward pass kept apart from its free names (see compare).
    if (unit !== undefined && n.value !== undefined && n.example) {
      k.example = true;
      k.frozen = new Set([unit]);
    }
    return c;
  }

  /**
   * Whether the class names a size (a label, a free name, or a size inferred from an input's use),
   * not merely "unknown" (a slice's length, a join): only those cross a link frozen or pending.
   */
  isNamed(d: Dim): boolean {
    const n = this.nodes[this.find(d)];
    return n.labels.length > 0 || n.rigidScopes.size > 0 || n.inferred === true;
  }

  /** A constant stated by a docstring (DimNode.example). */
  exampleConstant(n: number): Dim {
    const d = this.constant(n);
    this.nodes[d].example = true;
    return d;
  }

  /** A constant computed from named sizes, shown as `formula` while nothing names it (DimNode.formula). */
  computedConstant(n: number, formula: string): Dim {
    const d = this.constant(n);
    this.nodes[d].formula = formula;
    return d;
  }

  /** The expression a computed size is shown as: an unknown one's hint, a constant's formula. */
  formulaOf(d: Dim): string | undefined {
    const n = this.nodes[this.find(d)];
    return n.value !== undefined ? n.formula : n.hint;
  }

  constant(n: number): Dim {
    // Not cached: each constant is its own class, so a label given to one `4` (n_h = 4) does not
    // spread to every other 4 in the program. Constants compare by value.
    const d = this.unknown();
    this.nodes[d].value = n;
    return d;
  }

  /** A free dimension named `name` in `scope`. */
  rigid(name: string, scope: number): Dim {
    const d = this.unknown(name);
    this.nodes[d].rigidScopes.add(scope);
    return d;
  }

  /**
   * Makes a class nothing is known about a free name of `scope` (a script's `len(data)`: any size,
   * different from every constant and from the scope's other free names). False, changing nothing,
   * when the class has a constant, a label or is already rigid.
   */
  makeRigid(d: Dim, scope: number): boolean {
    const n = this.nodes[this.find(d)];
    if (n.value !== undefined || n.rigidScopes.size > 0 || n.labels.length > 0) return false;
    n.rigidScopes.add(scope);
    return true;
  }

  /**
   * The code refutes a docstring's free name (`h_prev -- (n_a, m)` with `assert h_prev.shape ==
   * (hidden_size, 1)`): the class is no longer a free name of any scope, so it may take the size the
   * code gives it.
   */
  release(d: Dim): void {
    const n = this.nodes[this.find(d)];
    n.rigidScopes.clear();
    n.frozen = undefined;
  }

  /** Marks an inferred class to become frozen in `unit` once the code names it (DimNode.pending). */
  pend(d: Dim, unit: number): void {
    const n = this.nodes[this.find(d)];
    if (n.value !== undefined) return;
    n.pending ??= new Set();
    n.pending.add(unit);
  }

  find(d: Dim): Dim {
    let r = d;
    while (this.nodes[r].parent !== r) r = this.nodes[r].parent;
    // Path compression.
    let x = d;
    while (this.nodes[x].parent !== r) {
      const next = this.nodes[x].parent;
      this.nodes[x].parent = r;
      x = next;
    }
    return r;
  }

  value(d: Dim): number | undefined {
    return this.nodes[this.find(d)].value;
  }

  /** Every size the program states as a number (`np.zeros((20, 1))`, a docstring's `(1, 3)`). */
  constantValues(): Set<number> {
    const out = new Set<number>();
    for (const n of this.nodes) if (n.value !== undefined) out.add(n.value);
    return out;
  }

  /** Whether some analysis keeps the class apart from its other sizes: a free name (rigid) or frozen in a unit. */
  isKeptApart(d: Dim): boolean {
    const n = this.nodes[this.find(d)];
    return n.rigidScopes.size > 0 || (n.frozen?.size ?? 0) > 0;
  }

  /**
   * A new class shown as `labels`: one layer's view of a size every layer's item names alike
   * (interp/layerItem.ts); frozen in `unit` when given, like a linked forward pass's sizes.
   */
  labelled(labels: readonly string[], unit?: number): Dim {
    const d = this.unknown();
    const n = this.nodes[d];
    n.labels = [...labels];
    if (unit !== undefined) n.frozen = new Set([unit]);
    return d;
  }

  isRigid(d: Dim): boolean {
    return this.nodes[this.find(d)].rigidScopes.size > 0;
  }

  /** True when nothing at all is known: no constant, no rigid name. */
  isFree(d: Dim): boolean {
    const n = this.nodes[this.find(d)];
    return n.value === undefined && n.rigidScopes.size === 0;
  }

  addLabel(d: Dim, label: string): void {
    const n = this.nodes[this.find(d)];
    if (!n.labels.includes(label)) n.labels.push(label);
    if (n.pending) {
      n.frozen ??= new Set();
      for (const s of n.pending) n.frozen.add(s);
      n.pending = undefined;
    }
  }

  labels(d: Dim): readonly string[] {
    return this.nodes[this.find(d)].labels;
  }

  hasLabel(d: Dim): boolean {
    return this.nodes[this.find(d)].labels.length > 0;
  }

  compare(a: Dim, b: Dim): Tri {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return 'equal';
    const na = this.nodes[ra];
    const nb = this.nodes[rb];
    if (na.value !== undefined && nb.value !== undefined) return na.value === nb.value ? 'equal' : 'different';
    // The forward pass kept a docstring's example size (its W2 of 3 rows) and one of its named sizes
    // (m) apart, and both cross to the backward pass frozen in one unit: the backward pass may not make
    // them equal. (Seen from a caller, an example never contradicts a free name: below.)
    if (sharesFrozenUnit(na, nb) && (exampleAgainstNamed(na, nb) || exampleAgainstNamed(nb, na))) return 'different';
    if (na.value !== undefined && nb.rigidScopes.size > 0) return na.example ? 'unknown' : 'different';
    if (nb.value !== undefined && na.rigidScopes.size > 0) return nb.example ? 'unknown' : 'different';
    for (const s of na.rigidScopes) if (nb.rigidScopes.has(s)) return 'different';
    if (na.frozen && nb.frozen) for (const s of na.frozen) if (nb.frozen.has(s)) return 'different';
    return 'unknown';
  }

  /**
   * Records that a and b are the same dimension. Returns false, changing nothing, when they are
   * provably different.
   */
  unify(a: Dim, b: Dim, reason?: string): boolean {
    const c = this.compare(a, b);
    const ra = this.find(a);
    const rb = this.find(b);
    // Two classes with the same constant (a driver's 400, and the 400 a docstring's m was bound to) are
    // one dimension where the code needs them equal: joined, so a name either gets (m = X.shape[1],
    // even later) is shown for both, and messages say m rather than 400.
    if (c === 'equal' && ra === rb) return true;
    if (c === 'different') return false;
    // Keep the root that carries the most information.
    const [keep, drop] = this.nodes[rb].value !== undefined ? [rb, ra] : [ra, rb];
    const k = this.nodes[keep];
    const d = this.nodes[drop];
    d.parent = keep;
    if (k.value === undefined) k.value = d.value;
    for (const l of d.labels) if (!k.labels.includes(l)) k.labels.push(l);
    for (const s of d.rigidScopes) k.rigidScopes.add(s);
    if (reason && !k.reason) k.reason = reason;
    if (k.hint === undefined) k.hint = d.hint;
    if (d.inferred) k.inferred = true;
    // Made equal to a size that is there, the axis is no longer only assumed.
    k.phantom = k.phantom && d.phantom ? true : undefined;
    if (d.frozen) {
      k.frozen ??= new Set();
      for (const s of d.frozen) k.frozen.add(s);
    }
    if (d.pending) {
      k.pending ??= new Set();
      for (const s of d.pending) k.pending.add(s);
    }
    // Merged with a frozen class or a labelled one, a pending size is named.
    if (k.pending && (k.frozen || k.labels.length > 0)) {
      k.frozen ??= new Set();
      for (const s of k.pending) k.frozen.add(s);
      k.pending = undefined;
    }
    return true;
  }

  /** Whether the dimension has neither a name nor a value (it renders as `?`). */
  isAnonymous(d: Dim): boolean {
    const n = this.nodes[this.find(d)];
    return n.labels.length === 0 && n.value === undefined;
  }

  /** The name to show: the first label, else the constant, else `?`. */
  render(d: Dim): string {
    const n = this.nodes[this.find(d)];
    if (n.labels.length > 0) return n.labels[0];
    if (n.value !== undefined) return n.formula ?? String(n.value);
    return n.hint ?? '?';
  }
}
