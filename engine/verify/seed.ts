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
export function readsInBackward(tape: Tape, node: number, value: number, seed: number, twins: readonly number[] = []): boolean {
  const seen = new Set<number>();
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n) || n <= seed || twins.includes(n)) continue;
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

/** A seed whose partner the code does not name: the objectives of every value it may be the gradient of. */
export interface ErrorSeed extends Seed {
  /** Σ constant(seed) ⊙ v for each other candidate v (the output activation's input, its steps). */
  alternatives: number[];
  /** The same subtraction of the same values computed again (`2 * (y - output)` written in each gradient's line). */
  twins: number[];
}

/**
 * No seed named by the field's convention: the code's own output error, `targets[k] - out` or
 * `pred - goal` (unnamed, or named anything): a subtraction of two arrays of one shape (the data's may
 * lack the output's axes of 1), one computed from the parameters the frame updates and the other from
 * none of them (data), that the gradients its
 * updates apply are computed from (the latest such that all of them are: an earlier one on their path
 * belongs to an earlier training step; the same subtraction written again in each gradient's line counts
 * as one, `twins`). Whether it is the gradient of the
 * output (a squared error, whose activation derivative the code applies next) or of what the output
 * activation was applied to (a cross-entropy's `out - y`), the code does not say: each is an objective,
 * and a gradient is judged wrong only when it is wrong against every one (checker.ts).
 */
export function errorSeedOf(ev: Evaluator, gradients: number[], params: Set<number>): ErrorSeed | undefined {
  const tape = ev.tape;
  const nodes = tape.nodes;
  const seen = new Set<number>();
  const stack = [...gradients];
  const found: { node: number; out: number }[] = [];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n) || params.has(n)) continue;
    seen.add(n);
    const node = nodes[n];
    stack.push(...node.inputs);
    if (node.op !== 'sub' || node.inputs.length !== 2) continue;
    const [a, b] = node.inputs;
    const da = tape.dependsOn(a, params);
    const db = tape.dependsOn(b, params);
    if (da === db) continue;
    const out = da ? a : b;
    const data = da ? b : a;
    // The output's shape, the data's the same values (a target row of (1,) against an output of (1, 1)).
    // Not a number (`1 - out`: the sigmoid's derivative, whatever the output's size).
    if (!sameShape(nodes[out].out.shape, node.out.shape) || nodes[data].out.ndim === 0 || nodes[data].out.size !== node.out.size) continue;
    if (nodes[out].inputs.length === 0 || nodes[out].out.dtype !== 'float') continue;
    found.push({ node: n, out });
  }
  // The latest that every gradient is computed from: an earlier one on their path is an earlier step's
  // (the weights this step reads were updated from it).
  found.sort((x, y) => y.node - x.node);
  let best: { node: number; out: number } | undefined;
  let twins: number[] = [];
  for (const f of found) {
    const [fa, fb] = nodes[f.node].inputs;
    const same = found.filter((t) => t.node !== f.node && nodes[t.node].inputs[0] === fa && nodes[t.node].inputs[1] === fb).map((t) => t.node);
    const seeds = new Set([f.node, ...same]);
    if (!gradients.every((g) => tape.dependsOn(g, seeds))) continue;
    best = f;
    twins = same;
    break;
  }
  if (!best) return undefined;
  const held = ev.fresh(nodes[best.node].out.clone(), undefined);
  const objectiveOf = (p: number): number => {
    const pv: CArr = { t: 'arr', a: nodes[p].out, node: p };
    const prod = ev.record('mul', [pv, held], {}, binary('mul', pv.a, held.a), undefined);
    return ev.record('sum', [prod], { axis: undefined, keepdims: false }, reduce('sum', prod.a, undefined, false), undefined).node;
  };
  const alternatives = activationInputs(ev, best.out, params).map(objectiveOf);
  return { name: 'the output error', node: best.node, objective: objectiveOf(best.out), alternatives, twins };
}

/**
 * What the output activation was applied to, step by step back to the product that reads a
 * parameter: each value of the output's shape that the output is computed from through the one
 * input of that shape the parameters reach (`exp(z) / sum(exp(z))`: exp(z), z).
 */
function activationInputs(ev: Evaluator, out: number, params: Set<number>): number[] {
  const nodes = ev.tape.nodes;
  const shape = nodes[out].out.shape;
  const found: number[] = [];
  let cur = out;
  for (let steps = 0; steps < 12; steps++) {
    const node = nodes[cur];
    if (node.op === 'matmul' || node.op === 'outer') break;
    const next = node.inputs.filter((i) => sameShape(nodes[i].out.shape, shape) && ev.tape.dependsOn(i, params));
    if (next.length !== 1 || params.has(next[0])) break;
    cur = next[0];
    found.push(cur);
  }
  return found;
}
