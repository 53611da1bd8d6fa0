// The graph view's own script (runs in the webview, bundled by build.mjs into dist/graphView.js):
// lays out the graph the extension posts (engine/graph/layout.ts, dagre: the same layout as the CLI's
// SVG), draws it (engine/graph/svg.ts), pans and zooms (kept across redraws and in the webview's
// state), highlights the node under the editor's cursor, and on a gradient's selection its chain-rule
// path from the cost and its derivation typeset with KaTeX (the transpose and the 1/m marked).

import katex from 'katex';
import type { GraphGradient, GraphNode } from '../../engine/graph/types';
import type { GraphResult } from '../../server/graphProtocol';
import { layoutGraph } from '../../engine/graph/layout';
import { renderSvg } from '../../engine/graph/svg';
import type { ToView, FromView } from './messages';

declare function acquireVsCodeApi(): { postMessage(m: FromView): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
interface ViewState {
  scale: number;
  tx: number;
  ty: number;
  /** The gradient selected (by name and line: ids change with edits). */
  selected?: { name: string; line?: number };
}
const state: ViewState = { scale: 1, tx: 0, ty: 0, ...((vscode.getState() as ViewState | undefined) ?? {}) };
let fitted = vscode.getState() !== undefined;
let current: GraphResult | undefined;
let cursor: { line: number; cell?: number } | undefined;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const canvas = $('canvas');
const stage = $('stage');
const units = $<HTMLSelectElement>('units');
const info = $('info');
const panel = $('derivation');

function save(): void {
  vscode.setState(state);
}

function applyTransform(): void {
  stage.style.transform = `translate(${state.tx}px, ${state.ty}px) scale(${state.scale})`;
}

/** The smallest zoom at which the 12 px labels stay readable. */
const READABLE = 0.8;

function fit(): void {
  const svg = stage.querySelector('svg');
  if (!svg) return;
  const w = Number(svg.getAttribute('width'));
  const h = Number(svg.getAttribute('height'));
  const box = canvas.getBoundingClientRect();
  // The whole graph when it fits at a readable size; else the width at that size, from the top (the wheel scrolls).
  const whole = Math.min((box.width - 16) / w, (box.height - 16) / h);
  state.scale = Math.min(1.2, whole >= READABLE ? whole : Math.max(READABLE, Math.min(1, (box.width - 16) / w)));
  state.tx = Math.max(8, (box.width - w * state.scale) / 2);
  state.ty = Math.max(8, (box.height - h * state.scale) / 2);
  applyTransform();
  save();
}

function render(): void {
  const t0 = performance.now();
  const res = current;
  if (!res) return;
  const g = res.graph;
  units.replaceChildren(...g.units.map((u) => Object.assign(document.createElement('option'), { value: u, textContent: u, selected: u === g.unit })));
  units.disabled = g.units.length < 2;
  const wrong = g.gradients.filter((x) => x.verdict === 'wrong').length;
  const ok = g.gradients.filter((x) => x.verdict === 'ok').length;
  const unchecked = g.gradients.length - ok - wrong;
  info.textContent = g.nodes.length === 0 ? g.message ?? 'no graph' : `${ok} ✓  ${wrong} ✗  ${unchecked} not checked${g.sizes ? ` · checked with ${g.sizes}` : ''}`;
  stage.innerHTML = g.nodes.length ? renderSvg(g, layoutGraph(g)) : '';
  const first = !fitted && g.nodes.length > 0;
  if (first) {
    fitted = true;
    fit();
  } else applyTransform();
  const sel = state.selected && g.gradients.find((x) => x.name === state.selected!.name && (state.selected!.line === undefined || x.range?.start.line === state.selected!.line));
  select(sel, false);
  highlightCursor();
  if (first) scrollToCursor();
  document.body.dataset.renderMs = (performance.now() - t0).toFixed(1);
  document.body.dataset.version = res.version;
}

function nodeAt(id: string): GraphNode | undefined {
  return current?.graph.nodes.find((n) => n.id === id);
}

function highlightCursor(): void {
  for (const el of stage.querySelectorAll('.bp-cursor')) el.classList.remove('bp-cursor');
  if (!cursor || !current) return;
  const here = (r: GraphNode['range'], cell: number | undefined) => !!r && (cell ?? 0) === (cursor!.cell ?? 0) && r.start.line <= cursor!.line && cursor!.line <= r.end.line;
  for (const n of current.graph.nodes) if (here(n.range, n.cell)) stage.querySelector(`[data-node="${n.id}"]`)?.classList.add('bp-cursor');
  const grads = current.graph.gradients.filter((x) => here(x.range, x.cell));
  for (const x of grads) stage.querySelector(`[data-gradient="${x.id}"]`)?.classList.add('bp-cursor');
  if (!grads.length) return;
  const before = state.selected;
  select(grads[0]);
  // A gradient newly selected from the editor: bring its badge into view.
  if (!before || before.name !== grads[0].name || before.line !== grads[0].range?.start.line) scrollToCursor();
}

/** Pans so that the node or badge under the editor's cursor is in view (cursor moves only: an edit keeps the view where it is). */
function scrollToCursor(): void {
  const el = stage.querySelector('.bp-badge.bp-selected.bp-cursor') ?? stage.querySelector('.bp-badge.bp-cursor, .bp-node.bp-cursor');
  if (!el) return;
  const box = canvas.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  const margin = 24;
  if (r.top >= box.top + margin && r.bottom <= box.bottom - margin && r.left >= box.left && r.right <= box.right) return;
  state.tx += box.left + box.width / 2 - (r.left + r.width / 2);
  state.ty += box.top + box.height / 2 - (r.top + r.height / 2);
  applyTransform();
  save();
}

function select(gr: GraphGradient | undefined, remember = true): void {
  const svg = stage.querySelector('svg');
  for (const el of stage.querySelectorAll('.bp-on-path, .bp-selected')) el.classList.remove('bp-on-path', 'bp-selected');
  svg?.classList.toggle('bp-has-path', !!gr);
  if (remember) {
    state.selected = gr ? { name: gr.name, line: gr.range?.start.line } : undefined;
    save();
  }
  if (!gr) {
    panel.hidden = true;
    return;
  }
  for (const id of gr.path) stage.querySelector(`[data-node="${id}"]`)?.classList.add('bp-on-path');
  for (const id of gr.pathEdges) stage.querySelector(`[data-edge="${id}"]`)?.classList.add('bp-on-path');
  stage.querySelector(`[data-gradient="${gr.id}"]`)?.classList.add('bp-selected');
  showDerivation(gr);
}

function tex(src: string): HTMLElement {
  const div = document.createElement('div');
  div.className = 'math';
  try {
    katex.render(src, div, { displayMode: true, throwOnError: false, strict: 'ignore', trust: (ctx: { command: string }) => ctx.command === '\\htmlClass', output: 'html' });
  } catch {
    div.textContent = src;
  }
  return div;
}

function showDerivation(gr: GraphGradient): void {
  panel.hidden = false;
  const verdict =
    gr.verdict === 'ok' ? '✓ matches the derivative of the forward pass' : gr.verdict === 'wrong' ? (gr.basis === 'shape' ? '✗ its shapes do not fit' : '✗ differs from the derivative of the forward pass') : '? not checked';
  const head = document.createElement('div');
  head.className = `head ${gr.verdict}`;
  const title = document.createElement('button');
  title.className = 'gradient-link';
  title.textContent = `${gr.name}${gr.range ? ` · line ${gr.range.start.line + 1}${gr.cell !== undefined ? ` of cell ${gr.cell + 1}` : ''}` : ''}`;
  title.title = 'Show this line in the editor';
  title.onclick = () => gr.range && reveal(gr.range, gr.cell);
  const v = document.createElement('span');
  v.className = 'verdict';
  v.textContent = verdict;
  head.append(title, v);
  const parts: HTMLElement[] = [head];
  const d = gr.derivation;
  if (d) for (const t of d.tex) parts.push(tex(t));
  const para = (cls: string, text: string) => Object.assign(document.createElement('p'), { className: cls, textContent: text });
  if (gr.reason) parts.push(para('reason', gr.reason));
  if (gr.expected) parts.push(para('expected', `expected: ${gr.expected}`));
  if (d) for (const n of d.notes) parts.push(para('note', n));
  const close = Object.assign(document.createElement('button'), { className: 'close', textContent: '×', title: 'Close' });
  close.onclick = () => select(undefined);
  parts.push(close);
  panel.replaceChildren(...parts);
}

function reveal(range: NonNullable<GraphNode['range']>, cell: number | undefined): void {
  vscode.postMessage({ type: 'reveal', range, cell });
}

// Clicks: a badge selects its gradient; a node reveals its line (and selects the gradient on it, if one).
stage.addEventListener('click', (e) => {
  const t = e.target as Element;
  const badge = t.closest('[data-gradient]');
  if (badge) {
    const gr = current?.graph.gradients.find((x) => x.id === badge.getAttribute('data-gradient'));
    select(gr);
    if (gr?.range) reveal(gr.range, gr.cell);
    return;
  }
  const node = t.closest('[data-node]');
  if (node) {
    const n = nodeAt(node.getAttribute('data-node')!);
    if (n?.range) reveal(n.range, n.cell);
    return;
  }
  if (!dragged) select(undefined);
});
stage.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' && e.key !== ' ') return;
  (e.target as HTMLElement).dispatchEvent(new MouseEvent('click', { bubbles: true }));
});

// Pan (drag, wheel) and zoom (Ctrl + wheel, about the pointer).
let drag: { x: number; y: number; tx: number; ty: number } | undefined;
let dragged = false;
canvas.addEventListener('pointerdown', (e) => {
  if ((e.target as Element).closest('[data-gradient],[data-node]')) return;
  drag = { x: e.clientX, y: e.clientY, tx: state.tx, ty: state.ty };
  dragged = false;
});
window.addEventListener('pointermove', (e) => {
  if (!drag) return;
  if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 3) dragged = true;
  state.tx = drag.tx + e.clientX - drag.x;
  state.ty = drag.ty + e.clientY - drag.y;
  applyTransform();
});
window.addEventListener('pointerup', () => {
  if (drag) save();
  drag = undefined;
  setTimeout(() => (dragged = false), 0);
});
canvas.addEventListener(
  'wheel',
  (e) => {
    e.preventDefault();
    if (!e.ctrlKey && !e.metaKey) {
      // The wheel scrolls (a trackpad pans); with Ctrl it zooms about the pointer.
      state.tx -= e.shiftKey ? e.deltaY : e.deltaX;
      state.ty -= e.shiftKey ? 0 : e.deltaY;
      applyTransform();
      save();
      return;
    }
    const box = canvas.getBoundingClientRect();
    const px = e.clientX - box.left;
    const py = e.clientY - box.top;
    const k = Math.exp(-e.deltaY * 0.0015);
    const scale = Math.min(4, Math.max(0.15, state.scale * k));
    state.tx = px - ((px - state.tx) * scale) / state.scale;
    state.ty = py - ((py - state.ty) * scale) / state.scale;
    state.scale = scale;
    applyTransform();
    save();
  },
  { passive: false },
);
$('fit').addEventListener('click', fit);
units.addEventListener('change', () => vscode.postMessage({ type: 'unit', unit: units.value }));

window.addEventListener('error', (e) => (document.body.dataset.error = String(e.message)));
let received = 0;
window.addEventListener('message', (e: MessageEvent<ToView>) => {
  const m = e.data;
  document.body.dataset.received = String(++received);
  if (m.type === 'graph') {
    current = m.result;
    if (m.cursor) cursor = m.cursor;
    render();
  } else if (m.type === 'cursor') {
    cursor = { line: m.line, cell: m.cell };
    highlightCursor();
    scrollToCursor();
  }
});
vscode.postMessage({ type: 'ready' });
