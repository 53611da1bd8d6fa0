// Derivations: for a gradient line, the chain rule in the user's names, built from the forward graph
// the concrete run recorded (never from templates keyed on names). Each step applies the symbolic
// face of the derivative table (numeric/vjp.ts) backwards from the gradients the code names (dZ2) to
// the value this line differentiates (Z1); an elementwise activation is recognised by comparing its
// numeric derivative with the usual closed forms (1 − A², A(1 − A), [Z > 0]). A derivation is only
// shown when its expression, evaluated on the run's values, equals what it claims to equal.

import type { Stmt } from '../syntax/ast';
import { NDArray } from '../numeric/ndarray';
import { binary } from '../numeric/kernels';
import { derivatives } from '../ops/table';
import { type Sym, c, evalSym, mulS, toMath, toPython, v } from '../numeric/sym';
import type { GradientCheck } from './checker';
import { relativeError, TOLERANCE } from './checker';
import type { RunRecord } from './verify';
import { acceptedRatios, verdictIn } from './verdicts';
import { partnerOf } from './pairing';

export interface ForwardLine {
  file: string;
  stmt: Stmt;
}

export interface DerivationData {
  check: GradientCheck;
  /** `dZ1 = ∂L/∂Z1` (per example) or `dW1 = ∂J/∂W1`. */
  meaning: string;
  /** The product in the user's names, as the code's convention scales it: dZ1 = (W2ᵀ · dZ2) ⊙ tanh′(Z1). */
  chain: string | undefined;
  /** Local derivatives with the forward line each comes from: tanh′(Z1) = 1 − A1². */
  locals: { text: string; from: ForwardLine }[];
  /** The forward lines the chain goes through, in order. */
  forward: ForwardLine[];
  /** Shapes at each matrix product: (n_h, n_y) · (n_y, m) → (n_h, m). */
  products: string[];
  /** Why a transpose is there: the forward product it undoes. */
  transposes: string[];
  /** Where the 1/m comes from, when the line carries one. */
  batchNote: string | undefined;
  ok: boolean;
  /** The right expression in NumPy and the user's names, when the line is wrong and it is known. */
  expected: string | undefined;
  /** A wrong gradient this one is computed from (fix that line first). */
  from: { name: string; stmt: Stmt } | undefined;
  sizes: string;
}

interface Scaled {
  s: Sym;
  f: number;
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

export function deriveCheck(run: RunRecord, check: GradientCheck, source: (file: string, start: number, end: number) => string): DerivationData | undefined {
  const tape = run.tape;
  const nodes = tape.nodes;
  const adj = tape.adjoints(check.objective);
  const m = check.batch;
  const mName = check.batchName ?? (m !== undefined ? run.sizeNames.get(m) : undefined) ?? 'm';
  // The gradients the code names, by the node they differentiate, with their ratio to the truth.
  const gradVars = new Map<number, { name: string; node: number; ratio: number }>();
  for (const k of run.checks) {
    if (k.objective !== check.objective || k.partnerNode === check.partnerNode) continue;
    const vd = verdictIn(run.checks, k);
    if (vd.kind === 'ok' && k.ratio !== undefined && !gradVars.has(k.partnerNode)) gradVars.set(k.partnerNode, { name: k.name, node: k.node, ratio: k.ratio });
  }
  const factorText = (k: number): string | undefined => {
    if (near(k, 1)) return undefined;
    if (m !== undefined && near(k, 1 / m)) return `1/${mName}`;
    if (m !== undefined && near(k, m)) return mName;
    return Number.isInteger(k) ? String(k) : k.toPrecision(3);
  };
  const forward: ForwardLine[] = [];
  const locals: DerivationData['locals'] = [];
  const transposes: string[] = [];
  const noteLine = (n: number) => {
    const named = run.named.get(n);
    if (named && !forward.some((l) => l.stmt === named.stmt)) forward.push({ file: named.file, stmt: named.stmt });
  };
  const shapeText = (shape: number[]) => `(${shape.map((d) => run.sizeNames.get(d) ?? String(d)).join(', ')}${shape.length === 1 ? ',' : ''})`;

  const symOf = (n: number): Sym => {
    const named = run.named.get(n);
    const node = nodes[n];
    const local = check.localNames.get(n);
    if (local && !partnerOf(local)) return v(local, node.out.shape, undefined, n);
    if (named) return v(named.name, node.out.shape, undefined, n);
    if (node.op === 'leaf' && node.out.size === 1) {
      const text = node.span ? source(node.file, node.span.start, node.span.end).trim().replace(/\s+/g, ' ') : '';
      if (!text || text.length > 30 || /^[\d.]+$/.test(text)) return c(node.out.data[0]);
      return c(node.out.data[0], /^[\w.]+$/.test(text) ? text : `(${text})`);
    }
    if (node.span) {
      const text = source(node.file, node.span.start, node.span.end).replace(/\s+/g, ' ');
      if (text && text.length <= 40) return v(text, node.out.shape, undefined, n);
    }
    return v('…', node.out.shape, undefined, n);
  };

  const consumers = (n: number): number[] => {
    const out: number[] = [];
    for (let id = n + 1; id <= check.objective; id++) if (adj.has(id) && nodes[id].inputs.includes(n)) out.push(id);
    return out;
  };

  /** An elementwise chain from n up to the first named node, recognised as a known activation. */
  const activation = (n: number, first: number): { to: number; deriv: Sym } | undefined => {
    const path: number[] = [];
    let cur = first;
    const shape = nodes[n].out.shape;
    const same = (s: number[]) => s.length === shape.length && s.every((d, i) => d === shape[i]);
    for (let steps = 0; steps < 8; steps++) {
      const node = nodes[cur];
      if (!same(node.out.shape)) return undefined;
      const constant = (i: number) => nodes[i].op === 'leaf' && nodes[i].out.size === 1 && !run.named.has(i);
      if (!node.inputs.every((i) => i === (path.length ? path[path.length - 1] : n) || constant(i))) return undefined;
      path.push(cur);
      if (run.named.has(cur)) break;
      const next = consumers(cur);
      if (next.length !== 1) return undefined;
      cur = next[0];
    }
    const to = path[path.length - 1];
    if (!run.named.has(to)) return undefined;
    // The local derivative, numerically: the chain's VJP of ones (it is diagonal).
    let g = NDArray.full(nodes[to].out.shape, 1);
    for (let k = path.length - 1; k >= 0; k--) {
      const node = nodes[path[k]];
      const prev = k === 0 ? n : path[k - 1];
      const rule = derivatives[node.op];
      if (!rule) return undefined;
      const gs = rule.vjp({ g, inputs: node.inputs.map((i) => nodes[i].out), out: node.out, params: node.params });
      const gi = gs[node.inputs.indexOf(prev)];
      if (!gi) return undefined;
      g = gi;
    }
    // An identity (a copy, a squeeze, adding a constant) is no activation.
    if (relativeError(g.data, NDArray.full(g.shape, 1).data) < TOLERANCE) return undefined;
    const Z = symOf(n);
    const A = symOf(to);
    const zName = toMath(Z);
    const forms: { label: string; form: Sym }[] = [
      { label: `tanh′(${zName})`, form: { k: 'sub', a: c(1), b: { k: 'pow', a: A, p: 2 } } },
      { label: `σ′(${zName})`, form: { k: 'mul', a: A, b: { k: 'sub', a: c(1), b: A } } },
      { label: `relu′(${zName})`, form: { k: 'gt', a: Z, b: c(0) } },
      { label: `exp′(${zName})`, form: A },
    ];
    for (const f of forms) {
      const val = evalSym(f.form, (id) => nodes[id].out);
      if (val && val.size === g.size && relativeError(val.data, g.data) < TOLERANCE) {
        const stmt = run.named.get(to)!;
        const text = `${f.label} = ${toMath(f.form)}`;
        if (!locals.some((l) => l.text === text)) locals.push({ text, from: { file: stmt.file, stmt: stmt.stmt } });
        return { to, deriv: { k: 'deriv', label: f.label, form: f.form } };
      }
    }
    return undefined;
  };

  /** `Z2 = ` when the product feeds a named value through adds only (Z2 = W2 · A1 + b2). */
  const namedResult = (n: number): string => {
    let cur = n;
    for (let k = 0; k < 3; k++) {
      const named = run.named.get(cur);
      if (named) return `${named.name} = `;
      const next = consumers(cur);
      if (next.length !== 1 || !['add', 'sub'].includes(nodes[next[0]].op)) return '';
      cur = next[0];
    }
    return '';
  };

  let throughCost = false;
  const budget = { n: 200 };
  const adjointSym = (n: number, depth: number): Scaled | undefined => {
    if (--budget.n < 0) return undefined;
    const gv = gradVars.get(n);
    if (gv && n !== check.partnerNode) {
      noteLine(n);
      return { s: v(gv.name, nodes[gv.node].out.shape, undefined, gv.node), f: 1 / gv.ratio };
    }
    if (n === check.objective) {
      throughCost = true;
      return { s: c(1), f: 1 };
    }
    if (depth > 8) return undefined;
    if (n !== check.partnerNode) noteLine(n);
    const terms: Scaled[] = [];
    for (const cn of consumers(n)) {
      const act = activation(n, cn);
      if (act) {
        const up = adjointSym(act.to, depth + 1);
        if (!up) return undefined;
        terms.push({ s: mulS(up.s, act.deriv), f: up.f });
        continue;
      }
      const up = adjointSym(cn, depth + 1);
      const node = nodes[cn];
      const rule = derivatives[node.op]?.explain;
      if (!up || !rule) return undefined;
      node.inputs.forEach((input, index) => {
        if (input !== n) return;
        const t = rule({
          g: up.s,
          index,
          inputs: node.inputs.map(symOf),
          out: symOf(cn),
          inShapes: node.inputs.map((i) => nodes[i].out.shape),
          outShape: node.out.shape,
          params: node.params,
        });
        if (t) terms.push({ s: t, f: up.f });
        if (node.op === 'matmul' && t) {
          const [a, b] = node.inputs;
          const product = `${namedResult(cn)}${toMath(symOf(a))} · ${toMath(symOf(b))}`;
          transposes.push(
            index === 1
              ? `${product} maps ${toMath(symOf(b))}'s ${shapeText(nodes[b].out.shape)} to ${shapeText(node.out.shape)}, so the gradient flows back through ${toMath(symOf(a))}ᵀ`
              : `${product} sums over the columns of ${toMath(symOf(b))} (one per example), so the gradient of ${toMath(symOf(a))} is the upstream gradient times ${toMath(symOf(b))}ᵀ`,
          );
        }
      });
      if (terms.length === 0) return undefined;
    }
    if (terms.length === 0) return undefined;
    const f0 = terms[0].f;
    const s = terms.slice(1).reduce<Sym>((acc, t) => ({ k: 'add', a: acc, b: near(t.f, f0) ? t.s : mulS(c(t.f / f0, factorText(t.f / f0)), t.s) }), terms[0].s);
    return { s, f: f0 };
  };

  const result = adjointSym(check.partnerNode, 0);
  const value = check.value;
  const vd = verdictIn(run.checks, check);
  const ok = vd.kind === 'ok';
  const userRatio = ok ? (check.ratio ?? 1) : conventionRatio(check, run);
  let chain: string | undefined;
  let expected: string | undefined;
  if (result) {
    const k = result.f * userRatio;
    const ft = factorText(k);
    const scaled = ft ? mulS(c(k, ft), result.s) : result.s;
    // Self-check: the expression must evaluate to what it claims.
    const val = evalSym(scaled, (id) => nodes[id].out);
    const target = ok ? value : scaleArray(check.truth, userRatio);
    if (val && val.size === target.size && relativeError(val.data, target.data) < 1e-6) {
      const text = toMath(scaled);
      // Through the cost the product is rarely readable; closed forms are tried below instead.
      if (text.length <= 100 && !text.includes('…') && !throughCost) chain = `${check.name} = ${text}`;
      if (!ok) expected = toPython(scaled);
    }
  }
  if (!chain) {
    // Through the cost: try the classic closed forms (cross-entropy through a sigmoid or softmax
    // gives A − Y) on the named values of the run, checked numerically like everything else.
    const target = ok ? value : scaleArray(check.truth, userRatio);
    const namedNodes = [...run.named.keys()]
      .filter((n) => sameShape(nodes[n].out.shape, target.shape) && n !== check.node && !partnerOf(run.named.get(n)!.name) && !partnerOf(check.localNames.get(n) ?? ''))
      .sort((a, b) => +!check.localNames.has(a) - +!check.localNames.has(b));
    outer: for (const a of namedNodes) {
      for (const y of namedNodes) {
        if (a === y) continue;
        const A = symOf(a);
        const Y = symOf(y);
        const forms: Sym[] = [
          { k: 'sub', a: A, b: Y },
          // Binary cross-entropy with respect to the activation: −(Y ⊘ A − (1 − Y) ⊘ (1 − A)).
          { k: 'neg', a: { k: 'sub', a: { k: 'div', a: Y, b: A }, b: { k: 'div', a: { k: 'sub', a: c(1), b: Y }, b: { k: 'sub', a: c(1), b: A } } } },
        ];
        for (const body of forms) for (const k of [1, m ?? 1, 1 / (m ?? 1)]) {
          const val = evalSym(body, (id) => nodes[id].out);
          if (val && val.size === target.size && relativeError(target.data, scaleArray(val, k).data) < 1e-9) {
            const ft = factorText(k);
            const s2 = ft ? mulS(c(k, ft), body) : body;
            chain = `${check.name} = ${toMath(s2)}`;
            if (!ok) expected = toPython(s2);
            noteLine(a);
            break outer;
          }
        }
      }
    }
  }
  const perExampleRatio = m !== undefined && near(check.ratio ?? 0, m);
  // A wrong line is not described as if it were meant: say what it computes (when it is a multiple of
  // the truth) and what it should compute; the chain below is then the expected one.
  const wrongFactor = !ok && check.ratio !== undefined && Number.isFinite(check.ratio) ? factorText(check.ratio) : undefined;
  const meaning = !ok
    ? wrongFactor
      ? `${check.name} should be ∂J/∂${check.partner} (the line as written computes ${wrongFactor.replace(/^-1$/, '−1')} × ∂J/∂${check.partner})`
      : `${check.name} should be the gradient of ${check.partner} (the line as written is not)`
    : perExampleRatio
      ? `${check.name} = ∂L/∂${check.partner}, per example (${mName} × ∂J/∂${check.partner}, J averaging the ${mName} losses)`
      : `${check.name} = ∂J/∂${check.partner}`;
  const batchNote =
    ok && m !== undefined && near(check.ratio ?? 1, 1) && result && near(result.f * userRatio, 1 / m)
      ? `J is the mean of the ${mName} per-example losses and the named gradients it uses hold per-example values, so ∂J/∂${check.partner} carries 1/${mName}`
      : undefined;
  const products = throughCost ? [] : matmulShapes(result?.s, nodes, shapeText);
  if (throughCost) transposes.length = 0;
  const sizes = [...run.sizeNames].map(([size, name]) => `${name} = ${size}`).join(', ');
  let from: DerivationData['from'];
  if (!ok) {
    const failed = run.checks.filter((k) => k !== check && k.stmts.length && verdictIn(run.checks, k).kind !== 'ok' && k.node < check.node);
    const cause = failed.find((k) => tape.dependsOn(check.node, new Set([k.node])));
    if (cause) {
      from = { name: cause.name, stmt: cause.stmts[cause.stmts.length - 1] };
      chain = undefined;
      expected = undefined;
      products.length = 0;
      transposes.length = 0;
      locals.length = 0;
    }
  }
  // From the gradient back towards the cost, as the course writes it: because Z2 = … and A1 = ….
  forward.sort((a, b) => (a.file === b.file ? b.stmt.span.start - a.stmt.span.start : a.file === '' ? -1 : 1));
  return { check, meaning, chain, locals, forward, products, transposes, batchNote, ok, expected, from, sizes };
}

function scaleArray(a: NDArray, k: number): NDArray {
  return binary('mul', a, NDArray.scalar(k));
}

/** The ratio a right value of this gradient would have: the code's own convention where it shows. */
function conventionRatio(check: GradientCheck, run: RunRecord): number {
  const accepted = acceptedRatios(check);
  if (accepted.length === 1) return accepted[0];
  const used = run.checks.filter((k) => k.perExample === check.perExample && k !== check && verdictIn(run.checks, k).kind === 'ok').map((k) => k.ratio ?? 1);
  return accepted.find((a) => used.some((u) => near(u, a))) ?? accepted[0];
}

function matmulShapes(s: Sym | undefined, nodes: { out: NDArray }[], shapeText: (s: number[]) => string): string[] {
  const out: string[] = [];
  const visit = (x: Sym | undefined): void => {
    if (!x) return;
    if (x.k === 'matmul') {
      const a = evalSym(x.a, (id) => nodes[id].out);
      const b = evalSym(x.b, (id) => nodes[id].out);
      if (a && b) {
        const r = [...a.shape.slice(0, -1), ...b.shape.slice(1)];
        out.push(`${toMath(x.a)} · ${toMath(x.b)}: ${shapeText(a.shape)} · ${shapeText(b.shape)} → ${shapeText(r)}`);
      }
    }
    if ('a' in x) visit(x.a as Sym);
    if ('b' in x) visit(x.b as Sym);
    if (x.k === 'deriv') visit(x.form);
  };
  visit(s);
  return out;
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
