// The one op table: every op the engine models (definition.ts), found by any of its spellings or by
// its OpId (the name its tape nodes carry). The abstract interpreter reads the shape rules, the
// concrete evaluator the evaluations (concrete/numpyCalls.ts), reverse mode and derivations the
// derivatives.

import type { OpEntry, OpId, ShapeRule } from './definition';
import type { DerivativeRule } from '../numeric/vjp';
import { UNARY_OPS } from './unary';
import { BINARY_OPS } from './binary';
import { CAST_OPS } from './casts';
import { SELECTION_OPS } from './selection';
import { REDUCTION_OPS } from './reductions';
import { LINALG_OPS } from './linalg';
import { MANIPULATION_OPS } from './manipulation';
import { CONSTRUCTOR_OPS } from './constructors';
import { INDEXING_OPS } from './indexing';

export const ALL_OPS: readonly OpEntry[] = [
  ...UNARY_OPS, ...BINARY_OPS, ...CAST_OPS, ...SELECTION_OPS, ...REDUCTION_OPS, ...LINALG_OPS, ...MANIPULATION_OPS,
  ...CONSTRUCTOR_OPS, ...INDEXING_OPS,
];

const BY_SPELLING = new Map<string, OpEntry>();
const BY_ID = new Map<string, OpEntry>();
for (const e of ALL_OPS) {
  if (BY_ID.has(e.id)) throw new Error(`op table: ${e.id} defined twice`);
  BY_ID.set(e.id, e);
  for (const s of e.spellings) {
    if (BY_SPELLING.has(s)) throw new Error(`op table: ${s} spelled by ${BY_SPELLING.get(s)!.id} and ${e.id}`);
    BY_SPELLING.set(s, e);
  }
}

/** The entry a spelling reaches: `np.dot`, `array.reshape` (a method on an array), `@`, `.T`. */
export function opBySpelling(spelling: string): OpEntry | undefined {
  return BY_SPELLING.get(spelling);
}

/** The entry of a tape op ('add', 'matmul', 'getitem'). */
export function opById(id: string): OpEntry | undefined {
  return BY_ID.get(id);
}

/** Call spellings (np.x, array.x, rng.x) with a shape rule; operators' rules the interpreter calls itself. */
const SHAPE_RULES = new Map<string, { shape: ShapeRule }>();
for (const [s, e] of BY_SPELLING) if (e.shape && /^[a-z]\w*\./i.test(s)) SHAPE_RULES.set(s, { shape: e.shape });

/** The shape rule a call's spelling reaches (`np.dot`, `np.random.randn`, `array.reshape`), for the abstract interpreter. */
export function lookupOp(name: string): { shape: ShapeRule } | undefined {
  return SHAPE_RULES.get(name);
}

/** Every spelling with a shape rule. */
export function allOpNames(): string[] {
  return [...SHAPE_RULES.keys()];
}

/** The derivative rules keyed by tape op, with their symbolic faces (a null prototype: 'constructor' finds nothing). */
export const derivatives: Record<string, DerivativeRule> = Object.create(null) as Record<string, DerivativeRule>;
for (const e of ALL_OPS) {
  const d = e.derivative;
  if ('vjp' in d) derivatives[e.id] = d.face === 'none' ? { vjp: d.vjp } : { vjp: d.vjp, explain: d.face };
}

/** Ops whose derivative is zero wherever it exists (comparisons, masks, casts to int or bool, argmax, rounding): no gradient flows. */
export function hasZeroDerivative(id: OpId | string): boolean {
  const d = BY_ID.get(id)?.derivative;
  return d !== undefined && 'differentiable' in d && d.differentiable === false;
}

export type { OpId, OpEntry };
