// The computational graph of one unit (a forward/cost/backward set, a layer's forward/backward pair,
// a script's first iteration) as the engine hands it out: to the CLI (json, dot, svg), to the
// language server's `backpropLint/graph` request, and through it to the editor's graph view.
// Lines and columns are 0-based (as everywhere in the engine's API).

import type { Range } from '../api';

export type GraphNodeKind = 'parameter' | 'data' | 'matmul' | 'add' | 'elementwise' | 'activation' | 'reduction' | 'transpose' | 'cost' | 'op';

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  /** What the node does, short: `np.dot`, `+ (broadcast)`, `tanh`, `Σ axis=1`, `compute_cost`; a leaf's name. */
  label: string;
  /** The source the node comes from, trimmed (`np.dot(W1, X)`), for tooltips. */
  source: string;
  /** The name the code gives the node's output (`Z1`), when it has one. */
  name?: string;
  /** The output's shape in the code's names (`(n_h, m)`), from the shape analysis; else the run's sizes. */
  shape: string;
  /** Where the node is in the analysed document (undefined for code in an imported module). */
  range?: Range;
  cell?: number;
  /** For a module's code: the module (`planar_utils`). */
  module?: string;
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  /** The value's name in the code, when it has one. */
  name?: string;
  shape: string;
}

export type GradientVerdict = 'ok' | 'wrong' | 'unchecked';

export interface GraphGradient {
  id: string;
  /** As written: `dZ1`, `grads["dW1"]`. */
  name: string;
  /** The node whose output it differentiates; undefined when no value of the unit is its partner. */
  node?: string;
  verdict: GradientVerdict;
  /** ✗: on what it rests: the numeric check against the forward pass, or a shape finding on the line. */
  basis?: 'numeric' | 'shape';
  /** ✗: the right expression in the code's names, when known; the finding's message otherwise. */
  expected?: string;
  /** ✗ or not checked: why, in a sentence. */
  reason?: string;
  /** The gradient's line. */
  range?: Range;
  cell?: number;
  /** Node ids on its chain-rule path, from the cost back to the value it differentiates. */
  path: string[];
  /** Edge ids on that path. */
  pathEdges: string[];
  derivation?: GraphDerivation;
}

export interface GraphDerivation {
  /** What the hover shows (Markdown) and the plain text of `explain`. */
  markdown: string;
  text: string;
  /** TeX lines for KaTeX: the meaning, the chain with the transpose and the 1/m marked, the local derivatives. */
  tex: string[];
  /** The reasons in words: why the transpose, why 1/m, the matrix products' shapes. */
  notes: string[];
}

export interface ComputationGraph {
  /** The unit drawn: `<module>`, `nn_model`, `linear_backward (after linear_forward)`. */
  unit: string;
  /** Every unit the document has, in the order the engine ran them (the view offers them). */
  units: string[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  gradients: GraphGradient[];
  /** The sizes the run used for its random inputs: `m = 5, n_h = 4`. */
  sizes: string;
  /** Why there is no graph, when there is none. */
  message?: string;
}
