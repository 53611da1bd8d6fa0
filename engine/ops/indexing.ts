// Subscripts: x[i], x[:, j], x[mask], x[idx] = v. The selection itself (basic and advanced indexing
// as a source map) is numeric/indexing.ts, and the abstract interpreter and the concrete evaluator
// apply it where they meet a subscript; the entries hold the derivatives.

import { scatterAdd } from '../numeric/indexing';
import { grad, setitemRule } from '../numeric/vjp';
import type { OpEntry } from './definition';

export const INDEXING_OPS: OpEntry[] = [
  {
    id: 'getitem',
    spellings: ['x[i]'],
    syntax: 'subscript',
    derivative: {
      vjp: ({ g, inputs: [x], params }) => [grad(x, () => scatterAdd(x.shape, params.src as Int32Array, g))],
      face: 'none',
      reason: 'no readable rendering of a selection (fancy indexing): a derivation stops there',
    },
  },
  {
    id: 'setitem',
    spellings: ['x[i] = v'],
    syntax: 'subscript',
    derivative: { ...setitemRule, face: 'none', reason: 'no readable rendering of an in-place update: a derivation stops there' },
  },
];
