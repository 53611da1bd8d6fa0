// Verdicts: whether a gradient check says right, off by a factor, or wrong. A hand-written gradient
// may legitimately differ from d objective / d partner by where the code puts the 1/m of an averaged
// cost, so the verdict takes the code's own convention from the run it is part of, never from names:
// - a per-example intermediate (dZ of shape (n, m), computed from data with an m axis) may carry m
//   (Coursera's ∂L/∂Z) or not (CS231n's dx /= N at the loss);
// - parameters' gradients must agree with each other: when none of them is exactly ∂J/∂W and they all
//   carry the same factor m or 1/m, the code scales them at update time (Nielsen's eta /
//   len(mini_batch)) or its cost is a sum, and that is not a finding;
// - a `*_loss(x, y)` returning (loss, dx) is exact; a backward checked as a unit (random upstream) has
//   exact input gradients, and its parameter gradients may carry the layer's 1/m.
// - code whose updates all add their gradients (`W += lr * g`, gradient ascent) maximises: the cost it
//   computed may be what it maximises (a log-likelihood, g = +∂J/∂W) or a loss it prints while
//   ascending its negative (g = −∂J/∂W); every parameter's gradient must then carry the same sign.

import type { GradientCheck } from './checker';
import { TOLERANCE } from './checker';

export type Verdict =
  | { kind: 'ok'; ratio: number }
  | { kind: 'scale'; code: 'missing-batch-mean' | 'extra-batch-mean' | 'wrong-scale'; factor: number }
  | { kind: 'wrong' }
  /**
   * Off by a size a mean of the cost averages over, other than the batch (a mean over (nY, m) with
   * `dZ2 = A2 - Y`): right only when that size is 1, which the run cannot tell from the size it chose.
   * Never a finding. Also a lone gradient from an unnamed output error off by a positive factor
   * (scaleFreeAgreement): the factor may be the loss's.
   */
  | { kind: 'sized'; size: number };

const ALTERNATIVE_TOLERANCE = 1e-9;
const isWhole = (x: number) => Math.abs(x - Math.round(x)) < 1e-6 * Math.max(1, x);
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

/** The gradient is `factor` times a ratio a correct gradient may have. */
function offBy(c: GradientCheck, factor: number): boolean {
  return c.ratio !== undefined && acceptedRatios(c).some((a) => near(c.ratio!, a * factor));
}

/** The ratios a correct gradient may have to d objective / d partner, by where the 1/m lives. */
export function acceptedRatios(c: GradientCheck): number[] {
  if (c.context === 'loss') return [1];
  if (c.context === 'seed') {
    // The seed fixes the scale; a 1/m may still be applied on the way (every parameter, or none:
    // seedAgreement below).
    const sizes = c.batch !== undefined ? [c.batch] : c.dataSizes;
    return [1, ...sizes.map((d) => 1 / d)];
  }
  if (c.batch === undefined) {
    // No batch size known by name: any axis the partner shares with the data may be the batch.
    return c.context === 'cost' ? [1, ...c.perExampleSizes] : [1];
  }
  if (c.context === 'cost') return c.perExample ? [1, c.batch] : [1];
  return c.perExample ? [1] : [1, 1 / c.batch];
}

/** The verdict of one check on its own. */
export function verdictOf(c: GradientCheck): Verdict {
  if (c.droppedAxes) return { kind: 'wrong' };
  const own = verdictOfComparison(c, c.relError, c.ratio);
  if (own.kind === 'ok') return own;
  // `w -= lr / n * dw` with dw summed over the batch: the step applies dw / n, the mean's gradient.
  if (own.kind === 'scale' && c.context === 'cost' && c.ratio !== undefined && c.stepDivisors?.some((d) => offBy(c, d))) return { kind: 'ok', ratio: c.ratio };
  // A sub-expression's derivative only excuses a gradient when it matches to rounding error (a
  // saturated sigmoid makes near-matches to 1e-7 that mean nothing).
  const exact = (a: { relError: number; ratio: number | undefined }) => a.relError < ALTERNATIVE_TOLERANCE || (a.ratio !== undefined && acceptedRatios(c).some((r) => Math.abs(a.ratio! - r) <= 1e-9 * Math.max(1, r)));
  if (c.alternatives.some(exact)) return { kind: 'ok', ratio: 1 };
  return own;
}

function verdictOfComparison(c: GradientCheck, relError: number, ratio: number | undefined): Verdict {
  if (relError < TOLERANCE) return { kind: 'ok', ratio: 1 };
  if (ratio === undefined) return { kind: 'wrong' };
  const accepted = acceptedRatios(c);
  if (accepted.some((a) => near(ratio, a))) return { kind: 'ok', ratio };
  // A backward checked as a unit, batch unknown: a parameter gradient's 1/(some size) is the layer's mean.
  if (c.context === 'unit' && c.batch === undefined && c.perExampleSizes.length === 0 && ratio > 0 && isWhole(1 / ratio)) return { kind: 'ok', ratio };
  const m = c.batch;
  if (m !== undefined && accepted.some((a) => near(ratio, a * m))) return { kind: 'scale', code: 'missing-batch-mean', factor: m };
  if (m !== undefined && accepted.some((a) => near(ratio, a / m))) return { kind: 'scale', code: 'extra-batch-mean', factor: 1 / m };
  // Another constant: relative to the accepted ratio that leaves the simplest factor (2, 1/4, -1).
  const simple = (f: number) => (isWhole(Math.abs(f)) || isWhole(1 / Math.abs(f)) ? 0 : 1);
  const score = (a: number) => simple(ratio / a) * 100 + Math.abs(Math.log(Math.abs(ratio) / a));
  const base = accepted.reduce((best, a) => (score(a) < score(best) ? a : best), accepted[0]);
  const factor = ratio / base;
  const size = (c.context === 'cost' || c.context === 'loss') && factor > 0 ? c.averagedSizes.find((d) => d !== m && (near(factor, d) || near(factor, 1 / d))) : undefined;
  if (size !== undefined) return { kind: 'sized', size };
  return { kind: 'scale', code: 'wrong-scale', factor };
}

/** A parameter's gradient checked against a cost: where the code's 1/m convention shows. */
function isParameterGradient(c: GradientCheck): boolean {
  return c.context === 'cost' && !c.perExample && (c.batch !== undefined || c.perExampleSizes.length === 0);
}

const byRun = new WeakMap<GradientCheck[], Map<GradientCheck, Verdict>>();

/** The verdict of a check within its run (the checks of one concrete run, in order). */
export function verdictIn(checks: GradientCheck[], c: GradientCheck): Verdict {
  let verdicts = byRun.get(checks);
  if (!verdicts) {
    verdicts = new Map(checks.map((k) => [k, verdictOf(k)]));
    // Parameters' gradients of one objective: uniformly scaled with none exactly right → convention.
    // Gradients that updates all add (ascent), by objective: the sign of the cost computed is the code's choice.
    const ascents = new Map<number, GradientCheck[]>();
    for (const k of checks) if (k.context === 'cost' && k.direction !== undefined) ascents.set(k.objective, [...(ascents.get(k.objective) ?? []), k]);
    for (const group of ascents.values()) ascentWithCostSign(group, verdicts);
    const groups = new Map<number, GradientCheck[]>();
    for (const k of checks) if (isParameterGradient(k)) groups.set(k.objective, [...(groups.get(k.objective) ?? []), k]);
    for (const group of groups.values()) {
      const anyRight = group.some((k) => verdicts!.get(k)!.kind === 'ok');
      const r = group[0].ratio;
      const uniform = r !== undefined && group.every((k) => k.ratio !== undefined && near(k.ratio, r));
      // The factor must be one the code could apply at update time: the batch size or its inverse
      // (unknown batch: a size of the data); a uniform × 2 is still wrong.
      const m = group[0].batch;
      const sizes = m !== undefined ? [m] : group[0].dataSizes;
      const batchFactor = r !== undefined && sizes.some((d) => near(r, d) || near(r, 1 / d));
      // One gradient alone agrees with itself: a convention needs a second one, or an update that divides.
      const corroborated = group.length >= 2 || group[0].meanAtUpdate;
      if (!anyRight && uniform && batchFactor && corroborated) for (const k of group) verdicts.set(k, { kind: 'ok', ratio: k.ratio! });
    }
    seedAgreement(checks, verdicts);
    unitAgreement(checks, verdicts);
    scaleFreeAgreement(checks, verdicts);
    byRun.set(checks, verdicts);
  }
  return verdicts.get(c) ?? verdictOf(c);
}

/**
 * Parameters' gradients of one objective in code whose updates all add them (ascent): when every one
 * of them (two at least) is exactly −1 times what `verdictOf` accepts, the code ascends the negative of
 * the cost it computed, that is it descends that cost: right. One sign against the others stays wrong.
 */
function ascentWithCostSign(group: GradientCheck[], verdicts: Map<GradientCheck, Verdict>): void {
  if (group.length < 2 || !group.every((k) => k.direction === 1 && k.ratio !== undefined && k.ratio < 0)) return;
  const flipped = group.map((k) => verdictOf({ ...k, ratio: -k.ratio!, alternatives: [] }));
  if (flipped.every((v) => v.kind === 'ok')) group.forEach((k, i) => verdicts.set(k, flipped[i]));
}

/**
 * A backward pass checked as a unit (random upstream gradient) may or may not average its parameters'
 * gradients over the batch; both are accepted. But one layer does one or the other: when a parameter's
 * gradient carries 1/m and another of the same run is exactly m times that (carries none), the code
 * itself shows the mean is meant, and the one without it is missing it.
 */
function unitAgreement(checks: GradientCheck[], verdicts: Map<GradientCheck, Verdict>): void {
  const groups = new Map<number, GradientCheck[]>();
  for (const k of checks) {
    if (k.context !== 'unit' || k.perExample || k.batch === undefined || k.ratio === undefined) continue;
    if (verdicts.get(k)!.kind !== 'ok') continue;
    groups.set(k.objective, [...(groups.get(k.objective) ?? []), k]);
  }
  for (const group of groups.values()) {
    const m = group[0].batch!;
    if (!group.some((k) => near(k.ratio!, 1 / m))) continue;
    for (const k of group) if (near(k.ratio!, 1)) verdicts.set(k, { kind: 'scale', code: 'missing-batch-mean', factor: m });
  }
}

/**
 * Checks from an output error the code does not name (checker.ts `scaleFree`): its loss may scale it
 * (½Σe² against Σe², a mean over the batch), so when every such check of an objective (two at least) is
 * the same such factor (2, 1/n, 2/n) of the derivative, that factor is the code's and they are right; a
 * lone one (the others wrong in another way, or none) is left undecided; another factor, or one against
 * the others, is still wrong.
 */
function scaleFreeAgreement(checks: GradientCheck[], verdicts: Map<GradientCheck, Verdict>): void {
  const groups = new Map<number, GradientCheck[]>();
  for (const k of checks) if (k.scaleFree) groups.set(k.objective, [...(groups.get(k.objective) ?? []), k]);
  for (const group of groups.values()) {
    // Those that are the derivative up to a factor (a gradient wrong in another way keeps its verdict,
    // and says nothing of the loss's factor).
    const scaled = group.filter((k) => k.ratio !== undefined);
    const r = scaled[0]?.ratio;
    // The factors a loss gives its error: 2 (Σe² against ½Σe²), a mean's 1/n, both.
    const sizes = group[0].batch !== undefined ? [group[0].batch] : group[0].dataSizes;
    const plain = [1, 2].flatMap((f) => [f, ...sizes.map((d) => f / d)]);
    if (r === undefined || !plain.some((p) => near(r, p)) || !scaled.every((k) => near(k.ratio!, r))) continue;
    // One gradient alone cannot tell its factor from the loss's: neither right nor a finding.
    if (scaled.length === 1 && verdicts.get(scaled[0])!.kind !== 'ok') verdicts.set(scaled[0], { kind: 'sized', size: r });
    else if (scaled.length >= 2) for (const k of scaled) verdicts.set(k, { kind: 'ok', ratio: r });
  }
}

/**
 * Seeded checks (no cost: the code's output gradient is the seed): the parameters' gradients must
 * agree on the 1/m. When a strict majority of at least two carries one factor (1 or 1/m) and another
 * gradient is off from it by exactly m, that one is missing (or doubles) the batch mean. Without a
 * known batch size, or on a tie, nothing is said.
 */
function seedAgreement(checks: GradientCheck[], verdicts: Map<GradientCheck, Verdict>): void {
  const groups = new Map<number, GradientCheck[]>();
  for (const k of checks) {
    if (k.context !== 'seed' || k.perExample || k.batch === undefined || k.ratio === undefined) continue;
    if (verdicts.get(k)!.kind !== 'ok') continue;
    groups.set(k.objective, [...(groups.get(k.objective) ?? []), k]);
  }
  for (const group of groups.values()) {
    const m = group[0].batch!;
    for (const r of [1, 1 / m]) {
      const agree = group.filter((k) => near(k.ratio!, r));
      if (agree.length < 2 || agree.length * 2 <= group.length) continue;
      for (const k of group) {
        if (near(k.ratio!, r * m)) verdicts.set(k, { kind: 'scale', code: 'missing-batch-mean', factor: m });
        else if (near(k.ratio!, r / m)) verdicts.set(k, { kind: 'scale', code: 'extra-batch-mean', factor: 1 / m });
      }
    }
  }
}

/**
 * A check through an assumed helper (its module is not beside the file: its standard definition was
 * run) may only be right, or off by the batch factor; a disagreement may be the course's own helper
 * differing from the standard one, so it decides nothing (the check is dropped: not checked).
 */
export function decidedDespiteAssumptions(c: GradientCheck, v: Verdict): boolean {
  // A dropped axis is the code's own shape, whatever the helper computes.
  if (!c.assumed || c.droppedAxes) return true;
  return v.kind === 'ok' || v.kind === 'sized' || (v.kind === 'scale' && v.code !== 'wrong-scale');
}

/**
 * A wrong-scale verdict on a cost's gradient whose factor is the value of a size the gradient's own
 * function divides by elsewhere (`loss = ... / (2 * n)`, `db = ... / n`), a size of the data, when no
 * batch size is known by name: the batch mean under the code's name for it (`n`), so the finding can
 * offer the 1/n. Exactly one such size must fit; otherwise the verdict stays as it is.
 */
export function namedBatchScale(c: GradientCheck, v: Verdict): { check: GradientCheck; verdict: Verdict } {
  if (v.kind !== 'scale' || v.code !== 'wrong-scale' || c.batch !== undefined || c.context !== 'cost') return { check: c, verdict: v };
  const sizes = (c.divisors ?? []).filter((d) => c.dataSizes.includes(d.value));
  for (const [code, fits] of [['missing-batch-mean', (d: number) => offBy(c, d)], ['extra-batch-mean', (d: number) => offBy(c, 1 / d)]] as const) {
    const hits = sizes.filter((d) => fits(d.value));
    if (hits.length === 1) return { check: { ...c, batch: hits[0].value, batchName: hits[0].name }, verdict: { kind: 'scale', code, factor: code === 'missing-batch-mean' ? hits[0].value : 1 / hits[0].value } };
  }
  return { check: c, verdict: v };
}
