// Where each node and edge of a graph goes: dagre (a maintained layered-layout library) ranks the
// forward pass left to right, data and parameters first, the cost last, and routes the edges with
// room for their shape labels. The CLI's SVG and the editor's view both draw from this one layout.

import dagre from '@dagrejs/dagre';
import type { ComputationGraph, GraphGradient, GraphNode } from './types';

export interface LaidNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Text lines of the box, first the label. */
  lines: string[];
  gradients: GraphGradient[];
}

export interface LaidEdge {
  id: string;
  from: string;
  to: string;
  points: { x: number; y: number }[];
  label: string;
  labelX: number;
  labelY: number;
  labelWidth: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
}

/** Text metrics of the drawing's font (12 px monospace-ish sans): wide enough for every glyph used. */
export const CHAR_WIDTH = 7.4;
export const LINE_HEIGHT = 16;
export const BADGE_HEIGHT = 18;
const PAD_X = 10;
const PAD_Y = 6;

export const textWidth = (s: string) => [...s].length * CHAR_WIDTH;

export function badgeText(g: GraphGradient): string {
  return `${g.name} ${g.verdict === 'ok' ? '✓' : g.verdict === 'wrong' ? '✗' : '?'}`;
}

export function nodeLines(n: GraphNode): string[] {
  const leaf = n.kind === 'parameter' || n.kind === 'data';
  if (leaf) return [n.label, n.shape];
  if (n.kind === 'cost') return [n.label, `cost ${n.shape}`];
  return n.name ? [n.label, `→ ${n.name}`] : [n.label];
}

export function edgeLabel(e: { name?: string; shape: string }): string {
  return e.name ? `${e.name} ${e.shape}` : e.shape;
}

export function layoutGraph(graph: ComputationGraph): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 18, ranksep: 40, edgesep: 10, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  const byNode = new Map<string, GraphGradient[]>();
  for (const gr of graph.gradients) if (gr.node) byNode.set(gr.node, [...(byNode.get(gr.node) ?? []), gr]);
  for (const n of graph.nodes) {
    const lines = nodeLines(n);
    const grads = byNode.get(n.id) ?? [];
    const badgesWidth = grads.length ? grads.reduce((w, gr) => w + textWidth(badgeText(gr)) + 12, -4) : 0;
    const width = Math.max(56, ...lines.map(textWidth), Math.min(badgesWidth, 3 * 76)) + 2 * PAD_X;
    const rows = badgeRows(grads, width - 2 * PAD_X);
    const height = lines.length * LINE_HEIGHT + 2 * PAD_Y + rows.length * (BADGE_HEIGHT + 4);
    g.setNode(n.id, { width, height, lines, gradients: grads });
  }
  for (const e of graph.edges) {
    const label = edgeLabel(e);
    g.setEdge(e.from, e.to, { id: e.id, label, width: textWidth(label) + 8, height: LINE_HEIGHT, labelpos: 'c' }, e.id);
  }
  dagre.layout(g);
  const nodes: LaidNode[] = graph.nodes.map((n) => {
    const d = g.node(n.id) as unknown as { x: number; y: number; width: number; height: number; lines: string[]; gradients: GraphGradient[] };
    return { id: n.id, x: d.x, y: d.y, width: d.width, height: d.height, lines: d.lines, gradients: d.gradients };
  });
  const edges: LaidEdge[] = graph.edges.map((e) => {
    const d = g.edge({ v: e.from, w: e.to, name: e.id }) as unknown as { points: { x: number; y: number }[]; x: number; y: number; label: string; width: number };
    return { id: e.id, from: e.from, to: e.to, points: d.points, label: d.label, labelX: d.x, labelY: d.y, labelWidth: d.width };
  });
  const gl = g.graph() as { width?: number; height?: number };
  return { width: Math.ceil(gl.width ?? 0), height: Math.ceil(gl.height ?? 0), nodes, edges };
}

/** Gradient badges wrapped into rows that fit the box. */
export function badgeRows(grads: GraphGradient[], width: number): GraphGradient[][] {
  const rows: GraphGradient[][] = [];
  let row: GraphGradient[] = [];
  let used = 0;
  for (const gr of grads) {
    const w = textWidth(badgeText(gr)) + 12;
    if (row.length && used + w > width + 4) {
      rows.push(row);
      row = [];
      used = 0;
    }
    row.push(gr);
    used += w;
  }
  if (row.length) rows.push(row);
  return rows;
}
