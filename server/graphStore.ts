// Where the engine side of the server keeps what the graph request reads: the internals (tape,
// shapes, derivations) of the last analyses, by document, so `backpropLint/graph` draws the analysis
// the diagnostics came from without analysing again. The few most recent documents only.

import { documentGraph, type AnalysisInternals, type ComputationGraph, type GraphTarget } from '../engine/graph';
import type { DocumentInput } from '../engine/index';

/** Documents whose last analysis is kept for the graph (least recently analysed dropped first). */
export const GRAPH_DOCUMENTS = 2;

/** The analysed text, as one string to compare (a notebook's cells with a separator no cell holds). */
export function inputText(input: DocumentInput): string {
  return input.kind === 'notebook' ? input.cells.join('\u0000') : input.text;
}

export class GraphStore {
  private readonly byKey = new Map<string, { text: string; internals: AnalysisInternals }>();

  constructor(private readonly limit = GRAPH_DOCUMENTS) {}

  /** The hook an analysis of this document passes to the engine (none without a document key). */
  hook(key: string | undefined, input: DocumentInput): ((x: AnalysisInternals) => void) | undefined {
    if (key === undefined) return undefined;
    return (internals) => {
      this.byKey.delete(key);
      this.byKey.set(key, { text: inputText(input), internals });
      for (const old of this.byKey.keys()) {
        if (this.byKey.size <= this.limit) break;
        this.byKey.delete(old);
      }
    };
  }

  /** The graph of the document's last analysis, if that analysis was of this very input; else undefined. */
  graph(key: string, input: DocumentInput, target: GraphTarget): ComputationGraph | undefined {
    const kept = this.byKey.get(key);
    if (!kept || kept.text !== inputText(input)) return undefined;
    return documentGraph(kept.internals, target);
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }
}
