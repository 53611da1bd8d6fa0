// Where an online loop's weight gradient goes wrong: `np.outer(hidden, out_delta)` is the gradient of
// the weights W of `z = hidden · W` exactly when `out_delta` is the gradient of z (the chain rule through
// the one product). So the delta the code multiplies in is checked against the derivative at that
// product's output, on the delta's own statement: a wrong activation derivative is reported on the line
// that applies it, and the weight gradient computed from it is its consequence. Only the tape pairs them
// (the product's input is the very value the gradient multiplies); names only find the statement.

import type { Stmt } from '../syntax/ast';
import type { CFrame, Evaluator } from '../concrete/evaluator';
import type { CArr } from '../concrete/values';
import type { StepValue } from './updateSteps';

export interface StepDelta {
  /** The delta's name (`out_delta`). */
  name: string;
  stmts: Stmt[];
  value: CArr;
  /** The forward product's output it must be the gradient of, and that product as the code wrote it. */
  at: number;
  atText: string;
}

/** The delta a weight gradient `np.outer(a, delta)` (or `a.T @ delta`) multiplies in, with the forward product `a · W` it differentiates. */
export function deltaOf(ev: Evaluator, frame: CFrame, step: StepValue, params: Set<number>, seed: number): StepDelta | undefined {
  const nodes = ev.tape.nodes;
  const term = nodes[step.value.node];
  // np.outer is recorded as a column times a row.
  const outer = term.op === 'mul' && term.inputs.every((i) => nodes[i].op === 'reshape');
  if ((term.op !== 'matmul' && !outer) || term.inputs.length !== 2) return undefined;
  const ins = term.inputs.map((i) => untransposed(ev, i));
  for (const [name, stmts] of frame.assigned) {
    const v = frame.scope.vars.get(name);
    if (v?.t !== 'arr' || !/^\w+$/.test(name)) continue;
    const k = ins.indexOf(v.node);
    if (k < 0 || ins[1 - k] === v.node) continue;
    const input = ins[1 - k];
    const products: number[] = [];
    for (let i = 0; i < seed; i++) {
      const n = nodes[i];
      if (n.op !== 'matmul') continue;
      const reads = n.inputs.map((j) => untransposed(ev, j));
      if (reads.some((j) => sameValue(ev, j, input)) && reads.some((j) => params.has(j))) products.push(i);
    }
    const z = products.length === 1 ? nodes[products[0]] : undefined;
    if (!z || !sameShape(z.out.shape, v.a.shape) || !z.span || z.file !== frame.unit.file) continue;
    return { name, stmts, value: v, at: products[0], atText: frame.unit.text.slice(z.span.start, z.span.end) };
  }
  return undefined;
}

/** A value before `.T` or a reshape (a vector made a column or a row for a product). */
function untransposed(ev: Evaluator, n: number): number {
  let node = ev.tape.nodes[n];
  while ((node.op === 'transpose' || node.op === 'reshape') && node.inputs.length === 1) {
    n = node.inputs[0];
    node = ev.tape.nodes[n];
  }
  return n;
}

/** The same node, or the same rows read again from the same array (`X[rows]` in the forward pass and in the backward). */
function sameValue(ev: Evaluator, a: number, b: number): boolean {
  if (a === b) return true;
  const [x, y] = [ev.tape.nodes[a], ev.tape.nodes[b]];
  return x.op === 'getitem' && y.op === 'getitem' && x.inputs.length === y.inputs.length && x.inputs.every((n, i) => n === y.inputs[i]) && sameShape(x.out.shape, y.out.shape) && x.out.data.every((d, i) => d === y.out.data[i]);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

