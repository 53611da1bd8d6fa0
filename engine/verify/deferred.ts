// Gradients finished before the cost is computed: a class's `backward(xs, hs, ps, targets)` returns its
// gradients to a training method that computes the loss from the same forward values only afterwards
// (`self.loss(ps, targets)`). The frame is kept as it ended (its arrays as they were then: later
// in-place updates do not change them) and checked once a cost is computed, but only against a cost
// that is the forward pass the gradients read: every array the gradients were computed from that
// existed before their function was called (forward values, parameters) must reach the cost, and the
// cost must not be computed from the gradients (an update before the cost is another function of
// the parameters). Anything else stays unchecked.

import type { CFrame } from '../concrete/evaluator';
import type { Tape } from '../concrete/tape';
import { type CValue, CScope } from '../concrete/values';
import { partnerOf } from './pairing';

export interface PendingFrame {
  /** The frame as it ended. */
  frame: CFrame;
  /** Its gradient-named arrays' nodes. */
  grads: Set<number>;
  /** The tape's length when its function was called: nodes before it are what it was given. */
  start: number;
  /** The tape's length when it ended: a partner made later is not what it differentiated. */
  end: number;
}

function snapshot(v: CValue, depth = 0): CValue {
  if (v.t === 'arr') return { t: 'arr', a: v.a, node: v.node };
  if (v.t === 'object' && depth === 0) return { ...v, attrs: new Map([...v.attrs].map(([k, x]) => [k, snapshot(x, 1)])) };
  return v;
}

/** The frame kept for a later check, or undefined when it holds no gradient-named array. */
export function pendingFrame(frame: CFrame, tape: Tape): PendingFrame | undefined {
  const grads = new Set<number>();
  for (const [name] of frame.assigned) {
    const v = frame.scope.vars.get(name);
    if (partnerOf(name) !== undefined && v?.t === 'arr') grads.add(v.node);
  }
  if (grads.size === 0) return undefined;
  const scope = new CScope(undefined);
  for (const [k, v] of frame.scope.vars) scope.vars.set(k, snapshot(v));
  let start = tape.nodes.length;
  // Leaves carry no call (-1): the frame's own constants are among them.
  while (start > 0 && (tape.nodes[start - 1].call >= frame.instance || tape.nodes[start - 1].call === -1)) start--;
  return { frame: { ...frame, scope }, grads, start, end: tape.nodes.length };
}

/** Every node `from` is computed from, itself included. */
function ancestry(tape: Tape, from: Iterable<number>): Set<number> {
  const seen = new Set<number>();
  const stack = [...from];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...tape.nodes[n].inputs);
  }
  return seen;
}

/** Whether a pending frame's gradients may be compared with ∂objective/∂partner (see the header). */
export function costOfSameForward(p: PendingFrame, tape: Tape, objective: number): boolean {
  if (objective < p.end) return false;
  const cost = ancestry(tape, [objective]);
  if ([...p.grads].some((g) => cost.has(g))) return false;
  const given = [...ancestry(tape, p.grads)].filter((n) => n < p.start);
  return given.some((n) => tape.nodes[n].inputs.length > 0) && given.every((n) => cost.has(n) || tape.nodes[n].inputs.length === 0);
}
