// The tape: every array the concrete evaluator makes is a node with the op that made it, its input
// nodes and where in the source it was made. Reverse-mode differentiation walks it backwards with
// the op table's derivatives (ops/table.ts); derivations walk it forwards to name the lines.

import type { Span } from '../syntax/ast';
import { NDArray } from '../numeric/ndarray';
import { derivatives, hasZeroDerivative } from '../ops/table';

export interface TapeNode {
  /** An op of the op table (its OpId), or `leaf` (an input, a constant, a fresh array). */
  op: string;
  inputs: number[];
  params: Record<string, unknown>;
  out: NDArray;
  /** Where the op was evaluated: module file ('' = the analysed document) and source span. */
  file: string;
  span: Span | undefined;
  /** The call (frame instance) that made it; -1 outside any. */
  call: number;
  /** Some later node was computed from it. */
  read?: boolean;
}

export class Tape {
  readonly nodes: TapeNode[] = [];
  /** Bytes of the arrays on the tape: every array a run makes stays on it, so this is the run's array memory. */
  bytes = 0;
  private adjointCache = new Map<number, Map<number, NDArray>>();

  add(op: string, inputs: number[], params: Record<string, unknown>, out: NDArray, file: string, span: Span | undefined, call = -1): number {
    this.nodes.push({ op, inputs, params, out, file, span, call });
    for (const i of inputs) this.nodes[i].read = true;
    this.bytes += out.data.byteLength;
    return this.nodes.length - 1;
  }

  /**
   * Whether a node is an array made from nothing (a constructor, a constant) that nothing has been
   * computed from yet: writing constants into it in place changes no value any other node saw.
   */
  unreadConstant(node: number): boolean {
    const n = this.nodes[node];
    return n.inputs.length === 0 && n.out.ndim > 0 && !n.read;
  }

  leaf(out: NDArray, file = '', span?: Span): number {
    return this.add('leaf', [], {}, out, file, span);
  }

  /**
   * d objective / d node for every node the objective depends on (objective must have one element).
   * A node reached through an op with no derivative rule has no entry: its derivative is unknown
   * (never zero), so whatever is compared with it stays unchecked. Only an op whose entry says it is
   * piecewise constant (`differentiable: false`: comparisons, sign, argmax, casts to int) passes no
   * gradient and stops nothing.
   */
  adjoints(objective: number): Map<number, NDArray> {
    const cached = this.adjointCache.get(objective);
    if (cached) return cached;
    const adj = new Map<number, NDArray>();
    const unknown = new Set<number>();
    const j = this.nodes[objective].out;
    adj.set(objective, NDArray.full(j.shape, 1));
    for (let id = objective; id >= 0; id--) {
      const n = this.nodes[id];
      if (unknown.has(id)) {
        for (const input of n.inputs) unknown.add(input);
        continue;
      }
      const g = adj.get(id);
      if (!g || n.inputs.length === 0) continue;
      const rule = derivatives[n.op];
      if (!rule) {
        if (!hasZeroDerivative(n.op)) for (const input of n.inputs) unknown.add(input);
        continue;
      }
      const gs = rule.vjp({ g, inputs: n.inputs.map((i) => this.nodes[i].out), out: n.out, params: n.params });
      n.inputs.forEach((input, k) => {
        const gi = gs[k];
        const into = this.nodes[input];
        // Float values, and Python numbers a float gradient flows into (`b = 0` in `np.dot(w.T, X) + b`).
        if (!gi || (into.out.dtype !== 'float' && !(into.op === 'leaf' && into.out.size === 1 && into.out.ndim === 0))) return;
        const prev = adj.get(input);
        if (!prev) adj.set(input, gi);
        else {
          const sum = new Float64Array(prev.data.length);
          for (let e = 0; e < sum.length; e++) sum[e] = prev.data[e] + gi.data[e];
          adj.set(input, new NDArray(prev.shape, sum));
        }
      });
    }
    for (const id of unknown) adj.delete(id);
    this.adjointCache.set(objective, adj);
    return adj;
  }

  /** Whether `node` depends on any of `sources` (walking inputs, not past the nodes `through`; bounded by the tape's size). */
  dependsOn(node: number, sources: Set<number>, through?: ReadonlySet<number>): boolean {
    if (sources.size === 0) return false;
    const seen = new Set<number>();
    const stack = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (sources.has(n)) return true;
      // `through`: a node whose own inputs do not count (a seed held constant).
      if (seen.has(n) || through?.has(n)) continue;
      seen.add(n);
      stack.push(...this.nodes[n].inputs);
    }
    return false;
  }
}
