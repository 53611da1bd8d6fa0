// `backpropLint/graph`: the computational graph for the client's view. Waits for the analysis of
// the document's current text (the same pause and cancellation as diagnostics), then asks the engine
// for the graph of that analysis (of the newest text when it changes meanwhile); null when cancelled.

import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import type { Analyzer } from './analyzer';
import type { AnalysisEngine } from './engineHost';
import { guarded } from './guard';
import { GRAPH_REQUEST, type GraphParams, type GraphResult } from './graphProtocol';
import type { Workspace } from './workspace';

/** Analyses waited for before giving up (each a newer text, or a rerun when the engine kept another text). */
const MAX_ATTEMPTS = 6;

export function registerGraphRequest(connection: Connection, workspace: Workspace, analyzer: () => Analyzer | undefined, engine: () => AnalysisEngine | undefined): void {
  connection.onRequest(
    GRAPH_REQUEST,
    guarded(connection, GRAPH_REQUEST, null as GraphResult | null, async (params: GraphParams, token?: CancellationToken): Promise<GraphResult | null> => {
      const a = analyzer();
      const e = engine();
      const key = a && typeof params?.uri === 'string' ? workspace.unitKeyFor(params.uri) : undefined;
      if (!a || !e?.graph || key === undefined) return null;
      for (let attempt = 0; attempt < MAX_ATTEMPTS && !token?.isCancellationRequested; attempt++) {
        const stored = await a.fresh(key);
        // The text changed while it was analysed (the editor may send its change after this request): the newer text's graph.
        if (!stored) {
          if (workspace.currentVersion(key) === undefined) return null;
          continue;
        }
        const cell = workspace.cellIndex(stored.snapshot, params.uri);
        const target = { ...(typeof params.line === 'number' ? { line: params.line } : {}), ...(stored.snapshot.kind === 'notebook' && cell !== undefined ? { cell } : {}), ...(typeof params.unit === 'string' ? { unit: params.unit } : {}) };
        const graph = await e.graph(key, stored.snapshot.input, target);
        if (graph) return { graph, docUris: stored.snapshot.docUris, version: stored.snapshot.version };
        // The engine's last analysis of this document was of another text (a newer run was dropped as stale): analyse again.
        if (workspace.currentVersion(key) !== stored.snapshot.version) return null;
        await a.reanalyse(key);
      }
      return null;
    }),
  );
}
