// Watches a concrete run and checks every hand-written gradient against reverse mode. A gradient
// is a local whose name pairs it with what it differentiates (pairing.ts) or an entry of a grads
// dict; it is checked when its frame ends (or when a training loop's first iteration ends), against
// d objective / d partner, where the objective is the cost the code computed last (or, for a
// forward/backward pair checked as a unit, the sum of the output times a random upstream gradient).

import type { Expr, Stmt } from '../syntax/ast';
import { walkExpr, walkStmts } from '../syntax/walk';
import type { NDArray } from '../numeric/ndarray';
import type { Tape } from '../concrete/tape';
import type { CFrame, EvalHooks, Evaluator } from '../concrete/evaluator';
import { type CArr, type CValue, CScope, NONE } from '../concrete/values';
import { accumulatorPartner, isBatchName, isGradientDict, isObjectiveName, partnerOf, partnerOfKey, partnerOfList } from './pairing';
import { type Seed, type ErrorSeed, seedOf, errorSeedOf, readsInBackward } from './seed';
import { type StepValue, namedSteps, stepValues } from './updateSteps';
import { deltaOf } from './stepDeltas';
import { isAssumedFile } from '../concrete/assumedHelpers';
import { isCourseModuleFile } from '../concrete/courseModules';
import { type PendingFrame, costOfSameForward, pendingFrame } from './deferred';
import { accumulatesGradient } from './accumulating';
import { returnNames } from './entries';
import { WrittenShapes } from './writtenShapes';
import { divisorNames } from './divisors';
import { isEpochLoop } from './epochLoops';
import { updatesIn, type Update } from './updates';

/**
 * cost: the objective is a cost computed before (per-example intermediates may carry a factor m);
 * loss: the function computes the loss itself and returns this gradient (CS231n's `*_loss(x, y)`), exact;
 * unit: a backward checked against its forward with a random upstream gradient;
 * seed: no cost anywhere: the code's own output gradient (`dZ2 = A2 - Y`) is the upstream gradient of
 * its partner, held constant, and what is computed from it is checked against the forward pass (seed.ts).
 */
export type CheckContext = 'cost' | 'loss' | 'unit' | 'seed';

export interface GradientCheck {
  /** The gradient as written: `dW1`, `grads["W2"]`. */
  name: string;
  partner: string;
  /** Qualified name of the function whose frame computed it ('' for a module's top level). */
  func: string;
  file: string;
  /** The statements that wrote it in that frame, in order. */
  stmts: Stmt[];
  value: NDArray;
  node: number;
  truth: NDArray;
  partnerNode: number;
  objective: number;
  context: CheckContext;
  /** The batch size the cost averages over, when known, and the name the code gives it. */
  batch: number | undefined;
  batchName: string | undefined;
  /** ‖g − t‖ / (‖g‖ + ‖t‖). */
  relError: number;
  /** g ≈ ratio · t when g is proportional to the truth. */
  ratio: number | undefined;
  /** The partner has the batch axis (known by name) and is data or computed from data that has it (Z1, not W1). */
  perExample: boolean;
  /** The partner's axis sizes it shares with the data it comes from (any of them may be the batch). */
  perExampleSizes: number[];
  /** Axis sizes of the arrays the objective is computed from, other than the partner's own. */
  dataSizes: number[];
  /** Sizes of the axes a mean on the objective's path averages over (`np.mean` of an (nY, m) array: nY, m). */
  averagedSizes: number[];
  /** Names the gradient's own frame gives values (derivations show these first: AL, not A). */
  localNames: Map<number, string>;
  /**
   * The code divides by the batch where it updates (`eta / len(mini_batch)`, `lr * dW / m`): a lone
   * parameter gradient that is m times ∂J/∂W may be the code's convention.
   */
  meanAtUpdate: boolean;
  /**
   * Statements of the gradient's frame that computed values its own statements read and that the
   * objective does not depend on (backward-only intermediates: `dtanh = (1 - a ** 2) * da` read by
   * `dxt = Wax.T @ dtanh`), nearest first: where a failure no edit of the gradient's own lines repairs
   * may be repaired (findings.ts).
   */
  feeders?: { stmt: Stmt; node: number }[];
  /** Sizes the update that applies the gradient divides its step by (`w -= lr / n * dw`: n's value). */
  stepDivisors?: number[];
  /** Names the gradient's frame divides by somewhere (`/ (2 * n)`), with their values (divisors.ts). */
  divisors?: { name: string; value: number }[];
  /** For a seeded check: the gradient the code starts its backward pass from (`dZ2`). */
  seedName?: string;
  /**
   * Checked from an output error the code does not name (seed.ts errorSeedOf): its loss may scale it
   * (½Σe², Σe², a mean), so a positive factor common to the gradient is the code's convention.
   */
  scaleFree?: boolean;
  /**
   * The gradient or the truth it is compared with passes through a helper whose module is not beside
   * the file, run with its standard definition (concrete/assumedHelpers.ts): decidedDespiteAssumptions.
   */
  assumed?: boolean;
  /** The gradient has the right values but its parameter's axes of size 1 dropped (a sum without keepdims). */
  droppedAxes?: boolean;
  /** The same comparison against the derivatives of sub-expressions of the partner's line. */
  alternatives: { relError: number; ratio: number | undefined }[];
  /**
   * The frame's parameter updates all add their gradients (`W += lr * g`: ascent) or all subtract them
   * (descent), read from its text (updates.ts); undefined when mixed or none.
   */
  direction?: 1 | -1;
}

export const TOLERANCE = 1e-7;

/** A learning rate divided by a batch size, or a gradient divided by one where it is applied. */
const MEAN_AT_UPDATE = /\b(eta|lr|alpha|learning_rate|step_size|rate)\s*\/\s*(len\(|m\b|N\b|n\b|batch_size|n_samples|num_examples|num_train)|\b(-=|\+=)\s*[^\n]*\/\s*(len\(|m\b|N\b|batch_size|n_samples)/;

/** MEAN_AT_UPDATE on a unit's text, once per text (every check of a run asks about the same text; a 10,000-line file spent 12 % of its analysis here). */
let meanAtUpdateMemo: { text: string; found: boolean } | undefined;
function meanAtUpdateIn(text: string): boolean {
  if (meanAtUpdateMemo?.text !== text) meanAtUpdateMemo = { text, found: MEAN_AT_UPDATE.test(text) };
  return meanAtUpdateMemo.found;
}

/** The whole size (> 1) a name of the frame holds (`n` of `n, d = X.shape`). */
function sizeHeld(frame: CFrame, name: string): number | undefined {
  const v = frame.scope.vars.get(name);
  return v?.t === 'num' && v.int && v.v > 1 ? v.v : undefined;
}

/** The whole sizes a frame's body divides by, by the names it holds them in. */
function divisorValues(frame: CFrame): { name: string; value: number }[] {
  return [...divisorNames(frame.func ? frame.func.def.body : frame.unit.module.body)].flatMap((name) => {
    const value = sizeHeld(frame, name);
    return value === undefined ? [] : [{ name, value }];
  });
}

/** The whole sizes the update applying a gradient divides its step by (`w -= lr / n * dw`). */
function stepDivisors(update: Update | undefined, frame: CFrame): number[] {
  return (update?.divisors ?? []).flatMap((d) => sizeHeld(frame, d) ?? []);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** `t` is `g` with axes of 1 in front: (n,) against (1, n), which broadcasting gives back. */
function leadingUnitAxes(g: number[], t: number[]): boolean {
  const lead = t.length - g.length;
  return lead > 0 && g.length > 0 && t.slice(0, lead).every((d) => d === 1) && g.every((d, i) => d === t[lead + i]);
}

/** Whether `g` is `t` without its axes of size 1 (and t has some). */
function droppedUnitAxes(g: number[], t: number[]): boolean {
  const kept = t.filter((d) => d !== 1);
  return t.length > g.length && kept.length === g.length && kept.every((d, i) => d === g[i]) && g.length > 0;
}

export function relativeError(g: Float64Array, t: Float64Array, scale = 1): number {
  let diff = 0;
  let ng = 0;
  let nt = 0;
  for (let i = 0; i < g.length; i++) {
    diff += (g[i] - scale * t[i]) ** 2;
    ng += g[i] ** 2;
    nt += (scale * t[i]) ** 2;
  }
  const denom = Math.sqrt(ng) + Math.sqrt(nt);
  return denom < 1e-300 ? 0 : Math.sqrt(diff) / denom;
}

/** What a check of a step's gradient or delta shares with the frame's other checks. */
type StepBase = Omit<Parameters<GradientChecker['checkOne']>[0], 'name' | 'partner' | 'stmts' | 'context'>;

export class GradientChecker implements EvalHooks {
  ev!: Evaluator;
  readonly checks: GradientCheck[] = [];
  /** Set for a unit check of a forward/backward pair: Σ out ⊙ upstream. */
  pinned: number | undefined;
  /**
   * The gradient the backward pass starts from, when the run supplies it (a unit's random upstream
   * gradient): a value that does not depend on it (`dtanh = 1 - tanh**2`, a local derivative computed
   * from the forward value alone) is not a gradient of the objective, whatever its name.
   */
  upstream: number | undefined;
  /** Further upstream gradients a unit's backward pass takes (an LSTM step's dnext_h and dnext_c). */
  moreUpstreams: number[] = [];
  /** The seed computed again by the same subtraction (seed.ts ErrorSeed.twins): as much the seed as `upstream`. */
  private upstreamTwins: readonly number[] = [];
  /** Called when the document's code assigns a gradient-named array (a single function's backward part begins). */
  onGradientWritten: (() => void) | undefined;
  /** Inputs whose shape the code states (concretize.ts): a parameter's shape the checker can trust. */
  statedInputs: Set<number> = new Set();
  /** Batch size known from the concretised inputs (dimensions labelled m, N, ...). */
  batchHint: number | undefined;
  private objective: number | undefined;
  private version = 0;
  /** Per frame and loop (a training loop may hold a loop over layers): the objective's version when its iteration started. */
  /** When each frame's loop began its current iteration: the objective's version and how many checks there were. */
  private iterationStarts = new WeakMap<CFrame, Map<Stmt, { version: number; checks: number }>>();
  /**
   * Every value a name held, in order, with the frame that gave it the name; `passed`: the value a
   * function was passed in a parameter it later rebinds.
   */
  private registry = new Map<string, { node: number; frame: CFrame; passed?: boolean }[]>();

  /** The values a name held, oldest first. */
  private history(name: string): number[] {
    return (this.registry.get(name) ?? []).map((e) => e.node);
  }
  /** Forward values by tape node: the name the code gave them and the statement that did (derivations). */
  readonly named = new Map<number, { name: string; stmt: Stmt; file: string; isParam: boolean; rank: number }>();
  private seen = new WeakSet<object>();
  private aborted = new WeakSet<CFrame>();
  private leavesOfObjective = new Map<number, number[]>();
  /** Statements (document offsets) whose gradient value was checked, here or in the frame that computed it. */
  readonly coveredStmts = new Set<number>();
  /** Document statements whose value is another name's checked value (`dW1 = grads["W1"]`'s source, a callee's result), with that check. */
  readonly coveredBy = new Map<number, { stmt: Stmt; check: GradientCheck }>();
  /** Names of functions whose frames ran to their end (coverage, for choosing entries). */
  readonly ranToEnd = new Set<string>();

  /** Checks that disagree in a callee on a value several calls use (see finish()). */
  private partial = new Set<GradientCheck>();
  private callCounts = new Map<string, number>();

  /**
   * At the end of a run: a function called again and again on one value (an RNN step on shared
   * weights, on the previous hidden state) computes in each call only that call's share of the
   * value's gradient, so its disagreeing checks decide nothing (its own unit run checks it).
   */
  finish(): void {
    const kept = this.checks.filter((k) => !(this.partial.has(k) && (this.callCounts.get(k.func) ?? 0) >= 2));
    this.checks.splice(0, this.checks.length, ...kept);
  }

  frameExit(frame: CFrame): void {
    const fname = frame.func?.qualname ?? '';
    this.callCounts.set(fname, (this.callCounts.get(fname) ?? 0) + 1);
    this.noteObjective(frame);
    this.checkFrame(frame);
    for (const [name, stmts] of frame.assigned) {
      const v = frame.scope.vars.get(name);
      const node = nodeOf(v);
      if (node === undefined) continue;
      this.register(name, node, frame);
      this.nameNode(node, name, stmts[stmts.length - 1], frame.unit.file, false);
    }
    // Parameters name their values too (X in nn_model), with the def as their statement.
    for (const p of frame.func?.def.params ?? []) {
      const node = nodeOf(frame.scope.vars.get(p.name));
      if (node === undefined || !frame.func) continue;
      this.nameNode(node, p.name, frame.func.def, frame.unit.file, true);
      if (!this.history(p.name).includes(node)) this.register(p.name, node, frame);
    }
    this.ranToEnd.add(fname);
  }

  /** Shapes the run's assignments in the document wrote (writtenShapes.ts), when `recordsWrites` (someone wants them). */
  readonly written = new WrittenShapes();
  recordsWrites = false;

  wrote(frame: CFrame, target: Expr, shape: readonly number[], stmt: Stmt): void {
    if (this.recordsWrites && frame.unit.file === '') this.written.record(target, shape, stmt);
  }

  assigned(frame: CFrame, name: string, value: CValue, stmt: Stmt): void {
    if (this.onGradientWritten && frame.unit.file === '' && partnerOf(name) !== undefined && value.t === 'arr') this.onGradientWritten();
    const node = nodeOf(value);
    if (node === undefined) return;
    this.noteStepPartner(frame, name);
    // A cost computed before the backward pass is called (`loss = ...; dW, db = self.backward(T)`):
    // the objective the callee's gradients are checked against when its frame ends.
    const cost = isObjectiveName(name) ? scalarNode(value) : undefined;
    if (cost !== undefined && cost !== this.objective) {
      this.objective = cost;
      this.version++;
    }
    // The history of every name, so a parameter updated later in a training loop's body can still be
    // paired with the value the cost was computed from.
    this.register(name, node, frame);
    this.nameNode(node, name, stmt, frame.unit.file, false);
  }

  updatingInPlace(frame: CFrame, name: string, before: CValue): void {
    // The value a parameter held before its update (a snippet's free `W1`, never assigned) stays in
    // its name's history, so its gradient still pairs with the value the forward pass used.
    const node = nodeOf(before);
    // An item of a list the object keeps (`self.W[k] -= ...`) pairs as `W[k]`.
    if (node !== undefined) this.register(name.replace(/^self\.(?=\w+\[\d+\]$)/, ''), node, frame);
  }

  rebindingParameter(frame: CFrame, name: string, passed: CValue): void {
    // `x = x.reshape(size).T` in a forward pass: dx is the gradient of the x it was passed.
    const node = nodeOf(passed);
    if (node !== undefined) this.register(name, node, frame, true);
  }

  frameAbort(frame: CFrame, midway: boolean): void {
    // The run stopped inside this frame (a later line fails on random inputs, or is not modelled):
    // the gradients it finished are still checked. One the code still writes after the point where the
    // run stopped, or inside a loop it stopped in (`dWxh += ...` over time steps), is not finished.
    if (this.aborted.has(frame)) return;
    this.aborted.add(frame);
    this.unfinished = midway ? unfinishedIn(frame) : undefined;
    try {
      this.checkFrame(frame);
    } finally {
      this.unfinished = undefined;
    }
  }

  /** While checking a frame the run stopped in: whether the code still writes this name after the stop. */
  private unfinished: ((name: string) => boolean) | undefined;

  /**
   * Per frame, a backward pass through time's bookkeeping (itemRead, noteStepPartner): the item last read
   * of each list it names in the current iteration; for a list of per-step values (`h`, a forward pass's
   * `h_s`), the item the latest assignment of its gradient read (`dh = ...` after `h[t + 1]` pairs with that
   * step's h, not the name's latest value elsewhere: findPartner); the partners of gradients it assigned
   * inside its loops; and whether it reads items of lists it was passed (it is a pass through time).
   */
  private steps = new WeakMap<CFrame, { read: Map<string, number>; partners: Map<string, number>; inLoops: Set<string>; passedLists: boolean }>();

  private stepsOf(frame: CFrame) {
    let s = this.steps.get(frame);
    if (!s) this.steps.set(frame, (s = { read: new Map(), partners: new Map(), inLoops: new Set(), passedLists: false }));
    return s;
  }

  itemRead(frame: CFrame, list: string, item: CValue): void {
    const node = nodeOf(item);
    if (node === undefined) return;
    const s = this.stepsOf(frame);
    if (frame.func?.def.params.some((p) => p.name === list)) s.passedLists = true;
    s.read.set(list, node);
  }

  private noteStepPartner(frame: CFrame, gradient: string): void {
    const partner = partnerOf(gradient);
    if (partner === undefined) return;
    const inLoop = frame.running !== undefined && frame.running.length > 0;
    const isList = frame.scope.vars.get(partner)?.t === 'list';
    if (!inLoop && !isList) return;
    const s = this.stepsOf(frame);
    if (inLoop) s.inLoops.add(partner);
    if (!isList) return;
    const read = s.read.get(partner);
    if (read !== undefined) s.partners.set(partner, read);
    else s.partners.delete(partner);
  }

  iterationStart(frame: CFrame, loop: Stmt): void {
    this.steps.get(frame)?.read.clear();
    this.noteObjective(frame);
    let starts = this.iterationStarts.get(frame);
    if (!starts) this.iterationStarts.set(frame, (starts = new Map()));
    starts.set(loop, { version: this.version, checks: this.checks.length });
  }

  iterationEnd(frame: CFrame, loop: Stmt): boolean {
    // A backward pass through time that adds to its cost as it goes: nothing is final yet (accumulating.ts).
    if (accumulatesGradient(loop)) return false;
    // A cost computed in this frame's loop body (a script's training loop) counts too.
    this.noteObjective(frame);
    const start = this.iterationStarts.get(frame)?.get(loop);
    if (start === undefined) return false;
    const before = start.version;
    // A loss function summing its cost over examples (`loss += ...` in the loop, `return loss, dW`):
    // the cost is not complete until the loop ends, so its gradients are checked when the frame ends.
    if (accumulatesReturnedCost(frame, loop)) return false;
    if (before === this.version) {
      // No cost in this iteration. A training loop of code with no cost anywhere (or one printed only
      // on some iterations) updates a parameter after computing its gradient: checked from the seed,
      // once, like an iteration that computed a cost.
      // The functions this epoch called checked their gradients (`nn.feedforward(); nn.backprop()` over
      // 1,500 epochs): the next epochs would repeat them (epochLoops.ts; a loop over layers goes on).
      if (isEpochLoop(loop) && this.checks.length > start.checks) return true;
      if (this.objective !== undefined || this.pinned !== undefined || !(updatesAfterGradient(frame) || this.appliedSteps(frame, true).length > 0)) return false;
      const n = this.checks.length;
      this.checkFrame(frame);
      return this.checks.length > n;
    }
    // A cost was computed in this iteration: a training loop. Check what this frame computed, and
    // stop once the iteration has checked something (the next iterations would repeat it).
    this.checkFrame(frame);
    // A cost evaluated again after the gradients were checked (training goes on, or a numerical
    // gradient check loops over parameters): nothing new will be checked, stop too.
    return this.checks.length > 0;
  }

  private noteObjective(frame: CFrame): void {
    const fname = frame.func?.def.name ?? '';
    let node: number | undefined;
    for (const [name] of frame.assigned) {
      if (!isObjectiveName(name)) continue;
      const n = scalarNode(frame.scope.vars.get(name));
      if (n !== undefined) node = n;
    }
    if (node === undefined && /cost|loss/i.test(fname)) {
      const r = frame.returnValue;
      node = scalarNode(r.t === 'tuple' ? r.items[0] : r);
    }
    if (node !== undefined && node !== this.objective) {
      this.objective = node;
      this.version++;
      this.checkPending(node);
    }
  }

  /** Frames that ended with gradients before any cost was computed (deferred.ts). */
  private pending: PendingFrame[] = [];
  /**
   * While checking a pending frame: partners must be nodes made before it ended, and ones the frame
   * itself sees (a local, an attribute of self), never another frame's name (the training method's `h`
   * is not what a backward pass's `dh` differentiates).
   */
  private partnerBefore: number | undefined;

  private checkPending(objective: number): void {
    const pending = this.pending;
    this.pending = [];
    for (const p of pending) {
      if (!costOfSameForward(p, this.ev.tape, objective)) continue;
      this.partnerBefore = p.end;
      try {
        this.checkFrameAgainst(p.frame, objective, undefined, undefined);
      } finally {
        this.partnerBefore = undefined;
      }
    }
  }

  /** GradientCheck.feeders: one level back from the gradient's statements, at most three. */
  private feeders(c: Pick<GradientCheck, 'name' | 'stmts' | 'objective'>, frame: CFrame): { stmt: Stmt; node: number }[] {
    const last = c.stmts[c.stmts.length - 1];
    if (!last || frame.unit.file !== '') return [];
    const out: { stmt: Stmt; node: number }[] = [];
    for (const name of namesRead(c.stmts)) {
      if (name === c.name) continue;
      const written = (frame.assigned.get(name) ?? []).filter((st) => st.span.start < last.span.start);
      const node = nodeOf(frame.scope.vars.get(name));
      const at = written[written.length - 1];
      if (!at || node === undefined || this.ev.tape.nodes[node].inputs.length === 0) continue;
      if (this.ev.tape.dependsOn(c.objective, new Set([node]))) continue;
      out.push({ stmt: at, node });
    }
    return out.sort((a, b) => b.stmt.span.start - a.stmt.span.start).slice(0, 3);
  }

  private localObjective(frame: CFrame): number | undefined {
    let node: number | undefined;
    for (const [name] of frame.assigned) if (isObjectiveName(name)) node = scalarNode(frame.scope.vars.get(name)) ?? node;
    return node;
  }

  private batchSize(frame: CFrame): { batch: number | undefined; batchName: string | undefined } {
    const frames = [frame, ...[...this.ev.stack].reverse()];
    for (const f of frames) {
      for (const [name, v] of f.scope.vars) if (isBatchName(name) && v.t === 'num' && v.int && v.v > 1) return { batch: v.v, batchName: f === frame ? name : undefined };
    }
    return { batch: this.batchHint, batchName: undefined };
  }

  private checkFrame(frame: CFrame): void {
    const local = this.localObjective(frame);
    const costly = this.pinned ?? local ?? this.objective;
    // No cost anywhere: the code's own output gradient, if this frame computes one, is the seed.
    const seed: Seed | undefined = costly === undefined ? (seedOf(this.ev, frame, (n) => this.history(n)) ?? this.errorSeed(frame)) : undefined;
    const objective = costly ?? seed?.objective;
    if (objective === undefined) {
      // Gradients returned to a caller that computes the cost afterwards: checked then (deferred.ts).
      const p = this.unfinished === undefined && frame.unit.file === '' && frame.func ? pendingFrame(frame, this.ev.tape) : undefined;
      if (p) this.pending.push(p);
      return;
    }
    const saved = this.upstream;
    const savedTwins = this.upstreamTwins;
    if (seed) {
      this.upstream = seed.node;
      this.upstreamTwins = 'twins' in seed ? (seed as ErrorSeed).twins : [];
    }
    try {
      if (seed && 'alternatives' in seed) this.checkEachReading(frame, seed as ErrorSeed);
      else this.checkFrameAgainst(frame, objective, local, seed);
    } finally {
      this.upstream = saved;
      this.upstreamTwins = savedTwins;
    }
  }

  /** Calls of a function (or runs of a module's top level) that applied steps and searched for an output error. */
  private readonly errorSeedSearches = new Map<object, number>();

  /** The code's unnamed output error (`targets[k] - out`) as the seed, when the gradients its updates apply come from one (seed.ts). */
  private errorSeed(frame: CFrame): ErrorSeed | undefined {
    // A function searched in four of its calls (a training loop calling it 1,500 times; two layers of one
    // class over two examples) has shown what it does: later calls repeat it, and each search costs the
    // whole, growing tape.
    const code = frame.func?.def ?? frame.unit.module;
    const searched = this.errorSeedSearches.get(code) ?? 0;
    if (searched >= 4) return undefined;
    const applied = this.appliedSteps(frame, true);
    // No update here: lists of per-layer gradients the frame fills (Nielsen's backprop returns nabla_b, nabla_w).
    const listed = applied.length === 0 ? this.listGradients(frame) : undefined;
    const steps = listed?.steps ?? applied;
    if (steps.length === 0) return undefined;
    this.errorSeedSearches.set(code, searched + 1);
    const seed = errorSeedOf(this.ev, steps.map((s) => s.value.node), listed?.params ?? this.paramsOf(frame, steps));
    const span = seed && this.ev.tape.nodes[seed.node].span;
    return seed && span ? { ...seed, name: frame.unit.text.slice(span.start, span.end) } : seed;
  }

  /**
   * The step terms the frame executed (and the steps applied by name, `named`) whose parameter they are
   * computed from (its forward pass read it):
   * an accumulated error (`err_sum += np.sum(...)`) is no parameter's gradient.
   */
  private appliedSteps(frame: CFrame, named: boolean): StepValue[] {
    const steps = named ? [...stepValues(this.ev, frame), ...namedSteps(frame)] : stepValues(this.ev, frame);
    return steps.filter((s) => this.ev.tape.dependsOn(s.value.node, this.paramsOf(frame, [s])));
  }

  /**
   * The items of the frame's lists of per-layer gradients (`nabla_w[k]`) whose partner list (`self.weights`)
   * holds, at the same place, an array the item is computed from: as steps, with every value the partner items held.
   */
  private listGradients(frame: CFrame): { steps: StepValue[]; params: Set<number> } | undefined {
    const steps: StepValue[] = [];
    const params = new Set<number>();
    const selfObj = frame.scope.vars.get('self');
    for (const [name, stmts] of frame.assigned) {
      const v = frame.scope.vars.get(name);
      const partner = v?.t === 'list' ? partnerOfList(name) : undefined;
      if (!partner || v?.t !== 'list') continue;
      const list = frame.scope.vars.get(partner) ?? (selfObj?.t === 'object' ? selfObj.attrs.get(partner) : undefined);
      if (list?.t !== 'list' || list.items.length !== v.items.length) continue;
      v.items.forEach((g, i) => {
        const p = nodeOf(list.items[i]);
        if (g.t !== 'arr' || p === undefined || !this.ev.tape.dependsOn(g.node, new Set([p, ...this.history(`${partner}[${i}]`)]))) return;
        params.add(p);
        steps.push({ name: `${name}[${i}]`, partner: `${partner}[${i}]`, stmt: (frame.assigned.get(`${name}[${i}]`) ?? stmts).slice(-1)[0], value: g });
      });
    }
    return steps.length > 0 ? { steps, params } : undefined;
  }

  /** Every value the parameters the steps update held (the forward pass read one of them). */
  private paramsOf(frame: CFrame, steps: StepValue[]): Set<number> {
    const params = new Set<number>();
    const selfObj = frame.scope.vars.get('self');
    for (const s of steps) {
      for (const n of this.history(s.partner)) params.add(n);
      const attr = /^self\.(\w+)$/.exec(s.partner);
      const now = nodeOf(attr ? (selfObj?.t === 'object' ? selfObj.attrs.get(attr[1]) : undefined) : frame.scope.vars.get(s.partner));
      if (now !== undefined) params.add(now);
    }
    return params;
  }

  /**
   * With a seed, before the gradients: the delta each weight gradient an update applies multiplies in
   * (`np.outer(h, out_delta)`, `X.T @ hidden_error`), at the forward product it differentiates
   * (stepDeltas.ts), so a wrong derivative is reported on the delta's line and the gradient is its consequence.
   */
  private checkDeltas(frame: CFrame, base: StepBase): void {
    const steps = [...this.appliedSteps(frame, true), ...this.namedGradients(frame)];
    const params = this.paramsOf(frame, steps);
    for (const s of steps) {
      const d = this.upstream !== undefined ? deltaOf(this.ev, frame, s, params, this.upstream) : undefined;
      if (d && !this.checks.some((k) => k.node === d.value.node)) this.checkOne({ ...base, context: 'seed', name: d.name, partner: d.atText, stmts: d.stmts }, d.value, frame, d.at);
    }
  }

  /** The frame's gradients named by the field's convention (`grad_W1` ↔ W1) whose parameter it updated. */
  private namedGradients(frame: CFrame): StepValue[] {
    const out: StepValue[] = [];
    for (const [name, stmts] of frame.assigned) {
      const partner = partnerOf(name);
      const v = frame.scope.vars.get(name);
      const updated = partner !== undefined && (frame.assigned.has(partner) || frame.assigned.has(`self.${partner}`));
      if (updated && v?.t === 'arr') out.push({ name, partner: frame.assigned.has(partner!) ? partner! : `self.${partner}`, stmt: stmts[stmts.length - 1], value: v });
    }
    return out;
  }

  /** With a seed: the gradients the updates apply without naming them (`self.w += lr * np.outer(h, delta)`, a velocity's term). */
  private checkTerms(frame: CFrame, base: StepBase): void {
    for (const s of this.appliedSteps(frame, false)) {
      if (!this.checks.some((k) => k.node === s.value.node)) this.checkOne({ ...base, context: 'seed', name: s.name, partner: s.partner, stmts: [s.stmt] }, s.value, frame);
    }
  }

  /**
   * An unnamed seed may be the gradient of the output or of what its activation was applied to: the
   * frame is checked against each reading, the one under which most gradients are right is kept, and a
   * gradient wrong there but right under another reading is left unchecked.
   */
  private checkEachReading(frame: CFrame, seed: ErrorSeed): void {
    const before = this.checks.length;
    const readings: GradientCheck[][] = [];
    for (const objective of [seed.objective, ...seed.alternatives]) {
      this.checkFrameAgainst(frame, objective, undefined, { ...seed, objective });
      readings.push(this.checks.splice(before));
    }
    // Right, or right up to a factor (the batch's 1/n the code divides by): the verdicts judge the factor.
    const right = (c: GradientCheck) => c.relError < TOLERANCE || (c.ratio !== undefined && c.ratio > 0);
    const score = (r: GradientCheck[]) => r.filter(right).length;
    const best = readings.reduce((a, b) => (score(b) > score(a) ? b : a));
    const kept = best.filter((c) => right(c) || !readings.some((r) => r.some((k) => k.node === c.node && right(k))));
    for (const c of kept) c.scaleFree = true;
    this.checks.push(...kept);
  }

  private checkFrameAgainst(frame: CFrame, objective: number, local: number | undefined, seed: Seed | undefined): void {
    const returned = new Set<CValue>();
    const r = frame.returnValue;
    for (const x of r.t === 'tuple' ? r.items : [r]) returned.add(x);
    const localNames = new Map<number, string>();
    for (const [name, val] of frame.scope.vars) {
      const node = nodeOf(val);
      // A later binding names it better than the parameter it came in as (`Z = cache` over `cache`).
      if (node !== undefined) localNames.set(node, name);
    }
    const updates = updatesIn(frame.func ? frame.func.def.body : frame.unit.module.body);
    const base = { func: frame.func?.qualname ?? '', file: frame.unit.file, objective, localNames, ...this.batchSize(frame), divisors: divisorValues(frame), ...(seed ? { seedName: seed.name } : {}), ...(updates.direction ? { direction: updates.direction } : {}) };
    if (seed) this.checkDeltas(frame, base);
    // Named gradients first: a dict of them (`grads = {'W1': dW1}`) then covers their lines.
    const order = [...frame.assigned].sort((a, b) => Number(isGradientDict(a[0])) - Number(isGradientDict(b[0])));
    for (const [name, stmts] of order) {
      if (this.unfinished?.(name)) continue;
      // `self.dW = ...`: a gradient kept on the object, paired with `self.W`.
      const attr = /^self\.(\w+)$/.exec(name);
      const selfObj = frame.scope.vars.get('self');
      // `self.grads["W"] = ...` (a layer keeping its gradients in a dict on self), paired with the key's parameter.
      const keyed = /^self\.(\w+)\[(".*")\]$/.exec(name);
      if (keyed) {
        const holder = selfObj?.t === 'object' ? selfObj.attrs.get(keyed[1]) : undefined;
        const key = JSON.parse(keyed[2]) as string;
        const entry = holder?.t === 'dict' && isGradientDict(keyed[1]) ? holder.map.get(`s:${key}`) : undefined;
        const context: CheckContext = seed ? 'seed' : this.pinned !== undefined ? 'unit' : 'cost';
        if (entry?.t === 'arr') this.checkOne({ ...base, context, name, partner: partnerOfKey(key), stmts }, entry, frame);
        continue;
      }
      // `loss_weights[l] = ...`: an item of a list of per-layer gradients, paired with the same item of its partner list.
      const item = /^(\w+)\[(\d+)\]$/.exec(name);
      if (item) {
        const list = frame.scope.vars.get(item[1]);
        const partner = partnerOfList(item[1]);
        const entry = list?.t === 'list' ? list.items[Number(item[2])] : undefined;
        const context: CheckContext = seed ? 'seed' : this.pinned !== undefined ? 'unit' : 'cost';
        if (partner && entry?.t === 'arr') this.checkOne({ ...base, context, name, partner: `${partner}[${item[2]}]`, stmts }, entry, frame);
        continue;
      }
      const v = attr ? (selfObj?.t === 'object' ? selfObj.attrs.get(attr[1]) : undefined) : frame.scope.vars.get(name);
      if (!v) continue;
      if (attr) {
        const partner = partnerOf(attr[1]);
        const context: CheckContext = seed ? 'seed' : this.pinned !== undefined ? 'unit' : 'cost';
        if (partner && v.t === 'arr') this.checkOne({ ...base, context, name, partner, stmts }, v, frame);
        continue;
      }
      const context: CheckContext = seed ? 'seed' : this.pinned !== undefined ? 'unit' : local !== undefined && returned.has(v) ? 'loss' : 'cost';
      // `dW, db = self.backward(T)`: lists of per-layer gradients, each item paired with the same item of its partner list.
      const listPartner = v.t === 'list' ? partnerOfList(name) : undefined;
      if (listPartner && v.t === 'list') {
        v.items.forEach((x, i) => {
          // Placed at the statement that wrote the item (`dW[k] = ...`) when this frame wrote it.
          if (x.t === 'arr') this.checkOne({ ...base, context, name: `${name}[${i}]`, partner: `${listPartner}[${i}]`, stmts: frame.assigned.get(`${name}[${i}]`) ?? stmts }, x, frame);
        });
        continue;
      }
      // A gradient the frame's own update applies (`W2 += learning_rate * gW2`, `self.weights -= lr * dw`)
      // pairs with its parameter, whatever its name, unless its name's partner is a value of the run.
      const named = camelPartner(partnerOf(name), frame) ?? accumulatorPartner(name, stmts[0]);
      const partner = (named !== undefined && this.registry.has(named) ? named : updates.byGradient.get(name)?.partner) ?? named;
      if (partner && v.t === 'arr') this.checkOne({ ...base, context, name, partner, stmts, stepDivisors: stepDivisors(updates.byGradient.get(name), frame) }, v, frame);
      if (isGradientDict(name) && v.t === 'dict') {
        for (const [key, entry] of v.map) {
          if (!key.startsWith('s:') || entry.t !== 'arr') continue;
          const k = key.slice(2);
          const written = frame.assigned.get(`${name}[${JSON.stringify(k)}]`) ?? stmts;
          this.checkOne({ ...base, context: seed ? 'seed' : 'cost', name: `${name}[${JSON.stringify(k)}]`, partner: partnerOfKey(k), stmts: written }, entry, frame);
        }
      }
    }
    // With a seed: the gradients the updates apply without naming them (`self.w += lr * np.outer(h, delta)`, a velocity's term).
    if (seed) this.checkTerms(frame, base);
  }

  /**
   * A gradient a backward function returns without naming it: checked like a local `name` of that
   * function, paired with `input`, on the return statement (the function's frame has ended).
   */
  checkReturned(unit: CFrame['unit'], name: string, partner: string, input: CArr, value: CArr, stmts: Stmt[], func: string): void {
    if (this.checks.some((k) => k.node === value.node)) return;
    const objective = this.pinned;
    if (objective === undefined) return;
    const scope = new CScope(undefined);
    scope.vars.set(partner, input);
    scope.vars.set(name, value);
    const frame: CFrame = { unit, scope, func: undefined, assigned: new Map([[name, stmts]]), exit: undefined, returnValue: NONE, instance: -1 };
    const base = { func, file: unit.file, objective, localNames: new Map<number, string>(), ...this.batchSize(frame) };
    this.checkOne({ ...base, context: 'unit', name, partner, stmts }, value, frame);
  }

  private checkOne(
    c: Pick<GradientCheck, 'name' | 'partner' | 'stmts' | 'func' | 'file' | 'objective' | 'context' | 'batch' | 'batchName' | 'divisors' | 'stepDivisors' | 'localNames' | 'seedName' | 'direction'>,
    v: CArr,
    frame: CFrame,
    /** The partner's node when the tape, not a name, gives it (stepDeltas.ts). */
    at?: number,
  ): void {
    if (this.seen.has(v) && this.checks.some((k) => k.node === v.node && !this.partial.has(k))) {
      // The same value, computed and checked in a callee (dZ = relu_backward(dA, cache)): covered.
      const by = this.checks.find((k) => k.node === v.node && !this.partial.has(k));
      if (c.file === '') for (const st of c.stmts) {
        this.coveredStmts.add(st.span.start);
        if (by && !this.coveredBy.has(st.span.start)) this.coveredBy.set(st.span.start, { stmt: st, check: by });
      }
      return;
    }
    if (this.upstream !== undefined && !this.ev.tape.dependsOn(v.node, new Set([this.upstream, ...this.upstreamTwins, ...(c.context === 'seed' ? [] : this.moreUpstreams)]))) return;
    // The seed itself is the code's choice of objective: nothing to check it against.
    if (c.context === 'seed' && (v.node === this.upstream || this.upstreamTwins.includes(v.node))) return;
    // A cost computed after the gradient was applied (an epoch's evaluation after its minibatch updates)
    // depends on the gradient itself, through the update: it is not the cost this is the gradient of.
    // (A gradient that is an input itself, `dx = dout`, is what a unit's objective is made from: not that.)
    if (this.ev.tape.nodes[v.node].inputs.length > 0 && this.ev.tape.dependsOn(c.objective, new Set([v.node]))) return;
    // A step of a backward pass through time that rebuilds a gradient from itself (`do = dh * np.tanh(c)`,
    // then `do = o * (1 - o) * do`) ends with the gradient of the unnamed pre-activation, not of o: the
    // value o was computed from by an activation (elementwise, nothing else varying) is its partner.
    const rebuilt = at === undefined && this.steps.get(frame)?.passedLists === true && rebuiltFromItself(c.stmts, c.name);
    const adj = this.ev.tape.adjoints(c.objective);
    const named = at !== undefined ? (adj.has(at) ? at : undefined) : this.findPartner(frame, c.partner, adj, v.node, v.a.shape);
    const partnerNode = rebuilt && named !== undefined ? preActivationOf(this.ev.tape, named, adj) : named;
    if (partnerNode === undefined) return;
    // A parameter's gradient that reads the parameter itself in the backward pass (`+ lambd / m * W2`)
    // has a term of a cost the seed does not know (a penalty): not checked.
    if (c.context === 'seed' && this.ev.tape.nodes[partnerNode].inputs.length === 0 && readsInBackward(this.ev.tape, v.node, partnerNode, this.upstream!, this.upstreamTwins)) return;
    const truth = adj.get(partnerNode)!;
    const g = v.a;
    // `db` of shape (1, 1) for a bias `b = 0` is the same one number.
    // `db = np.sum(G, axis=0)` of shape (n,) for a row bias of shape (1, n): broadcasting gives the
    // gradient the parameter's shape back, and its numbers are in the same order: the same shape.
    const sameShape = g.shape.length === truth.shape.length ? g.shape.every((d, i) => d === truth.shape[i]) : (g.size === 1 && truth.size === 1) || leadingUnitAxes(g.shape, truth.shape);
    // `db = np.sum(dZ, axis=1) / m` for a b of shape (n, 1) the code made: the right numbers with the
    // parameter's axis of 1 dropped (the update then broadcasts b into (n, n)).
    // Only for a parameter made as it is (an input, or a constructor: `np.zeros((n, 1))`): a partner derived
    // from another array (`gamma.reshape(-1, 1)` passed on by a caller, which reshapes the gradient back)
    // says nothing about the parameter's own shape.
    const partner = this.ev.tape.nodes[partnerNode];
    const dropped = !sameShape && g.dtype === 'float' && droppedUnitAxes(g.shape, truth.shape) && partner.inputs.length === 0 && (partner.span !== undefined || this.statedInputs.has(partnerNode));
    if (g.dtype !== 'float' || (!sameShape && !dropped)) return;
    // Nothing flowed (an empty array, sizes that left a convolution no output): a gradient of zeros
    // matching a truth of zeros tests nothing.
    if (!truth.data.some((x) => x !== 0) && !g.data.some((x) => x !== 0)) return;
    const relError = relativeError(g.data, truth.data);
    // An overflow or a log of a negative draw (NaN, ∞) decides nothing: unchecked.
    if (!Number.isFinite(relError)) return;
    // A disagreement through a clip that cut some of the random inputs (`np.clip(p, eps, 1 - eps)` before
    // a log: a stability clip the code's gradient rightly ignores, met with draws outside (0, 1)) decides nothing.
    if (relError >= TOLERANCE && this.clippedOnPath(c.objective)) return;
    this.seen.add(v);
    const tt = dot(truth.data, truth.data);
    let ratio: number | undefined;
    if (tt > 1e-300) {
      const r = dot(g.data, truth.data) / tt;
      if (relativeError(g.data, truth.data, r) < TOLERANCE) ratio = r;
    }
    // Only a gradient whose numbers are right (up to the batch factor) is a dropped axis and nothing else.
    if (dropped && ratio === undefined) return;
    // Data and what is computed from it carry the batch axis; a parameter is one initial array
    // transformed (W1 = randn(...) * 0.01). Which axis is the batch, the names may say (m, N);
    // without them any axis shared with the data may be (so a verdict never rests on a guess).
    const nodes = this.ev.tape.nodes;
    const isLeaf = nodes[partnerNode].inputs.length === 0;
    const leaves = isLeaf ? [partnerNode] : this.arrayLeaves(partnerNode);
    const fromData = isLeaf || leaves.length >= 2;
    const shared = (d: number) => leaves.some((l) => nodes[l].out.shape.includes(d));
    const own = new Set(leaves);
    const objectiveLeaves = this.objectiveLeaves(c.objective);
    const dataSizes = [...new Set(objectiveLeaves.filter((l) => !own.has(l)).flatMap((l) => nodes[l].out.shape))].filter((d) => d > 1);
    // A batch size that no input has as an axis (a snippet's free `m`, made up apart from its data, or a
    // count the run could not tie to the arrays): which gradients are per example cannot be told from it.
    // It stays a size the code may average over (accepted, never demanded), not the batch.
    if (c.batch !== undefined && !objectiveLeaves.some((l) => nodes[l].out.shape.includes(c.batch!))) {
      dataSizes.push(c.batch);
      c = { ...c, batch: undefined, batchName: undefined };
    }
    // A leaf may be data (X) or a parameter (W): only the axes it shares with the other inputs count.
    const axes = [...new Set(g.shape.filter((d) => d > 1))];
    const perExampleSizes = isLeaf ? axes.filter((d) => dataSizes.includes(d)) : fromData ? axes.filter(shared) : [];
    const perExample = c.batch !== undefined && g.shape.includes(c.batch) && shared(c.batch);
    // A function called again and again on one value (an RNN step on shared weights, on the previous
    // hidden state) computes in each call only that call's share of the value's gradient: a callee's
    // gradient that disagrees with the whole derivative decides nothing there (its own unit run checks it).
    const partial = relError >= TOLERANCE && ratio === undefined && this.ev.stack.length >= 2 && this.usedByCalls(partnerNode, c.objective) >= 2;
    const meanAtUpdate = meanAtUpdateIn(frame.unit.text);
    const averagedSizes = this.averagedSizes(c.objective);
    const check: GradientCheck = { ...c, value: g, node: v.node, truth, partnerNode, relError, ratio, alternatives: [], perExample, perExampleSizes, dataSizes, averagedSizes, meanAtUpdate, ...(dropped ? { droppedAxes: true } : {}) };
    // A seed's value is held constant (seed.ts): what it was computed from (an assumed `softmax`) is not the check's.
    const held = c.context === 'seed' && this.upstream !== undefined ? new Set([this.upstream, ...this.upstreamTwins]) : undefined;
    if (this.dependsOnAssumed(v.node, held) || this.dependsOnAssumed(c.objective, held)) check.assumed = true;
    if (relError >= TOLERANCE) {
      check.feeders = this.feeders(c, frame);
      // Earlier values of the same name (A2 before `A2 = A2 / keep_prob`) count as the partner too.
      const history = this.history(c.partner).filter((n) => n !== partnerNode);
      check.alternatives = [...this.alternatives(g, partnerNode, adj), ...history.flatMap((n) => this.compareWith(g, n, adj))];
    }
    this.checks.push(check);
    if (partial) this.partial.add(check);
  }

  /**
   * The field reuses names: CS231n's `dh1[h1 <= 0] = 0` leaves the gradient of the pre-activation in
   * `dh1`. A gradient that matches the derivative of a sub-expression of its partner's own line is
   * consistent with the code, so those derivatives are kept as alternatives (findings.ts).
   */
  private alternatives(g: NDArray, partnerNode: number, adj: Map<number, NDArray>): { relError: number; ratio: number | undefined }[] {
    const nodes = this.ev.tape.nodes;
    const p = nodes[partnerNode];
    if (!p.span) return [];
    const out: { relError: number; ratio: number | undefined }[] = [];
    for (let id = partnerNode - 1; id >= 0 && out.length < 16; id--) {
      const n = nodes[id];
      if (!n.span || n.file !== p.file) continue;
      if (n.span.start < p.span.start || n.span.end > p.span.end) {
        if (n.span.end <= p.span.start) break;
        continue;
      }
      out.push(...this.compareWith(g, id, adj));
    }
    return out;
  }

  private compareWith(g: NDArray, node: number, adj: Map<number, NDArray>): { relError: number; ratio: number | undefined }[] {
    const t = adj.get(node);
    if (!t || t.shape.length !== g.shape.length || t.shape.some((d, i) => d !== g.shape[i])) return [];
    const tt = dot(t.data, t.data);
    const r = tt > 1e-300 ? dot(g.data, t.data) / tt : undefined;
    return [{ relError: relativeError(g.data, t.data), ratio: r !== undefined && relativeError(g.data, t.data, r) < 1e-9 ? r : undefined }];
  }

  private findPartner(frame: CFrame, name: string, adj: Map<number, NDArray>, self: number, shape: readonly number[]): number | undefined {
    const ok = (n: number | undefined) => n !== undefined && n !== self && adj.has(n) && (this.partnerBefore === undefined || n < this.partnerBefore);
    // `weights[3]`: the item of the list this frame, or its object, holds under that name.
    const item = /^(\w+)\[(\d+)\]$/.exec(name);
    if (item) {
      const selfList = frame.scope.vars.get('self');
      const list = frame.scope.vars.get(item[1]) ?? (selfList?.t === 'object' ? selfList.attrs.get(item[1]) : undefined);
      const n = list?.t === 'list' ? nodeOf(list.items[Number(item[2])]) : undefined;
      if (ok(n)) return n;
      // Updated since (`weights[l] -= ...` in the training loop): the value its history holds.
      const held = (this.registry.get(name) ?? []).filter((e) => ok(e.node) && e.frame === frame);
      return held[held.length - 1]?.node;
    }
    const local = nodeOf(frame.scope.vars.get(name));
    if (ok(local)) return local;
    // A list of per-step values: the step the gradient's latest assignment read.
    const steps = this.steps.get(frame);
    const step = steps?.partners.get(name);
    if (step !== undefined && frame.scope.vars.get(name)?.t === 'list') return ok(step) ? step : undefined;
    // A backward pass through time computes this gradient once per step: a value of that name elsewhere
    // (the forward pass's last step) is not the step its final value belongs to.
    if (steps?.passedLists && steps.inLoops.has(name)) return undefined;
    const containers: CValue[] = [...frame.scope.vars.values()];
    const selfObj = frame.scope.vars.get('self');
    if (selfObj?.t === 'object') {
      const own = nodeOf(selfObj.attrs.get(name));
      if (ok(own)) return own;
      // `self.W -= lr * dW` before the frame ended: the value this frame updated in place.
      const before = (this.registry.get(`self.${name}`) ?? []).filter((e) => e.frame === frame && ok(e.node)).pop();
      if (before) return before.node;
      containers.push(...selfObj.attrs.values());
    }
    for (const c of containers) {
      if (c.t !== 'dict') continue;
      const n = nodeOf(c.map.get(`s:${name}`));
      if (ok(n)) return n;
    }
    if (this.partnerBefore !== undefined) return undefined;
    // A value another function gave this name pairs only if that function's result reaches the cost (a
    // forward pass), or it returned nothing: `h` in a sampling function that returns character indices
    // is not the h a char-RNN's loss function differentiates.
    const reg = (this.registry.get(name) ?? []).filter((e) => ok(e.node) && (e.frame === frame || !e.frame.func || returnReaches(e.frame.returnValue, adj)));
    const latest = reg[reg.length - 1];
    if (!latest) return undefined;
    // A parameter the forward pass rebinds (`x = x.reshape(size).T`): when its latest value's shape is
    // not the gradient's, the value it was passed, if that one's is.
    const fits = (n: number) => { const t = adj.get(n)!; return t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]); };
    if (fits(latest.node)) return latest.node;
    for (let i = reg.length - 1; i >= 0; i--) if (reg[i].passed && fits(reg[i].node)) return reg[i].node;
    return latest.node;
  }

  /**
   * The name a value is shown by: the document's over an imported module's (A2 over the sigmoid's
   * `s`), then the statement that computed it over one that fetched it (`A1 = np.tanh(Z1)` over
   * `A1 = cache["A1"]`) over a parameter; the first of equals.
   */
  private nameNode(node: number, name: string, stmt: Stmt, file: string, isParam: boolean): void {
    const span = this.ev.tape.nodes[node].span;
    const computed = !isParam && span !== undefined && this.ev.tape.nodes[node].file === file && span.start >= stmt.span.start && span.end <= stmt.span.end;
    const rank = (file === '' ? 10 : 0) + (computed ? 3 : isParam ? 1 : 2);
    const prev = this.named.get(node);
    if (prev && prev.rank >= rank) return;
    this.named.set(node, { name, stmt, file, isParam, rank });
  }

  private clipped = new Map<number, boolean>();

  /** Whether the objective is computed through a clip that changed some of its input's values. */
  private clippedOnPath(objective: number): boolean {
    const known = this.clipped.get(objective);
    if (known !== undefined) return known;
    const nodes = this.ev.tape.nodes;
    const seen = new Set<number>();
    const stack = [objective];
    let cut = false;
    while (stack.length > 0 && !cut) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const node = nodes[n];
      if (node.op === 'clip') {
        const lo = node.params.lo as number | undefined;
        const hi = node.params.hi as number | undefined;
        cut = nodes[node.inputs[0]].out.data.some((v) => (lo !== undefined && v < lo) || (hi !== undefined && v > hi));
      }
      stack.push(...node.inputs);
    }
    this.clipped.set(objective, cut);
    return cut;
  }

  private assumedNodes = new Set<number>();
  private assumedScanned = 0;

  /**
   * Whether a node is computed through a helper run with its assumed definition. A course module's
   * published functions (concrete/courseModules.ts) are what the assignment is written against: a
   * verdict through them is decided like one through the document's own code.
   */
  private dependsOnAssumed(node: number, held?: ReadonlySet<number>): boolean {
    const nodes = this.ev.tape.nodes;
    for (; this.assumedScanned < nodes.length; this.assumedScanned++) {
      const file = nodes[this.assumedScanned].file;
      if (isAssumedFile(file) && !isCourseModuleFile(file)) this.assumedNodes.add(this.assumedScanned);
    }
    return this.assumedNodes.size > 0 && this.ev.tape.dependsOn(node, this.assumedNodes, held);
  }

  /** How many calls (frame instances) use a node in computing the objective. */
  private usedByCalls(node: number, objective: number): number {
    let consumers = this.consumersOfObjective.get(objective);
    if (!consumers) {
      const found = new Map<number, Set<number>>();
      const nodes = this.ev.tape.nodes;
      this.walkBack(objective, (n) => {
        for (const i of nodes[n].inputs) {
          const calls = found.get(i) ?? new Set<number>();
          calls.add(nodes[n].call);
          found.set(i, calls);
        }
      });
      consumers = found;
      this.consumersOfObjective.set(objective, consumers);
    }
    return consumers.get(node)?.size ?? 0;
  }

  private consumersOfObjective = new Map<number, Map<number, Set<number>>>();

  /** Whether a node is computed from an input that has the batch axis (X, not W). */
  /** arrayLeaves of an objective, once per objective (every check of a run shares it). */
  private objectiveLeaves(objective: number): number[] {
    let leaves = this.leavesOfObjective.get(objective);
    if (!leaves) {
      leaves = this.arrayLeaves(objective);
      this.leavesOfObjective.set(objective, leaves);
    }
    return leaves;
  }

  /** Sizes of the axes the means on an objective's path average over. */
  private averagedSizes(objective: number): number[] {
    const nodes = this.ev.tape.nodes;
    const out = new Set<number>();
    this.walkBack(objective, (n) => {
      const t = nodes[n];
      if (t.op === 'mean' && t.inputs.length === 1) {
        const shape = nodes[t.inputs[0]].out.shape;
        const axis = t.params.axis as number | number[] | undefined;
        const axes = axis === undefined ? shape.map((_, i) => i) : (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + shape.length : a));
        for (const a of axes) if (shape[a] > 1) out.add(shape[a]);
      }
    });
    return [...out];
  }

  /** Visits every node an objective is computed from (itself included), once each. */
  private walkBack(objective: number, visit: (n: number) => void): void {
    const nodes = this.ev.tape.nodes;
    const seen = new Set<number>();
    const stack = [objective];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      visit(n);
      stack.push(...nodes[n].inputs);
    }
  }

  /** The array inputs (not scalars) a node is computed from, at the leaves of its ancestry. */
  private arrayLeaves(node: number): number[] {
    const nodes = this.ev.tape.nodes;
    const seen = new Set<number>();
    const out: number[] = [];
    const stack = [...nodes[node].inputs];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const t = nodes[n];
      if (t.inputs.length === 0) {
        if (t.out.size > 1) out.push(n);
      } else stack.push(...t.inputs);
    }
    return out;
  }

  private register(name: string, node: number, frame: CFrame, passed = false): void {
    const list = this.registry.get(name);
    const entry = { node, frame, ...(passed ? { passed } : {}) };
    if (list) {
      if (list[list.length - 1].node !== node) list.push(entry);
    } else this.registry.set(name, [entry]);
  }
}

/** The frame's function returns a cost that this loop adds to (`loss += ...`, last written inside the loop). */
function accumulatesReturnedCost(frame: CFrame, loop: Stmt): boolean {
  const def = frame.func?.def;
  if (!def) return false;
  const returned = new Set(returnNames(def));
  for (const [name, stmts] of frame.assigned) {
    if (!isObjectiveName(name) || !returned.has(name)) continue;
    const last = stmts[stmts.length - 1];
    if (last.kind === 'augassign' && last.span.start >= loop.span.start && last.span.end <= loop.span.end) return true;
  }
  return false;
}

/**
 * A gradient named in camelCase, as JavaScript writes it (`dWeights`, `dInput`), differentiates the
 * frame's own lower-case word (`weights`, `input`) when the capitalised one is not bound there.
 */
function camelPartner(partner: string | undefined, frame: CFrame): string | undefined {
  if (!partner || !/^[A-Z][a-z]/.test(partner) || frame.scope.vars.has(partner)) return partner;
  const lower = partner[0]!.toLowerCase() + partner.slice(1);
  return frame.scope.vars.has(lower) ? lower : partner;
}

/** The frame assigned a gradient (dW1) and then its partner (W1 = W1 - lr * dW1): a training step. */
function updatesAfterGradient(frame: CFrame): boolean {
  for (const [name] of frame.assigned) {
    const partner = partnerOf(name);
    const g = partner && frame.assigned.has(partner) ? nodeOf(frame.scope.vars.get(name)) : undefined;
    const w = g !== undefined ? nodeOf(frame.scope.vars.get(partner!)) : undefined;
    if (g !== undefined && w !== undefined && w > g) return true;
  }
  return false;
}

/**
 * The value an activation computed `node` from: back through elementwise steps whose only varying input
 * is the previous one (`1 / (1 + np.exp(-x))`), to the first value computed from several (`W @ z + b`).
 * Undefined when `node` is not such an activation's result.
 */
function preActivationOf(tape: Tape, node: number, adj: Map<number, NDArray>): number | undefined {
  const nodes = tape.nodes;
  const constant = (i: number) => nodes[i].inputs.length === 0 && nodes[i].out.size === 1;
  let n = node;
  for (let k = 0; k < 16; k++) {
    const cur = nodes[n];
    const varying = cur.inputs.filter((i) => !constant(i));
    if (cur.inputs.length === 0 || varying.length !== 1) break;
    const prev = nodes[varying[0]];
    if (prev.out.shape.length !== cur.out.shape.length || prev.out.shape.some((d, i) => d !== cur.out.shape[i])) break;
    n = varying[0];
  }
  return n !== node && adj.has(n) && nodes[n].inputs.length > 1 ? n : undefined;
}

/** Whether the last of a gradient's statements is a plain assignment that reads the gradient itself. */
function rebuiltFromItself(stmts: Stmt[], name: string): boolean {
  const last = stmts[stmts.length - 1];
  return last?.kind === 'assign' && namesRead([last]).has(name);
}

/** The plain names the statements' values read (`dtanh` in `dxt = np.dot(Wax.T, dtanh)`). */
function namesRead(stmts: Stmt[]): Set<string> {
  const out = new Set<string>();
  for (const st of stmts) {
    const value = st.kind === 'assign' || st.kind === 'augassign' ? st.value : undefined;
    if (value) walkExpr(value, (x) => {
      if (x.kind === 'name') out.add(x.id);
    });
  }
  return out;
}

function nodeOf(v: CValue | undefined): number | undefined {
  if (v?.t === 'arr') return v.node;
  if (v?.t === 'num') return v.node;
  return undefined;
}

function scalarNode(v: CValue | undefined): number | undefined {
  if (v?.t === 'arr' && v.a.size === 1 && v.a.dtype === 'float') return v.node;
  return undefined;
}

/** The name a statement's target writes: `dW`, `self.dW`, `self.grads` (for `self.grads["W"] = ...`, `dx[:, t] = ...` → `dx`). */
function writtenRoot(t: Expr): string | undefined {
  let e = t;
  while (e.kind === 'subscript') e = e.obj;
  if (e.kind === 'name') return e.id;
  if (e.kind === 'attr' && e.obj.kind === 'name') return `${e.obj.id}.${e.name}`;
  return undefined;
}

/**
 * For a frame the run stopped in midway: a name is unfinished when a statement of the frame's code
 * that writes it comes after the statement the run stopped in, or lies in a loop that was running.
 */
function unfinishedIn(frame: CFrame): (name: string) => boolean {
  const at = frame.current;
  const body = frame.func ? frame.func.def.body : frame.unit.module.body;
  const running = frame.running ?? [];
  const writers = new Map<string, Stmt[]>();
  const add = (t: Expr, s: Stmt) => {
    if (t.kind === 'tuple' || t.kind === 'list') return t.elts.forEach((e) => add(e, s));
    const root = writtenRoot(t);
    if (!root) return;
    const list = writers.get(root);
    if (list) list.push(s);
    else writers.set(root, [s]);
  };
  walkStmts(body, (s) => {
    if (s.kind === 'assign') s.targets.forEach((t) => add(t, s));
    else if (s.kind === 'augassign' || s.kind === 'annassign') add(s.target, s);
    else if (s.kind === 'for') add(s.target, s);
  });
  return (name) => {
    const root = name.replace(/\[.*$/, '');
    return (writers.get(root) ?? []).some((w) => (at !== undefined && w.span.start > at.span.start) || running.some((l) => w.span.start >= l.span.start && w.span.end <= l.span.end));
  };
}

/** Whether a function's result is nothing, or holds an array whose value reaches the objective. */
function returnReaches(r: CValue, adj: Map<number, NDArray>, depth = 0): boolean {
  if (depth === 0 && r.t === 'none') return true;
  if (depth > 3) return false;
  if (r.t === 'arr') return adj.has(r.node);
  if (r.t === 'tuple' || r.t === 'list') return r.items.some((x) => returnReaches(x, adj, depth + 1));
  if (r.t === 'dict') return [...r.map.values()].some((x) => returnReaches(x, adj, depth + 1));
  if (r.t === 'object') return true;
  return false;
}
