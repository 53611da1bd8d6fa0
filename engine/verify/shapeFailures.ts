// A backward pass that fails on a shape after its forward pass ran cleanly on the same inputs is a
// finding: every size it met was produced by the forward pass, so the failing line is wrong for
// them. It is reported at that line in the code's own names (`x.dot(da): (N, D) · (N, H)`), confirmed
// by a second trial, with a transpose as the fix when one, applied to a copy and re-run, makes the
// line's gradient right. A failure in a forward pass only means the chosen sizes were wrong: silence.

import type { Expr, Stmt } from '../syntax/ast';
import type { RawFinding, RawFix } from '../checks/reporter';
import type { NumericError } from '../numeric/ndarray';
import { applySpanEdits } from '../fixes/edits';
import type { FindingContext } from './findings';
import type { RunRecord, VerifyResult } from './verify';
import { structuralCandidates } from './candidates';
import { verdictIn } from './verdicts';
import { isGradientDict, mentionsGradient, partnerOf } from './pairing';
import { someExpr, stmtExprs, walkAllStmts } from '../syntax/walk';
import { isAssumedFile } from '../concrete/assumedHelpers';
import { enclosingDef, feeding } from './dataflow';

export interface ShapeFailure {
  /** The innermost statement of the analysed document that failed. */
  stmt: Stmt;
  /** The operation that failed, when it is on that statement. */
  expr: Expr | undefined;
  shapes: number[][];
  /** Sizes that had to be equal. */
  sizes: [number, number][];
}

/** The failure as a ShapeFailure, when it is a clash of shapes on a line of the analysed document. */
export function shapeFailureOf(err: NumericError): ShapeFailure | undefined {
  const inner = err.where?.stmts[0];
  if (!err.clash || !inner || inner.file !== '' || err.clash.sizes.length === 0) return undefined;
  const stmt = inner.stmt as Stmt;
  const e = err.where?.expr as Expr | undefined;
  const expr = e && e.span.start >= stmt.span.start && e.span.end <= stmt.span.end ? e : undefined;
  return { stmt, expr, shapes: err.clash.shapes, sizes: err.clash.sizes };
}

/** A statement of a backward pass: it reads or writes a gradient (dZ2, grads["dW1"], self.dW). */
function isBackwardStatement(s: Stmt): boolean {
  // A called name is a function, not a gradient (`dot(W, x)` is no d-prefixed `ot`).
  const callees = new Set<Expr>();
  for (const root of stmtExprs(s)) someExpr(root, (e) => { if (e.kind === 'call') callees.add(e.func); return false; });
  return stmtExprs(s).some((root) =>
    someExpr(root, (e) =>
      (e.kind === 'name' && !callees.has(e) && (partnerOf(e.id) !== undefined || isGradientDict(e.id))) ||
      (e.kind === 'attr' && e.obj.kind === 'name' && e.obj.id === 'self' && partnerOf(e.name) !== undefined)));
}

/**
 * Whether a shape error happened while running backward-pass code (on the statements it unwound through).
 * A seed line (`dZ2 = A2 - Y`: a gradient computed from no gradient) compares the output with labels
 * whose sizes may have been guessed: its clash teaches sizes like a forward line's.
 */
export function failedInBackward(err: NumericError): boolean {
  // A helper run with its assumed definition (`def dot(a, b)`) is neither: its caller's statement says.
  return (err.where?.stmts ?? []).some((x) => !isAssumedFile(x.file) && isBackwardStatement(x.stmt as Stmt) && !isSeedLine(x.stmt as Stmt));
}

function isSeedLine(s: Stmt): boolean {
  return s.kind === 'assign' && s.targets.every((t) => t.kind === 'name' && partnerOf(t.id) !== undefined) && !mentionsGradient(s.value);
}

const MATMUL = /(^|\.)(dot|matmul|mm|bmm)$/;

function isProduct(text: string, e: Expr | undefined): boolean {
  if (!e) return false;
  if (e.kind === 'binop') return e.op === '@';
  if (e.kind !== 'call') return false;
  return MATMUL.test(text.slice(e.func.span.start, e.func.span.end));
}

function message(text: string, f: ShapeFailure, names: Map<number, string>, fixTitle: string | undefined): string {
  const name = (d: number) => names.get(d) ?? String(d);
  const shape = (s: number[]) => `(${s.map(name).join(', ')}${s.length === 1 ? ',' : ''})`;
  const [a, b] = f.shapes;
  const what = f.expr ? text.slice(f.expr.span.start, f.expr.span.end).replace(/\s+/g, ' ') : text.slice(f.stmt.span.start, f.stmt.span.end).split('\n')[0].trim();
  const [x, y] = f.sizes[0];
  const clash = isProduct(text, f.expr)
    ? `${what}: ${shape(a)} · ${shape(b)}: inner dimensions ${name(x)} and ${name(y)} differ`
    : `${what}: ${shape(a)} and ${shape(b)} do not broadcast: ${name(x)} and ${name(y)} differ`;
  const sizes = [...new Set(f.shapes.flat())].filter((d) => names.has(d)).map((d) => `${name(d)} = ${d}`);
  const fix = fixTitle ? `; fix: ${fixTitle}` : '';
  return `${clash}: the backward pass fails on the shapes its forward pass produces${fix} (run on random inputs${sizes.length ? `, ${sizes.join(', ')}` : ''})`;
}

/** Findings for backward passes that failed on a shape (each confirmed by a second trial). */
export function shapeFailureFindings(result: VerifyResult, ctx: FindingContext, budget: { reruns: number }): RawFinding[] {
  const out: RawFinding[] = [];
  const reported = new Set<number>();
  for (const run of result.runs) {
    const f = run.shapeFailure;
    if (!f || reported.has(f.stmt.span.start) || ctx.shapeFindingAt(f.stmt.span)) continue;
    // Two sizes the code calls by one name (m = 4 and m = 3): the run's inputs disagree with the
    // shape analysis, not the code with itself. No finding rests on that.
    const [x, y] = f.sizes[0] ?? [];
    const nx = x !== undefined ? run.sizeNames.get(x) : undefined;
    if (nx !== undefined && nx === run.sizeNames.get(y!)) continue;
    const again = ctx.confirm(run.entry)?.runs.find((r) => r.entry === run.entry)?.shapeFailure;
    if (!again || again.stmt.span.start !== f.stmt.span.start) continue;
    reported.add(f.stmt.span.start);
    const fixes = transposeFixes(f, run, ctx, budget);
    out.push({
      code: fixes.length ? 'missing-transpose' : 'shape-mismatch',
      file: '',
      span: { start: f.stmt.span.start, end: f.stmt.span.end },
      message: message(ctx.text, f, run.sizeNames, fixes[0]?.title),
      fixes,
    });
  }
  return out;
}

/** Transposes of one operand of the failing operation that make the run pass and the line's gradient right. */
function transposeFixes(f: ShapeFailure, run: RunRecord, ctx: FindingContext, budget: { reruns: number }): RawFix[] {
  const inside = (span: { start: number; end: number }) => !f.expr || (span.start >= f.expr.span.start && span.end <= f.expr.span.end);
  const candidates = structuralCandidates(ctx.text, f.stmt).filter((c) => c.code === 'missing-transpose' && c.edits.every((e) => inside(e.span)));
  const fixes: RawFix[] = [];
  for (const cand of candidates) {
    if (budget.reruns <= 0 || ctx.isCancelled()) break;
    budget.reruns--;
    const res = ctx.rerun(applySpanEdits(ctx.text, cand.edits), run.entry);
    const rec = res?.runs.find((r) => r.entry === run.entry);
    if (!res || !rec || rec.shapeFailure || rec.stopped) continue;
    // The edit is before the statement's end only: the statement starts where it did.
    const mine = rec.checks.filter((k) => k.file === '' && k.stmts.some((st) => st.span.start === f.stmt.span.start));
    if (mine.length > 0 ? !mine.every((k) => verdictIn(rec.checks, k).kind === 'ok') : !feedsRightGradients(res.module.body, f.stmt.span.start, rec)) continue;
    fixes.push({ title: cand.title, edits: cand.edits, certain: fixes.length === 0 });
    if (fixes.length >= 2) break;
  }
  return fixes;
}

/**
 * A statement that is no gradient's own line (`d_cols = d_out @ kernel.T`, later scattered into `dx`):
 * in the re-run on the edited text (`body`, its syntax tree), every gradient of the document checked right and one of them is
 * computed from the statement (reaching definitions, dataflow.ts).
 */
function feedsRightGradients(body: Stmt[], stmtStart: number, rec: RunRecord): boolean {
  const checks = rec.checks.filter((k) => k.file === '' && k.stmts.length > 0);
  if (checks.length === 0 || !checks.every((k) => verdictIn(rec.checks, k).kind === 'ok')) return false;
  const def = enclosingDef(body, stmtStart);
  if (!def) return false;
  const byStart = new Map<number, Stmt>();
  walkAllStmts(def.body, (st) => {
    if (!byStart.has(st.span.start)) byStart.set(st.span.start, st);
  });
  const fixed = byStart.get(stmtStart);
  if (!fixed) return false;
  return checks.some((k) => {
    const last = byStart.get(k.stmts[k.stmts.length - 1].span.start);
    return last !== undefined && enclosingDef(body, last.span.start) === def && feeding(def, [last], /^[A-Za-z_]\w*$/.test(k.name) ? [k.name] : []).includes(fixed);
  });
}
