// A layer library's initializer from a module that is not here, called with a shape: tinynn's
// `self.params[name] = self.initializers[name](self.shapes[name])`, `w_init([n_in, n_out])`,
// `weight_initializer((fan_in, fan_out))`. An initializer returns an array of the shape it is given; the
// shape is the code's own, so its sizes are the code's. Only a callee the code names as an
// initializer (`init` in its text) and a single argument that is a shape (an int, a list or tuple of them).

import type { Expr } from '../syntax/ast';
import type { OpContext } from '../ops/types';
import type { Value } from './values';
import { deref, openHole } from './holes';

const INITIALIZER = /init/i;

export function initializerResult(call: Expr & { kind: 'call' }, args: Value[], ctx: OpContext): Value | undefined {
  if (args.length !== 1 || call.keywords.length > 0 || !INITIALIZER.test(ctx.src(call.func))) return undefined;
  const given = deref(args[0]);
  const a: Value = (given.t === 'list' || given.t === 'tuple') && given.items ? ({ ...given, items: given.items.map(deref) } as Value) : given;
  // Sizes: ints, or inputs of no stated kind (a constructor's `n_in`), which a shape makes sizes.
  const size = (x: Value) => x.t === 'int' || openHole(x) !== undefined;
  const sized = a.t === 'int' || ((a.t === 'list' || a.t === 'tuple') && a.items !== undefined && a.items.length > 0 && a.items.every(size));
  if (!sized) return undefined;
  const shape = ctx.shapeArg(a, call.args[0]);
  if (!shape) return undefined;
  return { t: 'array', shape, origin: `${ctx.src(call.func)}(...) on line ${ctx.lineOf(call.span.start)} (an initializer from a module that is not here, taken to return an array of the shape it is given)` };
}
