// Phase 3 of analyzeDocument: gradient verification. The same syntax tree runs concretely on random
// inputs made from the inference's parameter values (engine/verify), within the verification budget;
// each failed check is confirmed by a second trial and its single-edit fixes re-checked, and the
// gradient findings join the shape checks' in the Reporter (never on a line the shape checks reported).

import type { AnalyzeOptions } from '../api';
import type { Module, Span } from '../syntax/ast';
import { scalarAutogradFindings } from '../verify/scalarAutograd';
import { LineIndex } from '../syntax/lineIndex';
import { BudgetExceeded, type FileUnit } from '../interp/interpreter';
import { renderShape } from '../shapes/shapeOps';
import { verifyDocument, type RunRecord, type VerifyResult } from '../verify/verify';
import type { GradientCheck } from '../verify/checker';
import { gradientFindings } from '../verify/findings';
import { deriveCheck } from '../verify/derivation';
import { cutShortReason } from '../verify/cutShort';
import type { Source } from './source';
import { candidateShape, type Inference } from './inference';

/** The seed of the confirming trial of a failed gradient check (the first uses verify.ts's default). */
const SECOND_SEED = 7_654_321;
/** Past this size (≈ 4,000 lines) verification's default budget drops from 400 to 100 ms. */
const LONG_DOCUMENT_CHARS = 150_000;

export interface Verification {
  result: VerifyResult | undefined;
  /** Whether verification was asked for and could run (not truncated, no syntax errors unless forced). */
  ran: boolean;
  /** When its budget ends (performance.now() time; Infinity when it did not run). */
  deadline: number;
  ms: number;
  cutShort: string | undefined;
}

export function verifyGradients(source: Source, inference: Inference, options: AnalyzeOptions): Verification {
  const { text, lines, unit, units, loadModule, lineLabel } = source;
  const { dims, standalone, reporter, shapeFindingLines, truncated } = inference;
  let verification: VerifyResult | undefined;
  const tVerify = performance.now();
  let verifyDeadline = Infinity;
  let verifyBudget = 0;
  // A half-typed document is not verified: a gradient verdict on a program that doesn't parse would rest
  // on guesses about the missing text (shape checks still run on the rest).
  // A syntax error outside every function and class (an empty `def main():` at the end, a broken line at
  // the top level) leaves the functions whole: they are verified.
  const verifyNow = options.verify === true || (options.verify !== false && (source.module.errors.length === 0 || errorsOutsideFunctions(source.module)));
  if (verifyNow && !truncated) {
    try {
      // A long file gets a shorter budget: its shape findings must not wait on checking every gradient.
      verifyBudget = options.verifyBudgetMs ?? (text.length > LONG_DOCUMENT_CHARS ? 100 : 400);
      const deadline = tVerify + verifyBudget;
      verifyDeadline = deadline;
      const isCancelled = () => performance.now() > deadline || (options.isCancelled?.() ?? false);
      const base = { loadUnit: (name: string) => (name === '' ? unit : loadModule(name)), dims, standalone, isCancelled };
      // Assignment targets the shape analysis gave a whole shape: the others may get one from a run (a
      // witness run each, for hovers and `shapes`, so not when derivations are not wanted either).
      // Rendered only for the targets a run wrote (presentation renders the rest).
      const byStart = options.derivations === false ? undefined : new Map([...inference.assigns.values()].map((c) => [c.span.start, c]));
      const wantsShape = byStart && ((start: number) => {
        const c = byStart.get(start);
        return !c || candidateShape(dims, c).includes('?');
      });
      verification = verifyDocument({ ...base, unit, ...(wantsShape ? { wantsShape } : {}) });
      if (process.env.BACKPROP_LINT_DEBUG_VERIFY) debugVerification(verification, text);
      // A candidate edit is re-run within a few times the steps the run took: one that no longer checks
      // anything would otherwise train for every epoch of the code's loop.
      const rerun = (edited: string, entry: string): VerifyResult | undefined => {
        const u: FileUnit = { file: '', text: edited, module: source.parse(edited), lines: new LineIndex(edited) };
        const took = verification!.runs.find((r) => r.entry === entry)?.steps;
        return verifyDocument({ ...base, loadUnit: (name: string) => (name === '' ? u : loadModule(name)), unit: u, onlyEntry: entry, ...(took !== undefined ? { maxSteps: Math.max(4 * took, 2_000) } : {}) });
      };
      const shapeFindingAt = (span: Span) => shapeFindingLines.has(lines.positionAt(span.start).line);
      const confirm = (entry: string) => {
        const res = verifyDocument({ ...base, unit, onlyEntry: entry, seed: SECOND_SEED });
        if (process.env.BACKPROP_LINT_DEBUG_VERIFY) debugVerification(res, text);
        return res;
      };
      // The activation the fix's derivative belongs to (`1 - np.power(g, 2)` names g's tanh), or the
      // first on the path when there is no fix; none when the fix names none of them.
      const activationOf = (run: RunRecord, c: GradientCheck, fixTitle?: string): string | undefined => {
        const src = (file: string, start: number, end: number) => (file === '' ? text : units.get(file)?.text ?? '').slice(start, end);
        const locals = deriveCheck(run, c, src)?.locals ?? [];
        const names = (l: (typeof locals)[number]) => (l.from.stmt.kind === 'assign' ? l.from.stmt.targets.flatMap((t) => (t.kind === 'name' ? [t.id] : [])) : []);
        const mentions = (name: string) => fixTitle !== undefined && new RegExp(`\\b${name}\\b`).test(fixTitle);
        const local = fixTitle === undefined ? locals[0] : locals.find((l) => names(l).some(mentions));
        if (!local) return undefined;
        const u = local.from.file === '' ? unit : units.get(local.from.file);
        const line = u ? u.lines.positionAt(local.from.stmt.span.start).line + 1 : undefined;
        const stmt = u ? u.text.slice(local.from.stmt.span.start, local.from.stmt.span.end).split('\n')[0].trim() : '';
        return `${stmt}${line ? ` (${local.from.file === '' ? lineLabel(line - 1) : `line ${line}`})` : ''} needs ${local.text}`;
      };
      for (const f of gradientFindings(verification, { text, rerun, confirm, shapeFindingAt, isCancelled, activationOf }, { reruns: 60 })) {
        if (!shapeFindingLines.has(lines.positionAt(f.span.start).line)) reporter.report(f);
      }
      // A scalar autograd engine's operators (micrograd): each closure against its forward value's derivative.
      for (const f of scalarAutogradFindings(unit, base.loadUnit, isCancelled)) {
        if (!shapeFindingLines.has(lines.positionAt(f.span.start).line)) reporter.report(f);
      }
    } catch (err) {
      if (!(err instanceof BudgetExceeded) && process.env.BACKPROP_LINT_DEBUG) console.error(err);
    }
  }
  const ms = performance.now() - tVerify;
  const ran = verifyNow && !truncated;
  const cutShort = ran ? cutShortReason(verification, performance.now() > verifyDeadline, verifyBudget) : undefined;
  return { result: verification, ran, deadline: verifyDeadline, ms, cutShort };
}

function debugVerification(v: VerifyResult, text: string): void {
  for (const r of v.runs) {
    const sizes = [...r.sizeNames].map(([n, name]) => `${name}=${n}`).join(' ');
    console.error(`run ${r.entry}: ${r.checks.length} checks${r.stopped ? `, stopped: ${r.stopped}` : ''}${sizes ? ` [sizes ${sizes}]` : ''}`);
    for (const c of r.checks) {
      const line = c.stmts.length ? text.slice(0, c.stmts[c.stmts.length - 1].span.start).split('\n').length : 0;
      console.error(`  ${c.func}:${c.name} ~ ${c.partner} line ${line} rel ${c.relError.toExponential(2)} ratio ${c.ratio?.toPrecision(6)} batch ${c.batch} ${c.context}${c.direction ? ` direction ${c.direction}` : ''}`);
    }
  }
  console.error(`verification ${v.ms.toFixed(1)} ms`);
}

/** Whether every syntax error lies outside the region of each top-level def or class (up to the next statement). */
function errorsOutsideFunctions(module: Module): boolean {
  const body = module.body;
  return module.errors.every((e) =>
    body.every((s, i) => (s.kind !== 'def' && s.kind !== 'class') || e.span.start < s.span.start || e.span.start >= (body[i + 1]?.span.start ?? Infinity)));
}
