// The one op table: every NumPy op the engine models, found by any of its spellings.

import type { OpEntry } from './types';
import { CONSTRUCTOR_OPS } from './constructors';
import { UFUNC_OPS } from './ufuncs';
import { REDUCTION_OPS } from './reductions';
import { LINALG_OPS } from './linalg';
import { MANIPULATION_OPS } from './manipulation';

const ALL: OpEntry[] = [...CONSTRUCTOR_OPS, ...UFUNC_OPS, ...REDUCTION_OPS, ...LINALG_OPS, ...MANIPULATION_OPS];

const BY_NAME = new Map<string, OpEntry>();
for (const op of ALL) for (const n of op.names) BY_NAME.set(n, op);

/** `np.dot`, `np.random.randn`, `array.reshape` (a method on an array), `rng.normal`. */
export function lookupOp(name: string): OpEntry | undefined {
  return BY_NAME.get(name);
}

export function allOpNames(): string[] {
  return [...BY_NAME.keys()];
}
