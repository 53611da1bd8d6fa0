// The objective when no cost is on the path: the code's own output gradient is the seed. A backward
// pass that starts from `dZ2 = A2 - Y` (or `dAL = -(Y / AL - ...)`, `dscores = probs - onehot`) says
// that the upstream gradient of Z2 is that value; held constant, Σ seed ⊙ Z2 is an objective whose
// gradient with respect to every earlier value is what the code's backward pass computes from the seed
// (up to the batch factor, judged by agreement among the parameters' gradients in verdicts.ts). The
// seed itself is never judged: if it is wrong, nothing here can know.

import type { CFrame, Evaluator } from '../concrete/evaluator';
import type { Tape } from '../concrete/tape';
import type { CArr } from '../concrete/values';
import { binary, reduce } from '../numeric/kernels';
import { partnerOf } from './pairing';

export interface Seed {
  /** The gradient's name as the code writes it (`dZ2`). */
  name: string;
  /** Its tape node: what the checked gradients must be computed from. */
  node: number;
  /** Σ constant(seed) ⊙ partner. */
  objective: number;
}

/**
 * The first gradient this frame assigns whose partner is a value computed before it (not an input
 * leaf), of its shape, and which it is computed from (`A2 - Y` comes from Z2 through A2): the seed.
 * `history` gives the nodes a name has held (the forward pass's Z2 when the backward's cache omits it).
 */
export function seedOf(ev: Evaluator, frame: CFrame, history: (name: string) => number[]): Seed | undefined {
  const nodes = ev.tape.nodes;
  for (const [name] of frame.assigned) {
    const partner = partnerOf(name);
    if (partner === undefined) continue;
    const v = frame.scope.vars.get(name);
    if (v?.t !== 'arr' || v.a.dtype !== 'float' || v.a.size < 2) continue;
    const local = frame.scope.vars.get(partner);
    const candidates = [...(local?.t === 'arr' ? [local.node] : []), ...history(partner).slice().reverse()];
    const p = candidates.find(
      (n) => n < v.node && nodes[n].inputs.length > 0 && sameShape(nodes[n].out.shape, v.a.shape) && ev.tape.dependsOn(v.node, new Set([n])),
    );
    if (p === undefined) continue;
    const pv: CArr = { t: 'arr', a: nodes[p].out, node: p };
    const held = ev.fresh(v.a.clone(), undefined);
    const prod = ev.record('mul', [pv, held], {}, binary('mul', pv.a, held.a), undefined);
    const objective = ev.record('sum', [prod], { axis: undefined, keepdims: false }, reduce('sum', prod.a, undefined, false), undefined).node;
    return { name, node: v.node, objective };
  }
  return undefined;
}

/** Whether the backward pass (what was computed after the seed) reads `value` on the way to `node`. */
export function readsInBackward(tape: Tape, node: number, value: number, seed: number): boolean {
  const seen = new Set<number>();
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n) || n <= seed) continue;
    seen.add(n);
    for (const i of tape.nodes[n].inputs) {
      if (i === value) return true;
      stack.push(i);
    }
  }
  return false;
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
