// The computational graph of one unit, read off the verification run's tape (one source: the ops the
// concrete evaluator recorded, with the shape analysis's shapes in the code's names on every edge).
// Nodes are the forward ops the cost depends on, grouped as a student reads them: a matrix product,
// an add (with broadcast when an operand is smaller), an activation (an elementwise chain ending at a
// named value, `A2 = sigmoid(Z2)`), a reduction, and the cost (the ops of the cost function, or of
// the cost's statement). Parameters and data are leaves; constants fold into the op that uses them.
// Each gradient line is attached to the value it differentiates, with its verdict and chain-rule path.

import type { Finding, Range } from '../api';
import type { AnalysisInternals } from '../analyze';
import type { Span, Stmt, Expr } from '../syntax/ast';
import type { TapeNode } from '../concrete/tape';
import type { GradientCheck } from '../verify/checker';
import { verdictIn } from '../verify/verdicts';
import { partnerOf } from '../verify/pairing';
import type { ComputationGraph, GraphEdge, GraphGradient, GraphNode, GraphNodeKind } from './types';
import type { GraphUnitRef } from './units';
import { mathOfPython, texOf } from './tex';

const ELEMENTWISE = new Set(['neg', 'exp', 'log', 'tanh', 'sqrt', 'abs', 'square', 'sin', 'cos', 'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'clip', 'where', 'copy', 'astype']);
const GRADIENT_CODES = new Set(['missing-batch-mean', 'extra-batch-mean', 'wrong-scale', 'wrong-activation-derivative', 'elementwise-vs-matmul', 'wrong-sum-axis', 'gradient-mismatch']);
const SHAPE_CODES = new Set(['shape-mismatch', 'missing-transpose', 'gradient-shape', 'missing-keepdims', 'rank-1-array', 'accidental-broadcast']);
const SYMBOL: Record<string, string> = { add: '+', sub: '−', mul: '⊙', div: '÷', matmul: 'np.dot', transpose: 'ᵀ', neg: '−x', pow: 'xⁿ', maximum: 'max', minimum: 'min' };

/** Elementwise op sequences written inline that are an activation: `1 / (1 + np.exp(-Z))`, `np.maximum(0, Z)`. */
const KNOWN_CHAINS: Record<string, string> = { 'neg,exp,add,div': 'sigmoid', maximum: 'relu', tanh: 'tanh', exp: 'exp' };

interface Group {
  id: string;
  members: number[];
  /** The node whose output leaves the group. */
  out: number;
  kind: GraphNodeKind;
  label: string;
  omit?: boolean;
}

export function buildGraph(x: AnalysisInternals, unit: GraphUnitRef, allUnits: string[]): ComputationGraph {
  const { run, objective } = unit;
  const nodes = run.tape.nodes;
  const adj = run.tape.adjoints(objective);
  const textOf = (file: string) => (file === '' ? x.text : x.units.get(file)?.text ?? '');
  const srcOf = (n: TapeNode) => (n.span ? textOf(n.file).slice(n.span.start, n.span.end).replace(/\s+/g, ' ').trim() : '');
  const inSub = (id: number) => id <= objective && adj.has(id);
  const subInputs = (id: number) => nodes[id].inputs.filter(inSub);
  const consumers = new Map<number, number[]>();
  for (let id = 0; id <= objective; id++) {
    if (!inSub(id)) continue;
    for (const i of subInputs(id)) consumers.set(i, [...(consumers.get(i) ?? []), id]);
  }
  const partners = new Set(unit.checks.map((c) => c.partnerNode));
  const isConstant = (id: number) => subInputs(id).length === 0 && nodes[id].out.size === 1 && !partners.has(id);
  /** An input: nothing the cost depends on flows into it but constants (`(rand(1, m) > 0.5) * 1.0`). */
  const isLeaf = (id: number) => subInputs(id).every(isConstant);
  const named = (id: number) => run.named.get(id);

  const groupOf = new Map<number, Group>();
  const groups: Group[] = [];
  const addGroup = (g: Group) => {
    groups.push(g);
    for (const m of g.members) groupOf.set(m, g);
  };

  // 1. The cost: the ops of the cost function (compute_cost), or of the statement that computed it.
  const objNamed = named(objective);
  const costDef = objNamed ? enclosingDef(x.units.get(objNamed.file)?.module.body ?? [], objNamed.stmt.span) : undefined;
  const costFn = costDef && /cost|loss/i.test(costDef.name) ? costDef : undefined;
  const costSpan = costFn?.span ?? objNamed?.stmt.span;
  const costFile = objNamed?.file ?? '';
  const costMembers: number[] = [];
  for (let id = 0; id <= objective; id++) {
    if (!inSub(id) || isLeaf(id)) continue;
    const n = nodes[id];
    const inside = costSpan && n.span && n.file === costFile && n.span.start >= costSpan.start && n.span.end <= costSpan.end;
    // A unit's objective Σ out ⊙ upstream has no source: the objective and its product are the "cost".
    if (inside || id === objective || (!n.span && consumers.get(id)?.every((c) => c === objective))) costMembers.push(id);
  }
  const unitObjective = !nodes[objective].span;
  addGroup({
    id: 'cost',
    members: costMembers,
    out: objective,
    kind: 'cost',
    label: unitObjective ? 'Σ out ⊙ upstream' : costFn ? costFn.name : objNamed?.name ?? 'cost',
  });

  // 2. Activations: an elementwise chain ending at a named value (A1 = np.tanh(Z1), A2 = sigmoid(Z2)).
  for (let id = objective; id >= 0; id--) {
    if (!inSub(id) || groupOf.has(id) || isLeaf(id) || !named(id)) continue;
    const chain: number[] = [];
    let cur = id;
    const shape = nodes[id].out.shape.join(',');
    let fromLeaf = false;
    for (let k = 0; k < 12; k++) {
      const n = nodes[cur];
      const live = subInputs(cur).filter((i) => !isConstant(i));
      if (!ELEMENTWISE.has(n.op) || live.length !== 1 || n.out.shape.join(',') !== shape) break;
      chain.push(cur);
      const prev = live[0];
      if (named(prev) || groupOf.has(prev) || (consumers.get(prev)?.length ?? 0) !== 1 || nodes[prev].out.shape.join(',') !== shape) break;
      if (isLeaf(prev)) {
        // `W1 = np.random.randn(n_h, n_x) * 0.01`: the scaled initial array is the input W1.
        chain.push(prev);
        fromLeaf = true;
        break;
      }
      cur = prev;
    }
    if (chain.length === 0) continue;
    if (fromLeaf) {
      const parameter = unit.checks.some((c) => c.partnerNode === id && c.partner === named(id)?.name);
      addGroup({ id: `n${id}`, members: chain, out: id, kind: parameter ? 'parameter' : 'data', label: named(id)!.name });
      continue;
    }
    const callee = calleeName(named(id)!.stmt);
    const single = chain.length === 1 ? nodes[chain[0]].op : undefined;
    const ops = chain.map((c) => nodes[c].op).reverse().join(',');
    const known = KNOWN_CHAINS[ops];
    const label = callee ?? known ?? (single ? SYMBOL[single] ?? single : chain.map((c) => SYMBOL[nodes[c].op] ?? nodes[c].op).reverse().join(' ∘ '));
    addGroup({ id: `n${id}`, members: chain, out: id, kind: callee || known ? 'activation' : 'elementwise', label });
  }

  // 3. Everything else is its own node; constants fold away.
  for (let id = 0; id <= objective; id++) {
    if (!inSub(id) || groupOf.has(id)) continue;
    const n = nodes[id];
    if (isLeaf(id)) {
      const nm = named(id)?.name ?? (n.span ? srcOf(n) : 'upstream gradient');
      // A parameter is what a gradient of the unit differentiates under its own name (dW1 ↔ W1); X reached by dA_prev is data.
      const parameter = unit.checks.some((c) => c.partnerNode === id && c.partner === named(id)?.name);
      addGroup({ id: `n${id}`, members: [id], out: id, kind: parameter ? 'parameter' : 'data', label: nm, omit: isConstant(id) });
      continue;
    }
    const ins = subInputs(id).filter((i) => !isConstant(i));
    const broadcast = ins.some((i) => nodes[i].out.shape.join(',') !== n.out.shape.join(','));
    let kind: GraphNodeKind = 'op';
    let label = SYMBOL[n.op] ?? n.op;
    if (n.op === 'matmul') kind = 'matmul';
    else if (n.op === 'add' || n.op === 'sub') {
      kind = 'add';
      if (broadcast) label += ' (broadcast)';
    } else if (['sum', 'mean', 'max', 'min'].includes(n.op)) {
      kind = 'reduction';
      const axis = n.params.axis;
      label = `${n.op === 'sum' ? 'Σ' : n.op}${axis !== undefined && axis !== null ? ` axis=${String(axis)}` : ''}`;
    } else if (n.op === 'transpose') kind = 'transpose';
    else if (ELEMENTWISE.has(n.op)) kind = 'elementwise';
    addGroup({ id: `n${id}`, members: [id], out: id, kind, label });
  }

  // Names: the same name on several values (a loop's W, Z, A) gets the course's layer index W[1], W[2].
  const shown = groups.filter((g) => !g.omit);
  const nameOfValue = new Map<number, string>();
  const byName = new Map<string, number[]>();
  for (const g of shown) {
    const nm = named(g.out)?.name;
    if (nm && g.kind !== 'cost') byName.set(nm, [...(byName.get(nm) ?? []), g.out]);
  }
  for (const [nm, ids] of byName) ids.sort((a, b) => a - b).forEach((id, k) => nameOfValue.set(id, ids.length > 1 ? `${nm}[${k + 1}]` : nm));

  // A span evaluated to several shapes (a loop's `np.dot(W, A)` over layers) has no one shape in names: the run's sizes say it.
  const spanShapes = new Map<string, Set<string>>();
  for (let id = 0; id <= objective; id++) {
    const n = nodes[id];
    if (!inSub(id) || !n.span) continue;
    const key = `${n.file}:${n.span.start}:${n.span.end}`;
    spanShapes.set(key, (spanShapes.get(key) ?? new Set()).add(n.out.shape.join(',')));
  }
  const oneShape = (n: TapeNode) => !n.span || (spanShapes.get(`${n.file}:${n.span.start}:${n.span.end}`)?.size ?? 1) <= 1;
  const shapeOfValue = (id: number): string => {
    const nd = named(id);
    const n = nodes[id];
    if (nd && nd.file === '' && nd.stmt.kind === 'assign' && nd.stmt.targets.length === 1 && oneShape(n)) {
      const t = nd.stmt.targets[0];
      const target = t.kind === 'tuple' || t.kind === 'list' ? t.elts.find((e) => e.kind === 'name' && e.id === nd.name) : t;
      const s = target && x.shapeOf(target.span);
      if (s && !s.includes('?')) return s;
    }
    if (n.file === '' && n.span && oneShape(n)) {
      const s = x.shapeOf(n.span);
      if (s && !s.includes('?')) return s;
    }
    const dims = n.out.shape.map((d) => run.sizeNames.get(d) ?? String(d));
    return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
  };
  const rangeOf = (id: number, g: Group): { range?: Range; cell?: number; module?: string } => {
    const nd = named(id);
    const n = nodes[id];
    if (g.kind === 'cost' && costFn && costFile === '') return x.toRange(costFn.nameSpan);
    if (n.file === '' && n.span) return x.toRange(n.span);
    if (nd && nd.file === '') return x.toRange(nd.stmt.span);
    return n.file ? { module: n.file } : {};
  };

  const graphNodes: GraphNode[] = shown.map((g) => {
    const n = nodes[g.out];
    const where = rangeOf(g.out, g);
    const nm = nameOfValue.get(g.out);
    const leaf = g.kind === 'parameter' || g.kind === 'data';
    const src = g.kind === 'cost' && costFn ? `def ${costFn.name}(…)` : named(g.out) && named(g.out)!.file === '' && !leaf ? firstLine(x.text.slice(named(g.out)!.stmt.span.start, named(g.out)!.stmt.span.end)) : srcOf(n);
    return {
      id: g.id,
      kind: g.kind,
      label: leaf && nm ? nm : g.label,
      source: src,
      ...(nm && g.kind !== 'cost' ? { name: nm } : {}),
      shape: shapeOfValue(g.out),
      ...(where.range ? { range: where.range } : {}),
      ...(where.cell !== undefined ? { cell: where.cell } : {}),
      ...(where.module ? { module: where.module } : {}),
    };
  });

  // Edges: one per value crossing from one group into another.
  const edges: (GraphEdge & { value: number })[] = [];
  const edgeKey = new Set<string>();
  for (const g of shown) {
    for (const m of g.members) {
      for (const i of subInputs(m)) {
        const from = groupOf.get(i);
        if (!from || from === g || from.omit) continue;
        const key = `${from.id}>${g.id}>${i}`;
        if (edgeKey.has(key)) continue;
        edgeKey.add(key);
        const nm = nameOfValue.get(i);
        edges.push({ id: `e${edges.length}`, from: from.id, to: g.id, ...(nm && from.kind !== 'parameter' && from.kind !== 'data' ? { name: nm } : {}), shape: shapeOfValue(i), value: i });
      }
    }
  }

  // Gradients.
  const lineOfSpan = (sp: Span) => x.toRange(sp);
  const findingsAt = (r: { range: Range; cell?: number }) => x.result.findings.filter((f) => f.range.start.line === r.range.start.line && f.cell === r.cell);
  const gradients: GraphGradient[] = [];
  const pathOf = (partner: number) => {
    const desc = new Set<number>([partner]);
    for (let id = partner + 1; id <= objective; id++) if (inSub(id) && subInputs(id).some((i) => desc.has(i))) desc.add(id);
    const ids = [...new Set([...desc].sort((a, b) => b - a).map((id) => groupOf.get(id)).filter((g): g is Group => !!g && !g.omit).map((g) => g.id))];
    const set = new Set(ids);
    const pe = edges.filter((e) => desc.has(e.value) && set.has(e.to) && set.has(e.from)).map((e) => e.id);
    return { path: ids, pathEdges: pe };
  };
  const seenStmts = new Set<number>();
  for (const check of unit.checks) {
    const stmt = gradientStmt(check, run.named.get(check.node));
    const where = stmt ? lineOfSpan(stmt.span) : undefined;
    if (stmt) seenStmts.add(stmt.span.start);
    const g = groupOf.get(check.partnerNode);
    // One derivation per statement (a loop's three layers share their line and its chain in names).
    const d = x.derived.get(check) ?? [...x.derived].find(([k]) => k.stmts.length && stmt && k.stmts[k.stmts.length - 1] === stmt)?.[1];
    const vd = verdictIn(run.checks, check);
    let verdict: GraphGradient['verdict'] = vd.kind === 'ok' ? 'ok' : 'wrong';
    let reason: string | undefined;
    let expected = d?.data.expected;
    if (verdict === 'wrong') {
      // A ✗ rests on a confirmed finding: on this line, or on the wrong gradient this one is computed from.
      const confirmed = (r: { range: Range; cell?: number } | undefined) => !!r && findingsAt(r).some((f) => GRADIENT_CODES.has(f.code));
      const fromRange = d?.data.from ? lineOfSpan(d.data.from.stmt.span) : undefined;
      const own = where ? findingsAt(where).find((f) => GRADIENT_CODES.has(f.code)) : undefined;
      if (own) reason = own.message;
      else if (d?.data.from && confirmed(fromRange)) reason = `computed from ${d.data.from.name}, which is wrong (line ${fromRange!.range.start.line + 1}): fix that line first`;
      else {
        verdict = 'unchecked';
        expected = undefined;
        reason = 'a first random trial disagreed but no finding was confirmed';
      }
    }
    gradients.push({
      id: `g${gradients.length}`,
      name: check.name,
      ...(g && !g.omit ? { node: g.id } : {}),
      verdict,
      ...(verdict !== 'unchecked' ? { basis: 'numeric' as const } : {}),
      ...(expected && verdict === 'wrong' ? { expected: `${check.name} = ${expected}` } : {}),
      ...(reason ? { reason } : {}),
      ...(where ? { range: where.range, ...(where.cell !== undefined ? { cell: where.cell } : {}) } : {}),
      ...pathOf(check.partnerNode),
      ...(d ? { derivation: derivationOf(d.data, d.derivation) } : {}),
    });
  }

  // Gradient lines of the same functions the unit did not check: a shape finding there (✗), or why not.
  const defs = new Set(unit.checks.filter((c) => c.file === '').map((c) => c.stmts.length ? enclosingDef(x.units.get('')?.module.body ?? [], c.stmts[0].span)?.span.start ?? -1 : -1));
  for (const dv of x.result.derivations ?? []) {
    if (dv.status !== 'unchecked') continue;
    const offset = offsetOf(x, dv.range.start.line, dv.cell);
    if (offset === undefined || seenStmts.has(offset)) continue;
    const def = enclosingDef(x.units.get('')?.module.body ?? [], { start: offset, end: offset });
    if (!defs.has(def?.span.start ?? -1)) continue;
    const shapeFinding = findingsAt({ range: dv.range, cell: dv.cell }).find((f) => SHAPE_CODES.has(f.code));
    const partner = partnerOf(dv.gradient.replace(/^self\./, ''));
    const target = partner ? graphNodes.find((n) => n.name === partner || n.label === partner) : undefined;
    const right = shapeFinding ? fixedLine(x, shapeFinding, dv.range) : undefined;
    gradients.push({
      id: `g${gradients.length}`,
      name: dv.gradient,
      ...(target ? { node: target.id } : {}),
      verdict: shapeFinding ? 'wrong' : 'unchecked',
      ...(shapeFinding ? { basis: 'shape' as const } : {}),
      ...(right ? { expected: right } : {}),
      reason: shapeFinding ? shapeFinding.message : dv.text.replace(/^Not checked numerically: /, '').replace(/\.$/, ''),
      range: dv.range,
      ...(dv.cell !== undefined ? { cell: dv.cell } : {}),
      ...(target ? { path: pathFromNode(target.id, edges, 'cost') } : { path: [] }),
      pathEdges: [],
      ...(shapeFinding
        ? { derivation: { markdown: shapeFinding.message, text: shapeFinding.message, tex: right ? [texOf(mathOfPython(right))] : [], notes: right ? [`the shape checks' fix makes the line ${right}`] : [] } }
        : {}),
    });
  }

  // A leaf a gradient of the unit names (dW1 on W1, even where the run stopped before checking it) is a parameter.
  for (const gr of gradients) {
    const n = gr.node ? graphNodes.find((k) => k.id === gr.node) : undefined;
    if (n?.kind === 'data' && partnerOf(gr.name.replace(/^self\./, '')) === n.label) n.kind = 'parameter';
  }
  const sizes = [...run.sizeNames].map(([size, nm]) => `${nm} = ${size}`).join(', ');
  return { unit: unit.label, units: allUnits, nodes: graphNodes, edges: edges.map(({ value: _v, ...e }) => e), gradients, sizes };
}

/** A node's path to the cost through the edges (for a gradient the run did not check: by the graph alone). */
function pathFromNode(start: string, edges: GraphEdge[], end: string): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length) {
    const cur = queue.shift()!;
    if (cur === end) break;
    for (const e of edges) if (e.from === cur && !seen.has(e.to)) {
      seen.add(e.to);
      prev.set(e.to, cur);
      queue.push(e.to);
    }
  }
  if (!seen.has(end)) return [start];
  const out = [end];
  while (out[out.length - 1] !== start) out.push(prev.get(out[out.length - 1])!);
  return out;
}

function derivationOf(d: import('../verify/derivation').DerivationData, shown: { markdown: string; text: string }) {
  const tex: string[] = [texOf(d.meaning.replace(/,.*$/, ''))];
  if (d.chain) tex.push(texOf(d.chain));
  for (const l of d.locals) tex.push(texOf(l.text));
  const notes = [...d.products, ...d.transposes.map((t) => `why the transpose: ${t}`), ...(d.batchNote ? [`why 1/m: ${d.batchNote}`] : [])];
  return { markdown: shown.markdown, text: shown.text, tex, notes };
}

/** The statement a check's gradient was written by, in the document: its own, or the one that named its value there. */
function gradientStmt(check: GradientCheck, named: { stmt: Stmt; file: string } | undefined): Stmt | undefined {
  if (check.file === '' && check.stmts.length) return check.stmts[check.stmts.length - 1];
  if (named && named.file === '') return named.stmt;
  return undefined;
}

function calleeName(stmt: Stmt): string | undefined {
  if (stmt.kind !== 'assign') return undefined;
  let v: Expr = stmt.value;
  if (v.kind !== 'call') return undefined;
  v = v.func;
  if (v.kind === 'name') return v.id;
  if (v.kind === 'attr') return v.name;
  return undefined;
}

type Def = Extract<Stmt, { kind: 'def' }>;

function enclosingDef(body: Stmt[], span: Span): Def | undefined {
  for (const s of body) {
    if (s.kind === 'def' && s.span.start <= span.start && span.end <= s.span.end) return enclosingDef(s.body, span) ?? s;
    if (s.kind === 'class' && s.span.start <= span.start && span.end <= s.span.end) return enclosingDef(s.body, span);
  }
  return undefined;
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

/** The document offset of a 0-based line (of a cell, in a notebook). */
function offsetOf(x: AnalysisInternals, line: number, cell: number | undefined): number | undefined {
  const u = x.units.get('');
  if (!u) return undefined;
  if (cell === undefined) return u.lines.offsetAt({ line, column: 0 });
  // A notebook: find the joined line whose cell position matches.
  for (let l = 0; l < u.lines.lineCount; l++) {
    const off = u.lines.offsetAt({ line: l, column: 0 });
    const r = x.toRange({ start: off, end: off });
    if (r.cell === cell && r.range.start.line === line) return off;
  }
  return undefined;
}

/** The statement as its shape finding's fix would make it (`dW1 = 1 / m * np.dot(dZ1, X.T)`), without what follows it on its line. */
function fixedLine(x: AnalysisInternals, f: Finding, stmt: Range): string | undefined {
  const line = stmt.start.line;
  const fix = f.fixes.find((k) => k.edits.every((e) => e.range.start.line === line && e.range.end.line === line && e.cell === f.cell));
  const u = x.units.get('');
  if (!fix || !u || f.cell !== undefined || stmt.end.line !== line) return undefined;
  let text = u.lines.lineText(line);
  let end = stmt.end.column;
  for (const e of [...fix.edits].sort((a, b) => b.range.start.column - a.range.start.column)) {
    text = text.slice(0, e.range.start.column) + e.newText + text.slice(e.range.end.column);
    if (e.range.end.column <= end) end += e.newText.length - (e.range.end.column - e.range.start.column);
  }
  return text.slice(stmt.start.column, end).trim();
}
