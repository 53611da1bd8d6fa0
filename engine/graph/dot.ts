// The graph in Graphviz's DOT language (for people who lay out with Graphviz themselves).

import type { ComputationGraph } from './types';
import { badgeText, edgeLabel, nodeLines } from './layout';

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const STYLE: Record<string, string> = {
  parameter: 'shape=box, style="rounded,filled", fillcolor="#ddf4ff"',
  data: 'shape=box, style="dashed"',
  cost: 'shape=box, style="rounded,filled,bold", fillcolor="#fff8c5"',
  activation: 'shape=box, style="rounded,filled", fillcolor="#fbefff"',
};

export function renderDot(graph: ComputationGraph): string {
  const out = [`digraph ${q(graph.unit || 'graph')} {`, '  rankdir=TB;', '  node [fontname="monospace", fontsize=11, shape=box, style=rounded];', '  edge [fontname="monospace", fontsize=10];'];
  for (const n of graph.nodes) {
    const grads = graph.gradients.filter((g) => g.node === n.id).map(badgeText);
    const label = [...nodeLines(n), ...(grads.length ? [grads.join('  ')] : [])].join('\\n');
    out.push(`  ${q(n.id)} [label=${q(label).replace(/\\\\n/g, '\\n')}${STYLE[n.kind] ? `, ${STYLE[n.kind]}` : ''}${n.range ? `, tooltip=${q(`line ${n.range.start.line + 1}: ${n.source}`)}` : ''}];`);
  }
  for (const e of graph.edges) out.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(edgeLabel(e))}];`);
  out.push('}');
  return out.join('\n');
}
