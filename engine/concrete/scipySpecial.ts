// scipy.special's logistic function, as online training code takes its sigmoid (`expit(x)`,
// `self.activation_function = lambda x: scipy.special.expit(x)`): evaluated as NumPy computes
// `1 / (1 + np.exp(-x))`, so its derivative is the op table's. Anything else from scipy stays opaque.

import type { Span } from '../syntax/ast';
import type { Evaluator } from './evaluator';
import { type CValue, num } from './values';
import { numpyCall } from './numpyCalls';

/** A call of `scipy.special.<name>` this models; undefined otherwise. */
export function callScipySpecial(ev: Evaluator, name: string, args: CValue[], kwargs: Map<string, CValue>, span: Span | undefined): CValue | undefined {
  if (!/^scipy\.special\.expit$/.test(name) || args.length !== 1 || kwargs.size !== 0 || !span) return undefined;
  const e = numpyCall(ev, 'np.exp', [ev.binop('*', num(-1, true), args[0], span)], new Map(), undefined, span);
  return ev.binop('/', num(1, true), ev.binop('+', num(1, true), e, span), span);
}
