// Graph benchmark (issue 13): the graph of the unit under the cursor, once the analysis has run
// (documentGraph on the analysis's kept internals: what `backpropLint/graph` does after `fresh`),
// and the view's redraw without the DOM (dagre layout + SVG markup, what dist/graphView.js does on
// every answer). Targets: graph < 100 ms on the ≈ 300-line planar assignment; redraw < 200 ms.
// The redraw inside the real webview (message → SVG in the DOM) is measured by test/vscode/graphUiTest.mjs.
// Run standalone: `npx tsx bench/graph.ts`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../engine/analyze';
import { documentGraph, type AnalysisInternals } from '../engine/graph';
import { layoutGraph } from '../engine/graph/layout';
import { renderSvg } from '../engine/graph/svg';
import { moduleReader } from '../cli/files';
import { REPO_ROOT } from './inputs';
import { msRow, nowMs, summarize, type Row, type Summary } from './stats';
import { LspTestClient, startInTempDir, stopAndRemove } from '../test/protocol/lspClient';
import { fileUri } from '../test/protocol/fixtures';
import { GRAPH_REQUEST } from '../server/graphProtocol';

export const TARGET_GRAPH_MS = 100;
export const TARGET_REDRAW_MS = 200;
const WARMUP = 3;
const RUNS = 20;

const CASES = [
  { label: 'planar assignment', file: 'test/fixtures/python/planar/correct/planar.py', at: 'dZ1 = ' },
  { label: 'L-layer assignment', file: 'test/fixtures/python/llayer/correct/llayer.py', at: 'dW = ' },
];

export interface GraphBenchResult {
  label: string;
  lines: number;
  graph: Summary;
  redraw: Summary;
  size: string;
}

export function benchGraph(): GraphBenchResult[] {
  return CASES.map((c) => {
    const file = path.join(REPO_ROOT, c.file);
    const text = fs.readFileSync(file, 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes(c.at));
    // One analysis as the editor runs it (its 400 ms verification budget), its internals kept.
    let internals: AnalysisInternals | undefined;
    analyzeDocument({ kind: 'python', path: file, text }, { readModule: moduleReader(path.dirname(file)) }, (x) => (internals = x));
    if (!internals) throw new Error(`no analysis internals for ${c.file}`);
    const graphSamples: number[] = [];
    const redrawSamples: number[] = [];
    let size = '';
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const t0 = nowMs();
      const g = documentGraph(internals, { line });
      const t1 = nowMs();
      renderSvg(g, layoutGraph(g));
      const t2 = nowMs();
      if (i >= WARMUP) {
        graphSamples.push(t1 - t0);
        redrawSamples.push(t2 - t1);
      }
      size = `${g.nodes.length} nodes, ${g.edges.length} edges, ${g.gradients.length} gradients`;
    }
    return { label: c.label, lines: text.split('\n').length, graph: summarize(graphSamples), redraw: summarize(redrawSamples), size };
  });
}

/**
 * `backpropLint/graph` over JSON-RPC to the bundled server (dist/server.js, its worker), once the
 * document's diagnostics have arrived: the request's round trip (fresh result → the worker's graph).
 */
export async function benchGraphRequest(): Promise<{ label: string; request: Summary }> {
  const c = CASES[0];
  const file = path.join(REPO_ROOT, c.file);
  const text = fs.readFileSync(file, 'utf8');
  let client: LspTestClient | undefined;
  let dir: string | undefined;
  try {
    ({ client, dir } = await startInTempDir());
    fs.copyFileSync(path.join(path.dirname(file), 'planar_utils.py'), path.join(dir, 'planar_utils.py'));
    const uri = fileUri(dir, 'planar.py');
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, { version: 1 });
    const line = text.split('\n').findIndex((l) => l.includes(c.at));
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const t0 = nowMs();
      const res = await client.request<{ graph: { nodes: unknown[] } } | null>(GRAPH_REQUEST, { uri, line });
      if (!res || res.graph.nodes.length === 0) throw new Error('no graph from the server');
      if (i >= WARMUP) samples.push(nowMs() - t0);
    }
    return { label: `${c.label} (${text.split('\n').length} lines)`, request: summarize(samples) };
  } finally {
    await stopAndRemove(client, dir);
  }
}

export function graphRequestRows(r: { label: string; request: Summary }): Row[] {
  const s = `Graph: ${r.label}, the server`;
  return [
    msRow(s, `backpropLint/graph after the diagnostics, warm median (n=${r.request.n})`, r.request.median, TARGET_GRAPH_MS, 'JSON-RPC round trip to dist/server.js and its worker'),
    msRow(s, 'backpropLint/graph after the diagnostics, warm p95', r.request.p95, TARGET_GRAPH_MS),
  ];
}

export function graphRows(results: GraphBenchResult[]): Row[] {
  const rows: Row[] = [];
  for (const r of results) {
    const s = `Graph: ${r.label} (${r.lines} lines)`;
    rows.push(msRow(s, `graph after the analysis, warm median (n=${r.graph.n})`, r.graph.median, TARGET_GRAPH_MS, r.size));
    rows.push(msRow(s, 'graph after the analysis, warm p95', r.graph.p95, TARGET_GRAPH_MS));
    rows.push(msRow(s, 'view redraw (layout + SVG), warm median', r.redraw.median, TARGET_REDRAW_MS));
    rows.push(msRow(s, 'view redraw (layout + SVG), warm p95', r.redraw.p95, TARGET_REDRAW_MS));
  }
  return rows;
}

if (require.main === module) {
  void (async () => {
    const rows = [...graphRows(benchGraph()), ...graphRequestRows(await benchGraphRequest())];
    for (const r of rows) console.log(`${r.section} | ${r.figure} | ${r.value} | ${r.target ?? ''} | ${r.pass === undefined ? '' : r.pass ? 'pass' : 'FAIL'} | ${r.note ?? ''}`);
  })();
}
