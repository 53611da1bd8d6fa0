// The `backpropLint/graph` request (client → server): the computational graph of the unit at a place
// in a document, from the analysis its diagnostics came from. Types and the method name only, shared
// by the server and the VS Code client (and any other editor that wants to draw it).

import type { ComputationGraph } from '../engine/graph/types';

export const GRAPH_REQUEST = 'backpropLint/graph';

export interface GraphParams {
  /** A file, a notebook, or one of its cells. */
  uri: string;
  /** 0-based line in that document (in a cell: of that cell): picks the unit there. */
  line?: number;
  /** Or a unit by its label (`nn_model`). */
  unit?: string;
}

export interface GraphResult {
  graph: ComputationGraph;
  /** Engine cell index → document URI (a notebook's cells; `[uri]` for a file): where each `cell` points. */
  docUris: string[];
  /** The document version drawn (the view ignores an answer older than what it shows). */
  version: string;
}
