// Lines whose value reaches a checked gradient without being that check's own line: the earlier
// statements of a gradient written in several steps (`dW1 = X.T.dot(dh)` then `dW1 += reg * W1`) and
// statements that hold a value checked elsewhere (`dZ = relu_backward(dA, cache)`, checked in the callee;
// `dW2` collected in `grads`). When that check is right, so is what went into it: the line is verified
// as part of it (a wrong value there would have made the check fail). The same holds for the
// gradient-named statements its value is computed from in its function (dataflow.ts): `dtanh = 1 -
// tanh**2` and `dnext_tanh = dnext_h * dtanh` before a right `dx = dnext_tanh.dot(Wx.T)`, the steps of
// `dgate` before `dWx = x.T.dot(dgate)`. A wrong check says nothing of them.

import type { Expr, Stmt } from '../syntax/ast';
import { enclosingDef, feeding } from './dataflow';
import type { GradientCheck } from './checker';
import type { RunRecord } from './verify';
import { verdictIn } from './verdicts';
import { partnerOf } from './pairing';
import { isGradientDict } from '../conventions/gradientNames';

export interface PartOfLine {
  stmt: Stmt;
  check: GradientCheck;
  /** The gradient the statement writes. */
  gradient: string;
  /** The statement holds the checked value itself (a copy of it), rather than a value that went into it. */
  holds?: boolean;
}

/**
 * The gradient a statement writes by name (`dZ = ...`, `dW1 += ...`), when it computes one. `copies`:
 * a plain copy of another name (`dprev_h = dprev_hc`) counts, as in a dataflow chain it carries the value on.
 */
function writtenGradient(s: Stmt, copies = false): string | undefined {
  const t = s.kind === 'assign' && s.targets.length === 1 ? s.targets[0] : s.kind === 'augassign' ? s.target : undefined;
  if (!t) return undefined;
  if (s.kind === 'assign' && (s.value.kind === 'subscript' || (s.value.kind === 'name' && !copies) || s.value.kind === 'dict' || s.value.kind === 'none')) return undefined;
  if (t.kind === 'name' && partnerOf(t.id) !== undefined) return t.id;
  if (t.kind === 'subscript' && t.obj.kind === 'name' && partnerOf(t.obj.id) !== undefined) return t.obj.id;
  return undefined;
}

/**
 * What a statement holding a value checked elsewhere stores: a gradient name (`dZ = relu_backward(...)`)
 * or a gradient dict's entry, by itself or among the targets it unpacks into
 * (`grads["dW" + str(l + 1)] = dW_temp`, `grads["dA1"], grads["dW2"], grads["db2"] = backward(...)`).
 */
function storedGradient(s: Stmt): string | undefined {
  if (s.kind !== 'assign' || s.targets.length !== 1) return writtenGradient(s);
  if (s.value.kind === 'subscript' || s.value.kind === 'dict' || s.value.kind === 'none') return undefined;
  const t = s.targets[0];
  const one = (e: Expr): string | undefined => {
    if (e.kind === 'name' && partnerOf(e.id) !== undefined && s.value.kind !== 'name') return e.id;
    if (e.kind === 'subscript' && e.obj.kind === 'name' && isGradientDict(e.obj.id)) return `${e.obj.id}[…]`;
    return undefined;
  };
  if (t.kind === 'tuple' || t.kind === 'list') {
    const all = t.elts.map(one).filter((g): g is string => g !== undefined);
    return all.length > 0 ? all.join(', ') : undefined;
  }
  return one(t);
}

/** `dW1 = grads["dW1"]` (or `parameters.dW1`): a gradient read back by a name of the same parameter as the check's. */
function readBack(s: Stmt, check: GradientCheck): string | undefined {
  if (s.kind !== 'assign' || s.targets.length !== 1 || (s.value.kind !== 'subscript' && s.value.kind !== 'attr')) return undefined;
  const t = s.targets[0];
  if (t.kind !== 'name') return undefined;
  const partner = partnerOf(t.id);
  return partner !== undefined && partner === partnerOf(check.name) ? t.id : undefined;
}

/** `body`: the document's statements, for the functions the checked lines are in. */
export function verifiedAsPartOf(runs: RunRecord[], body: Stmt[]): PartOfLine[] {
  const out: PartOfLine[] = [];
  for (const run of runs) {
    for (const check of run.checks) {
      if (check.file !== '' || check.stmts.length === 0 || verdictIn(run.checks, check).kind !== 'ok') continue;
      for (const stmt of check.stmts.slice(0, -1)) {
        const gradient = writtenGradient(stmt, true);
        if (gradient) out.push({ stmt, check, gradient });
      }
      const def = enclosingDef(body, check.stmts[check.stmts.length - 1].span.start);
      if (!def) continue;
      for (const stmt of feeding(def, check.stmts, /^[A-Za-z_]\w*$/.test(check.name) ? [check.name] : [])) {
        const gradient = writtenGradient(stmt, true);
        // A check from the code's own output gradient (`dZ2 = A2 - Y`) takes that seed as given: it says
        // nothing of it. A statement the run did not execute (the branch not taken) went into nothing.
        if (gradient && gradient !== check.seedName && run.executed.has(stmt)) out.push({ stmt, check, gradient });
      }
    }
    for (const { stmt, check } of run.coveredBy.values()) {
      // `grads = backward(...)` names no gradient; `dW1 = grads["dW1"]` reads one back: it holds the
      // checked value when it names the same parameter's gradient (`dW1 = grads["dW2"]` would not).
      const gradient = storedGradient(stmt) ?? readBack(stmt, check);
      if (!gradient) continue;
      if (run.checks.includes(check) && verdictIn(run.checks, check).kind === 'ok') out.push({ stmt, check, gradient, holds: true });
    }
  }
  return out;
}

/** A check's verdict said without its derivation (when the chain rule cannot be written out). */
export function plainVerdict(run: RunRecord, check: GradientCheck): { ok: boolean; text: string } | undefined {
  const v = verdictIn(run.checks, check);
  if (v.kind === 'sized') return undefined;
  const ok = v.kind === 'ok';
  const text = ok
    ? `verdict: matches the derivative of the forward pass (checked numerically on random inputs; the chain rule for this line is not written out)`
    : `verdict: differs from the derivative of the forward pass (checked numerically on random inputs)`;
  return { ok, text };
}
