// Gradient lines verification could not check, and why: what it can't evaluate stays unchecked and
// silent in the Problems panel, but the hover says so (and why), so silence is never mistaken for a pass.

import type { Expr, Module, Stmt } from '../syntax/ast';
import { isGradientDict, mentionsGradient, partnerOf } from './pairing';
import { walkStmts } from '../syntax/walk';
import type { VerifyResult } from './verify';

export interface UncheckedLine {
  stmt: Stmt;
  gradient: string;
  reason: string;
}

function gradientTarget(t: Expr): string | undefined {
  if (t.kind === 'name' && partnerOf(t.id)) return t.id;
  if (t.kind === 'subscript' && t.obj.kind === 'name' && isGradientDict(t.obj.id)) return `${t.obj.id}[…]`;
  if (t.kind === 'attr' && t.obj.kind === 'name' && t.obj.id === 'self' && partnerOf(t.name)) return `self.${t.name}`;
  if (t.kind === 'tuple' || t.kind === 'list') return t.elts.map(gradientTarget).find((x) => x);
  return undefined;
}

/** Every statement writing a gradient, in the module's top level and in each function and method. */
function gradientWrites(module: Module): { stmt: Stmt; gradient: string; func: string }[] {
  const out: { stmt: Stmt; gradient: string; func: string }[] = [];
  const collect = (body: Stmt[], func: string) =>
    walkStmts(body, (s) => {
      if (s.kind === 'assign') {
        const g = s.targets.map(gradientTarget).find((x) => x);
        // `dW1 = grads["dW1"]` only reads a gradient back: nothing to check on that line.
        const readsBack = s.value.kind === 'subscript' || s.value.kind === 'name';
        if (g && !readsBack) out.push({ stmt: s, gradient: g, func });
      } else if (s.kind === 'augassign') {
        const g = gradientTarget(s.target);
        if (g) out.push({ stmt: s, gradient: g, func });
      } else if (s.kind === 'def') collect(s.body, func ? `${func}.${s.name}` : s.name);
      else if (s.kind === 'class') for (const m of s.body) if (m.kind === 'def') collect(m.body, `${s.name}.${m.name}`);
    });
  collect(module.body, '');
  return out;
}

export function uncheckedLines(module: Module, text: string, verification: VerifyResult, checkedStmtStarts: Set<number>): UncheckedLine[] {
  const all = gradientWrites(module);
  // Backward-pass lines only: the value uses another gradient (dZ2, dout), and what the gradient pairs
  // with is named somewhere in the file (not `dout = np.random.randn(...)` or `dx_num = numeric(...)`).
  const writes = all.filter((w) => {
    const value = w.stmt.kind === 'assign' || w.stmt.kind === 'augassign' ? w.stmt.value : undefined;
    const partner = partnerOf(w.gradient.replace(/^self\./, '')) ?? '';
    return mentionsGradient(value) && (w.gradient.includes('[') || new RegExp(`\\b${partner}\\b`).test(text));
  });
  const checkedFuncs = new Set(verification.checks.map((c) => c.func));
  const out: UncheckedLine[] = [];
  const seenLines = new Set<number>();
  for (const w of writes) {
    if (checkedStmtStarts.has(w.stmt.span.start) || seenLines.has(w.stmt.span.start)) continue;
    seenLines.add(w.stmt.span.start);
    const runs = verification.runs.filter((r) => r.entry === w.func || r.entry.startsWith(`${w.func} (`));
    const stopped = runs.find((r) => r.stopped)?.stopped ?? (w.func === '' ? verification.runs.find((r) => r.entry === '<module>')?.stopped : undefined);
    let reason: string;
    if (stopped) reason = stopped;
    else if (checkedFuncs.has(w.func)) reason = `${w.gradient} was not paired with a value of the forward pass that reaches the cost`;
    else if (runs.length === 0 && w.func !== '') reason = `no run reached ${w.func} (no caller in this file could be evaluated, and its parameters could not be made from what the shape analysis knows)`;
    else reason = 'no cost was computed before it, or nothing it differentiates reaches the cost';
    out.push({ stmt: w.stmt, gradient: w.gradient, reason });
  }
  return out;
}
