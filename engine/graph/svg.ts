// The graph as SVG markup, from its layout: boxes per node kind, edges with their shape labels,
// gradient badges (✓ ✗ ?) under the value they differentiate. The CLI writes it with a light theme
// inlined; the editor's view inserts the same markup and styles it from the colour theme.

import type { ComputationGraph } from './types';
import { BADGE_HEIGHT, LINE_HEIGHT, badgeRows, badgeText, textWidth, type GraphLayout } from './layout';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Colours for a standalone SVG (course notes, READMEs): the view uses the theme's instead. */
export const STANDALONE_STYLE = `
.bp-graph { font: 12px ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; }
.bp-graph text { fill: #1f2328; }
.bp-node > rect { fill: #ffffff; stroke: #57606a; stroke-width: 1.2; }
.bp-node.parameter > rect { fill: #ddf4ff; stroke: #0969da; }
.bp-node.data > rect { fill: #f6f8fa; stroke: #8c959f; stroke-dasharray: 4 2; }
.bp-node.cost > rect { fill: #fff8c5; stroke: #9a6700; stroke-width: 1.6; }
.bp-node.activation > rect { fill: #fbefff; stroke: #8250df; }
.bp-node .label { font-weight: bold; }
.bp-edge path { fill: none; stroke: #6e7781; stroke-width: 1.2; }
.bp-edge .edge-label rect { fill: #ffffff; opacity: 0.9; }
.bp-edge .edge-label text { fill: #57606a; font-size: 11px; }
.bp-badge rect { stroke-width: 1; }
.bp-badge.ok rect { fill: #dafbe1; stroke: #1a7f37; }
.bp-badge.wrong rect { fill: #ffebe9; stroke: #cf222e; }
.bp-badge.unchecked rect { fill: #f6f8fa; stroke: #8c959f; }
.bp-arrow { fill: #6e7781; }
`;

export function renderSvg(graph: ComputationGraph, layout: GraphLayout, opts: { standalone?: boolean } = {}): string {
  const out: string[] = [];
  const w = Math.max(layout.width, 10);
  const h = Math.max(layout.height, 10);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="bp-graph" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="computational graph of ${esc(graph.unit)}">`);
  if (opts.standalone) out.push(`<style>${STANDALONE_STYLE}</style>`);
  out.push('<defs><marker id="bp-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="bp-arrow" d="M0,0 L10,5 L0,10 z"/></marker></defs>');
  const kinds = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const e of layout.edges) {
    const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    out.push(`<g class="bp-edge" data-edge="${e.id}" data-from="${e.from}" data-to="${e.to}"><path d="${d}" marker-end="url(#bp-arrow)"/>`);
    const lw = textWidth(e.label) + 6;
    out.push(`<g class="edge-label"><rect x="${(e.labelX - lw / 2).toFixed(1)}" y="${(e.labelY - 8).toFixed(1)}" width="${lw.toFixed(1)}" height="15" rx="3"/><text x="${e.labelX.toFixed(1)}" y="${(e.labelY + 4).toFixed(1)}" text-anchor="middle">${esc(e.label)}</text></g></g>`);
  }
  for (const n of layout.nodes) {
    const node = kinds.get(n.id)!;
    const x0 = n.x - n.width / 2;
    const y0 = n.y - n.height / 2;
    const title = [node.source, node.range ? `line ${node.range.start.line + 1}${node.cell !== undefined ? ` of cell ${node.cell + 1}` : ''}` : node.module ? `in ${node.module}` : ''].filter(Boolean).join(' · ');
    out.push(`<g class="bp-node ${node.kind}" data-node="${n.id}" tabindex="0"><title>${esc(title)}</title>`);
    out.push(`<rect x="${x0.toFixed(1)}" y="${y0.toFixed(1)}" width="${n.width.toFixed(1)}" height="${n.height.toFixed(1)}" rx="${node.kind === 'parameter' || node.kind === 'data' ? 3 : 9}"/>`);
    n.lines.forEach((line, i) => {
      out.push(`<text class="${i === 0 ? 'label' : 'sub'}" x="${n.x.toFixed(1)}" y="${(y0 + 6 + LINE_HEIGHT * (i + 1) - 4).toFixed(1)}" text-anchor="middle">${esc(line)}</text>`);
    });
    let by = y0 + 6 + LINE_HEIGHT * n.lines.length + 2;
    for (const row of badgeRows(n.gradients, n.width - 20)) {
      const total = row.reduce((s, gr) => s + textWidth(badgeText(gr)) + 12, -4);
      let bx = n.x - total / 2;
      for (const gr of row) {
        const bw = textWidth(badgeText(gr)) + 8;
        const tip = gr.verdict === 'ok' ? 'matches the derivative of the forward pass' : gr.verdict === 'wrong' ? `${gr.reason ?? 'differs'}${gr.expected ? `; expected ${gr.expected}` : ''}` : `not checked: ${gr.reason ?? ''}`;
        out.push(`<g class="bp-badge ${gr.verdict}" data-gradient="${gr.id}" tabindex="0"><title>${esc(`${gr.name}${gr.range ? ` (line ${gr.range.start.line + 1})` : ''}: ${tip}`)}</title><rect x="${bx.toFixed(1)}" y="${by.toFixed(1)}" width="${bw.toFixed(1)}" height="${BADGE_HEIGHT}" rx="9"/><text x="${(bx + bw / 2).toFixed(1)}" y="${(by + 13).toFixed(1)}" text-anchor="middle">${esc(badgeText(gr))}</text></g>`);
        bx += bw + 4;
      }
      by += BADGE_HEIGHT + 4;
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}
