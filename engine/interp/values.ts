// The abstract values the interpreter computes. Arrays carry a shape of dimensions; Python values
// that build arrays (ints that are dimensions, tuples, lists, dicts with string keys, functions,
// modules) are modelled; everything else is Unknown, and Unknown is silent.

import type { OriginSite } from '../diagnostics/origin';
import type { Span, Stmt, Expr } from '../syntax/ast';
import type { Dim } from '../shapes/dim';
import type { Scope } from './scope';

/** Something an array carries about how it was made, so a later contradiction can blame its cause. */
export interface ArrayNote {
  /** The array is (or grew from) a rank-1 result of a reduction that dropped an axis without keepdims. */
  droppedAxis?: { span: Span; call: Expr & { kind: 'call' }; shape: Dim[] };
  /** The array is (or grew from) a rank-1 array a constructor made from one size. */
  madeRank1?: { span: Span; sizeArg: Expr; shape: Dim[] };
  /** The array comes from a broadcast that produced a shape no operand had. */
  accidental?: { span: Span; message: string };
  /** The array was given its axes on purpose (x[:, None], np.expand_dims, reshape): outer broadcasts are meant. */
  deliberate?: boolean;
}

export interface ArrayValue {
  t: 'array';
  /** Undefined when the rank is unknown. A 0-d array (numpy scalar) has []. */
  shape: Dim[] | undefined;
  dtype?: 'bool' | 'int' | 'float';
  /** Where the shape came from, for hovers. */
  origin?: string;
  /** Where in the source the shape came from (engine/diagnostics/origin.ts), when a place says it. */
  site?: OriginSite;
  note?: ArrayNote;
  /** Set when a finding was already reported on this value or what it came from: report nothing more. */
  tainted?: boolean;
  /** The shape is only what a docstring states of a parameter: no code computed it. */
  stated?: boolean;
}

/** A Python int. `dim` is its value as a dimension (a constant or a symbol). */
export interface IntValue {
  t: 'int';
  dim: Dim;
  /** Decided from use: an input of no stated kind the code used as a size (holes.ts holeAsInt). */
  inferred?: true;
}

export interface FuncValue {
  t: 'func';
  def: Stmt & { kind: 'def' };
  closure: Scope;
  /** Module file the function belongs to ('' for the analysed document). */
  file: string;
  /** Bound `self` for methods taken from an instance. */
  self?: Value;
  /** Qualified name for messages: `TwoLayerNet.loss`. */
  qualname: string;
}

export interface ClassValue {
  t: 'class';
  name: string;
  /** Its own methods and those it inherits from the bases the module defines (the first base wins). */
  methods: Map<string, FuncValue>;
  attrs: Map<string, Value>;
  /** The bases the module defines, in order (`super()` reads the first). */
  bases?: ClassValue[];
}

export interface ObjectValue {
  t: 'object';
  cls: ClassValue;
  attrs: Map<string, Value>;
}

export type Value =
  | ArrayValue
  | IntValue
  | { t: 'float' }
  | { t: 'str'; value: string | undefined }
  | { t: 'bool'; value: boolean | undefined }
  | { t: 'none' }
  | { t: 'tuple'; items: Value[] }
  /**
   * A list; items undefined when its length is unknown (then `elem` may say what it holds). `grown`: appended
   * to in a loop of unknown length, so its items are those of the passes the analysis ran, not its length.
   * `layers`: its items are layers' values (a forward pass's per-layer caches seen by its backward pass):
   * each read at an index is one layer's item with sizes of its own (layerItem.ts).
   */
  | { t: 'list'; items: Value[] | undefined; elem?: Value; grown?: true; layers?: true }
  /** A dict with string keys. `open`: it may hold keys the engine has not seen, so a miss is Unknown. */
  /** `inferred`: a dict made from use (holes.ts): a key it has not seen reads as a new hole named after the key. */
  /** `elem`: what the dict holds under int keys (per-step dicts `hs[t]` in a loop), one value for them all. */
  | { t: 'dict'; entries: Map<string, Value>; open: boolean; inferred?: boolean; elem?: Value }
  | FuncValue
  | ClassValue
  | ObjectValue
  /** A module: numpy and its submodules by dotted path, or a user module's namespace. */
  | { t: 'module'; name: string; ns?: Map<string, Value> }
  /** A bound method of an array (`X.reshape`) or a builtin or numpy function (`np.dot`). */
  | { t: 'builtin'; name: string; self?: Value }
  /** `range(a, b, s)` */
  | { t: 'range'; start: Value; stop: Value; step: Value }
  /** Unknown. With a hole: an input with no stated source whose kind and shape use decides (holes.ts). */
  /** `foreign`: a name imported from a module that is not beside the file (`from process import get_data`): what its calls return is a hole. */
  | { t: 'unknown'; hole?: Hole; foreign?: string };

/**
 * An input nothing states (a parameter without a docstring, an entry of such a dict): the first use
 * that needs a kind decides it (`W1 @ X` makes X a 2-D array of fresh sizes, `p["W1"]` a dict,
 * `a, b = cache` a tuple), and every later read sees that value.
 */
export interface Hole {
  /** How the code names it, for the sizes it gets (`X.shape[1]`). */
  name: string;
  resolved?: Value;
  /** Where its shape was decided, for hovers: `W1 @ X on line 12`. */
  origin?: string;
  /** Named after the call that returned it (foreign.ts) until an assignment gives it the code's name. */
  fromCall?: true;
  /**
   * The unit its sizes are kept apart in once named (dim.ts pend/frozen), whatever code decides it: a
   * script's data from a module that is not there (foreign.ts), so its axes are different sizes unless the
   * code makes them equal.
   */
  unit?: number;
  /**
   * The input whose shape it has (holes.ts shapeSource): an elementwise result of inputs of no stated
   * shape (`dout * mask`, `x > 0`) is as open as they are, and has the first one's shape.
   */
  like?: string;
  /**
   * Something says it is an array, whatever its rank: a docstring (`dout: ... of any shape`), a call
   * that takes one (`np.ones_like(x)`), a store through a mask (`dx[x < 0] = ...`). Only such a hole is
   * shown with its shape source (`dout.shape`): an input that may be a number is not.
   */
  arrayLike?: true;
  /** The code takes its length (`len(xs)`): a sequence or an array, never a number. */
  sized?: true;
  /**
   * The input this is one item of (`for x in inputs`): once the item is decided as an array, the input
   * is an array of such items along a new first axis (holes.ts holeAsArray).
   */
  itemOf?: Hole;
}

export const UNKNOWN: Value = { t: 'unknown' };
export const NONE: Value = { t: 'none' };
export const FLOAT: Value = { t: 'float' };
