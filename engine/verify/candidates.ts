// Candidate single edits for a gradient line that computes the wrong value. Each is re-checked by a
// concrete run (findings.ts); only edits that make the gradient right are offered. The kind of the
// first edit that works names the bug.

import type { Expr, Stmt } from '../syntax/ast';
import type { SpanEdit } from '../checks/reporter';
import type { DiagnosticCode } from '../diagnostics/codes';
import { transposeEdit, transposeTitle, keepdimsEdit } from '../fixes/edits';
import { isTargetName, isUpstreamName, mentionsGradient } from './pairing';
import { someExpr, walkExpr } from '../syntax/walk';

export interface Candidate {
  code: DiagnosticCode;
  title: string;
  edits: SpanEdit[];
}

const src = (text: string, e: Expr) => text.slice(e.span.start, e.span.end);

/** An operand of `*` as written, parenthesised when its own operator binds less tightly (1 - A1 ** 2). */
function asOperand(text: string, e: Expr): string {
  const loose = (e.kind === 'binop' && (e.op === '+' || e.op === '-')) || e.kind === 'compare' || e.kind === 'boolop' || e.kind === 'ifexp' || e.kind === 'lambda';
  return loose ? `(${src(text, e)})` : src(text, e);
}

/** `np.sum(x, ...)`, `torch.mm(a, b)`: a module's function, whose first argument is the array (not a method on it). */
function moduleCall(f: Expr & { kind: 'attr' }): boolean {
  return f.obj.kind === 'name' && ['np', 'numpy', 'torch'].includes(f.obj.id);
}

function isMatmulCall(e: Expr): e is Expr & { kind: 'call' } {
  if (e.kind !== 'call' || e.func.kind !== 'attr') return false;
  const n = e.func.name;
  return (n === 'dot' || n === 'matmul' || n === 'mm') && (moduleCall(e.func) ? e.args.length === 2 : e.args.length === 1);
}

function operandsOf(e: Expr & { kind: 'call' }): [Expr, Expr] {
  const f = e.func as Expr & { kind: 'attr' };
  return moduleCall(f) ? [e.args[0], e.args[1]] : [f.obj, e.args[0]];
}

/** The value expressions a statement computes (the right-hand side; the mask of a masked write). */
export function valueExprs(s: Stmt): Expr[] {
  if (s.kind === 'assign') return [s.value, ...s.targets.flatMap((t) => (t.kind === 'subscript' ? [t.index] : []))];
  if (s.kind === 'augassign') return [s.value, ...(s.target.kind === 'subscript' ? [s.target.index] : [])];
  // A backward pass that returns its gradient unnamed (`return output_gradient * s * (1 - s)`).
  if (s.kind === 'return' && s.value) return [s.value];
  return [];
}

const FLIP: Record<string, string> = { '>': '<=', '<=': '>', '<': '>=', '>=': '<' };
const MIRROR: Record<string, string> = { '>': '<', '<': '>', '>=': '<=', '<=': '>=' };

export function structuralCandidates(text: string, s: Stmt): Candidate[] {
  const out: Candidate[] = [];
  /** The index of a masked write (`dZ[Z > 0] = 0`): its comparison selects what is zeroed. */
  const indexRoots = new Set<Expr>(valueExprs(s).slice(1));
  for (const root of valueExprs(s)) {
    walkExpr(root, (e, parent) => {
      // Transposes of operands that are arrays by name (W2, A1.T, cache[...], self.layer1) and of whole products.
      const field = e.kind === 'attr' && e.name !== 'T' && e.obj.kind === 'name' && !/^(np|numpy|torch|math)$/.test(e.obj.id);
      const operand = e.kind === 'name' || (e.kind === 'attr' && e.name === 'T') || e.kind === 'subscript' || field;
      const insideT = parent?.kind === 'attr' && parent.name === 'T';
      const isCallee = parent?.kind === 'call' && parent.func === e;
      if (operand && !insideT && !isCallee && !(e.kind === 'name' && /^(np|numpy|m|N|self|this)$/.test(e.id)) && !(parent?.kind === 'subscript' && parent.index === e)) {
        out.push({ code: 'missing-transpose', title: transposeTitle(text, e), edits: transposeEdit(text, e) });
      }
      if (isMatmulCall(e)) {
        const [a, b] = operandsOf(e);
        out.push({ code: 'missing-transpose', title: `Transpose the product (${src(text, e)}).T`, edits: [{ span: e.span, newText: `${src(text, e)}.T` }] });
        out.push({ code: 'missing-transpose', title: 'Swap the operands of the product', edits: [{ span: e.span, newText: `np.dot(${src(text, b)}, ${src(text, a)})` }] });
        const product = `${asOperand(text, a)} * ${asOperand(text, b)}`;
        out.push({ code: 'elementwise-vs-matmul', title: `Use an elementwise product: ${product}`, edits: [{ span: e.span, newText: product }] });
      }
      if ((e.kind === 'binop' && e.op === '*') || (e.kind === 'call' && e.func.kind === 'attr' && e.func.name === 'multiply' && e.args.length === 2)) {
        const [a, b] = e.kind === 'binop' ? [e.left, e.right] : [e.args[0], e.args[1]];
        const both = [a, b].every((x) => x.kind !== 'num');
        if (both) out.push({ code: 'elementwise-vs-matmul', title: `Use a matrix product: np.dot(${src(text, a)}, ${src(text, b)})`, edits: [{ span: e.span, newText: `np.dot(${src(text, a)}, ${src(text, b)})` }] });
      }
      // Activation derivatives: the factor of a product that holds no gradient is the local derivative.
      const factor = derivativeFactor(e);
      if (factor) out.push(...derivativeCandidates(text, factor));
      if (e.kind === 'compare' && e.ops.length === 1 && FLIP[e.ops[0]]) {
        const opText = text.slice(e.left.span.end, e.comparators[0].span.start);
        const start = e.left.span.end + opText.indexOf(e.ops[0]);
        // A mask that zeroes (`dZ[Z > 0] = 0`) is usually the complement's (`<=`); a mask that keeps
        // (`dout * (x < 0)`) the mirror's (`>`). Both are re-checked; this only orders them.
        const zeroing = (parent?.kind === 'subscript' && parent.index === e) || indexRoots.has(e);
        for (const to of zeroing ? [FLIP[e.ops[0]], MIRROR[e.ops[0]]] : [MIRROR[e.ops[0]], FLIP[e.ops[0]]]) {
          out.push({ code: 'wrong-activation-derivative', title: `Compare with ${to}`, edits: [{ span: { start, end: start + e.ops[0].length }, newText: to }] });
        }
      }
      // Sums: the other axis, no axis, keepdims.
      if (e.kind === 'call' && e.func.kind === 'attr' && ['sum', 'mean'].includes(e.func.name)) {
        const axisKw = e.keywords.find((k) => k.name === 'axis' || k.name === 'dim');
        const axisPos = moduleCall(e.func) ? e.args[1] : e.args[0];
        const axis = axisKw?.value ?? axisPos;
        if (axis && axis.kind === 'num') {
          for (const to of [0, 1].filter((x) => x !== axis.value)) {
            out.push({ code: 'wrong-sum-axis', title: `Sum over axis ${to}`, edits: [{ span: axis.span, newText: String(to) }] });
          }
        }
        if (!e.keywords.some((k) => k.name === 'keepdims' || k.name === 'keepdim')) {
          const edits = keepdimsEdit(text, e);
          if (edits) out.push({ code: 'missing-keepdims', title: 'Add keepdims=True', edits });
        }
      }
    });
  }
  return out;
}

/** Candidate edits that change a gradient's scale: remove a factor, a division, a sign; add 1/m. */
export function scaleCandidates(text: string, s: Stmt, batchName: string | undefined, gradient: string | undefined): Candidate[] {
  const out: Candidate[] = [];
  const code: DiagnosticCode = 'wrong-scale';
  for (const root of valueExprs(s).slice(0, 1)) {
    walkExpr(root, (e) => {
      if (e.kind === 'binop' && (e.op === '*' || e.op === '/')) {
        // Drop one side of a product or a division: `1 / m * X` → `X`, `X / m` → `X`, `X * 2` → `X`.
        if (e.op === '*') {
          out.push({ code, title: `Remove the factor ${src(text, e.right)}`, edits: [{ span: e.span, newText: src(text, e.left) }] });
          out.push({ code, title: `Remove the factor ${src(text, e.left)}`, edits: [{ span: e.span, newText: src(text, e.right) }] });
        } else out.push({ code, title: `Remove the division by ${src(text, e.right)}`, edits: [{ span: e.span, newText: src(text, e.left) }] });
      }
      if (e.kind === 'num' && e.value !== 1 && e.value !== 0) {
        out.push({ code, title: `Replace ${src(text, e)} with 1`, edits: [{ span: e.span, newText: e.isInt ? '1' : '1.' }] });
      }
      if (e.kind === 'binop' && e.op === '-') {
        out.push({ code, title: 'Swap the operands of the subtraction', edits: [{ span: e.span, newText: `${src(text, e.right)} - ${src(text, e.left)}` }] });
      }
      if (e.kind === 'unary' && e.op === '-') out.push({ code, title: 'Remove the minus sign', edits: [{ span: e.span, newText: src(text, e.operand) }] });
    });
    if (s.kind === 'augassign' && (s.op === '/' || s.op === '*')) {
      out.push({ code, title: `Remove the line ${text.slice(s.span.start, s.span.end).trim()}`, edits: [lineDeletion(text, s)] });
    }
    if (batchName && s.kind === 'assign') {
      const v = s.value;
      const body = v.kind === 'binop' && (v.op === '+' || v.op === '-') ? `(${src(text, v)})` : src(text, v);
      out.push({ code, title: `Divide by ${batchName}: 1 / ${batchName} * ...`, edits: [{ span: v.span, newText: `1 / ${batchName} * ${body}` }] });
    }
    if (batchName && (s.kind === 'augassign' || (s.kind === 'assign' && s.targets[0]?.kind === 'subscript')) && gradient) {
      // A masked or in-place last write (`dx[np.arange(N), y] -= 1`): divide on a new line after it.
      const lineStart = text.lastIndexOf('\n', s.span.start - 1) + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
      out.push({ code, title: `Add ${gradient} /= ${batchName}`, edits: [{ span: { start: s.span.end, end: s.span.end }, newText: `\n${indent}${gradient} /= ${batchName}` }] });
    }
  }
  if (s.kind === 'assign' && s.value.kind === 'unary' && s.value.op === '-') return out;
  if (s.kind === 'assign') out.push({ code, title: 'Negate', edits: [{ span: s.value.span, newText: `-(${src(text, s.value)})` }] });
  return out;
}

/** Deletes a statement's whole line (with its newline). */
export function lineDeletion(text: string, s: Stmt): SpanEdit {
  const start = text.lastIndexOf('\n', s.span.start - 1) + 1;
  const nl = text.indexOf('\n', s.span.end);
  return { span: { start, end: nl < 0 ? text.length : nl + 1 }, newText: '' };
}

/** In `dA1 * (1 - np.power(A1, 2))` or np.multiply(dA2, g), the operand without a gradient in it. */
function derivativeFactor(e: Expr): Expr | undefined {
  let a: Expr | undefined;
  let b: Expr | undefined;
  if (e.kind === 'binop' && e.op === '*') [a, b] = [e.left, e.right];
  else if (e.kind === 'call' && e.func.kind === 'attr' && e.func.name === 'multiply' && e.args.length === 2) [a, b] = [e.args[0], e.args[1]];
  if (!a || !b) return undefined;
  const ga = carriesGradient(a);
  const gb = carriesGradient(b);
  if (ga === gb) return undefined;
  return ga ? b : a;
}

/** A gradient's name (dA1), or an online loop's name for what it propagates (`err`, `out_delta`, `error`). */
const ERROR_NAME = /^(delta|err|error|errors)(_\w+)?$|_(delta|err|error|errors)$/i;
function carriesGradient(e: Expr): boolean {
  return (
    mentionsGradient(e) ||
    someExpr(e, (x) => (x.kind === 'name' && (ERROR_NAME.test(x.id) || isUpstreamName(x.id))) || (x.kind === 'binop' && x.op === '-' && mentionsTarget(x)))
  );
}

/** A target read as a value (`t - out`, `self.y`), not a time step's index (`1 - h[t + 1]`). */
function mentionsTarget(e: Expr): boolean {
  let found = false;
  walkExpr(e, (n) => {
    if (found) return;
    if (n.kind === 'name' && isTargetName(n.id) && !insideIndex(e, n)) found = true;
    if (n.kind === 'attr' && isTargetName(n.name)) found = true;
  });
  return found;
}

/** Whether `n` lies inside the index of a subscript within `root`. */
function insideIndex(root: Expr, n: Expr): boolean {
  let inside = false;
  walkExpr(root, (x) => {
    if (inside || x.kind !== 'subscript') return;
    if (x.index.span.start <= n.span.start && n.span.end <= x.index.span.end) inside = true;
  });
  return inside;
}

/**
 * Replacements for a derivative factor, in the names it already uses: the activation where the
 * pre-activation was used (Z1 ↔ A1) or another layer's (A1 ↔ A2), and the usual derivatives of a
 * value the factor mentions (s·(1 − s), 1 − A², A > 0).
 */
function derivativeCandidates(text: string, factor: Expr): Candidate[] {
  const out: Candidate[] = [];
  const code: DiagnosticCode = 'wrong-activation-derivative';
  // Values the factor refers to: names (A1), attributes of a name (self.out) and items of a list of
  // per-step values (`h[t + 1]`, `o[t]`), by their text; not the names inside such an item.
  const names = new Map<string, Expr[]>();
  const items: Expr[] = [];
  walkExpr(factor, (x) => {
    if (x.kind === 'subscript' && x.obj.kind === 'name' && !/^(np|numpy)$/.test(x.obj.id)) items.push(x);
  });
  const inItem = (x: Expr) => items.some((i) => i !== x && i.span.start <= x.span.start && x.span.end <= i.span.end);
  for (const i of items) if (!inItem(i)) names.set(src(text, i), [...(names.get(src(text, i)) ?? []), i]);
  walkExpr(factor, (x, parent) => {
    const inAttr = parent?.kind === 'attr' && parent.obj === x;
    if (x.kind === 'name' && !inAttr && !/^(np|numpy)$/.test(x.id) && !inItem(x)) names.set(x.id, [...(names.get(x.id) ?? []), x]);
    if (x.kind === 'attr' && x.name !== 'T' && x.obj.kind === 'name' && !/^(np|numpy)$/.test(x.obj.id) && !(parent?.kind === 'call' && parent.func === x)) {
      const key = src(text, x);
      names.set(key, [...(names.get(key) ?? []), x]);
    }
  });
  for (const [name, uses] of names) {
    const others: string[] = [];
    if (/^[ZA]\w*$/.test(name)) others.push((name[0] === 'Z' ? 'A' : 'Z') + name.slice(1));
    const m = /^([A-Za-z_]+?)(\d+)$/.exec(name);
    if (m) for (const d of [-1, 1]) if (+m[2] + d >= 0) others.push(`${m[1]}${+m[2] + d}`);
    for (const other of others) {
      out.push({ code, title: `Use ${other} in place of ${name}`, edits: uses.map((u) => ({ span: u.span, newText: other })) });
    }
    const forms = [`${name} * (1 - ${name})`, `(1 - np.power(${name}, 2))`, `(${name} > 0)`];
    for (const f of forms) {
      if (text.slice(factor.span.start, factor.span.end).replace(/\s+/g, '') === f.replace(/\s+/g, '')) continue;
      const wrapped = factor.kind === 'name' || factor.kind === 'call' || /^\(.*\)$/.test(f) ? f : `(${f})`;
      out.push({ code, title: `Use the derivative ${f}`, edits: [{ span: factor.span, newText: wrapped }] });
    }
  }
  return out;
}
