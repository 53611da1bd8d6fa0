// Gradient verification: runs the document's code concretely (module top level, then functions
// that compute gradients or call those that do, and forward/backward pairs as units) and collects
// every gradient check. Classification into findings is in findings.ts.

import { DEEP_LOOPS, loopDepth } from './loopDepth';
import { bind, findMethod } from '../concrete/classes';
import { inheritedMethods } from './inheritedMethods';
import { freeNames } from '../syntax/freeNames';
import { builtinValue } from '../concrete/pyBuiltins';
import { freeHelperValue } from './freeHelpers';
import { undefinedHelpers } from '../concrete/undefinedHelpers';
import { shrunkConstants } from './shrink';
import type { FileUnit } from '../interp/interpreter';
import type { DimStore } from '../shapes/dim';
import type { Value } from '../interp/values';
import { deref } from '../interp/holes';
import { SNIPPET_ENTRY } from '../interp/snippetNames';
import { SNIPPET_MODULES } from '../conventions/snippetModules';
import { NDArray, NumericError } from '../numeric/ndarray';
import { moduleSizes } from '../concrete/moduleConstants';
import { Evaluator } from '../concrete/evaluator';
import { type CArr, type CClass, type CFunc, type CValue, NONE, StopRun, Unevaluable, num } from '../concrete/values';
import type { Expr, Module, Stmt } from '../syntax/ast';
import { stmtExprs, walkExpr, walkStmts } from '../syntax/walk';
import { binary, reduce } from '../numeric/kernels';
import type { Tape } from '../concrete/tape';
import { GradientChecker, type GradientCheck } from './checker';
import { Concretizer } from './concretize';
import { type DefStmt, type FunctionInfo, calledNames, comparedResult, indexesWith, sharedArguments, topLevelDriver, unpackedNames, itemsRead, comparedLiterals, elseOnLiteral, forwardNameCandidates, keysRead, returnNames, returnedDictKeys, writesGradients } from './entries';
import { isLearningRateName, isUpstreamName, partnerOf } from './pairing';
import { hyperparameterValue, settingsDict } from './hyperparams';
import { decidedDespiteAssumptions, verdictIn } from './verdicts';
import { type ShapeFailure, failedInBackward, shapeFailureOf } from './shapeFailures';
import { type NamedWrite, witnessedShapes } from './writtenShapes';
import { computingStatements, wrappedName, isAutogradClass, methodTakesObject, returnedGradients, wrappedFor } from './autogradPairs';
import { unwrapTensor } from '../concrete/tensorWrappers';

export interface VerifyInput {
  unit: FileUnit;
  loadUnit(name: string): FileUnit | undefined;
  dims: DimStore;
  /** Parameter values of each function the shape analysis analysed on its own, by qualified name. */
  standalone: Map<string, Map<string, Value>>;
  /** Run only the entry with this label (a repair being re-checked). */
  onlyEntry?: string;
  seed?: number;
  maxSteps?: number;
  isCancelled?: () => boolean;
  /**
   * Whether an assignment target (by its span's start) lacks a shape the shape analysis could give: a
   * run that writes one is witnessed (writtenShapes.ts). Undefined: no witness runs.
   */
  wantsShape?: (targetStart: number) => boolean;
}

export interface RunRecord {
  /** What was run: `<module>`, `nn_model`, `linear_backward (unit, after linear_forward)`. */
  entry: string;
  /** The class whose instance a layer's forward and backward ran on (RunState.instanceOf). */
  instanceOf?: string;
  checks: GradientCheck[];
  /** Why the run stopped early, when it did, said for a user. */
  stopped: string | undefined;
  tape: Tape;
  named: GradientChecker['named'];
  /** Names for the sizes the run used (5 → m), for shapes in derivations. */
  sizeNames: Map<number, string>;
  /** Shapes of the document's assignment targets the shape analysis left open, as this run and its witness wrote them. */
  namedWrites?: Map<number, NamedWrite>;
  /** Document statements whose gradient was checked (also where a callee computed it). */
  coveredStmts: Set<number>;
  /** The document's statements the run executed. */
  executed: Set<Stmt>;
  /** Statements and loop iterations the run took (a repair's re-run is held to a few times as many). */
  steps?: number;
  /** Covered statements with the check whose value they hold (checker.ts coveredBy). */
  coveredBy: Map<number, { stmt: Stmt; check: GradientCheck }>;
  /** A backward pass that failed on a shape after a clean forward pass, with every input from it. */
  shapeFailure?: ShapeFailure;
  /** The run stopped because its arrays reached their memory limit. */
  outOfMemory?: boolean;
}

/** Where a run is, for what a shape error means: in a forward pass, sizes were guessed wrong. */
export interface RunState {
  phase: 'forward' | 'backward';
  /** The backward pass's inputs all come from the forward pass that ran (its output's shape, its cache). */
  backwardFromForward: boolean;
  /** A single function run on stated inputs: a failure on a line writing a gradient is its backward pass failing. */
  statedSingle?: boolean;
  /** A layer class's forward and backward run on an instance of this class (it may inherit them). */
  instanceOf?: string;
}

/** Attempts of one entry: each failed forward pass teaches which chosen sizes must be equal. */
const MAX_ATTEMPTS = 6;

export interface VerifyResult {
  runs: RunRecord[];
  checks: GradientCheck[];
  ms: number;
  /** The syntax tree the runs executed (a re-run's is its edited text's). */
  module: Module;
}

function functionsOf(unit: FileUnit, standalone: Map<string, Map<string, Value>>): FunctionInfo[] {
  const out: FunctionInfo[] = [];
  for (const s of unit.module.body) {
    if (s.kind === 'def') out.push({ def: s, qualname: s.name, cls: undefined, params: standalone.get(s.name) });
    if (s.kind === 'class') {
      for (const m of s.body) if (m.kind === 'def') out.push({ def: m, qualname: `${s.name}.${m.name}`, cls: s.name, params: standalone.get(`${s.name}.${m.name}`) });
      // `class Sigmoid(Activation)` that inherits forward/backward: they run on a Sigmoid (inheritedMethods.ts).
      for (const { def: m, definedIn } of inheritedMethods(unit.module.body, s)) out.push({ def: m, qualname: `${s.name}.${m.name}`, cls: s.name, definedIn, params: undefined });
    }
  }
  return out;
}

export function verifyDocument(input: VerifyInput): VerifyResult {
  const t0 = performance.now();
  const seed = input.seed ?? 20261126;
  const fns = functionsOf(input.unit, input.standalone);
  moduleFunctions = fns;
  documentUnit = input.unit;
  const byName = new Map(fns.filter((f) => !f.cls).map((f) => [f.def.name, f]));
  const runs: RunRecord[] = [];
  const covered = new Set<string>();

  // Helpers the document calls but never defines, run by what their names say (freeHelpers.ts).
  const helpers = new Map([...undefinedHelpers(input.unit.module)].flatMap((n) => { const v = freeHelperValue(n); return v ? [[n, v] as const] : []; }));
  const helperValue = (name: string): CValue | undefined => helpers.get(name);

  // An evaluator watched by a fresh checker, with inputs made by a concretizer (`rotate`: a witness run, writtenShapes.ts).
  const constantSizes = moduleSizes(input.unit.module.body);
  const prepared = (merges: Map<number, number>, compact: boolean, rotate = 0, vectors = false) => {
    const checker = new GradientChecker();
    const ev = new Evaluator({ loadUnit: input.loadUnit, seed, maxSteps: input.maxSteps ?? 200_000, hooks: checker, isCancelled: input.isCancelled });
    if (helpers.size > 0) ev.opts.freeName = helperValue;
    checker.ev = ev;
    const cz = new Concretizer(input.dims, ev.rng, new Map(merges), compact, rotate);
    cz.namedSizes(constantSizes);
    cz.vectors = vectors;
    ev.opts.dataSize = () => cz.dataSize();
    ev.opts.labelsClash = (a, b) => cz.labelsClash(a, b);
    checker.statedInputs = cz.stated;
    checker.recordsWrites = input.wantsShape !== undefined;
    return { ev, checker, cz };
  };

  // `functions`: the ones the entry runs; one that loops over every pixel (loopDepth.ts) makes the run start with the smallest sizes.
  const run = (entry: string, body: (ev: Evaluator, checker: GradientChecker, cz: Concretizer, state: RunState) => void, functions: FunctionInfo[] = []): RunRecord | undefined => {
    if (input.onlyEntry !== undefined && input.onlyEntry !== entry) return undefined;
    let merges = new Map<number, number>();
    let compact = functions.some((f) => loopDepth(f.def.body) >= DEEP_LOOPS);
    // Inputs a matrix product took as matrices (`np.dot(W, x)`) may be vectors: a second try makes them so.
    let vectors = false;
    let asMatrices: { failure: ShapeFailure; message: string; names: Map<number, string> } | undefined;
    for (let attempt = 1; ; attempt++) {
      const { ev, checker, cz } = prepared(merges, compact, 0, vectors);
      const state: RunState = { phase: 'forward', backwardFromForward: false };
      let stopped: string | undefined;
      let shapeFailure: ShapeFailure | undefined;
      let outOfMemory = false;
      try {
        body(ev, checker, cz, state);
      } catch (err) {
        if (err instanceof StopRun) {
          stopped = err.message === 'the loop has been checked once' ? undefined : `it ran out of its budget (${err.message})`;
          outOfMemory = err.memory;
        }
        else if (err instanceof Unevaluable) stopped = `the evaluator does not run this code: ${err.message}`;
        else if (err instanceof NumericError) {
          // A slice clipped at its axis means the chosen sizes did not fit what the code assumes: no finding.
          const onGradientLine = state.statedSingle === true && writesGradientTarget(err.where?.stmts[0]);
          const inBackward = (state.phase === 'backward' || onGradientLine) && state.backwardFromForward && ev.clippedSlices === 0;
          // Sizes the shape analysis left open were chosen distinct; a clash between them shows which
          // must be equal: the next attempt makes them so (a wrong guess costs a run, never a finding).
          const learnable = err.clash?.guessed === true || (!inBackward && !failedInBackward(err));
          if (learnable && err.clash && attempt < MAX_ATTEMPTS && !input.isCancelled?.() && cz.learn(err.clash.sizes)) {
            merges = cz.merges;
            continue;
          }
          const failure = inBackward && !err.clash?.guessed ? shapeFailureOf(err) : undefined;
          // Inputs taken as matrices only by a product may be vectors: before anything is said, a second try
          // makes them so. Where vectors run, the matrices were the wrong guess; where they fail too (or the
          // forward pass cannot take them), the first try's failure stands.
          if (!vectors && cz.phantomInputs > 0 && attempt < MAX_ATTEMPTS && !input.isCancelled?.()) {
            asMatrices = failure ? { failure, message: err.message, names: cz.sizeNames() } : undefined;
            vectors = true;
            merges = new Map();
            continue;
          }
          if (vectors && asMatrices) {
            shapeFailure = asMatrices.failure;
            stopped = `the backward pass fails on the shapes its forward pass produces: ${asMatrices.message}`;
          } else if (vectors) stopped = `the random inputs made from what the shape analysis knows did not fit the code: ${err.message}`;
          else if (failure) shapeFailure = failure;
          if (!stopped) stopped = inBackward
            ? `the backward pass fails on the shapes its forward pass produces: ${err.message}`
            : entry === '<module>'
            ? `running the file's own top level failed: ${err.message}`
            : `the random inputs made from what the shape analysis knows did not fit the code: ${err.message}`;
        } else if (err instanceof RangeError) stopped = 'the code nests too deeply';
        else throw err;
      }
      if (outOfMemory && !compact && entry !== '<module>' && checker.checks.length === 0 && attempt < MAX_ATTEMPTS && !input.isCancelled?.()) {
        // Arrays too big before anything was checked: again with the smallest sizes (sizes a clash
        // taught were learnt for other sizes, so they are learnt again). The module's top level has
        // its own retry (shrink.ts).
        compact = true;
        merges = new Map();
        continue;
      }
      checker.finish();
      const decided = checker.checks.filter((k) => decidedDespiteAssumptions(k, verdictIn(checker.checks, k)));
      const rec: RunRecord = { entry, checks: decided, stopped, steps: ev.steps, tape: ev.tape, named: checker.named, sizeNames: shapeFailure && vectors && asMatrices ? asMatrices.names : cz.sizeNames(), coveredStmts: checker.coveredStmts, executed: ev.executed, coveredBy: checker.coveredBy, ...(shapeFailure ? { shapeFailure } : {}), ...(state.instanceOf ? { instanceOf: state.instanceOf } : {}), ...(outOfMemory ? { outOfMemory } : {}) };
      for (const c of checker.checks) covered.add(c.func);
      // Lines the shape analysis left without a shape get the one this run wrote, in the code's names,
      // where a witness run with every size moved agrees (writtenShapes.ts). Not when each such line wrote
      // several shapes (a loop over layers): none of them could be named.
      const wanted = input.wantsShape;
      if (wanted && checker.checks.length > 0 && !input.isCancelled?.() && [...checker.written.byTarget].some(([start, w]) => w.shapes.length === 1 && wanted(start))) {
        const witness = prepared(merges, compact, 1);
        try {
          body(witness.ev, witness.checker, witness.cz, { phase: 'forward', backwardFromForward: false });
        } catch (err) {
          // What it wrote before it stopped still witnesses.
          if (!(err instanceof StopRun || err instanceof Unevaluable || err instanceof NumericError || err instanceof RangeError)) throw err;
        }
        rec.namedWrites = witnessedShapes(checker.written, cz, witness.checker.written, witness.cz, wanted);
      }
      runs.push(rec);
      return rec;
    }
  };

  // 1. The module's top level (a script or notebook: forward then backward, maybe in a training loop).
  // A snippet's free names (syntax/freeNames.ts) are its data: the shape their use decided
  // (interp/snippetNames.ts), else a guess by the name. `np` and `torch` left unbound are the libraries
  // (the evaluator's snippetModule, conventions/snippetModules.ts), not data.
  const free = freeNames(input.unit.module.body, (n) => builtinValue(n) !== undefined);
  const snippet = input.standalone.get(SNIPPET_ENTRY);
  const runModule = (literals?: Map<number, number>) =>
    run('<module>', (ev, _checker, cz) => {
      // A free name the snippet calls is a helper, not data (concrete/undefinedHelpers.ts).
      const helpersCalled = undefinedHelpers(input.unit.module);
      if (free.size > 0) ev.opts.freeName = (name) => helperValue(name) ?? (!free.has(name) || SNIPPET_MODULES.has(name) || helpersCalled.has(name) ? undefined : cz.value(ev, snippet?.get(name), name) ?? cz.guess(ev, name));
      if (literals) ev.opts.literals = literals;
      ev.runModule(input.unit);
    });
  const top = runModule();
  // Arrays too big before anything was checked: again with the big size constants made small (shrink.ts).
  const literals = top?.outOfMemory && top.checks.length === 0 ? shrunkConstants(input.unit.module.body) : undefined;
  const small = literals?.size ? runModule(literals) : undefined;
  if (top && small) {
    // The smaller run replaces the first only when it checked something; sizes it made up never make a shape finding.
    runs.splice(runs.indexOf(small.checks.length > 0 ? top : small), 1);
    delete small.shapeFailure;
  }

  // 2. Functions: drivers (they call a function that writes gradients) first, then the rest.
  const writers = new Set(fns.filter((f) => writesGradients(f.def)).map((f) => f.def.name));
  const drivers = fns.filter((f) => !writers.has(f.def.name) && [...calledNames(f.def)].some((n) => writers.has(n)));
  // A backward function that returns its gradient unnamed (`return dout * (1 - s) * s`) pairs with its forward too.
  const returnsGradient = (f: FunctionInfo) => !writers.has(f.def.name) && /backward/.test(f.def.name) && returnStatement(f.def)?.value !== undefined;
  for (const f of [...drivers, ...fns.filter((f) => writers.has(f.def.name) || returnsGradient(f))]) {
    if (covered.has(f.qualname)) continue;
    if (input.isCancelled?.()) break;
    const siblings = f.cls ? new Map(fns.filter((g) => g.cls === f.cls).map((g) => [g.def.name, g])) : byName;
    const forward = forwardNameCandidates(f.def.name).map((n) => siblings.get(n)).find((x) => x);
    if (forward && (writers.has(f.def.name) || returnsGradient(f))) {
      for (const variant of variantsOf(forward)) runPair(forward, f, variant);
    } else {
      run(f.qualname, (ev, checker, cz, state) => {
        const scope = ev.defineModule(input.unit);
        const fv = f.cls ? methodOf(ev, scope.lookup(f.cls), f, cz, input) : scope.lookup(f.def.name);
        if (!fv || fv.t !== 'func') throw new Unevaluable(`${f.qualname} is not defined`);
        const args = concreteArgs(ev, cz, f, methodTakesObject(input.unit.module, f.def, f.cls) ? 1 : 0);
        checker.batchHint = cz.batch;
        // A function computing its forward pass and its gradients (Coursera's propagate): once it writes
        // a gradient, a shape error is its backward pass failing on the shapes its stated inputs gave.
        if (!f.cls && !cz.guessedAny) {
          state.backwardFromForward = true;
          state.statedSingle = true;
          checker.onGradientWritten = () => {
            state.phase = 'backward';
          };
        }
        ev.call(fv, args, new Map(), undefined);
      }, [f]);
    }
  }

  function variantsOf(forward: FunctionInfo): Map<string, string>[] {
    const strParams = forward.def.params.filter((p) => comparedLiterals(forward.def, p.name).length > 0);
    let variants: Map<string, string>[] = [new Map()];
    for (const p of strParams) {
      const lits = comparedLiterals(forward.def, p.name);
      // An `else` branch is reached by another string: an activation's name the literals do not hold.
      if (elseOnLiteral(forward.def, p.name)) {
        const other = ['relu', 'tanh', 'sigmoid', 'linear'].find((n) => !lits.includes(n));
        if (other) lits.push(other);
      }
      variants = variants.flatMap((m) => lits.map((l) => new Map([...m, [p.name, l]])));
    }
    return variants;
  }

  function runPair(forward: FunctionInfo, backward: FunctionInfo, strings: Map<string, string>): void {
    const label = `${backward.qualname} (after ${forward.qualname}${strings.size ? `, ${[...strings].map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}` : ''})`;
    run(label, (ev, checker, cz, state) => {
      const scope = ev.defineModule(input.unit);
      let fwd: CValue | undefined;
      let bwd: CValue | undefined;
      const skip = methodTakesObject(input.unit.module, forward.def, forward.cls) ? 1 : 0;
      if (forward.cls) {
        state.instanceOf = forward.cls;
        // A layer class: forward and backward on the same instance (the cache lives on self).
        const m = methodOf(ev, scope.lookup(forward.cls), forward, cz, input);
        const cls = scope.lookup(forward.cls) as CClass | undefined;
        const b = m && cls && findMethod(cls, backward.def.name);
        fwd = m;
        bwd = m && b ? bind(b, m.self!) : undefined;
      } else {
        fwd = scope.lookup(forward.def.name);
        bwd = scope.lookup(backward.def.name);
      }
      if (fwd?.t !== 'func' || bwd?.t !== 'func') throw new Unevaluable('pair not defined');
      const autograd = isAutogradClass(input.unit.module, forward.cls);
      const [rankGuesses, phantomInputs] = [cz.rankGuesses, cz.phantomInputs];
      const fargs = concreteArgs(ev, cz, forward, skip, strings);
      const fwdRankGuessed = cz.rankGuesses > rankGuesses;
      const fwdPhantom = cz.phantomInputs > phantomInputs;
      checker.batchHint = cz.batch;
      // A custom autograd function's inputs, as wrappers where its forward pass reads their `.data`.
      const fwdResult = ev.call(fwd, autograd ? fargs.map((a, i) => wrappedFor(forward.def, forward.def.params[skip + i]?.name, a)) : fargs, new Map(), undefined);
      // A JavaScript forward pass returns its outputs as an object (`return { out, cache }`): its values in order, named by their keys.
      const keys = fwdResult.t === 'dict' ? [...fwdResult.keys.values()] : [];
      const asObject = fwdResult.t === 'dict' && keys.length > 0 && keys.every((k) => k.t === 'str') ? fwdResult : undefined;
      // A layer whose forward returns nothing and keeps its result on the object (`self.output = ...`, nnfs):
      // that attribute is the output.
      const kept = fwdResult.t === 'none' && fwd.self?.t === 'object' ? keptOutput(ev, forward.def, fwd.self, fargs) : undefined;
      const result: CValue = asObject ? { t: 'tuple', items: [...asObject.map.values()] } : (kept ?? fwdResult);
      const items = (result.t === 'tuple' ? result.items : [result]).map(unwrapTensor);
      const first = items[0];
      // A forward pass over time steps may return lists of per-step values (`return z_s, ..., output_s`):
      // the backward pass reads each step's; it starts from its own output gradient (seed.ts), not from
      // an upstream gradient or a cost of the module's given the whole output.
      const steps = first.t === 'list' && first.items.length > 0 && first.items.every((x) => x.t === 'arr' && x.a.dtype === 'float');
      if (first.t !== 'arr' && !steps) throw new Unevaluable('the forward function does not return an array first');
      const out: CArr | undefined = first.t === 'arr' ? first : undefined;
      const rnames: (string | undefined)[] = asObject ? keys.map((k) => (k.t === 'str' ? k.v : undefined)) : returnNames(forward.def);
      // The cache is the returned value named so (`return next_h, next_c, cache`), else all but the output.
      const cacheAt = rnames.findIndex((n) => n !== undefined && /^caches?$/.test(n));
      const cache: CValue = cacheAt > 0 && cacheAt < items.length ? items[cacheAt] : items.length === 2 ? items[1] : { t: 'tuple', items: items.slice(1) };
      const bound = new Map<string, CValue>();
      forward.def.params.slice(skip).forEach((p, i) => bound.set(p.name, fargs[i]));
      // A result named like one of forward's parameters (`x = np.tanh(w @ x + b)`; `return x`) is the
      // parameter rebound: the backward pass's `x` is the input it was given, not the output.
      rnames.forEach((n, i) => n && !bound.has(n) && bound.set(n, items[i]));
      // A driver that passes both the same value (`self.forward(inputs)`, `self.backward(inputs, ...)`) names it twice.
      const drivers = fns.filter((f) => f.cls === forward.cls && f.def !== forward.def && f.def !== backward.def).map((f) => f.def);
      if (!forward.cls) drivers.push(topLevelDriver(input.unit.module));
      const shared = sharedArguments(drivers, forward.def, backward.def, skip);
      for (const [b, f] of shared.params) if (!bound.has(b) && bound.has(f)) bound.set(b, bound.get(f)!);
      // What a driver passes the backward pass from forward's results is that result, whatever forward's
      // own parameter of that name was (`backward(z_s, h_s, ...)` into `def backward(z, h, ...)` beside `forward(inputs, h, ...)`).
      for (const [b, i] of shared.results) if (i < items.length) bound.set(b, items[i]);
      const bparams = backward.def.params.slice(skip);
      const args: CValue[] = [];
      const firstParam = bparams[0];
      // The upstream gradient: the first parameter named so (`dout`, `dA2`), or the one parameter more than
      // forward's inputs and named as a gradient (`backward(self, W, x, dz)` beside `forward(self, W, x)`).
      const fparams = forward.def.params.slice(skip).map((p) => p.name);
      const beyond = bparams.filter((p) => !fparams.includes(p.name));
      const gradientNamed = (n: string) => partnerOf(n) !== undefined || isUpstreamName(n);
      const byInputs = fparams.length > 0 && beyond.length === 1 && gradientNamed(beyond[0].name) && fparams.every((n) => bparams.some((p) => p.name === n)) && !bound.has(beyond[0].name) && beyond[0].name !== firstParam?.name ? bparams.indexOf(beyond[0]) : -1;
      const firstIsUpstream = firstParam !== undefined && gradientNamed(firstParam.name) && !bound.has(firstParam.name);
      const upstreamAt = firstIsUpstream ? 0 : byInputs;
      const upstream = upstreamAt >= 0;
      if (upstream && !out) throw new Unevaluable('the forward function returns per-step lists and the backward pass takes an upstream gradient');
      let guessed = false;
      // Other outputs with an upstream gradient of their own (`lstm_step_backward(dnext_h, dnext_c, cache)`).
      const outputOf = (name: string): CArr | undefined => {
        const partner = partnerOf(name);
        const j = partner === undefined ? -1 : rnames.indexOf(partner);
        const v = j > 0 ? items[j] : undefined;
        return v?.t === 'arr' && v.a.dtype === 'float' && !bound.has(name) ? v : undefined;
      };
      const extra: CArr[] = [];
      for (const [i, p] of bparams.entries()) {
        // (Only beside an upstream gradient that comes first: `lstm_step_backward(dnext_h, dnext_c, cache)`.)
        const other = i > 0 && upstreamAt === 0 ? outputOf(p.name) : undefined;
        if (other) {
          const d = ev.fresh(ev.rng.normalArray(other.a.shape), undefined);
          const prod = ev.record('mul', [other, d], {}, binary('mul', other.a, d.a), undefined);
          extra.push(ev.record('sum', [prod], { axis: undefined, keepdims: false }, reduce('sum', prod.a, undefined, false), undefined));
          checker.moreUpstreams.push(d.node);
          args.push(d);
        } else if (i === upstreamAt) {
          if (!out) throw new Unevaluable('no output for the upstream gradient');
          const dout = ev.fresh(ev.rng.normalArray(out.a.shape), undefined);
          const prod = ev.record('mul', [out, dout], {}, binary('mul', out.a, dout.a), undefined);
          checker.upstream = dout.node;
          checker.pinned = ev.record('sum', [prod], { axis: undefined, keepdims: false }, reduce('sum', prod.a, undefined, false), undefined).node;
          args.push(autograd ? wrappedFor(backward.def, p.name, dout) : dout);
        } else if (/^caches?$/.test(p.name)) args.push(cache);
        else if (bound.has(p.name)) args.push(bound.get(p.name)!);
        else if (strings.has(p.name)) args.push({ t: 'str', v: strings.get(p.name)! });
        else {
          // Labels the shape analysis knows nothing of are compared with the output (`A2 - Y`): its shape.
          const before = cz.guessedAny;
          cz.guessedAny = false;
          const stated = cz.value(ev, backward.params?.get(p.name), p.name);
          // Labels of the output's shape (`A2 - Y` says so) and inputs of stated shapes are not guesses:
          // a shape error after them is the backward pass's own. Which result is the output is certain
          // when the others are a cache (`return A2, cache`) or when the backward compares the labels with
          // one of them by name (`out - y`); else of several arrays (`return pre, hidden, out`) the first is a guess.
          const compared = comparedResult(backward.def, p.name, forward.def.name, rnames);
          const at = compared ?? (out ? undefined : stepOutputAt(rnames, shared.results));
          const output: CValue = at !== undefined && (items[at]?.t === 'arr' || (!out && items[at]?.t === 'list')) ? items[at] : first;
          const outputCertain = output !== out || items.slice(1).every((v) => v.t !== 'arr');
          const asIndices = indexesWith(backward.def, p.name);
          const labels = !stated && LABELS.test(p.name) && isUnknown(backward.params?.get(p.name)) ? labelsFor(ev, output, asIndices) : undefined;
          const c = stated ?? labels;
          // Class indices are a guess at what the labels hold (how many classes the one-hot rows have is the code's).
          if (cz.guessedAny || !c || (c.t === 'arr' && (c !== labels || !outputCertain || asIndices) && !cz.stated.has(c.node))) guessed = true;
          cz.guessedAny ||= before;
          // `backward(self, output_gradient, learning_rate)`: a layer that applies its own update takes the rate.
          if (!c && isLearningRateName(p.name)) {
            args.push(num(0.1, false));
            continue;
          }
          if (!c) {
            if (p.default) break; // the rest take their defaults
            throw new Unevaluable(`no value for ${backward.qualname}(${p.name})`);
          }
          args.push(c);
        }
      }
      // Over time steps, an initial state taken as a matrix by `Whh @ h` (its columns a guess) broadcasts
      // the steps' columns into a matrix the real state would not make: a shape failure then says nothing.
      state.backwardFromForward = !guessed && !fwdRankGuessed && !(steps && fwdPhantom);
      if (extra.length && checker.pinned !== undefined) {
        // Σ out ⊙ dout over every output with an upstream gradient.
        let total: CArr = { t: 'arr', a: ev.tape.nodes[checker.pinned].out, node: checker.pinned };
        for (const e of extra) total = ev.record('add', [total, e], {}, binary('add', total.a, e.a), undefined);
        checker.pinned = total.node;
      }
      if (!upstream) {
        // The backward pass starts from a cost: compute it with the module's cost function first.
        // Without one, the backward pass's own output gradient is the seed (seed.ts).
        // A cost function of the module whose every parameter the pair can give (the output first, then
        // the labels the backward pass takes, or the forward pass's inputs): one needing more (a penalty's
        // `lambd`) is not this pair's cost.
        for (const costFn of [...byName.values()].filter((f) => /cost|loss|entropy/i.test(f.def.name) && !writesGradients(f.def))) {
          const cf = scope.lookup(costFn.def.name);
          if (cf?.t !== 'func') continue;
          const cargs: CValue[] = [];
          let fits = true;
          for (const [i, p] of costFn.def.params.entries()) {
            const bi = bparams.findIndex((q) => q.name === p.name);
            if (i === 0 && out) cargs.push(out);
            else if (i === 0) fits = false;
            else if (bi >= 0) cargs.push(args[bi]);
            else if (bound.has(p.name)) cargs.push(bound.get(p.name)!);
            else if (!p.default) fits = false;
            else break;
          }
          if (!fits || cargs.length < 2) continue;
          ev.call(cf, cargs, new Map(), undefined);
          break;
        }
      }
      state.phase = 'backward';
      const returned = ev.call(bwd, args, new Map(), undefined);
      const ret = returnStatement(backward.def);
      if (autograd && ret) {
        // A custom autograd function returns one gradient per input of forward, in order, whatever it
        // names them; a named one is checked where it is computed.
        const exprs = ret.value?.kind === 'tuple' ? ret.value.elts : [ret.value];
        returnedGradients(returned).forEach((g, i) => {
          const p = forward.def.params[skip + i];
          const stmts = computingStatements(backward.def, exprs[i]);
          const name = (stmts.length > 0 && exprs[i] && wrappedName(exprs[i]!)) || `d${p?.name}`;
          if (g.t === 'arr' && p && fargs[i]?.t === 'arr') checker.checkReturned(unitOf(g), name, p.name, fargs[i] as CArr, g, stmts.length > 0 ? stmts : [ret], backward.qualname);
        });
        return;
      }
      // `return 1 - np.tanh(z) ** 2 * dout`: a gradient returned without a name is the gradient of the
      // forward pass's first input (checked as `dz`, on the return statement).
      const firstArr = fargs.find((a) => a.t === 'arr');
      const firstInput = forward.def.params.slice(skip).find((_, i) => fargs[i] === firstArr);
      // (`return dout`, the upstream gradient passed back unchanged, is such a gradient too: right only for an identity.)
      const passedBack = ret?.value?.kind === 'name' && upstreamAt >= 0 && ret.value.id === bparams[upstreamAt]?.name;
      if (returned.t === 'arr' && firstArr?.t === 'arr' && firstInput && ret && (ret.value?.kind !== 'name' || passedBack) && ret.value?.kind !== 'tuple') {
        checker.checkReturned(unitOf(firstArr), `d${firstInput.name}`, firstInput.name, firstArr, returned, [ret], backward.definedIn ? `${backward.definedIn}.${backward.def.name}` : backward.qualname);
      }
    }, [forward, backward]);
  }

  return { runs, checks: runs.flatMap((r) => r.checks), ms: performance.now() - t0, module: input.unit.module };
}

/** Whether a statement of the document assigns a gradient-named variable (`dw = ...`). */
function writesGradientTarget(at: { stmt: unknown; file: string } | undefined): boolean {
  const s = at?.file === '' ? (at.stmt as Stmt) : undefined;
  return s?.kind === 'assign' && s.targets.some((t) => t.kind === 'name' && partnerOf(t.id) !== undefined);
}

/**
 * Whether a docstring line describes parameter `name` (`b -- bias, a scalar`, `- x: Integer array of
 * shape (N, T)`, `kernel (tuple): ...`); with `sphinx`, also `:param kernel:` and a bare `@param kernel`.
 */
function describesParam(line: string, name: string, sphinx = false): boolean {
  let t = line.trim().replace(/^-\s*/, '');
  if (sphinx) t = t.replace(/^(:param|@param)\s+(\w+\s+)?(?=\w+\s*:?)/, '');
  return t.startsWith(name) && (sphinx ? /^\s*(--|:|\(|$)/ : /^\s*(--|:|\()/).test(t.slice(name.length));
}

/** The docstring's line describing a parameter. */
function paramDocLine(doc: string | undefined, name: string): string | undefined {
  return doc?.split('\n').find((l) => describesParam(l, name));
}

/**
 * A function's docstring, and for a constructor its class's and its bases' (Sphinx and numpydoc
 * describe `__init__`'s parameters in the class docstring: `:param kernel: ...`).
 */
function constructorDoc(f: FunctionInfo): string | undefined {
  if (f.def.name !== '__init__' || !f.cls || !documentUnit) return f.def.docstring;
  const docs = [f.def.docstring];
  const classes = new Map<string, Stmt & { kind: 'class' }>();
  for (const st of documentUnit.module.body) if (st.kind === 'class') classes.set(st.name, st);
  const seen = new Set<string>();
  let todo = [f.cls];
  while (todo.length > 0 && seen.size < 8) {
    const next: string[] = [];
    for (const name of todo) {
      const c = classes.get(name);
      if (!c || seen.has(name)) continue;
      seen.add(name);
      docs.push(c.docstring);
      for (const b of c.bases) if (b.kind === 'name') next.push(b.id);
    }
    todo = next;
  }
  const joined = docs.filter((d): d is string => d !== undefined);
  return joined.length > 0 ? joined.join('\n') : undefined;
}

/**
 * The docstring's paragraph describing a parameter: its line (`b -- bias`, `:param kernel:`,
 * `@param kernel`, `kernel (tuple): ...`) and the lines indented under it.
 */
function paramDocBlock(doc: string | undefined, name: string): string | undefined {
  if (!doc) return undefined;
  const lines = doc.split('\n');
  const i = lines.findIndex((l) => describesParam(l, name, true));
  if (i < 0) return undefined;
  const indent = (l: string) => l.length - l.trimStart().length;
  const block = [lines[i]];
  for (const l of lines.slice(i + 1)) {
    if (!l.trim() || indent(l) <= indent(lines[i]) || /^\s*(:\w+|@\w+)/.test(l)) break;
    block.push(l);
  }
  return block.join(' ').replace(/\s+/g, ' ');
}

/**
 * The sizes of a parameter its docstring calls a list or tuple of N integers (`:param kernel: A list/tuple
 * of int that has length 4 (height, width, in_channels, out_channels)`, `stride -- tuple of 2 ints`):
 * a name for each item, the docstring's when it lists N names in parentheses, else the parameter's
 * with the item's place. Undefined when the docstring says no such thing.
 */
export function documentedSizes(doc: string | undefined, name: string): string[] | undefined {
  const block = paramDocBlock(doc, name);
  if (!block) return undefined;
  const body = block.slice(block.indexOf(name) + name.length);
  if (!/\b(list|tuple)s?\b[^.;]*?\bof\b[^.;]*?\b(int|ints|integers?)\b/i.test(body) && !/\b(\d+)-tuple\b/i.test(body)) return undefined;
  if (/\b(array|matrix|vector|float|shape of)\b/i.test(body)) return undefined;
  const count = /\b(?:length|len|size)\s+(?:of\s+)?(\d)\b/i.exec(body)?.[1] ?? /\b(?:tuple|list)s?\s+of\s+(\d)\s+(?:ints?|integers?)\b/i.exec(body)?.[1] ?? /\b(\d)-tuple\b/i.exec(body)?.[1];
  const n = count === undefined ? 0 : Number(count);
  if (n < 1 || n > 6) return undefined;
  for (const m of body.matchAll(/\(([^()]*)\)/g)) {
    const names = m[1].split(',').map((x) => x.trim());
    if (names.length === n && names.every((x) => /^[A-Za-z_]\w*$/.test(x))) return names;
  }
  return Array.from({ length: n }, (_, i) => `${name}[${i}]`);
}

function saysScalar(doc: string | undefined, name: string): boolean {
  const line = paramDocLine(doc, name);
  return line !== undefined && /\bscalar\b/.test(line) && !/\b(shape|size|array|vector|matrix)\b/.test(line);
}

/** A count its docstring says must divide a size (`G -- number of groups, a divisor of C`). */
function saysDivisor(doc: string | undefined, name: string): boolean {
  const line = paramDocLine(doc, name);
  return line !== undefined && /\bdivisor\b|\bdivides?\b/i.test(line) && !/\b(shape|array|vector|matrix)\b/i.test(line);
}

/**
 * An array input its docstring calls integer indices or labels (`x: Integer array of shape (N, T)
 * giving indices`) gets integers 0 and 1 (valid indices for any chosen size); a boolean one, booleans.
 */
function asDocumentedKind(ev: Evaluator, c: CValue, line: string | undefined): CValue {
  if (c.t !== 'arr' || !line || c.a.dtype !== 'float') return c;
  const body = line.slice(line.search(/--|:|\(/));
  if (/\bboolean\b/i.test(body)) return ev.fresh(new NDArray(c.a.shape, ev.rng.intArray(c.a.shape, 0, 2).data, 'bool'), undefined);
  if (/\b(integer|int|indices|index|labels?)\b/i.test(body) && !/\bfloat/i.test(body)) return ev.fresh(ev.rng.intArray(c.a.shape, 0, 2), undefined);
  return c;
}

/** A list of layer sizes an initialiser loops over (`parameters['W' + str(l)]`). */
const LAYER_SIZES = /^(layers?_dims|layer_sizes|layers_sizes|dims|sizes|layer_dimensions|net_dims)$/;

/** The single return statement of a function, when it has one at its top level. */
function returnStatement(def: Stmt & { kind: 'def' }): (Stmt & { kind: 'return' }) | undefined {
  const rets = def.body.filter((s): s is Stmt & { kind: 'return' } => s.kind === 'return');
  return rets.length === 1 ? rets[0] : undefined;
}

/** The document unit, for a check made outside any frame. */
function unitOf(_v: CValue): FileUnit {
  return documentUnit!;
}

/** Names of class labels a loss takes (`y=None`: scores only). */
const CLASS_LABELS = /^(y|labels?|targets?)$/;

/** Names the field gives the targets a network's output is compared with. */
const LABELS = /^(Y|y|T|labels?|targets?|y_true|Y_true|expected)$/;

/** A parameter of no stated kind the function used as a size (`np.random.randn(inputs, hidden)`): that size. */
function decidedSize(v: Value | undefined): Value | undefined {
  const x = v && deref(v);
  return x?.t === 'int' ? x : v;
}

function isUnknown(v: Value | undefined): boolean {
  return v === undefined || v.t === 'unknown';
}

/** Modules' functions by definition, for finding an initialiser (set by verifyDocument). */
let moduleFunctions: FunctionInfo[] = [];
let documentUnit: FileUnit | undefined;

/**
 * The keys a function reads from a settings parameter, and those the module's functions it passes the
 * parameter on to read (spatial_batchnorm_forward hands bn_param to batchnorm_forward, which reads 'mode').
 */
function settingsKeys(def: DefStmt, param: string, depth = 0): Set<string> {
  const keys = keysRead(def, param);
  if (depth > 2) return keys;
  walkStmts(def.body, (st) => {
    for (const root of stmtExprs(st)) {
      walkExpr(root, (e) => {
        if (e.kind !== 'call' || e.func.kind !== 'name') return;
        const fname = e.func.id;
        const i = e.args.findIndex((a) => a.kind === 'name' && a.id === param);
        if (i < 0) return;
        const callee = moduleFunctions.find((g) => !g.cls && g.def.name === fname);
        const name = callee?.def.params[i]?.name;
        if (callee && name && callee.def !== def) for (const k of settingsKeys(callee.def, name, depth + 1)) keys.add(k);
      });
    }
  });
  return keys;
}

/** The value of a parameter read by string keys, made by calling the function that returns a dict of those keys. */
function fromInit(ev: Evaluator, cz: Concretizer, f: FunctionInfo, param: string): CValue | undefined {
  // `W_f, W_i, ..., b_v = p`: the initialiser that returns those names, in that order.
  const unpacked = unpackedNames(f.def, param);
  if (unpacked) {
    const init = moduleFunctions.find((g) => !g.cls && g !== f && !writesGradients(g.def) && sameNames(returnNames(g.def), unpacked));
    const fv = init && documentUnit && ev.defineModule(documentUnit).lookup(init.def.name);
    if (init && fv?.t === 'func') {
      const r = ev.call(fv, concreteArgs(ev, cz, init, 0), new Map(), undefined);
      if (r.t === 'tuple' && r.items.length === unpacked.length) return r;
    }
  }
  const keys = keysRead(f.def, param);
  // Keys built in a loop (`parameters['W' + str(l)]`): the initialiser the docstring names
  // (`parameters -- output of initialize_parameters_deep()`).
  const named = keys.size === 0 ? /output of (\w+)\(\)/.exec(paramDocLine(f.def.docstring, param) ?? '')?.[1] : undefined;
  if (keys.size === 0 && !named) return undefined;
  const init = named
    ? moduleFunctions.find((g) => !g.cls && g.def.name === named && /^init/.test(named) && !writesGradients(g.def))
    : moduleFunctions.find((g) => !g.cls && g !== f && !writesGradients(g.def) && [...keys].every((k) => returnedDictKeys(g.def).has(k)));
  if (!init) return undefined;
  const fv = documentUnit && ev.defineModule(documentUnit).lookup(init.def.name);
  if (fv?.t !== 'func') return undefined;
  const r = ev.call(fv, concreteArgs(ev, cz, init, 0), new Map(), undefined);
  return r.t === 'dict' ? r : undefined;
}

/** An output's name on the object (`self.output`, `self.out`). */
const KEPT_OUTPUT = /^(output|outputs|out|result|y_hat|activations?)$/;

/**
 * The value of the attribute a method with no return statement assigns last at its top level, when it is
 * named as an output and computed from the inputs the method was given (`self.output = ...`): a stored
 * input or cache taken for the output would make every gradient look wrong.
 */
function keptOutput(ev: Evaluator, def: DefStmt, self: CValue & { t: 'object' }, inputs: CValue[]): CArr | undefined {
  if (returnStatement(def)) return undefined;
  for (let i = def.body.length - 1; i >= 0; i--) {
    const s = def.body[i];
    if (s.kind !== 'assign' || s.targets.length !== 1) continue;
    const t = s.targets[0];
    if (t.kind !== 'attr' || t.obj.kind !== 'name' || t.obj.id !== def.params[0]?.name || !KEPT_OUTPUT.test(t.name)) return undefined;
    const v = self.attrs.get(t.name);
    const given = new Set(inputs.flatMap((a) => (a.t === 'arr' ? [a.node] : [])));
    return v?.t === 'arr' && !given.has(v.node) && ev.tape.dependsOn(v.node, given) ? v : undefined;
  }
  return undefined;
}

function sameNames(a: (string | undefined)[], b: string[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

function concreteArgs(ev: Evaluator, cz: Concretizer, f: FunctionInfo, skip: number, strings = new Map<string, string>()): CValue[] {
  const args: CValue[] = [];
  for (const p of f.def.params.slice(skip)) {
    if (p.form !== 'normal') break;
    if (strings.has(p.name)) {
      args.push({ t: 'str', v: strings.get(p.name)! });
      continue;
    }
    const abstract = decidedSize(f.params?.get(p.name));
    const lit = p.default ? literalValue(p.default) : undefined;
    if (lit?.t === 'none' && CLASS_LABELS.test(p.name) && !(abstract?.t === 'array')) {
      // CS231n's `loss(X, y=None)`: without labels it only scores. Class labels 0 and 1, one per row of
      // the first array argument (valid class indices for C ≥ 2, and 0/1 targets of a cross-entropy).
      const first = args.find((a) => a.t === 'arr');
      if (first?.t === 'arr' && first.a.ndim >= 1) {
        args.push(ev.fresh(cz.labels(ev, [first.a.shape[0]]), undefined));
        continue;
      }
    }
    if (p.default && !lit && isUnknown(abstract)) {
      // `w_init=XavierUniform()`: the default the code wrote, made by the call itself, when every later
      // parameter has one too (a guessed array would stand where an initializer object is meant).
      const rest = f.def.params.slice(f.def.params.indexOf(p));
      if (rest.every((q) => q.form !== 'normal' || q.default)) break;
    }
    const hyper = lit && hyperparameterValue(f.def, p.name, lit);
    if (hyper) {
      args.push(hyper);
      continue;
    }
    if (lit && !(lit.t === 'none' && abstract?.t === 'array')) {
      // The default as written (a loop count, a learning rate, print_cost=False); an array parameter
      // defaulting to None (CS231n's `y=None`) gets values, so the gradient branch runs.
      args.push(lit);
      continue;
    }
    // Nothing known: a dict of parameters read by key comes from the module's function returning a
    // dict with those keys (init → forward); else guess a size (a parameter the analysis could not type
    // is most often one, like n_h). A wrong guess only makes the run stop: the truth comes from the same run.
    if (isUnknown(abstract) && saysScalar(f.def.docstring, p.name)) {
      // `b -- bias, a scalar`: a number, not the column a bias is guessed to be.
      args.push(num(0.1, false));
      continue;
    }
    if ((isUnknown(abstract) || abstract?.t === 'int') && saysDivisor(f.def.docstring, p.name)) {
      // `G: number of groups, should be a divisor of C`: 1 divides every size the run chooses.
      args.push(num(1, true));
      continue;
    }
    if (isUnknown(abstract) && LAYER_SIZES.test(p.name)) {
      // `initialize_parameters_deep(layer_dims)` with no caller: a small network, [n_x, n_h, 1] (one
      // output unit, as a binary classifier's labels have); sizes a failed run teaches are learnt.
      // Code that reads more items by constant index (`self.sizes[3]` in a method) gets more hidden layers.
      const read = itemsRead(f.cls ? moduleFunctions.filter((g) => g.cls === f.cls).map((g) => g.def) : [f.def], p.name);
      const hidden = Array.from({ length: Math.max(1, Math.min(read, 8) - 2) }, (_, i) => cz.guess(ev, i === 0 ? 'n_h' : `n_h${i + 1}`));
      args.push({ t: 'list', items: [cz.guess(ev, 'n_x'), ...hidden, num(1, true)] });
      continue;
    }
    const sizes = isUnknown(abstract) ? documentedSizes(constructorDoc(f), p.name) : undefined;
    if (sizes) {
      // `:param kernel: a tuple of 4 ints (height, width, in_channels, out_channels)`: that many sizes,
      // each named as the docstring names it (the same name elsewhere gets the same size).
      args.push({ t: 'tuple', items: sizes.map((n) => cz.guessSize(n)) });
      continue;
    }
    const settings = (isUnknown(abstract) || abstract?.t === 'dict') && settingsDict(p.name, settingsKeys(f.def, p.name));
    if (settings) {
      args.push(settings);
      continue;
    }
    // A default that names one of the document's classes or functions (Nielsen's `cost=CrossEntropyCost`): that one.
    const named = p.default?.kind === 'name' && (isUnknown(abstract) || abstract?.t === 'class' || abstract?.t === 'func') ? ev.moduleValue('', p.default.id) : undefined;
    if (named?.t === 'class' || named?.t === 'func') {
      args.push(named);
      continue;
    }
    const c =
      cz.value(ev, abstract, p.name) ??
      (isUnknown(abstract) ? (fromInit(ev, cz, f, p.name) ?? cz.guess(ev, p.name, abstract?.t === 'unknown' && abstract.hole?.sized === true)) : abstract?.t === 'tuple' ? fromInit(ev, cz, f, p.name) : undefined);
    if (!c) throw new Unevaluable(`${f.qualname}: nothing is known of ${p.name}`);
    const kind = asDocumentedKind(ev, c, paramDocLine(f.def.docstring, p.name));
    if (kind !== c && c.t === 'arr' && kind.t === 'arr') cz.remade(c.node, kind.node);
    args.push(kind);
  }
  return args;
}

function methodOf(ev: Evaluator, cls: CValue | undefined, f: FunctionInfo, cz: Concretizer, input: VerifyInput): CFunc | undefined {
  if (cls?.t !== 'class') return undefined;
  const m = findMethod(cls, f.def.name);
  if (!m) return undefined;
  if (!methodTakesObject(input.unit.module, f.def, f.cls)) return m.fn;
  const init = findMethod(cls, '__init__')?.fn;
  let self: CValue = { t: 'object', cls, attrs: new Map() };
  if (init) {
    const info: FunctionInfo = { def: init.def, qualname: init.qualname, cls: f.cls, params: input.standalone.get(init.qualname) };
    self = ev.call(cls, concreteArgs(ev, cz, info, 1), new Map(), undefined);
  }
  return bind(m, self);
}

function literalValue(e: Expr): CValue | undefined {
  switch (e.kind) {
    case 'num':
      return num(e.value, e.isInt);
    case 'str':
      return e.value === undefined ? undefined : { t: 'str', v: e.value };
    case 'bool':
      return { t: 'bool', v: e.value };
    case 'none':
      return NONE;
    case 'unary':
      if (e.op === '-' && e.operand.kind === 'num') return num(-e.operand.value, e.operand.isInt);
      return undefined;
    case 'tuple': {
      const items = e.elts.map(literalValue);
      return items.every((x) => x) ? { t: 'tuple', items: items as CValue[] } : undefined;
    }
    default:
      return undefined;
  }
}

/** The axis along which a 1-D or 2-D array's entries are probabilities summing to 1, if one is. */
function distributionAxis(a: NDArray): number | undefined {
  if (a.size < 2 || a.data.some((x) => !(x >= 0 && x <= 1))) return undefined;
  const [rows, cols] = a.shape.length === 1 ? [a.shape[0], 1] : a.shape;
  const sums = (axis: number) => {
    const n = axis === 0 ? cols : rows;
    return Array.from({ length: n }, (_, k) => {
      let t = 0;
      for (let j = 0; j < (axis === 0 ? rows : cols); j++) t += axis === 0 ? a.data[j * cols + k] : a.data[k * cols + j];
      return t;
    });
  };
  const ones = (xs: number[]) => xs.every((x) => Math.abs(x - 1) < 1e-6);
  if (rows > 1 && ones(sums(0))) return 0;
  if (a.shape.length === 2 && cols > 1 && ones(sums(1))) return 1;
  return undefined;
}

/** One-hot rows or columns: a random class along `axis` for each position across it. */
function oneHot(ev: Evaluator, shape: number[], axis: number): NDArray {
  const [rows, cols] = shape.length === 1 ? [shape[0], 1] : shape;
  const data = new Float64Array(rows * cols);
  const classes = axis === 0 ? rows : cols;
  const picks = ev.rng.intArray([axis === 0 ? cols : rows], 0, classes).data;
  for (let k = 0; k < picks.length; k++) data[axis === 0 ? picks[k] * cols + k : k * cols + picks[k]] = 1;
  return new NDArray(shape, data, 'float');
}

/** Labels for the output: one per step of a per-step list (`targets[t]` beside `outputs[t]`). */
function labelsFor(ev: Evaluator, output: CValue, asIndices: boolean): CValue | undefined {
  if (output.t === 'arr') return madeLabels(ev, output, asIndices);
  if (output.t === 'list' && output.items.every((x) => x.t === 'arr')) {
    // A step's label read as an index (`dy[targets[t]] -= 1`): one class index per step.
    if (asIndices) return { t: 'list', items: output.items.map((x) => num(ev.rng.intArray([1], 0, (x as CArr).a.shape[0] ?? 1).data[0], true)) };
    return { t: 'list', items: output.items.map((x) => madeLabels(ev, x as CArr, asIndices)) };
  }
  return undefined;
}

/** A per-step list's name as an output's (`outputs`, `output_s`, `ps`). */
const OUTPUT = /^(outputs?|outs?|y_?hats?|preds?|predictions?|probs?|probabilities|ps|ys)(_s|_list|s)?$/i;

/**
 * Which per-step list of the forward pass's results is its output: the one a driver passes the backward
 * pass under an output's name (`outputs`), else the one the forward pass names so (`output_s`).
 */
function stepOutputAt(rnames: (string | undefined)[], results: Map<string, number>): number | undefined {
  for (const [name, i] of results) if (OUTPUT.test(name)) return i;
  const j = rnames.findIndex((n) => n !== undefined && OUTPUT.test(n));
  return j >= 0 ? j : undefined;
}

/**
 * Labels the shape analysis knows nothing of, for an output of the given shape: the output's shape (one-hot
 * for a distribution), or, when the code indexes with them (`torch.eye(10)[targets]`), one class index (0 or 1)
 * per row of the output.
 */
function madeLabels(ev: Evaluator, output: CArr, asIndices: boolean): CValue {
  const shape = output.a.shape;
  if (!asIndices || shape.length !== 2) {
    // An output that is a distribution over classes (a softmax's: entries in [0, 1] summing to 1 along an
    // axis) is fitted to one-hot labels along that axis: `probs - Y` and `dv[np.argmax(y)] -= 1` are its
    // cross-entropy's gradient only for those. Any other output takes labels of any value.
    const axis = shape.length >= 1 && shape.length <= 2 ? distributionAxis(output.a) : undefined;
    if (axis !== undefined) return ev.fresh(oneHot(ev, shape, axis), undefined);
    return ev.fresh(ev.rng.normalArray(shape), undefined);
  }
  // 0 and 1, as Concretizer.labels: valid indices whatever the number of classes the code picks them from.
  return ev.fresh(ev.rng.intArray([shape[0]], 0, 2), undefined);
}
