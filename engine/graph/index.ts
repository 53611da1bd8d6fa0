// The computational graph of the unit under the cursor, from one analysis (its verification tape and
// its shapes): documentGraph reads an analysis's internals; graphOfDocument analyses and reads.

import type { AnalyzeOptions, DocumentInput, ScriptDocumentInput } from '../api';
import { analyzeDocument, type AnalysisInternals } from '../analyze';
import type { Span } from '../syntax/ast';
import { buildGraph } from './build';
import type { ComputationGraph } from './types';
import { graphUnits, unitTouches } from './units';

export type { AnalysisInternals } from '../analyze';

/** Which unit to draw: the one touching a line (0-based; of a cell in a notebook), or one by its label. */
export interface GraphTarget {
  line?: number;
  cell?: number;
  unit?: string;
}

export function documentGraph(x: AnalysisInternals, target: GraphTarget = {}): ComputationGraph {
  const units = graphUnits(x.verification?.runs ?? []);
  const labels = units.map((u) => u.label);
  const empty = (message: string): ComputationGraph => ({ unit: '', units: labels, nodes: [], edges: [], gradients: [], sizes: '', message });
  if (!x.verification) return empty(x.result.syntaxErrors.length ? 'no graph while the file has syntax errors' : 'no graph: gradient verification did not run');
  if (units.length === 0) return empty('no graph: no gradient of this file was checked against a cost (see the hovers on gradient lines for why)');
  let chosen = target.unit !== undefined ? units.find((u) => u.label === target.unit) : undefined;
  if (!chosen && target.line !== undefined) {
    const at = (span: Span) => {
      const s = x.toRange({ start: span.start, end: span.start });
      const e = x.toRange({ start: span.end, end: span.end });
      return s.cell === target.cell && s.range.start.line <= target.line! && target.line! <= e.range.start.line;
    };
    chosen = units.find((u) => unitTouches(u, at));
  }
  return buildGraph(x, chosen ?? units[0], labels);
}

/** Analyses a document and returns the graph of the unit the target names. */
export function graphOfDocument(input: DocumentInput | ScriptDocumentInput, options: AnalyzeOptions, target: GraphTarget = {}): ComputationGraph {
  let graph: ComputationGraph | undefined;
  const result = analyzeDocument(input, options, (x) => {
    graph = documentGraph(x, target);
  });
  return graph ?? { unit: '', units: [], nodes: [], edges: [], gradients: [], sizes: '', message: result.syntaxErrors[0]?.message ?? 'no graph' };
}

export type * from './types';
