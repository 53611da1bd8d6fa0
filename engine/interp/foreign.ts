// Values from a module that is not beside the file (`from process import get_data`, `import util`):
// nothing is known of them, but what a call of one at the script's top level returns is data the code
// goes on to use, so it is a hole (holes.ts), decided by that use like an input with no stated shape
// (`Xtrain.shape[1]`, `X.dot(W1)`): issue 11's "a value from a module that is not there". Its sizes are
// kept apart in one script unit once the code names them (`N, D = X.shape`: different sizes unless the code
// makes them equal), as a function's inputs are in the function's. (The interpreter makes the hole only at
// the top level: interpreter.ts foreignCall.)

import type { Expr } from '../syntax/ast';
import { newHole } from './holes';
import { UNKNOWN, type Value } from './values';

/** The value of a name bound by an import of `module`, which is not there. */
export function foreignValue(module: string): Value {
  return { t: 'unknown', foreign: module };
}

/**
 * What a call of callee `f` returns: a hole named after the call when `f` is foreign, else Unknown. `unit`:
 * the script's unit for such data, where its named axes are different sizes unless the code makes them equal.
 */
export function foreignResult(f: Value, call: Expr & { kind: 'call' }, text: string, unit: number): Value {
  if (f.t !== 'unknown' || f.foreign === undefined || f.hole) return UNKNOWN;
  const v = newHole(text.length <= 40 ? text : 'result', unit);
  if (v.t === 'unknown' && v.hole) v.hole.fromCall = true;
  return v;
}
