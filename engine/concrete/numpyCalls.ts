// NumPy calls for the concrete evaluator: each spelling's entry in the op table (ops/table.ts) runs
// its kernel and records its result on the tape under the entry's OpId, which is how reverse mode
// finds its derivative. A spelling with no concrete evaluation stops the run (Unevaluable), unchecked.

import type { Span } from '../syntax/ast';
import { opBySpelling } from '../ops/table';
import { concreteCall } from '../ops/concreteArgs';
import type { Evaluator } from './evaluator';
import { type CValue, Unevaluable } from './values';

export function numpyCall(ev: Evaluator, name: string, args: CValue[], kwargs: Map<string, CValue>, self: CValue | undefined, span: Span | undefined): CValue {
  const entry = opBySpelling(name);
  if (!entry?.concrete) throw new Unevaluable(`${name} is not modelled by the evaluator`);
  return entry.concrete(concreteCall(ev, name, args, kwargs, self, span));
}
