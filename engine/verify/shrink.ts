// Big sizes a script states as constants (`hidden_size = 100`, `seq_length = 100`) can make its top
// level's arrays outgrow a run's memory before a single gradient is checked. Such a run is tried
// again with those constants made small. Only where nothing can tell: a module-level `name = <int>`
// whose name nothing else binds and whose number is written nowhere else in the document but in such
// constants, which keep one size (a `100` elsewhere may be the same size spelled as a number:
// `np.random.random(100)` beside a hidden size of 100). Everything the code computes from the name follows it, and the truth a gradient is compared
// with is computed from the same run, so a smaller size changes which numbers are compared, never
// whether they should agree.

import type { Stmt } from '../syntax/ast';
import { scanNames } from '../syntax/boundNames';

/** A constant this big is worth shrinking. */
const BIG = 16;
/** Sizes shrunk constants take, distinct from each other and from the document's numbers. */
const SMALL = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/** The literals to replace in a retried run: each big size constant's offset → a small size; empty when there is none. */
export function shrunkConstants(body: Stmt[]): Map<number, number> {
  const numbers = new Map<number, number>();
  const { bindings } = scanNames(body, true, (x, parent) => {
    // `n % 100 == 0`: a period (print every 100 iterations), never a size.
    const period = parent?.kind === 'binop' && parent.op === '%' && parent.right === x;
    if (x.kind === 'num' && !period) numbers.set(x.value, (numbers.get(x.value) ?? 0) + 1);
  });
  const sizes = SMALL.filter((n) => !numbers.has(n));
  // Constants of one value shrink to one size (hidden_size = seq_length = 100 stay equal): only a value
  // every occurrence of which is such a constant.
  const byValue = new Map<number, number[]>();
  for (const s of body) {
    if (s.kind !== 'assign' || s.targets.length !== 1 || s.targets[0].kind !== 'name' || s.value.kind !== 'num') continue;
    const { value } = s.value;
    if (!s.value.isInt || value <= BIG || bindings.get(s.targets[0].id) !== 1) continue;
    byValue.set(value, [...(byValue.get(value) ?? []), s.value.span.start]);
  }
  const out = new Map<number, number>();
  for (const [value, offsets] of byValue) {
    if (numbers.get(value) !== offsets.length) continue;
    const small = sizes.shift();
    if (small === undefined) break;
    for (const o of offsets) out.set(o, small);
  }
  return out;
}
