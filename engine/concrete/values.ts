// The concrete evaluator's values: real numbers and arrays, for running a student's forward and
// backward code on small random inputs during gradient verification. Arrays are mutable objects
// (an in-place update such as `dx /= N` or `dZ[Z <= 0] = 0` changes every alias, as in NumPy) and
// each knows the tape node that made its current contents.

import type { Stmt } from '../syntax/ast';
import type { NDArray } from '../numeric/ndarray';

export interface CArr {
  t: 'arr';
  a: NDArray;
  /** The tape node holding `a` (tape.ts). */
  node: number;
  /** An np.matrix (np.asmatrix): only the ops whose result is the same as an array's run on it (npMatrix.ts). */
  matrix?: true;
}

export interface CFunc {
  t: 'func';
  def: Stmt & { kind: 'def' };
  closure: CScope;
  /** Module name of the file the function is in ('' for the analysed document). */
  file: string;
  self?: CValue;
  qualname: string;
  /** For a method: the class whose body defines it (where `super()` inside it starts looking: classes.ts). */
  owner?: CClass;
  /** A `@staticmethod`: an instance's attribute read gives it unbound. */
  static?: boolean;
}

export interface CClass {
  t: 'class';
  name: string;
  methods: Map<string, CFunc>;
  attrs: Map<string, CValue>;
  /** The base class, when it is one the evaluator knows (defined in the analysed code): classes.ts. */
  base?: CClass;
  /** `@x.setter` defs by property name (the getter is in methods). */
  setters?: Map<string, CFunc>;
}

export type CValue =
  | CArr
  /** A Python number; `node` is given the first time it meets an array, so `db` can pair with a scalar `b`. */
  | { t: 'num'; v: number; int: boolean; node?: number }
  | { t: 'bool'; v: boolean }
  | { t: 'str'; v: string }
  | { t: 'none' }
  | { t: 'tuple'; items: CValue[] }
  | { t: 'list'; items: CValue[] }
  /** Keys are encoded by dictKey(). */
  | { t: 'dict'; map: Map<string, CValue>; keys: Map<string, CValue> }
  | CFunc
  /** A modelled library function or a bound method: `np.dot`, `array.sum` (self = the array), `dict.items`. */
  | { t: 'builtin'; name: string; self?: CValue }
  | CClass
  | { t: 'object'; cls: CClass; attrs: Map<string, CValue> }
  /** numpy and its submodules (name: 'np', 'np.random'), or a user module (ns). */
  | { t: 'module'; name: string; ns?: CScope }
  /** A slice, only as a subscript part. */
  | { t: 'slice'; start?: number; stop?: number; step?: number };

/** Thrown when the code does something the evaluator does not model: the run stops, unchecked. */
export class Unevaluable extends Error {}

/**
 * A name with no value: an undefined helper (undefinedHelpers.ts) read where it was called, or
 * a name a statement skipped for want of one would have bound. `helper` is the undefined helper behind
 * it; `scope`, the scope whose statement read it (a statement skips only what failed in its own frame).
 */
export class UndefinedHelper extends Unevaluable {
  constructor(readonly helper: string, readonly scope: CScope, readonly name: string) {
    super(name === helper ? `unknown name ${helper}` : `${name} depends on ${helper}, which is not defined here`);
  }
}

/** The value a skipped statement leaves in its names (never read: reading one throws UndefinedHelper). */
const SKIPPED = new WeakMap<CValue, string>();

export function skippedValue(helper: string): CValue {
  const v: CValue = { t: 'none' };
  SKIPPED.set(v, helper);
  return v;
}

/** The undefined helper a skipped name waits for, if `v` is such a name's value. */
export function skippedBy(v: CValue): string | undefined {
  return SKIPPED.get(v);
}

/** Thrown when the run has seen what it needs (or ran out of steps): checks made so far stand. */
export class StopRun extends Error {
  /** `deliberate`: the run stopped because it had checked what it came for (a training loop's first iteration), not midway. */
  /** `memory`: the run's arrays reached their limit (MAX_TAPE_BYTES). */
  constructor(message: string, readonly deliberate = false, readonly memory = false) {
    super(message);
  }
}

export class CScope {
  readonly vars = new Map<string, CValue>();
  constructor(readonly parent: CScope | undefined) {}
  lookup(name: string): CValue | undefined {
    for (let s: CScope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v) return v;
    }
    return undefined;
  }
}

export const NONE: CValue = { t: 'none' };

export function num(v: number, int = Number.isInteger(v)): CValue {
  return { t: 'num', v, int };
}

export function dictKey(k: CValue): string {
  if (k.t === 'str') return `s:${k.v}`;
  if (k.t === 'num') return `n:${k.v}`;
  if (k.t === 'bool') return `n:${k.v ? 1 : 0}`;
  if (k.t === 'tuple') return `t:(${k.items.map(dictKey).join(',')})`;
  if (k.t === 'none') return 'none';
  throw new Unevaluable(`unhashable dict key (${k.t})`);
}

export function newDict(): CValue & { t: 'dict' } {
  return { t: 'dict', map: new Map(), keys: new Map() };
}

export function dictSet(d: CValue & { t: 'dict' }, k: CValue, v: CValue): void {
  const key = dictKey(k);
  d.map.set(key, v);
  d.keys.set(key, k);
}

export function truthy(v: CValue): boolean {
  switch (v.t) {
    case 'num':
      return v.v !== 0;
    case 'bool':
      return v.v;
    case 'str':
      return v.v.length > 0;
    case 'none':
      return false;
    case 'tuple':
    case 'list':
      return v.items.length > 0;
    case 'dict':
      return v.map.size > 0;
    case 'arr':
      if (v.a.size !== 1) throw new Unevaluable('the truth value of an array with more than one element is ambiguous');
      return v.a.data[0] !== 0;
    default:
      return true;
  }
}
