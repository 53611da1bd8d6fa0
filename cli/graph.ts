// backprop-lint graph FILE[:LINE] [--format svg|dot|json] [--unit NAME] [--output FILE]
//
// The computational graph of the unit at LINE (the first unit without LINE): forward ops, shapes on
// every edge, each gradient line on the value it differentiates with its verdict. SVG through the
// same layout as the editor's view; DOT for Graphviz; JSON for tools (the `backpropLint/graph` shape).
// Exit status: 0 when every gradient on it is right or unchecked, 1 when one is wrong, 2 on a usage
// or read error or when the file has no graph.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { graphOfDocument } from '../engine/graph';
import { layoutGraph } from '../engine/graph/layout';
import { renderSvg } from '../engine/graph/svg';
import { renderDot } from '../engine/graph/dot';
import { DEFAULT_VERIFY_BUDGET_SECONDS } from '../engine/index';
import { loadDocument } from './document';
import { codeCellOf } from './locations';
import { moduleReader } from './files';
import { parseLocation } from './location';

export const GRAPH_USAGE = `       backprop-lint graph [--format svg|dot|json] [--unit NAME] [--output FILE] FILE[:LINE]`;

const FORMATS = ['svg', 'dot', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** The verification budget the CLI gives every file (check's default). */
const VERIFY_BUDGET_MS = 1000 * DEFAULT_VERIFY_BUDGET_SECONDS;

export function runGraph(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number {
  let format: Format = 'svg';
  let unit: string | undefined;
  let output: string | undefined;
  const paths: string[] = [];
  const usage = (msg: string) => {
    err(`backprop-lint: ${msg}\nusage:${GRAPH_USAGE.slice('      '.length)}\n`);
    return 2;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name: string) => (a.startsWith(`${name}=`) ? a.slice(name.length + 1) : argv[++i]);
    if (a === '--format' || a.startsWith('--format=')) {
      const v = value('--format');
      if (!FORMATS.includes(v as Format)) return usage(`--format takes svg, dot or json, not '${v ?? ''}'`);
      format = v as Format;
    } else if (a === '--unit' || a.startsWith('--unit=')) unit = value('--unit');
    else if (a === '--output' || a === '-o' || a.startsWith('--output=')) output = value('--output');
    else if (a.startsWith('-')) return usage(`unknown option '${a}'`);
    else paths.push(a);
  }
  if (paths.length !== 1) return usage('graph takes one file');
  const loc = parseLocation(paths[0]);
  let graph;
  try {
    const loaded = loadDocument(loc.file);
    if ('notAnalysed' in loaded) throw new Error(`${loc.file}: not analysed: ${loaded.notAnalysed}`);
    const cell = loc.cell === undefined ? undefined : codeCellOf(loaded.cellNumbers, loc.cell);
    if (loc.cell !== undefined && cell === undefined) throw new Error(`${loc.file}: cell ${loc.cell} is not a code cell`);
    graph = graphOfDocument(loaded.doc, { readModule: moduleReader(path.dirname(loc.file)), verifyBudgetMs: VERIFY_BUDGET_MS }, { line: loc.line, cell, unit });
  } catch (e) {
    err(`backprop-lint: ${(e as Error).message}\n`);
    return 2;
  }
  if (unit !== undefined && graph.unit !== unit) return usage(`no unit '${unit}' in ${loc.file} (units: ${graph.units.join(', ') || 'none'})`);
  if (graph.nodes.length === 0) {
    err(`backprop-lint: ${loc.file}: ${graph.message ?? 'no graph'}\n`);
    return 2;
  }
  const text = format === 'json' ? JSON.stringify(graph, null, 2) : format === 'dot' ? renderDot(graph) : renderSvg(graph, layoutGraph(graph), { standalone: true });
  if (output) fs.writeFileSync(output, text + '\n');
  else out(text + '\n');
  return graph.gradients.some((g) => g.verdict === 'wrong') ? 1 : 0;
}
