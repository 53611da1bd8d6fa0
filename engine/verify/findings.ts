// From gradient checks to findings: which checks failed, which failure comes first (a gradient
// computed from a wrong one is not reported again), what kind of bug it is, and which single edits
// fix it. Every fix is re-checked by a concrete run of the same entry on the edited text; only edits
// that make the gradient right are offered. A check that could not be decided is never a finding.

import type { Stmt } from '../syntax/ast';
import type { RawFinding, RawFix } from '../checks/reporter';
import { applySpanEdits } from '../fixes/edits';
import type { DiagnosticCode } from '../diagnostics/codes';
import type { GradientCheck } from './checker';
import type { RunRecord, VerifyResult } from './verify';
import { type Verdict, namedBatchScale, verdictIn } from './verdicts';
import { type Candidate, scaleCandidates, structuralCandidates } from './candidates';
import { shapeFailureFindings } from './shapeFailures';

export interface FindingContext {
  text: string;
  /** Whether a span of the document is on a line the shape checks already reported. */
  shapeFindingAt(span: { start: number; end: number }): boolean;
  /** True once the time budget is spent: no more repair re-runs. */
  isCancelled(): boolean;
  /** The activation the forward pass applies to the gradient's partner, said as its derivative ("A1 = tanh(Z1) needs tanh′(Z1) = 1 − A1²"). */
  activationOf?(run: RunRecord, c: GradientCheck, fixTitle?: string): string | undefined;
  /** Re-runs one entry on an edited text; undefined when the edited text can't be analysed. */
  rerun(text: string, entry: string): VerifyResult | undefined;
  /** Re-runs one entry on the document with other random inputs (a second trial). */
  confirm(entry: string): VerifyResult | undefined;
}


function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const inv = 1 / x;
  if (Number.isInteger(Math.round(inv * 1e6) / 1e6)) return `1/${Math.round(inv)}`;
  return x.toPrecision(3);
}

function describe(c: GradientCheck): string {
  if (c.context === 'seed') return `the derivative of the forward pass applied to ${c.seedName}`;
  return c.context === 'unit' ? `the derivative of the forward pass` : `∂${'J'}/∂${c.partner}`;
}

/** `, run on an ELU, which inherits backward from Activation` when the layer ran as a subclass of the class defining the gradient's method. */
function inheritedVia(instanceOf: string | undefined, func: string): string {
  const own = /^(\w+)\.(\w+)$/.exec(func);
  if (!instanceOf || !own || instanceOf === own[1]) return '';
  return `, run on ${/^[AEIOU]/.test(instanceOf) ? 'an' : 'a'} ${instanceOf}, which inherits ${own[2]} from ${own[1]}`;
}

function message(c: GradientCheck, v: Verdict, code: DiagnosticCode, fixTitle: string | undefined, activation?: string, via = ''): string {
  const m = c.batchName ?? 'm';
  const seeded = c.context === 'seed' ? `, against the forward pass from ${c.seedName}: no cost is computed on its path` : '';
  const batch = c.batch === undefined ? '' : c.batchName !== undefined ? `, ${c.batchName} = ${c.batch}` : `, a batch of ${c.batch}`;
  const where = `checked numerically on random inputs${batch}${seeded}${via}`;
  if (v.kind === 'scale' && c.context === 'unit' && v.code === 'missing-batch-mean') {
    return `${c.name} is ${m} times too large: this layer's other parameter gradients divide by ${m}, so this one needs the factor 1/${m} too (${where})`;
  }
  if (v.kind === 'scale' && c.context === 'seed' && v.code !== 'wrong-scale') {
    const how = v.code === 'missing-batch-mean' ? `${m} times too large: the other parameters' gradients computed from ${c.seedName} divide by ${m}, so this one needs the factor 1/${m} too` : `${m} times too small: the other parameters' gradients computed from ${c.seedName} are not divided by ${m} twice`;
    return `${c.name} is ${how} (${where})`;
  }
  if (v.kind === 'scale') {
    if (v.code === 'missing-batch-mean') return `${c.name} is ${m} times too large: the cost averages over ${m} examples, so the gradient of ${c.partner} needs a factor 1/${m} along its path (${where})`;
    if (v.code === 'extra-batch-mean') return `${c.name} is ${m} times too small: 1/${m} is applied twice along its path from the cost (${where})`;
    if (Math.abs(v.factor + 1) < 1e-6) return `${c.name} has the wrong sign: it is −1 × ${describe(c)} (${where})`;
    return `${c.name} is ${fmt(v.factor)} × the true gradient of ${c.partner} (${where})`;
  }
  if (c.droppedAxes) {
    const shape = (d: number[]) => `(${d.join(', ')}${d.length === 1 ? ',' : ''})`;
    return `${c.name} has shape ${shape(c.value.shape)} but ${c.partner} has shape ${shape(c.truth.shape)}: the sum drops the axis of size 1, so updating ${c.partner} with it broadcasts${fixTitle ? `; fix: ${fixTitle}` : ''} (${where})`;
  }
  const err = c.relError.toExponential(1);
  const fix = fixTitle ? `; fix: ${fixTitle}` : '';
  switch (code) {
    case 'missing-transpose':
      return `${c.name} differs from the gradient of ${c.partner} (relative error ${err}); a transpose is missing — the gradient flows back through the transposed matrix${fix} (${where})`;
    case 'wrong-activation-derivative':
      return `${c.name} uses the wrong activation derivative${activation ? `: ${activation}` : ''} (relative error ${err} against the gradient of ${c.partner})${fix} (${where})`;
    case 'elementwise-vs-matmul':
      return `${c.name} mixes up an elementwise product and a matrix product (relative error ${err})${fix} (${where})`;
    case 'wrong-sum-axis':
      return `${c.name} is summed over the wrong axis (relative error ${err})${fix} (${where})`;
    case 'missing-keepdims':
      return `${c.name} needs keepdims=True to keep its value (relative error ${err})${fix} (${where})`;
    default:
      return `${c.name} disagrees with the derivative of the forward pass with respect to ${c.partner} (relative error ${err}); no single edit explains it (${where})`;
  }
}

function stmtSpan(s: Stmt) {
  if (s.kind === 'assign' || s.kind === 'augassign') return { start: s.span.start, end: s.span.end };
  return s.span;
}

export function gradientFindings(result: VerifyResult, ctx: FindingContext, budget: { reruns: number }): RawFinding[] {
  const out: RawFinding[] = [];
  const reported = new Set<string>();
  const confirmations = new Map<string, VerifyResult | undefined>();
  const failing = failingStatements(result);
  for (const run of result.runs) {
    const failedNodes = new Set<number>();
    // Nodes made on lines with a shape finding: the forward pass they feed (or the gradient computed
    // from them) is already known to be wrong, so no verdict rests on it.
    const flagged = new Set<number>();
    run.tape.nodes.forEach((n, id) => {
      if (n.file === '' && n.span && ctx.shapeFindingAt(n.span)) flagged.add(id);
    });
    // Findings no edit explained, and the lines where an edit did: one computed through such a line (a
    // time step's `dh` from the previous step's `da`) is that line's consequence, dropped at the end.
    const unexplained: { finding: RawFinding; node: number }[] = [];
    const repairedAt: Stmt[] = [];
    for (const checked of run.checks) {
      let c = checked;
      let v = verdictIn(run.checks, c);
      // Right or wrong by a size the engine chose (a mean over (nY, m)): nothing to report.
      if (v.kind === 'ok' || v.kind === 'sized') continue;
      if (run.tape.dependsOn(c.objective, flagged) || run.tape.dependsOn(c.node, flagged)) {
        failedNodes.add(c.node);
        continue;
      }
      // Computed through another line whose own gradient is wrong (a layer's weights gradient, from an
      // activation's backward that has its own finding): a consequence, reported once at its cause.
      // The same statement right for another layer (a layer class's backward, run once per layer): the
      // statement is right, what it was given is not (the mistake is before it, in another function).
      const rightElsewhere = c.func.includes('.') && run.checks.some((k) => k !== c && k.func === c.func && k.name === c.name && k.objective === c.objective && k.partnerNode !== c.partnerNode && k.stmts[k.stmts.length - 1] === c.stmts[c.stmts.length - 1] && verdictIn(run.checks, k).kind === 'ok');
      const consequence = rightElsewhere || run.tape.dependsOn(c.node, failedNodes) || computedThrough(run, c, failing);
      failedNodes.add(c.node);
      if (consequence || c.file !== '' || c.stmts.length === 0) continue;
      const stmt = c.stmts[c.stmts.length - 1];
      const key = `${stmt.span.start}`;
      if (reported.has(key)) continue;
      // A second trial on other random inputs must fail the same way (a tie at a kink, an unlucky
      // draw, must not make a finding).
      let second = confirmations.get(run.entry);
      if (!second && !confirmations.has(run.entry)) {
        second = ctx.confirm(run.entry);
        confirmations.set(run.entry, second);
      }
      const again = second && counterpart(run.checks, c, second.checks);
      const v2 = again && second && verdictIn(second.runs.find((r) => r.checks.includes(again))!.checks, again);
      if (!v2 || v2.kind === 'ok' || v2.kind !== v.kind || (v.kind === 'scale' && v2.kind === 'scale' && v.code !== v2.code)) continue;
      reported.add(key);
      ({ check: c, verdict: v } = namedBatchScale(c, v));
      let at = stmt;
      let found = repair(c, v, stmt, run, ctx, budget);
      // A gradient written in steps (dW = X.dot(dS); dW /= N; dW += 2 * reg * W): when no edit of its
      // last step makes it right, the step an edit does make right is where it goes wrong.
      // (A statement run once per iteration of a loop is one step: tried once.)
      const steps = [...new Map(c.stmts.slice(0, -1).filter((st) => st.span.start !== stmt.span.start).map((st) => [st.span.start, st])).values()];
      for (const earlier of v.kind === 'scale' ? [] : steps.reverse()) {
        if (found.length > 0) break;
        found = repair(c, v, earlier, run, ctx, budget);
        if (found.length > 0) at = earlier;
      }
      // A value the gradient reads, computed in the backward pass only (`dtanh = (1 - a_next) * da_next`):
      // when an edit of its line makes the gradient right, the mistake is there; gradients it feeds
      // are then its consequences (one finding, at the feeder).
      let fed = false;
      for (const { stmt: feeder, node } of v.kind === 'scale' ? [] : (c.feeders ?? [])) {
        if (found.length > 0) break;
        fed = reported.has(`${feeder.span.start}`);
        if (fed) break;
        found = repair(c, v, feeder, run, ctx, budget);
        if (found.length > 0) {
          at = feeder;
          failedNodes.add(node);
          const target = feeder.kind === 'assign' && feeder.targets.length === 1 ? ctx.text.slice(feeder.targets[0].span.start, feeder.targets[0].span.end) : undefined;
          if (target) c = { ...c, name: `${target} (read by ${c.name})` };
        }
      }
      if (fed) continue;
      reported.add(`${at.span.start}`);
      const code: DiagnosticCode = v.kind === 'scale' ? v.code : (found[0]?.code ?? 'gradient-mismatch');
      const fixes: RawFix[] = found.filter((f) => v.kind === 'scale' || f.code === code).map((f, i) => ({ title: f.title, edits: f.edits, certain: i === 0 }));
      const activation = code === 'wrong-activation-derivative' ? ctx.activationOf?.(run, c, fixes[0]?.title) : undefined;
      const finding: RawFinding = { code, file: '', span: stmtSpan(at), message: message(c, v, code, fixes[0]?.title, activation, inheritedVia(run.instanceOf, c.func)), fixes };
      out.push(finding);
      if (found.length > 0) repairedAt.push(at);
      else unexplained.push({ finding, node: c.node });
    }
    for (const u of unexplained) {
      if (repairedAt.length > 0 && computedAt(run, u.node, repairedAt)) out.splice(out.indexOf(u.finding), 1);
    }
  }
  out.push(...shapeFailureFindings(result, ctx, budget).filter((f) => !reported.has(`${f.span.start}`)));
  return out;
}

/**
 * The statements of the document whose gradient is wrong in some run (before a second trial confirms
 * it), with that run. Within one run, consequences are told by value (`failedNodes`): a function called
 * for several layers runs one statement right for one layer and wrong for the next.
 */
function failingStatements(result: VerifyResult): { stmt: Stmt; run: RunRecord }[] {
  const out: { stmt: Stmt; run: RunRecord }[] = [];
  for (const run of result.runs) {
    for (const k of run.checks) {
      const v = verdictIn(run.checks, k);
      if (v.kind === 'ok' || v.kind === 'sized' || k.file !== '' || k.stmts.length === 0) continue;
      out.push({ stmt: k.stmts[k.stmts.length - 1], run });
    }
  }
  return out;
}

/** Whether the check's value is computed through a statement other than its own that another run found wrong. */
function computedThrough(run: RunRecord, c: GradientCheck, failing: { stmt: Stmt; run: RunRecord }[]): boolean {
  const others = failing.filter((f) => f.run !== run && !c.stmts.some((st) => st.span.start === f.stmt.span.start)).map((f) => f.stmt);
  return others.length > 0 && computedAt(run, c.node, others);
}

/** Whether a value of the run is computed, at some step back, by one of `others` (of the document). */
function computedAt(run: RunRecord, start: number, others: Stmt[]): boolean {
  const nodes = run.tape.nodes;
  const seen = new Set<number>();
  const stack = [start];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    const node = nodes[n];
    if (n !== start && node.file === '' && node.span && others.some((f) => node.span!.start >= f.span.start && node.span!.end <= f.span.end)) return true;
    stack.push(...node.inputs);
  }
  return false;
}

/**
 * The check of another run that is this one's: the same gradient of the same function, and of those the
 * same occurrence (a layer class's backward runs once per layer: the second layer's is not the first's).
 */
function counterpart(checks: GradientCheck[], c: GradientCheck, other: GradientCheck[]): GradientCheck | undefined {
  const same = (k: GradientCheck) => k.func === c.func && k.name === c.name;
  const i = checks.filter(same).indexOf(c);
  const candidates = other.filter(same);
  return candidates[i >= 0 && i < candidates.length ? i : 0];
}

/** The single edits on the failing line that make this gradient right, verified by re-running. */
function repair(c: GradientCheck, v: Verdict, stmt: Stmt, run: RunRecord, ctx: FindingContext, budget: { reruns: number }): Candidate[] {
  const gradientName = /^[A-Za-z_]\w*$/.test(c.name) ? c.name : undefined;
  const candidates = v.kind === 'scale' ? scaleCandidates(ctx.text, stmt, c.batchName, gradientName) : structuralCandidates(ctx.text, stmt);
  const works: Candidate[] = [];
  for (const cand of candidates) {
    if (budget.reruns <= 0 || ctx.isCancelled()) break;
    budget.reruns--;
    const res = ctx.rerun(applySpanEdits(ctx.text, cand.edits), run.entry);
    const again = res && counterpart(run.checks, c, res.checks);
    if (again && res && verdictIn(res.runs.find((r) => r.checks.includes(again))!.checks, again).kind === 'ok') {
      works.push(cand);
      if (works.length >= 2) break;
    }
  }
  return works;
}
