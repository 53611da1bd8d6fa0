// The abstract interpreter: runs the statements of a module over abstract values (values.ts),
// calling the op table for NumPy, inlining user functions at their call sites, and analysing each
// function once more on its own with shapes from its docstring. It never runs the user's code.
//
// Limits: a step budget (statements and loop iterations), a call depth, loops unrolled only when
// their length is a known small constant (else the body runs twice with an unknown index), and
// both branches of an undecidable `if`, joined afterwards.

import type { Expr, Module, Span, Stmt } from '../syntax/ast';
import type { Dim, DimStore } from '../shapes/dim';
import { renderShape, unifyShapes, compareShapes, type Shape } from '../shapes/shapeOps';
import type { FindingSink, OperandContradiction } from '../diagnostics/contradiction';
import { Scope } from './scope';
import type { ArrayValue, ClassValue, FuncValue, ObjectValue, Value } from './values';
import { UNKNOWN, NONE, FLOAT } from './values';
import type { CallSite, OpContext } from '../ops/types';
import { lookupOp } from '../ops/table';
import { readsFreeModule, SNIPPET_MODULES } from '../conventions/snippetModules';
import { isSnippetData } from './snippetNames';
import { isWrapperCall, SAVE_BUILTIN, SAVE_FOR_BACKWARD, SAVED_TENSORS, takesObjectFirst, UNBROADCAST, WRAPPED_DATA } from '../conventions/autograd';
import { elementwise } from '../ops/binary';
import { matrixProduct, transposeValue } from '../ops/linalg';
import { evalBuiltin, isBuiltinName, MAX_UNROLL, rangeItems } from './builtins';
import { joinValues } from './join';
import { addDictElem, deref, holeAsArray, holeAsInt, holeAsDict, holeAsTuple, holeLike, itemHole, newHole, openHole, partialBroadcast, settle, shapeSource } from './holes';
import { anotherItem } from './anotherItem';
import { layerItem } from './layerItem';
import { lambdaDef } from '../syntax/lambdaDef';
import { arithmeticSize, constantSize, isArithmeticSize, sliceSize } from '../shapes/sizeArith';
import { integerIndexArrays } from './indexArrays';
import { splitSections } from './splits';
import { missingHelperPair, missingHelperResult } from './missingHelpers';
import { missingLinalgResult } from './missingLinalg';
import { decideJoinParts, isJoin, settledParts } from './joinParts';
import { initializerResult } from './initializers';
import { torchValue } from './torchCalls';
import { dataLibraryMember, dataLibraryCall } from './dataSources';
import { isDataModule } from '../conventions/dataLibraries';
import { foreignResult, foreignValue } from './foreign';
import { importsTorch, isTorchModule, torchAttribute } from '../ops/torch';
import { annotatedValue } from './annotations';
import { linkedInputs, methodUpstream, programModel, type LinkedInputs, type StandaloneRun } from './links';
import { storeContradictions, expectedShapeFor } from './stores';
import { seedTakesOutputShape } from './seedShape';
import { interpretAssert } from './asserts';
import { reassignedLater } from '../syntax/laterAssignments';
import { anyShapeParams, statedParamValues, statedReturnShape, commentShapeFor } from './statedShapes';
import { LineIndex } from '../syntax/lineIndex';

export interface FileUnit {
  /** '' for the analysed document; the module name for files read for imports. */
  file: string;
  text: string;
  module: Module;
  lines: LineIndex;
}

export class BudgetExceeded extends Error {}

export interface Recorder {
  expr(file: string, span: Span, v: ArrayValue): void;
  assign(file: string, target: Expr, stmt: Span, v: ArrayValue): void;
  /** A function about to be analysed on its own, with the values bound to its parameters (gradient verification concretises them). */
  standalone?(f: FuncValue, params: Map<string, Value>): void;
  /** An array nothing fixed the rank of, with the shape of the input `like` (`dx = dout * (x > 0)`: dout.shape). */
  sameShape?(file: string, target: Expr, stmt: Span, like: string): void;
  /** The analysis of a function on its own starts (its def's span) or ends (undefined): what is recorded meanwhile is its standalone view. */
  standaloneRun?(def: Span | undefined): void;
}

/** One activation: a function body (inlined or standalone) or a module's top level. */
export interface Frame {
  unit: FileUnit;
  scope: Scope;
  /** The rigid-name scope (dim.ts) of a function analysed on its own; 0 elsewhere. */
  rigidScope: number;
  /** Names of the function's parameters when it is analysed on its own: they become rigid names. */
  standaloneParams: Set<string>;
  /** Dimension names stated in this function's docstring, shared by its params and returns. */
  docDims: Map<string, Dim>;
  func: FuncValue | undefined;
  returns: Value[];
  /** Set by return/break/continue until the enclosing construct handles it. */
  exit: 'return' | 'break' | 'continue' | undefined;
  /** The op context for this frame, made on first use. */
  ctx?: OpContext;
}

const MAX_CALL_DEPTH = 12;
/** The rigid-name scope of the analysed document's top level (dim.ts scopes start at 1). */
const SCRIPT_SCOPE = 0;
const INT_RESULTS = new Set(['np.arange', 'np.random.randint', 'np.int64', 'np.int32', 'np.random.permutation', 'np.argmax', 'array.argmax', 'np.argsort', 'array.argsort', 'rng.permutation']);
/** Names a parameter of no stated kind has when it is a size (`4 * n_h`). */
/** Modules whose imports leave Python's builtins as they are (`from builtins import range`). */
const PY2_COMPAT = /^(builtins|__builtin__|__future__|future\.builtins)$/;
/** Methods only a dict has: an input read with one of them is a dict. */
const DICT_METHODS = new Set(['get', 'items', 'keys', 'values', 'setdefault']);
const SIZE_NAME = /^([nmkdhNMKDHCTVLFG]|n_\w+|num_?\w*|\w*_(size|dim|len|num|count)|(size|dim|hidden|width|height|depth)\w*|P[HW]|HH|WW|pool_?[hw]\w*|stride|pad|[a-z]_[hw]|kernel_?[hw]\w*)$/;
/** The keyword maps of every call site without keywords (evalCall); never written to. */
const NO_KEYWORDS: Map<string, Value> = new Map();
const NO_KEYWORD_EXPRS: Map<string, Expr> = new Map();
/** Calls whose result is an array of their argument's shape: an input's hole passes through them. */
const COPIES = new Set(['np.copy', 'np.array', 'np.asarray', 'array.copy', 'np.zeros_like', 'np.ones_like', 'np.empty_like']);
/** Elementwise functions of one array (the other arguments numbers): their result has its shape. */
const UNARY_UFUNCS = /^np\.(exp|log|log1p|expm1|tanh|sqrt|abs|absolute|sign|square|negative|sin|cos|maximum|minimum|clip|power|float_power)$/;

function elementwiseHoleArg(name: string, args: Value[]): Value | undefined {
  if (!UNARY_UFUNCS.test(name)) return undefined;
  const holes = args.filter((a) => openHole(a));
  if (holes.length !== 1 || !args.every((a) => openHole(a) || a.t === 'int' || a.t === 'float')) return undefined;
  // np.power(2, x) and np.maximum(0, x) alike: the one input of no stated shape.
  return holes[0];
}

export interface InterpreterOptions {
  maxSteps: number;
  isCancelled?: () => boolean;
  loadModule: (name: string) => FileUnit | undefined;
}

/**
 * The checks layer as the interpreter sees it (engine/analysis/inference.ts plugs engine/checks in):
 * where findings go, and the one way a contradiction becomes a finding. The interpreter describes
 * contradictions (its shape rules', its stores', its asserts'); it never decides a finding.
 */
export interface Checks {
  readonly findings: FindingSink;
  contradiction(ctx: OpContext, c: OperandContradiction<ArrayValue>): void;
}

export class Interpreter {
  private steps = 0;
  private callStack: Stmt[] = [];
  private moduleScopes = new Map<string, Scope>();
  /** The assignment whose value is being evaluated, for fixes consistent with its target. */
  private expected: { shape: Shape; top: Set<string> } | undefined;
  /** The value of the assignment being evaluated when it is unpacked into several targets. */
  private unpacked: Expr | undefined;
  /** Attribute expressions that are called (`x.size()` is a method there, an int elsewhere). */
  private readonly callees = new WeakSet<Expr>();
  private unpackedCount = 0;
  /** Assignments of inputs not yet decided, recorded when the analysis that made them ends. */
  private deferred: { file: string; target: Expr; span: Span; v: Value }[] = [];

  constructor(
    readonly dims: DimStore,
    readonly checks: Checks,
    readonly recorder: Recorder,
    private readonly opts: InterpreterOptions,
  ) {}

  // ---------------------------------------------------------------- entry points

  /** Runs a module's top level and returns its scope (cached per file). */
  runModule(unit: FileUnit): Scope {
    const cached = this.moduleScopes.get(unit.file);
    if (cached) return cached;
    const scope = new Scope(undefined, 'module');
    this.moduleScopes.set(unit.file, scope);
    const frame = this.newFrame(unit, scope, undefined);
    this.execBlock(unit.module.body, frame);
    this.flushDeferred();
    return scope;
  }

  /**
   * Analyses every function and method of the module on its own, with shapes from its docstring and
   * from the functions the program model links it to (engine/program): an initialiser's result for
   * the parameters it reads, its forward pass's result for a backward pass's cache. Producers run
   * first; a forward pass's sizes are frozen (holes.ts) before its backward pass is analysed.
   */
  /** The standalone analyses done so far (a TypeScript `ReturnType<typeof f>` reads f's). */
  private standaloneDone = new Map<string, StandaloneRun>();
  /** Loops of unknown length being run (execFor): a list appended to in one has no known length (values.ts `grown`). */
  private openLoops = 0;
  /** Second passes of such loops being run: a layer's item read there carries no names (layerItem.ts). */
  private repeatPasses = 0;

  runStandalone(unit: FileUnit): void {
    this.runFunctionsAndMethods(unit);
    // What no use decided: an array of any rank shows the input it has the shape of.
    for (const d of this.deferred) {
      const h = openHole(d.v);
      if (h?.arrayLike) this.recorder.sameShape?.(d.file, d.target, d.span, shapeSource(h));
    }
  }

  private runFunctionsAndMethods(unit: FileUnit): void {
    const scope = this.runModule(unit);
    const model = programModel(unit.module);
    const done = (this.standaloneDone = new Map<string, StandaloneRun>());
    for (const name of model.order()) {
      const f = scope.lookup(name);
      const info = model.functions.get(name);
      if (f?.t !== 'func' || !info || f.def !== info.def) continue;
      const run = this.callStandalone(f, undefined, linkedInputs(this.dims, model.linksTo(name), done));
      // A function with a contradiction of its own is no specification for the functions linked to it.
      const faulty = this.checks.findings.findings().some((x) => x.span.start >= f.def.span.start && x.span.end <= f.def.span.end);
      if (run && !faulty) done.set(name, run);
    }
    for (const stmt of unit.module.body) {
      if (stmt.kind === 'class') {
        const cls = scope.lookup(stmt.name);
        if (cls?.t !== 'class') continue;
        const init = cls.methods.get('__init__');
        const self: ObjectValue = { t: 'object', cls, attrs: new Map() };
        if (init) this.callStandalone(init, self);
        // A class's forward method runs before its backward method, which sees what forward stored on
        // the object (`self.cache = (x, w)`, `self.inputs = X`): the pair is one unit (issue 11).
        let afterForward: ObjectValue | undefined;
        // Its own methods (an inherited one is analysed in the class that defines it).
        const methods = [...cls.methods].filter(([name, m]) => name !== '__init__' && m.qualname === `${stmt.name}.${name}`);
        const isForward = (name: string) => /^(forward|_?forward_pass|__call__)$/.test(name);
        let forwardRun: StandaloneRun | undefined;
        for (const [name, m] of [...methods.filter(([n]) => isForward(n)), ...methods.filter(([n]) => !isForward(n))]) {
          const isBackward = /^backward$|^backward_pass$/.test(name);
          const obj = cloneObject(isBackward && afterForward ? afterForward : self);
          // `backward(self, grad)`: grad is the gradient of what forward returned, so it has its shape.
          const upstream = isBackward && forwardRun ? methodUpstream(m.def, forwardRun, cls.methods.get('forward')?.def) : undefined;
          // A `@staticmethod` takes no self, except a custom autograd function's, whose first parameter is its context (conventions/autograd.ts).
          const run = this.callStandalone(m, takesObjectFirst(stmt, m.def) ? obj : undefined, upstream);
          if (isForward(name) && !afterForward) {
            afterForward = obj;
            forwardRun = run;
          }
        }
      }
    }
  }

  private callStandalone(f: FuncValue, self: Value | undefined, linked?: LinkedInputs): StandaloneRun | undefined {
    const unit = this.unitOf(f);
    if (!unit) return undefined;
    const scope = new Scope(f.closure, 'function');
    const frame = this.newFrame(unit, scope, f);
    frame.rigidScope = this.dims.newScope();
    if (linked) for (const [k, d] of linked.docDims) frame.docDims.set(k, d);
    const params = f.def.params;
    let first = 0;
    if (self && params.length > 0 && params[0].form === 'normal') {
      scope.set(params[0].name, self);
      first = 1;
    }
    const stated = statedParamValues(this.dims, f.def.docstring, frame.docDims, (name) => this.dims.rigid(name, frame.rigidScope), `the docstring of ${f.qualname}`);
    const anyShape = anyShapeParams(f.def.docstring);
    for (let i = first; i < params.length; i++) {
      const p = params[i];
      frame.standaloneParams.add(p.name);
      const v = stated.get(p.name);
      const from = linked?.values.get(p.name);
      if (from) scope.set(p.name, bindStated(this.dims, from, v));
      else if (v) scope.set(p.name, v);
      else if (p.default && p.default.kind !== 'none') {
        const d = this.evalExpr(p.default, frame);
        // An int default is still a free size when the function is analysed on its own.
        scope.set(p.name, d.t === 'int' ? { t: 'int', dim: this.dims.rigid(p.name, frame.rigidScope) } : d);
      } else scope.set(p.name, p.form === 'vararg' ? { t: 'tuple', items: [] } : p.form === 'kwarg' ? UNKNOWN : annotatedValue(this.dims, unit.module, p.annotation, p.name, (n) => this.standaloneDone.get(n)?.result) ?? newHole(p.name));
      // `dout: Upstream derivatives, of any shape`: an array whose rank nothing fixes.
      const h = anyShape.has(p.name) ? openHole(scope.vars.get(p.name)!) : undefined;
      if (h) h.arrayLike = true;
    }
    // The parameters' values before the body rebinds any of them (a backward pass takes its forward's inputs).
    const initialParams = new Map<string, Value>();
    for (const p of params) {
      const v = scope.vars.get(p.name);
      if (v) initialParams.set(p.name, v);
    }
    let bound: Map<string, Value> | undefined;
    if (this.recorder.standalone) {
      bound = new Map<string, Value>();
      for (const p of params) {
        const v = scope.lookup(p.name);
        if (v) bound.set(p.name, v);
      }
      this.recorder.standalone(f, bound);
    }
    this.callStack.push(f.def);
    if (unit.file === '') this.recorder.standaloneRun?.(f.def.span);
    try {
      this.execBlock(f.def.body, frame);
    } finally {
      this.callStack.pop();
      if (unit.file === '') this.recorder.standaloneRun?.(undefined);
    }
    this.flushDeferred();
    for (const [k, v] of initialParams) initialParams.set(k, settle(v));
    // What verification concretises sees what use decided (holes.ts).
    if (bound) for (const [k, v] of bound) bound.set(k, settle(v));
    const result = frame.returns.length === 0 ? NONE : settle(frame.returns.reduce((a, b) => joinValues(this.dims, a, b)));
    return { result, params: initialParams, docDims: frame.docDims, rigidScope: frame.rigidScope };
  }

  private flushDeferred(): void {
    // Those still undecided wait: an import's top level ends inside the analysis that imports it.
    this.deferred = this.deferred.filter((d) => {
      const v = deref(d.v);
      if (v.t === 'array' && v.shape) this.recorder.assign(d.file, d.target, d.span, v);
      return v.t === 'unknown';
    });
  }

  private newFrame(unit: FileUnit, scope: Scope, func: FuncValue | undefined): Frame {
    return { unit, scope, rigidScope: 0, standaloneParams: new Set(), docDims: new Map(), func, returns: [], exit: undefined };
  }

  private unitOf(f: FuncValue): FileUnit | undefined {
    return f.file === '' ? this.opts.loadModule('') : this.opts.loadModule(f.file);
  }

  // ---------------------------------------------------------------- statements

  private tick(): void {
    this.steps++;
    if (this.steps > this.opts.maxSteps) throw new BudgetExceeded('step budget');
    if ((this.steps & 1023) === 0 && this.opts.isCancelled?.()) throw new BudgetExceeded('cancelled');
  }

  execBlock(stmts: Stmt[], frame: Frame): void {
    for (const s of stmts) {
      if (frame.exit) return;
      this.tick();
      this.execStmt(s, frame);
    }
  }

  private execStmt(s: Stmt, frame: Frame): void {
    switch (s.kind) {
      case 'expr':
        this.evalExpr(s.value, frame);
        return;
      case 'assign': {
        const first = s.targets[0];
        // `n, m = X.shape` with X of no stated shape: X has that many axes.
        if (first?.kind === 'tuple' && s.value.kind === 'attr' && s.value.name === 'shape') {
          const h = openHole(this.evalExpr(s.value.obj, frame));
          if (h) holeAsArray(this.dims, h, first.elts.length, `${this.opCtx(frame).src(s.span)} on line ${this.opCtx(frame).lineOf(s.span.start)}`, frame.rigidScope || undefined);
        }
        const shape = first ? expectedShapeFor(first, frame.scope, (e) => this.peek(e, frame), (e) => this.peekKey(e, frame)) : undefined;
        this.expected = shape ? { shape, top: topSpans(s.value) } : undefined;
        this.unpacked = first && (first.kind === 'tuple' || first.kind === 'list') ? s.value : undefined;
        this.unpackedCount = first && (first.kind === 'tuple' || first.kind === 'list') ? first.elts.length : 0;
        let v: Value;
        try {
          v = this.evalExpr(s.value, frame);
        } finally {
          this.expected = undefined;
        }
        v = this.applyComment(s, v, frame);
        if (first && shape) seedTakesOutputShape(this.dims, s, v, shape, this.peek(first, frame) === undefined);
        for (const t of s.targets) this.assign(t, v, frame, s);
        return;
      }
      case 'augassign': {
        const old = this.evalExpr(s.target, frame);
        const rhs = this.evalExpr(s.value, frame);
        let v = this.binop(s.op, old, rhs, s.target, s.value, s.span, frame);
        // An in-place update (`dW += ...`, `W -= lr * dW`) never changes the array's shape.
        if (old.t === 'array' && old.shape && (v.t !== 'array' || !v.shape) && /^([-+*/]|\/\/|\*\*)$/.test(s.op)) {
          v = { ...old, origin: `in-place ${s.op}= on line ${this.opCtx(frame).lineOf(s.span.start)}`, site: { kind: 'operation', file: frame.unit.file, span: s.span } };
        }
        this.assign(s.target, v, frame, s, old);
        return;
      }
      case 'annassign':
        if (s.value) this.assign(s.target, this.evalExpr(s.value, frame), frame, s);
        return;
      case 'def': {
        const qual = frame.func ? `${frame.func.qualname}.${s.name}` : s.name;
        frame.scope.set(s.name, { t: 'func', def: s, closure: frame.scope, file: frame.unit.file, qualname: qual });
        return;
      }
      case 'class':
        this.execClass(s, frame);
        return;
      case 'return': {
        let v = s.value ? this.evalExpr(s.value, frame) : NONE;
        if (frame.func && s.value) v = statedReturnShape(this.dims, frame.func.def.docstring, s.value, v, frame.docDims, frame.rigidScope === 0);
        frame.returns.push(v);
        frame.exit = 'return';
        return;
      }
      case 'if':
        this.execIf(s, frame);
        return;
      case 'for':
        this.execFor(s, frame);
        return;
      case 'while':
        this.execWhile(s, frame);
        return;
      case 'with':
        for (const it of s.items) {
          this.evalExpr(it.context, frame);
          // What a context manager yields is not modelled.
          if (it.target) this.assign(it.target, UNKNOWN, frame, s);
        }
        this.execBlock(s.body, frame);
        return;
      case 'try':
        this.execBlock(s.body, frame);
        if (frame.exit) return;
        this.execBlock(s.orelse, frame);
        if (frame.exit) return;
        this.execBlock(s.finalbody, frame);
        return;
      case 'import':
        for (const n of s.names) this.importName(n.name, n.asname, frame);
        return;
      case 'importfrom':
        this.importFrom(s.module, s.names, frame);
        return;
      case 'assert':
        interpretAssert(this.opCtx(frame), s, (e) => this.evalExpr(e, frame), (t, v) => this.refine(t, v, frame));
        return;
      case 'break':
      case 'continue':
        frame.exit = s.kind;
        return;
      case 'del':
        for (const t of s.targets) if (t.kind === 'name') frame.scope.vars.delete(t.id);
        return;
      case 'pass':
      case 'other':
      case 'error':
        return;
    }
  }

  private execClass(s: Stmt & { kind: 'class' }, frame: Frame): void {
    const cls: ClassValue = { t: 'class', name: s.name, methods: new Map(), attrs: new Map() };
    // Bases the module defines: their methods and attributes, the first base's winning, the class's own over all.
    const bases = s.bases.map((b) => (b.kind === 'name' ? frame.scope.lookup(b.id) : undefined)).filter((b): b is ClassValue => b?.t === 'class');
    if (bases.length > 0) cls.bases = bases;
    for (const b of [...bases].reverse()) {
      for (const [k, m] of b.methods) cls.methods.set(k, m);
      for (const [k, v] of b.attrs) cls.attrs.set(k, v);
    }
    const scope = new Scope(frame.scope, 'class');
    const inner: Frame = { ...frame, scope, exit: undefined, ctx: undefined };
    for (const st of s.body) {
      if (st.kind === 'def') {
        cls.methods.set(st.name, { t: 'func', def: st, closure: frame.scope, file: frame.unit.file, qualname: `${s.name}.${st.name}` });
      } else {
        this.execStmt(st, inner);
      }
    }
    for (const [k, v] of scope.vars) cls.attrs.set(k, v);
    frame.scope.set(s.name, cls);
  }

  private execIf(s: Stmt & { kind: 'if' }, frame: Frame): void {
    const test = this.evalExpr(s.test, frame);
    const truth = truthOf(test, this.dims);
    if (truth === true) return this.execBlock(s.body, frame);
    if (truth === false) return this.execBlock(s.orelse, frame);
    // Undecidable: run both on copies of the scope and join what they leave.
    const before = new Map(frame.scope.vars);
    this.execBlock(s.body, frame);
    const exitA = frame.exit;
    const afterA = new Map(frame.scope.vars);
    frame.exit = undefined;
    frame.scope.vars.clear();
    for (const [k, v] of before) frame.scope.vars.set(k, v);
    this.execBlock(s.orelse, frame);
    const exitB = frame.exit;
    const afterB = frame.scope.vars;
    if (exitA && exitB) {
      frame.exit = exitA === exitB ? exitA : 'return';
      return;
    }
    frame.exit = undefined;
    if (exitA) return; // only the else branch falls through: keep its scope
    if (exitB) {
      frame.scope.vars.clear();
      for (const [k, v] of afterA) frame.scope.vars.set(k, v);
      return;
    }
    const joined = new Map<string, Value>();
    for (const [k, va] of afterA) {
      const vb = afterB.get(k);
      joined.set(k, vb === undefined ? va : joinValues(this.dims, va, vb));
    }
    for (const [k, vb] of afterB) if (!joined.has(k)) joined.set(k, vb);
    frame.scope.vars.clear();
    for (const [k, v] of joined) frame.scope.vars.set(k, v);
  }

  private execFor(s: Stmt & { kind: 'for' }, frame: Frame): void {
    const iter = this.evalExpr(s.iter, frame);
    const items = this.iterItems(iter);
    const runBody = (item: Value): boolean => {
      this.tick();
      this.assign(s.target, item, frame, s);
      this.execBlock(s.body, frame);
      const exit = frame.exit;
      if (exit === 'break') {
        frame.exit = undefined;
        return false;
      }
      if (exit === 'continue') frame.exit = undefined;
      return !frame.exit;
    };
    if (items && items.length <= MAX_UNROLL) {
      for (const it of items) if (!runBody(it)) return;
      if (!frame.exit) this.execBlock(s.orelse, frame);
      return;
    }
    // Unknown or long: twice, so values carried from one iteration to the next are seen changed; the
    // second pass over a list takes another item (anotherItem.ts: sizes of its own).
    // `for x in inputs` over an input of no stated shape: x's use decides what inputs holds (holes.ts itemHole).
    const seq = s.target.kind === 'name' ? openHole(iter) : undefined;
    const elem = seq && s.target.kind === 'name' ? itemHole(seq, s.target.id) : this.elementOf(iter);
    this.openLoops++;
    try {
      if (!runBody(elem)) return;
      this.repeatPasses++;
      try {
        runBody(iter.t === 'list' ? anotherItem(this.dims, elem) : elem);
      } finally {
        this.repeatPasses--;
      }
    } finally {
      this.openLoops--;
    }
  }

  /**
   * `[np.random.randn(y, x) for x, y in zip(sizes[:-1], sizes[1:])]`, `[np.zeros(w.shape) for w in
   * self.weights]`: each item, when the iterables have known small lengths and every condition is
   * decided (a list of known items); otherwise the list of unknown length whose items are the element
   * evaluated once on what the iterables hold. Its variables live in a scope of its own (Python 3).
   */
  private evalComprehension(e: Expr & { kind: 'comprehension' }, frame: Frame): Value {
    // Its names are its own: not the function's parameters (a rigid size of the same name), not sizes a
    // docstring named (a copy of them), and an op context of its own resolves them in its scope.
    const inner: Frame = { ...frame, scope: new Scope(frame.scope, 'function'), exit: undefined, ctx: undefined, standaloneParams: new Set(), docDims: new Map(frame.docDims) };
    const out: Value[] = [];
    let exact = true;
    const generate = (i: number): void => {
      if (i === e.generators.length) {
        out.push(this.evalExpr(e.elt, inner));
        return;
      }
      const g = e.generators[i];
      const iter = this.evalExpr(g.iter, i === 0 ? frame : inner);
      const each = (item: Value, anyItem = false) => {
        this.tick();
        this.bindLoopTarget(g.target, item, inner.scope, anyItem);
        for (const cond of g.ifs) {
          const t = truthOf(this.evalExpr(cond, inner), this.dims);
          if (t === false) return;
          if (t === undefined) exact = false;
        }
        generate(i + 1);
      };
      const items = this.iterItems(iter);
      if (items && items.length <= MAX_UNROLL) for (const it of items) each(it);
      else {
        exact = false;
        each(this.elementOf(iter), true);
      }
    };
    generate(0);
    if (exact) return { t: 'list', items: out };
    return { t: 'list', items: undefined, elem: out.length > 0 ? out.reduce((a, b) => joinValues(this.dims, a, b)) : UNKNOWN };
  }

  /**
   * A comprehension's target bound to one item: a name, or a tuple unpacked item by item. `anyItem`:
   * the item stands for every item of an iterable of unknown length, so a size it holds is a size of
   * its own under the target's name (`for x, y in zip(sizes[:-1], sizes[1:])`: x and y are two
   * sizes, not the one unknown item of `sizes`).
   */
  private bindLoopTarget(target: Expr, v: Value, scope: Scope, anyItem: boolean): void {
    if (target.kind === 'name') {
      if (anyItem && v.t === 'int' && this.dims.value(v.dim) === undefined) {
        const dim = this.dims.unknown();
        this.dims.addLabel(dim, target.id);
        scope.set(target.id, { t: 'int', dim });
      } else scope.set(target.id, v);
    } else if (target.kind === 'tuple' || target.kind === 'list') {
      const items = v.t === 'tuple' ? v.items : v.t === 'list' && v.items ? v.items : undefined;
      target.elts.forEach((t, i) => this.bindLoopTarget(t, items && items.length === target.elts.length ? items[i] : UNKNOWN, scope, anyItem));
    }
  }

  private execWhile(s: Stmt & { kind: 'while' }, frame: Frame): void {
    for (let i = 0; i < 2; i++) {
      const t = truthOf(this.evalExpr(s.test, frame), this.dims);
      if (t === false) return;
      this.tick();
      this.execBlock(s.body, frame);
      if (frame.exit === 'break') {
        frame.exit = undefined;
        return;
      }
      if (frame.exit === 'continue') frame.exit = undefined;
      if (frame.exit) return;
    }
  }

  /** The items of an iterable when it has a known, small length. */
  private iterItems(v: Value): Value[] | undefined {
    if (v.t === 'range') return rangeItems(this.dims, v);
    if (v.t === 'list' && v.items) return v.items;
    if (v.t === 'tuple') return v.items;
    if (v.t === 'dict') return [...v.entries.keys()].map((k) => ({ t: 'str', value: k }));
    if (v.t === 'array' && v.shape && v.shape.length > 0) {
      const n = this.dims.value(v.shape[0]);
      if (n !== undefined && n <= MAX_UNROLL) return Array.from({ length: n }, () => ({ t: 'array', shape: v.shape!.slice(1) }) as Value);
    }
    return undefined;
  }

  private elementOf(v: Value): Value {
    if (v.t === 'range') return { t: 'int', dim: this.dims.unknown() };
    if (v.t === 'list') return v.elem ?? (v.items && v.items.length > 0 ? v.items.reduce((a, b) => joinValues(this.dims, a, b)) : UNKNOWN);
    if (v.t === 'tuple' && v.items.length > 0) return v.items.reduce((a, b) => joinValues(this.dims, a, b));
    if (v.t === 'array' && v.shape && v.shape.length > 0) return { t: 'array', shape: v.shape.slice(1) };
    return UNKNOWN;
  }

  // ---------------------------------------------------------------- assignment

  private assign(target: Expr, v: Value, frame: Frame, stmt: Stmt, old?: Value): void {
    const ctx = this.opCtx(frame);
    if (target.kind === 'name' || target.kind === 'subscript' || target.kind === 'attr') {
      const prev = old ?? this.peek(target, frame);
      const intermediate = target.kind === 'name' && reassignedLater(frame.func?.def.body ?? frame.unit.module.body, target.id, stmt);
      storeContradictions(ctx, stmt, target, v, prev, frame.scope, (e) => this.peekKey(e, frame), intermediate);
      if (v.t === 'array') this.recorder.assign(frame.unit.file, target, stmt.span, v);
      // `dW = np.zeros_like(W)` with W of no stated shape: shown once W's use decides it.
      else if (openHole(v)) this.deferred.push({ file: frame.unit.file, target, span: stmt.span, v });
    }
    switch (target.kind) {
      case 'name':
        // `m = X.shape[1]`: a size nothing named yet takes the name the code gives it.
        if (v.t === 'int' && !this.dims.hasLabel(v.dim) && this.dims.value(v.dim) === undefined) this.dims.addLabel(v.dim, target.id);
        // `Xv = loaders.validation_set()`: the hole a foreign call returned takes the code's name (its sizes are Xv.shape[i]).
        const h = openHole(v);
        if (h?.fromCall) { h.name = target.id; delete h.fromCall; }
        frame.scope.set(target.id, v);
        return;
      case 'tuple':
      case 'list': {
        const h = openHole(v);
        // `A_prev, W, b = cache` with cache of no stated source: a tuple of as many unknowns.
        if (h && !target.elts.some((t) => t.kind === 'starred')) v = holeAsTuple(h, target.elts.map((t) => this.opCtx(frame).src(t)));
        const items = this.unpack(v, target.elts.length);
        target.elts.forEach((t, i) => {
          if (t.kind === 'starred') this.assign(t.value, { t: 'list', items: undefined }, frame, stmt);
          else this.assign(t, items ? items[i] : UNKNOWN, frame, stmt);
        });
        return;
      }
      case 'subscript': {
        const obj = this.evalExpr(target.obj, frame);
        if (obj.t === 'dict') {
          const key = this.evalExpr(target.index, frame);
          if (key.t === 'str' && key.value !== undefined) obj.entries.set(key.value, v);
          else if (key.t === 'int') addDictElem(this.dims, obj, v, (a, b) => joinValues(this.dims, a, b));
          else obj.open = true;
        } else if (obj.t === 'list' && obj.items) {
          const key = this.evalExpr(target.index, frame);
          const i = key.t === 'int' ? this.dims.value(key.dim) : undefined;
          if (i !== undefined && i >= -obj.items.length && i < obj.items.length) obj.items[i < 0 ? i + obj.items.length : i] = v;
          else obj.items = undefined;
        } else if (openHole(obj) && target.obj.kind === 'name') {
          // `dx[x < 0] = slope` with dx of no stated shape: an array, shown with its shape source once nothing decides it.
          const key = this.evalExpr(target.index, frame);
          if (key.t !== 'str') {
            openHole(obj)!.arrayLike = true;
            this.deferred.push({ file: frame.unit.file, target: target.obj, span: stmt.span, v: obj });
          }
        } else if (obj.t === 'array') {
          // dZ[Z <= 0] = 0: an in-place update keeps the array's shape; the index is still checked.
          for (const part of target.index.kind === 'tuple' ? target.index.elts : [target.index]) this.indexPart(part, frame);
          // A number stored into it: the line shows the array it writes (`dx[margins > 0] = 1`: dx (N, C)).
          if (v.t !== 'array' && obj.shape && target.obj.kind === 'name') this.recorder.assign(frame.unit.file, target.obj, stmt.span, obj);
        }
        return;
      }
      case 'attr': {
        const obj = this.evalExpr(target.obj, frame);
        // `self.grad_w = np.zeros(0)` in a constructor: a placeholder another method fills in, not a shape.
        if (obj.t === 'object') obj.attrs.set(target.name, v.t === 'array' && v.shape?.some((d) => this.dims.value(d) === 0) ? UNKNOWN : v);
        return;
      }
      case 'starred':
        this.assign(target.value, v, frame, stmt);
        return;
      default:
        return;
    }
  }

  /** Binds a variable to a better-known value (an assert or shape comment told its shape). */
  refine(target: Expr, v: Value, frame: Frame): void {
    if (target.kind === 'name' && frame.scope.lookup(target.id) !== undefined) {
      // Set it where it lives, so a module-level value is refined for later readers too.
      for (let s: Scope | undefined = frame.scope; s; s = s.parent) {
        if (s.vars.has(target.id)) {
          s.vars.set(target.id, v);
          return;
        }
      }
    }
    if (target.kind === 'subscript' || target.kind === 'attr') this.assign(target, v, frame, { kind: 'pass', span: target.span });
  }

  private unpack(v: Value, n: number): Value[] | undefined {
    if (v.t === 'tuple' && v.items.length === n) return v.items;
    if (v.t === 'list' && v.items && v.items.length === n) return v.items;
    if (v.t === 'array' && v.shape && v.shape.length > 0) return Array.from({ length: n }, () => ({ t: 'array', shape: v.shape!.slice(1) }) as Value);
    return undefined;
  }

  private applyComment(s: Stmt, v: Value, frame: Frame): Value {
    const found = commentShapeFor(this.dims, frame.unit, s, frame.docDims);
    if (!found) return v;
    const stated = found.shape;
    if (v.t === 'array' && v.shape) {
      unifyShapes(this.dims, v.shape, stated, `shape comment on line ${frame.unit.lines.positionAt(s.span.start).line + 1}`);
      return v;
    }
    if (v.t === 'array' || v.t === 'unknown') {
      return { t: 'array', shape: stated, origin: `shape comment on line ${frame.unit.lines.positionAt(s.span.start).line + 1}`, site: { kind: 'comment', file: frame.unit.file, span: found.written } };
    }
    return v;
  }

  // ---------------------------------------------------------------- expressions

  /** Evaluates without recording hovers or reporting: for looking up what a target holds now. */
  peek(e: Expr, frame: Frame): Value | undefined {
    switch (e.kind) {
      case 'name':
        return frame.scope.lookup(e.id);
      case 'subscript': {
        const obj = this.peek(e.obj, frame);
        if (obj?.t !== 'dict') return undefined;
        const key = this.peekKey(e.index, frame);
        return key !== undefined ? obj.entries.get(key) : undefined;
      }
      case 'attr': {
        const obj = this.peek(e.obj, frame);
        return obj?.t === 'object' ? obj.attrs.get(e.name) : undefined;
      }
      default:
        return undefined;
    }
  }

  peekKey(e: Expr, frame: Frame): string | undefined {
    if (e.kind === 'str') return e.value;
    if (e.kind === 'binop' && e.op === '+') {
      const a = this.peekKey(e.left, frame);
      const b = this.peekKey(e.right, frame);
      return a !== undefined && b !== undefined ? a + b : undefined;
    }
    if (e.kind === 'call' && e.func.kind === 'name' && e.func.id === 'str' && e.args.length === 1) {
      const v = this.peekInt(e.args[0], frame);
      return v !== undefined ? String(v) : undefined;
    }
    if (e.kind === 'name') {
      const v = frame.scope.lookup(e.id);
      return v?.t === 'str' ? v.value : undefined;
    }
    return undefined;
  }

  private peekInt(e: Expr, frame: Frame): number | undefined {
    if (e.kind === 'num' && e.isInt) return e.value;
    if (e.kind === 'name') {
      const v = frame.scope.lookup(e.id);
      return v?.t === 'int' ? this.dims.value(v.dim) : undefined;
    }
    if (e.kind === 'binop' && (e.op === '+' || e.op === '-')) {
      const a = this.peekInt(e.left, frame);
      const b = this.peekInt(e.right, frame);
      if (a === undefined || b === undefined) return undefined;
      return e.op === '+' ? a + b : a - b;
    }
    return undefined;
  }

  evalExpr(e: Expr, frame: Frame): Value {
    const v = deref(this.evalInner(e, frame));
    if (v.t === 'array' && v.shape && (e.kind === 'name' || e.kind === 'attr' || e.kind === 'subscript' || e.kind === 'call' || e.kind === 'binop')) {
      this.recorder.expr(frame.unit.file, e.span, v);
    }
    return v;
  }

  private evalInner(e: Expr, frame: Frame): Value {
    switch (e.kind) {
      case 'name': {
        const v = frame.scope.lookup(e.id);
        if (v !== undefined) return v;
        if (isBuiltinName(e.id)) return { t: 'builtin', name: e.id };
        // A snippet's `np` or `torch` without its import (conventions/snippetModules.ts).
        const lib = SNIPPET_MODULES.get(e.id);
        if (lib && frame.unit.file === '' && readsFreeModule(frame.unit.module, e.id)) return { t: 'module', name: lib };
        // A snippet's data it never shows (`x` in `z1 = x.dot(theta1) + b1`): a hole, kept under its name (snippetNames.ts).
        if (frame.func === undefined && frame.unit.file === '' && isSnippetData(frame.unit.module, e.id)) {
          this.foreignUnit ??= this.dims.newScope();
          const h = newHole(e.id, this.foreignUnit);
          frame.scope.set(e.id, h);
          return h;
        }
        return UNKNOWN;
      }
      case 'num':
        return e.isInt ? { t: 'int', dim: this.dims.constant(e.value) } : FLOAT;
      case 'str':
        return { t: 'str', value: e.value };
      case 'bool':
        return { t: 'bool', value: e.value };
      case 'none':
        return NONE;
      case 'tuple':
        return { t: 'tuple', items: e.elts.map((x) => this.evalExpr(x, frame)) };
      case 'list':
        return { t: 'list', items: e.elts.some((x) => x.kind === 'starred') ? undefined : e.elts.map((x) => this.evalExpr(x, frame)) };
      case 'dict': {
        const entries = new Map<string, Value>();
        let open = false;
        e.keys.forEach((k, i) => {
          const val = this.evalExpr(e.values[i], frame);
          const key = k ? this.evalExpr(k, frame) : undefined;
          if (key?.t === 'str' && key.value !== undefined) entries.set(key.value, val);
          else if (!k && val.t === 'dict') {
            for (const [kk, vv] of val.entries) entries.set(kk, vv);
            open ||= val.open;
          } else open = true;
        });
        return { t: 'dict', entries, open };
      }
      case 'attr':
        return this.evalAttr(e, frame);
      case 'subscript':
        return this.evalSubscript(e, frame);
      case 'call':
        return this.evalCall(e, frame);
      case 'binop': {
        const a = this.evalExpr(e.left, frame);
        const b = this.evalExpr(e.right, frame);
        return this.binop(e.op, a, b, e.left, e.right, e.span, frame);
      }
      case 'unary': {
        const v = this.evalExpr(e.operand, frame);
        if (e.op === 'not') return { t: 'bool', value: (() => { const t = truthOf(v, this.dims); return t === undefined ? undefined : !t; })() };
        if (v.t === 'int' && e.op === '-') {
          const n = this.dims.value(v.dim);
          return { t: 'int', dim: n !== undefined ? this.dims.constant(-n) : this.dims.unknown() };
        }
        return v.t === 'array' ? { t: 'array', shape: v.shape, tainted: v.tainted, note: v.note, origin: v.origin, site: v.site, dtype: v.dtype } : v;
      }
      case 'compare': {
        let left = this.evalExpr(e.left, frame);
        let result: Value = { t: 'bool', value: undefined };
        e.comparators.forEach((c, i) => {
          const right = this.evalExpr(c, frame);
          const op = e.ops[i];
          // `x > 0` with x of no stated shape: a mask as open as x is, with its shape.
          const hl = openHole(left), hr = openHole(right);
          const num = (v: Value) => v.t === 'int' || v.t === 'float';
          if (/^([<>]=?|[=!]=)$/.test(op) && ((hl && num(right)) || (hr && num(left)))) result = holeLike(this.opCtx(frame).src(e), (hl ?? hr)!);
          else if (left.t === 'array' || right.t === 'array') {
            if (op === 'in' || op === 'not in' || op === 'is' || op === 'is not') result = { t: 'bool', value: undefined };
            else result = elementwise(this.opCtx(frame), left, right, op, i === 0 ? e.left : e.comparators[i - 1], c, e.span, true);
          } else {
            result = { t: 'bool', value: compareScalars(op, left, right, this.dims) };
          }
          left = right;
        });
        return result;
      }
      case 'boolop': {
        const vals = e.values.map((x) => this.evalExpr(x, frame));
        if (vals.every((v) => v.t === 'bool')) {
          const bs = vals.map((v) => (v.t === 'bool' ? v.value : undefined));
          if (e.op === 'and') return { t: 'bool', value: bs.includes(false) ? false : bs.every((b) => b === true) ? true : undefined };
          return { t: 'bool', value: bs.includes(true) ? true : bs.every((b) => b === false) ? false : undefined };
        }
        return vals.length > 0 ? vals.reduce((a, b) => joinValues(this.dims, a, b)) : UNKNOWN;
      }
      case 'ifexp': {
        const t = truthOf(this.evalExpr(e.test, frame), this.dims);
        if (t === true) return this.evalExpr(e.body, frame);
        if (t === false) return this.evalExpr(e.orelse, frame);
        return joinValues(this.dims, this.evalExpr(e.body, frame), this.evalExpr(e.orelse, frame));
      }
      case 'comprehension':
        return e.form === 'dict' ? { t: 'dict', entries: new Map(), open: true } : this.evalComprehension(e, frame);
      case 'lambda':
        return { t: 'func', def: lambdaDef(e), closure: frame.scope, file: frame.unit.file, qualname: '<lambda>' };
      case 'slice':
      case 'ellipsis':
      case 'starred':
      case 'unknown':
        return UNKNOWN;
    }
  }

  binop(op: string, a: Value, b: Value, le: Expr | undefined, re: Expr | undefined, span: Span, frame: Frame): Value {
    if (op === '@') {
      const [x, y] = this.matrixOperands([a, b], [le, re], span, frame);
      return matrixProduct(this.opCtx(frame), '@', x, y, le, re, span);
    }
    if (a.t === 'array' || b.t === 'array') {
      // An unknown operand against a known array: the result has the known shape (A2 - Y).
      const other = a.t === 'array' ? b : a;
      const known = a.t === 'array' ? a : b;
      const h = openHole(other);
      // Against an array of unknown rank (`dout * mask`, mask from a forward pass that kept x's rank open): as open as the input.
      if (h && known.t === 'array' && !known.shape && /^([-+*/%]|\/\/|\*\*)$/.test(op)) {
        const r = holeLike(this.opCtx(frame).src(span), h);
        openHole(r)!.arrayLike = true;
        return r;
      }
      if (h && known.t === 'array') {
        // It is an array (or a number) of some shape that broadcasts against the known one (`W1 @ X + b1`).
        h.arrayLike = true;
        return partialBroadcast(this.dims, known, `${this.opCtx(frame).src(span)} on line ${this.opCtx(frame).lineOf(span.start)}`) ?? UNKNOWN;
      }
      return elementwise(this.opCtx(frame), a, b, op, le, re, span);
    }
    // A parameter of no stated kind in arithmetic with a number: named like a size (`4 * k`, `n_h + 1`)
    // it is a size (holes.ts holeAsInt); otherwise a scalar never changes its shape, so it stays what it
    // is, decided by later use (`(lambd / m) * W3` has W3's shape, `1 - Y` has Y's).
    if (/^([-+*/%]|\/\/|\*\*)$/.test(op)) {
      const ha = openHole(a), hb = openHole(b);
      const other = ha ? b : a;
      const h = ha ?? hb;
      const e = ha ? le : re;
      // Two inputs of no stated kind, both named like sizes (`PH * PW`, `H * W`): a size.
      const sized = (x: Expr | undefined) => (x?.kind === 'name' ? SIZE_NAME.test(x.id) : x?.kind === 'attr' ? SIZE_NAME.test(x.name) : false);
      if (ha && hb && op !== '/' && op !== '**' && sized(le) && sized(re)) {
        a = holeAsInt(this.dims, ha, this.dimOf(a, le, frame));
        b = holeAsInt(this.dims, hb, this.dimOf(b, re, frame));
        return intArith(op, (a as Value & { t: 'int' }).dim, (b as Value & { t: 'int' }).dim, this.dims);
      }
      // Two inputs of no stated shape combined elementwise: a value as open as they are.
      if (ha && hb && op !== '%') return holeLike(this.opCtx(frame).src(span), ha, hb);
      // An array of any rank (`dout`, of any shape) against a value nothing is known of: as open as the array.
      if (ha?.arrayLike && b.t === 'unknown') return holeLike(this.opCtx(frame).src(span), ha);
      if (h && !(ha && hb) && (other.t === 'int' || other.t === 'float')) {
        const named = e?.kind === 'name' ? e.id : e?.kind === 'attr' ? e.name : undefined;
        if (other.t === 'int' && op !== '/' && op !== '**' && named !== undefined && SIZE_NAME.test(named)) {
          const v = holeAsInt(this.dims, h, this.dimOf(ha ? a : b, e, frame));
          if (ha) a = v;
          else b = v;
        } else return ha ? a : b;
      }
    }
    if (a.t === 'int' && b.t === 'int') return intArith(op, a.dim, b.dim, this.dims);
    if ((a.t === 'int' || a.t === 'float') && (b.t === 'int' || b.t === 'float')) return FLOAT;
    if (op === '+' && a.t === 'str' && b.t === 'str') return { t: 'str', value: a.value !== undefined && b.value !== undefined ? a.value + b.value : undefined };
    if (op === '+' && a.t === 'list' && b.t === 'list') return { t: 'list', items: a.items && b.items ? [...a.items, ...b.items] : undefined };
    if (op === '+' && a.t === 'tuple' && b.t === 'tuple') return { t: 'tuple', items: [...a.items, ...b.items] };
    if (op === '*' && a.t === 'list' && b.t === 'int') return { t: 'list', items: undefined, elem: a.items?.[0] };
    return UNKNOWN;
  }

  /** A base's method reached through `super()` in a method of a class the module defines. */
  private superMethod(name: string, frame: Frame): Value {
    const f = frame.func;
    const first = f?.def.params[0];
    const dot = f?.qualname.indexOf('.') ?? -1;
    if (!f || !first || dot < 0) return UNKNOWN;
    const cls = f.closure.lookup(f.qualname.slice(0, dot));
    const self = frame.scope.lookup(first.name);
    const m = cls?.t === 'class' ? cls.bases?.[0]?.methods.get(name) : undefined;
    return m && self?.t === 'object' ? { ...m, self } : UNKNOWN;
  }

  /** Operands of a matrix product: an input of no stated shape is taken as a 2-D array (holes.ts). */
  private matrixOperands(vals: Value[], exprs: (Expr | undefined)[], span: Span, frame: Frame): Value[] {
    if (!vals.some((v) => openHole(v))) return vals;
    const ctx = this.opCtx(frame);
    const where = `${ctx.src(span)} on line ${ctx.lineOf(span.start)}`;
    return vals.map((v) => {
      const h = openHole(v);
      return h ? holeAsArray(this.dims, h, 2, where, frame.rigidScope || undefined, true) : v;
    });
  }

  private evalAttr(e: Expr & { kind: 'attr' }, frame: Frame): Value {
    // `super().__init__()`: the first base's method, bound to this method's object.
    if (e.obj.kind === 'call' && e.obj.func.kind === 'name' && e.obj.func.id === 'super' && !frame.scope.lookup('super')) return this.superMethod(e.name, frame);
    let obj = this.evalExpr(e.obj, frame);
    // `bn_param.get('eps', 1e-5)`: an input of no stated kind read with a dict's methods is a dict.
    const dictHole = DICT_METHODS.has(e.name) ? openHole(obj) : undefined;
    if (dictHole) obj = holeAsDict(dictHole);
    const h = e.name === 'T' || e.name === 'dot' ? openHole(obj) : undefined;
    if (h) obj = holeAsArray(this.dims, h, 2, `${this.opCtx(frame).src(e)} on line ${this.opCtx(frame).lineOf(e.span.start)}`, frame.rigidScope || undefined, true);
    switch (obj.t) {
      case 'module': {
        if (obj.ns) return obj.ns.get(e.name) ?? UNKNOWN;
        if (isTorchModule(obj.name)) {
          const got = torchAttribute(obj.name, e.name);
          return !got ? UNKNOWN : 'module' in got ? { t: 'module', name: got.module } : { t: 'builtin', name: got.builtin };
        }
        const path = `${obj.name}.${e.name}`;
        if (isDataModule(obj.name)) return dataLibraryMember(path);
        if (path === 'np.random' || path === 'np.linalg') return { t: 'module', name: path };
        if (path === 'np.newaxis') return NONE;
        if (path === 'np.pi' || path === 'np.e' || path === 'np.inf' || path === 'np.nan') return FLOAT;
        return { t: 'builtin', name: path };
      }
      case 'array': {
        if (e.name === 'T') return transposeValue(obj);
        if (e.name === 'shape') return obj.shape ? { t: 'tuple', items: obj.shape.map((d) => ({ t: 'int', dim: d }) as Value) } : UNKNOWN;
        if (e.name === 'ndim') return obj.shape ? { t: 'int', dim: this.dims.constant(obj.shape.length) } : { t: 'int', dim: this.dims.unknown() };
        // `x.size()` is torch's shape (NumPy's size is no method): ops/torch.ts.
        if (e.name === 'size') return this.callees.has(e) ? { t: 'builtin', name: 'array.size', self: obj } : { t: 'int', dim: this.dims.unknown() };
        if (e.name === 'dtype') return UNKNOWN;
        // A tensor's `.data` is the tensor's values (torch, and the course frameworks' wrappers: conventions/autograd.ts).
        if (e.name === WRAPPED_DATA) return obj;
        return { t: 'builtin', name: `array.${e.name}`, self: obj };
      }
      case 'object': {
        const own = obj.attrs.get(e.name);
        if (own) return own;
        const m = obj.cls.methods.get(e.name);
        // A @property is read by calling it (`self.param_names` returning ("w", "b")).
        if (m && m.def.decorators.some((d) => d.kind === 'name' && d.id === 'property')) {
          return this.callFunction({ ...m, self: obj }, { args: [], argExprs: [], kw: NO_KEYWORDS, kwExprs: NO_KEYWORD_EXPRS, call: { kind: 'call', func: e, args: [], keywords: [], span: e.span } }, frame);
        }
        if (m) return { ...m, self: obj };
        // A custom autograd function's context (conventions/autograd.ts): `ctx.save_for_backward(x, w)`.
        if (e.name === SAVE_FOR_BACKWARD && !obj.cls.attrs.has(e.name)) return { t: 'builtin', name: SAVE_BUILTIN, self: obj };
        return obj.cls.attrs.get(e.name) ?? UNKNOWN;
      }
      case 'class':
        return obj.methods.get(e.name) ?? obj.attrs.get(e.name) ?? UNKNOWN;
      case 'dict':
        return { t: 'builtin', name: `dict.${e.name}`, self: obj };
      case 'list':
        return { t: 'builtin', name: `list.${e.name}`, self: obj };
      case 'builtin':
        if (obj.name === 'rng') return { t: 'builtin', name: `rng.${e.name}` };
        return UNKNOWN;
      case 'unknown':
        if (e.name === WRAPPED_DATA && openHole(obj)) return obj;
        // `process.get_data` of a module that is not there is foreign too.
        return obj.foreign !== undefined && !obj.hole ? foreignValue(obj.foreign) : UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private evalSubscript(e: Expr & { kind: 'subscript' }, frame: Frame): Value {
    const idx = e.index;
    // `X.shape[1]` with X of no stated shape: X has at least two axes (taken as exactly that many, or 2).
    if (e.obj.kind === 'attr' && e.obj.name === 'shape' && idx.kind === 'num' && idx.isInt && idx.value >= 0 && idx.value < 8) {
      const h = openHole(this.evalExpr(e.obj.obj, frame));
      if (h) holeAsArray(this.dims, h, Math.max(2, idx.value + 1), `${this.opCtx(frame).src(e)} on line ${this.opCtx(frame).lineOf(e.span.start)}`, frame.rigidScope || undefined);
    }
    let obj = this.evalExpr(e.obj, frame);
    const held = openHole(obj);
    if (held && idx.kind === 'str') obj = holeAsDict(held);
    if (obj.t === 'dict') {
      const key = this.evalExpr(idx, frame);
      if (key.t === 'str' && key.value !== undefined) {
        const got = obj.entries.get(key.value);
        if (got) return got;
        if (!obj.inferred) return UNKNOWN;
        // A dict known only from its reads: each key holds an input of its own.
        const fresh = newHole(`${this.opCtx(frame).src(e.obj)}["${key.value}"]`);
        obj.entries.set(key.value, fresh);
        return fresh;
      }
      if (key.t === 'int' && obj.elem) return obj.elem;
      return UNKNOWN;
    }
    if (obj.t === 'tuple' || obj.t === 'list') {
      const items = obj.t === 'tuple' ? obj.items : obj.items;
      const key = this.evalExpr(idx, frame);
      // `caches[l]` of a forward pass's per-layer caches: one layer's item, sizes of its own (layerItem.ts).
      if (obj.t === 'list' && obj.layers && obj.elem && key.t === 'int') return layerItem(this.dims, [obj.elem], this.repeatPasses === 0) ?? UNKNOWN;
      if (key.t === 'int' && items) {
        const i = this.dims.value(key.dim);
        if (i !== undefined && i >= -items.length && i < items.length) return items[i < 0 ? i + items.length : i];
        // `caches[l]` at an index not known: one layer's item, sizes of its own (layerItem.ts).
        if (i === undefined && obj.t === 'list') return layerItem(this.dims, items, this.repeatPasses === 0) ?? UNKNOWN;
        return UNKNOWN;
      }
      if (idx.kind === 'slice' && items) {
        const n = (x: Expr | undefined, dflt: number) => {
          if (!x) return dflt;
          const v = this.evalExpr(x, frame);
          return v.t === 'int' ? this.dims.value(v.dim) : undefined;
        };
        const lo = n(idx.lower, 0), hi = n(idx.upper, items.length);
        if (lo !== undefined && hi !== undefined && !idx.step) {
          const sliced = items.slice(lo, hi);
          return obj.t === 'tuple' ? { t: 'tuple', items: sliced } : { t: 'list', items: sliced };
        }
        return obj.t === 'tuple' ? UNKNOWN : { t: 'list', items: undefined, elem: obj.elem, ...(obj.layers ? { layers: true } : {}) };
      }
      if (obj.t === 'list' && obj.elem) return obj.elem;
      return UNKNOWN;
    }
    if (obj.t === 'array') return this.indexArray(obj, idx, frame);
    if (obj.t !== 'unknown') this.evalExpr(idx, frame);
    return UNKNOWN;
  }

  /** A part of an array's index: an item of a sequence of no stated kind there (`x[i] = 1` for i in inputs) is an int. */
  private indexPart(p: Expr, frame: Frame): Value {
    const v = this.evalExpr(p, frame);
    const h = p.kind === 'name' ? openHole(v) : undefined;
    return h?.itemOf ? holeAsInt(this.dims, h, this.dims.unknown()) : v;
  }

  /** NumPy indexing where the result's shape is decidable: ints, slices, None, masks, index arrays. */
  private indexArray(a: ArrayValue, idx: Expr, frame: Frame): Value {
    const parts = idx.kind === 'tuple' ? idx.elts : [idx];
    // Each part is evaluated once (a slice only for its bounds), whatever the array's shape.
    const bounds = new Map<Expr, (Value | undefined)[]>();
    const vals = parts.map((p) => {
      if (p.kind === 'slice') {
        // A slice's bound is an int: an input of no stated kind there (`x[:, 0:PW]`) is a size.
        bounds.set(p, [p.lower, p.upper, p.step].map((x) => {
          if (!x) return undefined;
          const v = this.evalExpr(x, frame);
          const h = openHole(v);
          return h && x.kind === 'name' ? holeAsInt(this.dims, h, this.dimOf(v, x, frame)) : v;
        }));
        return undefined;
      }
      return p.kind === 'ellipsis' ? undefined : this.indexPart(p, frame);
    });
    const unknownShape: Value = { t: 'array', shape: undefined, tainted: a.tainted };
    if (!a.shape || parts.some((p) => p.kind === 'ellipsis')) return unknownShape;
    integerIndexArrays(this.dims, vals, (e) => this.opCtx(frame).src(e), parts);
    // A boolean mask selects k entries over the axes it covers: x[mask] is (k, rest...).
    const only = vals.length === 1 ? vals[0] : undefined;
    if (only?.t === 'array') {
      if (only.dtype === 'bool' && only.shape && only.shape.length <= a.shape.length) {
        return { t: 'array', shape: [this.dims.unknown(), ...a.shape.slice(only.shape.length)], tainted: a.tainted };
      }
      // An integer index array takes rows: x[idx] is (idx's shape, rest...).
      if (only.dtype === 'int' && only.shape) return { t: 'array', shape: [...only.shape, ...a.shape.slice(1)], tainted: a.tainted, dtype: a.dtype };
      return unknownShape;
    }
    const out: Shape = [];
    let axis = 0;
    let advancedAt: number | undefined;
    let deliberate = false;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      const v = vals[i];
      if (v?.t === 'none') {
        // None / np.newaxis adds an axis on purpose.
        out.push(this.dims.constant(1));
        deliberate = true;
        continue;
      }
      if (axis >= a.shape.length) return unknownShape;
      const d = a.shape[axis++];
      if (p.kind === 'slice') {
        const [lo, hi] = bounds.get(p) ?? [];
        // `[r_start:r_start + k_h]` is k_h long whatever r_start is (as sliceSize reads it from known bounds).
        const width = !p.step && p.lower && p.upper ? windowWidth(p.lower, p.upper, (e) => this.opCtx(frame).src(e), (e) => this.evalExpr(e, frame)) : undefined;
        if (width !== undefined) {
          out.push(width);
          continue;
        }
        const sizeOf = (b: Value | undefined, present: boolean) => (!present ? undefined : b?.t === 'int' ? b.dim : null);
        const l = sizeOf(lo, !!p.lower), h = sizeOf(hi, !!p.upper);
        out.push(!p.lower && !p.upper && !p.step ? d : p.step || l === null || h === null ? this.dims.unknown() : sliceSize(this.dims, d, l, h));
        continue;
      }
      if (v?.t === 'int') continue;
      if (v?.t === 'array' && v.dtype !== 'bool' && v.shape?.length === 1) {
        // Advanced indexing: integer arrays broadcast together and give their axis once
        // (x[np.arange(N), y] is (N,)).
        if (advancedAt === undefined) {
          advancedAt = out.length;
          out.push(v.shape[0]);
        } else if (this.dims.value(out[advancedAt]) === 1) out[advancedAt] = v.shape[0];
        continue;
      }
      return unknownShape;
    }
    for (; axis < a.shape.length; axis++) out.push(a.shape[axis]);
    if (out.length === 0) return { t: 'array', shape: [], tainted: a.tainted };
    return { t: 'array', shape: out, tainted: a.tainted, dtype: a.dtype, ...(deliberate ? { note: { deliberate: true } } : {}) };
  }

  // ---------------------------------------------------------------- calls

  private evalCall(e: Expr & { kind: 'call' }, frame: Frame): Value {
    this.callees.add(e.func);
    const f = this.evalExpr(e.func, frame);
    const args: Value[] = [];
    const argExprs: Expr[] = [];
    let starred = false;
    for (const a of e.args) {
      if (a.kind === 'starred') {
        const v = this.evalExpr(a.value, frame);
        if (v.t === 'tuple' || (v.t === 'list' && v.items)) {
          const items = v.t === 'tuple' ? v.items : v.items!;
          for (const it of items) { args.push(it); argExprs.push(a); }
        } else starred = true;
        continue;
      }
      args.push(this.evalExpr(a, frame));
      argExprs.push(a);
    }
    // Most calls have no keywords: they share two empty maps (nothing writes to a site's maps).
    const kw = e.keywords.length === 0 ? NO_KEYWORDS : new Map<string, Value>();
    const kwExprs = e.keywords.length === 0 ? NO_KEYWORD_EXPRS : new Map<string, Expr>();
    for (const k of e.keywords) {
      const v = this.evalExpr(k.value, frame);
      if (k.name) { kw.set(k.name, v); kwExprs.set(k.name, k.value); }
      else starred = true;
    }
    if (starred) return UNKNOWN;
    const site: CallSite = { args, argExprs, kw, kwExprs, call: e };
    switch (f.t) {
      case 'func':
        return this.callFunction(f, site, frame);
      case 'class':
        return this.instantiate(f, site, frame);
      case 'builtin': {
        if (f.name === SAVE_BUILTIN && f.self?.t === 'object') {
          const saved: Value = { t: 'tuple', items: args };
          for (const name of SAVED_TENSORS) f.self.attrs.set(name, saved);
          return NONE;
        }
        if (f.self) {
          site.self = f.self;
          site.selfExpr = e.func.kind === 'attr' ? e.func.obj : undefined;
        }
        if (f.name.startsWith('torch.') || f.name.startsWith('array.')) {
          const r = torchValue(f, site, this.dims, importsTorch(frame.unit.module), (g, s) => this.builtinCall(g, s, frame));
          if (r !== 'numpy') return r;
        }
        return this.builtinCall(f, site, frame);
      }
      case 'unknown':
        // A course framework's `Tensor(values, ...)` of a module that is not here wraps an array: its shape.
        // `unbroadcast(grad, shape)` has the shape it is given (`b.shape`), else nothing is known of it.
        if (isWrapperCall(e)) {
          const wrapped = wrapperResult(e, args);
          if (wrapped) return wrapped;
        }
        // `A, cache = relu(Z)`: the course's helpers that return a pair are not the elementwise kind.
        if (this.unpacked === e) return missingHelperPair(e, args, this.unpackedCount, this.opCtx(frame)) ?? this.foreignCall(f, e, frame);
        return missingHelperResult(e, args, this.opCtx(frame)) ?? missingLinalgResult(e, args, this.opCtx(frame)) ?? initializerResult(e, args, this.opCtx(frame)) ?? this.foreignCall(f, e, frame);
      default:
        return UNKNOWN;
    }
  }

  /** The unit a script's foreign data keeps its named axes apart in (holes.ts, Hole.unit). */
  private foreignUnit: number | undefined;

  /**
   * A call of a foreign function at the script's top level (`Xtrain, Ytrain = get_data()`) returns data the
   * script goes on to use: a hole. Inside a function (a course module's `forward_propagation` called from
   * `model()`) it stays unknown: a hole there would tie the function's stated sizes to guessed ones.
   */
  private foreignCall(f: Value, e: Expr & { kind: 'call' }, frame: Frame): Value {
    if (frame.func !== undefined) return UNKNOWN;
    this.foreignUnit ??= this.dims.newScope();
    return foreignResult(f, e, this.opCtx(frame).src(e), this.foreignUnit);
  }

  /** A call of a modelled builtin (`np.dot`, `array.sum`, `len`): its shape rule or its builtin model. */
  private builtinCall(f: Value & { t: 'builtin' }, site: CallSite, frame: Frame): Value {
    const e = site.call;
    const args = site.args;
    const ctx = this.opCtx(frame);
    // A data library's loaders and splits (dataSources.ts); its other functions are not modelled.
    const data = f.self ? undefined : dataLibraryCall(f.name, site, ctx);
    if (data) return data;
    // `np.copy(hprev)` of an input with no stated shape is that input: its use decides them both.
    if (COPIES.has(f.name) && args.length === 1 && openHole(args[0])) {
      openHole(args[0])!.arrayLike = true;
      return args[0];
    }
    // `np.maximum(0, x)`, `np.exp(x)` of an input with no stated shape: its shape, whatever use decides it.
    const through = elementwiseHoleArg(f.name, args);
    if (through) return through;
    if (f.name === 'np.split') {
      const parts = splitSections(this.dims, site);
      if (parts) return parts;
    }
    // np.asmatrix of a 2-D array is a matrix of its shape.
    // (Not when its rank was only assumed from use: a vector taken as 2-D would make a wrong outer product.)
    if (f.name === 'np.asmatrix' && args.length === 1 && args[0].t === 'array' && args[0].shape?.length === 2 && !args[0].shape.some((d) => this.dims.isInferred(d))) return args[0];
    // Of anything else (a vector would be one row): a matrix, its two sizes its own, free to meet any size.
    if (f.name === 'np.asmatrix' && args.length === 1 && (openHole(args[0]) || args[0].t === 'array')) {
      const of = ctx.src(site.argExprs[0] ?? e);
      return { t: 'array', shape: [this.dims.hinted(`np.asmatrix(${of}).shape[0]`, true), this.dims.hinted(`np.asmatrix(${of}).shape[1]`, true)], origin: `np.asmatrix on line ${ctx.lineOf(e.span.start)}` };
    }
    // `np.row_stack((h_prev, x))` with x of no stated shape: x has h_prev's sizes but on the joined axis (joinParts.ts).
    if (!f.self && isJoin(f.name) && args.length > 0) {
      decideJoinParts(this.dims, f.name, site, `${ctx.src(e)} on line ${ctx.lineOf(e.span.start)}`, frame.rigidScope || undefined);
      site.args = [settledParts(args[0]), ...args.slice(1)];
    }
    const op = lookupOp(f.name);
    if (op && (f.name === 'np.dot' || f.name === 'np.matmul' || f.name === 'array.dot')) site.args = this.matrixOperands(site.args, site.argExprs, e.span, frame);
    // A script's `len(data)` of data it cannot see is a free size of the script (issue 11).
    if (f.name === 'len' && !f.self && frame.func === undefined && frame.unit.file === '' && args.length === 1 && (args[0].t === 'unknown' || (args[0].t === 'list' && !args[0].items))) {
      const r = evalBuiltin(f.name, site, ctx);
      if (r.t === 'int') this.dims.makeRigid(r.dim, SCRIPT_SCOPE);
      return r;
    }
    if (op) {
      const r = op.shape(site, ctx);
      // Index arrays: np.arange(N), a permutation, an argmax are ints (x[idx] takes rows).
      return INT_RESULTS.has(f.name) && r.t === 'array' && r.shape && !r.dtype ? { ...r, dtype: 'int' } : r;
    }
    if (f.name === 'list.append' && this.openLoops > 0 && f.self?.t === 'list') f.self.grown = true;
    return evalBuiltin(f.name, site, ctx);
  }

  private instantiate(cls: ClassValue, site: CallSite, frame: Frame): Value {
    const obj: ObjectValue = { t: 'object', cls, attrs: new Map() };
    const init = cls.methods.get('__init__');
    if (init) this.callFunction({ ...init, self: obj }, site, frame);
    return obj;
  }

  callFunction(f: FuncValue, site: CallSite, caller: Frame): Value {
    if (this.callStack.length >= MAX_CALL_DEPTH || this.callStack.includes(f.def)) return UNKNOWN;
    const unit = this.unitOf(f);
    if (!unit) return UNKNOWN;
    const scope = new Scope(f.closure, 'function');
    const frame = this.newFrame(unit, scope, f);
    const params = f.def.params;
    let pi = 0;
    if (f.self) {
      if (params.length > 0) scope.set(params[0].name, f.self);
      pi = 1;
    }
    // Seen from a call site, a docstring's constants describe an example, not this call (statedShapes.ts).
    const stated = statedParamValues(this.dims, f.def.docstring, frame.docDims, (name) => this.dims.unknown(name), `the docstring of ${f.qualname}`, true);
    const positional = params.slice(pi).filter((p) => p.form === 'normal');
    positional.forEach((p, i) => {
      let v: Value | undefined = i < site.args.length ? site.args[i] : site.kw.get(p.name);
      if (v === undefined && p.default) v = this.evalExpr(p.default, caller.unit === unit ? caller : frame);
      v = bindStated(this.dims, v ?? UNKNOWN, stated.get(p.name));
      // An int passed as `n_h` names that size from now on, if nothing named it before.
      // (Not a size the caller computed, `n * d`: it keeps the code's expression.)
      if (v.t === 'int' && !this.dims.hasLabel(v.dim) && !isArithmeticSize(this.dims, v.dim)) this.dims.addLabel(v.dim, p.name);
      scope.set(p.name, v);
    });
    for (const p of params) {
      if (p.form === 'vararg') scope.set(p.name, { t: 'tuple', items: site.args.slice(positional.length) });
      if (p.form === 'kwarg') scope.set(p.name, { t: 'dict', entries: new Map(), open: true });
    }
    this.callStack.push(f.def);
    try {
      this.execBlock(f.def.body, frame);
    } finally {
      this.callStack.pop();
    }
    if (frame.returns.length === 0) return NONE;
    return frame.returns.reduce((a, b) => joinValues(this.dims, a, b));
  }

  // ---------------------------------------------------------------- imports

  private importName(name: string, asname: string | undefined, frame: Frame): void {
    if (name === 'numpy' || name.startsWith('numpy.')) {
      const path = name === 'numpy' ? 'np' : `np.${name.slice(6)}`;
      frame.scope.set(asname ?? 'numpy', { t: 'module', name: asname ? path : 'np' });
      return;
    }
    // `import torch`, `import torch as T`, `import torch.nn.functional as F` (ops/torch.ts).
    if (isTorchModule(name)) {
      frame.scope.set(asname ?? 'torch', { t: 'module', name: asname ? name : 'torch' });
      return;
    }
    // `import sklearn.datasets as datasets`: the data libraries' loaders are modelled (dataSources.ts).
    if (isDataModule(name)) {
      frame.scope.set(asname ?? name.split('.')[0], dataLibraryMember(asname ? name : name.split('.')[0]));
      return;
    }
    const unit = this.opts.loadModule(name);
    if (!unit) { frame.scope.set(asname ?? name.split('.')[0], foreignValue(name)); return; }
    const scope = this.runModule(unit);
    frame.scope.set(asname ?? name.split('.')[0], { t: 'module', name, ns: scope.vars });
  }

  private importFrom(module: string, names: { name: string; asname: string | undefined }[], frame: Frame): void {
    // `from builtins import range` (Python 2 compatibility) and `from __future__ import ...`: the builtins as they are.
    if (PY2_COMPAT.test(module)) return;
    if (module === 'numpy' || module.startsWith('numpy.')) {
      const base = module === 'numpy' ? 'np' : `np.${module.slice(6)}`;
      for (const n of names) {
        const path = `${base}.${n.name}`;
        const v: Value = path === 'np.random' || path === 'np.linalg' ? { t: 'module', name: path } : { t: 'builtin', name: path };
        frame.scope.set(n.asname ?? n.name, v);
      }
      return;
    }
    if (isTorchModule(module)) {
      for (const n of names) {
        const got = torchAttribute(module, n.name);
        frame.scope.set(n.asname ?? n.name, !got ? UNKNOWN : 'module' in got ? { t: 'module', name: got.module } : { t: 'builtin', name: got.builtin });
      }
      return;
    }
    if (isDataModule(module)) {
      for (const n of names) if (n.name !== '*') frame.scope.set(n.asname ?? n.name, dataLibraryMember(`${module}.${n.name}`));
      return;
    }
    const unit = this.opts.loadModule(module);
    const scope = unit ? this.runModule(unit) : undefined;
    for (const n of names) {
      if (n.name === '*') {
        if (scope) for (const [k, v] of scope.vars) frame.scope.set(k, v);
        continue;
      }
      frame.scope.set(n.asname ?? n.name, scope ? scope.vars.get(n.name) ?? UNKNOWN : foreignValue(module));
    }
  }

  // ---------------------------------------------------------------- op context

  opCtx(frame: Frame): OpContext {
    if (frame.ctx) return frame.ctx;
    const unit = frame.unit;
    const dims = this.dims;
    frame.ctx = {
      dims,
      text: unit.text,
      file: unit.file,
      reporter: this.checks.findings,
      contradiction: (c) => this.checks.contradiction(frame.ctx!, c),
      expectedShapeAt: (span) => (this.expected?.top.has(`${span.start}:${span.end}`) ? this.expected.shape : undefined),
      lineOf: (o) => unit.lines.positionAt(o).line + 1,
      render: (s) => renderShape(dims, s),
      src: (x) => {
        const sp: Span = 'kind' in x ? x.span : x;
        return unit.text.slice(sp.start, sp.end);
      },
      dimOf: (v, e) => this.dimOf(v, e, frame),
      shapeArg: (v, e) => {
        if (v.t === 'tuple' || (v.t === 'list' && v.items)) {
          const items = v.t === 'tuple' ? v.items : v.items!;
          const elts = e && (e.kind === 'tuple' || e.kind === 'list') ? e.elts : [];
          return items.map((x, i) => this.dimOf(x, elts[i], frame));
        }
        // `np.zeros(self.ctx["X_shape"])`, `np.zeros(input_shape)`: an unknown named as a shape is a tuple of unknown length, not one size.
        if (v.t === 'unknown' && !openHole(v) && e && /shape['"\]]*$/i.test(unit.text.slice(e.span.start, e.span.end))) return undefined;
        if (v.t === 'int' || v.t === 'unknown') return [this.dimOf(v, e, frame)];
        return undefined;
      },
    };
    return frame.ctx;
  }

  /** A value used as a size. An unknown name becomes a named size, rigid if it is a parameter. */
  private dimOf(v: Value, e: Expr | undefined, frame: Frame): Dim {
    if (v.t === 'int') return v.dim;
    if (v.t === 'unknown' && e?.kind === 'name') {
      const name = e.id;
      let d = frame.docDims.get(name);
      if (d === undefined) {
        d = frame.standaloneParams.has(name) ? this.dims.rigid(name, frame.rigidScope) : this.dims.unknown(name);
        frame.docDims.set(name, d);
      }
      // A parameter's hole is decided too: what its standalone analysis recorded (verification's input) is a size.
      const hole = openHole(v);
      const iv: Value = hole ? holeAsInt(this.dims, hole, d) : { t: 'int', dim: d };
      for (let s: Scope | undefined = frame.scope; s; s = s.parent) {
        if (s.vars.has(name)) { s.vars.set(name, iv); break; }
      }
      return d;
    }
    // `self.n_h` holding a constructor's parameter of no stated kind, used as a size: a size named n_h.
    const h = openHole(v);
    if (h && (e?.kind === 'attr' || (e === undefined && /^[A-Za-z_]\w*$/.test(h.name)))) {
      const d = this.dims.unknown((e?.kind === 'attr' ? e.name : h.name).replace(/^_+/, ''));
      holeAsInt(this.dims, h, d);
      return d;
    }
    return this.dims.unknown();
  }
}

/** The size k of a slice written `[a:a + k]` (the same text twice), when k is a size. */
function windowWidth(lower: Expr, upper: Expr, src: (e: Expr) => string, evalExpr: (e: Expr) => Value): Dim | undefined {
  if (upper.kind !== 'binop' || upper.op !== '+' || src(upper.left).replace(/\s+/g, '') !== src(lower).replace(/\s+/g, '')) return undefined;
  const k = deref(evalExpr(upper.right));
  return k.t === 'int' ? k.dim : undefined;
}

/** The spans of an assigned expression whose result is the assigned value up to scalar factors. */
function topSpans(e: Expr): Set<string> {
  const out = new Set<string>();
  const visit = (x: Expr) => {
    out.add(`${x.span.start}:${x.span.end}`);
    if (x.kind === 'binop' && x.op !== '@') {
      visit(x.left);
      visit(x.right);
    } else if (x.kind === 'unary') visit(x.operand);
  };
  visit(e);
  return out;
}

function cloneObject(o: ObjectValue): ObjectValue {
  const attrs = new Map<string, Value>();
  for (const [k, v] of o.attrs) attrs.set(k, v.t === 'dict' ? { t: 'dict', entries: new Map(v.entries), open: v.open } : v);
  return { t: 'object', cls: o.cls, attrs };
}

/** Binds a parameter's argument to its docstring shape: the names label the argument's dims. */
function bindStated(dims: DimStore, v: Value, stated: Value | undefined): Value {
  if (!stated) return v;
  if (v.t === 'unknown') return stated;
  if (v.t === 'array' && stated.t === 'array' && v.shape && stated.shape && v.shape.length === stated.shape.length) {
    // Labels only; a docstring that disagrees with its caller proves nothing here.
    if (compareShapes(dims, v.shape, stated.shape) !== 'different') {
      v.shape.forEach((d, i) => {
        // A name already bound to a size (m for X's 400) joins another argument's equal size (dZ1's 400).
        if (dims.isFree(stated.shape![i]) || dims.compare(stated.shape![i], d) === 'equal') dims.unify(stated.shape![i], d);
      });
    }
    return v;
  }
  if (v.t === 'array' && !v.shape && stated.t === 'array') return { ...v, shape: stated.shape };
  if (v.t === 'dict' && stated.t === 'dict') {
    for (const [k, sv] of stated.entries) if (!v.entries.has(k)) v.entries.set(k, sv);
    return v;
  }
  return v;
}

export function truthOf(v: Value, dims: DimStore): boolean | undefined {
  if (v.t === 'bool') return v.value;
  if (v.t === 'none') return false;
  if (v.t === 'int') {
    const n = dims.value(v.dim);
    return n === undefined ? undefined : n !== 0;
  }
  if (v.t === 'str') return v.value === undefined ? undefined : v.value.length > 0;
  return undefined;
}

function compareScalars(op: string, a: Value, b: Value, dims: DimStore): boolean | undefined {
  if (a.t === 'str' && b.t === 'str' && a.value !== undefined && b.value !== undefined) {
    if (op === '==') return a.value === b.value;
    if (op === '!=') return a.value !== b.value;
    return undefined;
  }
  if (a.t === 'int' && b.t === 'int') {
    const x = dims.value(a.dim), y = dims.value(b.dim);
    if (x === undefined || y === undefined) {
      if ((op === '==' || op === '!=') && dims.compare(a.dim, b.dim) === 'equal') return op === '==';
      return undefined;
    }
    switch (op) {
      case '<': return x < y;
      case '<=': return x <= y;
      case '>': return x > y;
      case '>=': return x >= y;
      case '==': return x === y;
      case '!=': return x !== y;
    }
  }
  if (a.t === 'none' || b.t === 'none') {
    if (op === 'is' || op === '==') return a.t === 'none' && b.t === 'none' ? true : a.t === 'unknown' || b.t === 'unknown' ? undefined : false;
    if (op === 'is not' || op === '!=') return a.t === 'none' && b.t === 'none' ? false : a.t === 'unknown' || b.t === 'unknown' ? undefined : true;
  }
  return undefined;
}

function intArith(op: string, a: Dim, b: Dim, dims: DimStore): Value {
  const x = dims.value(a), y = dims.value(b);
  if (x === undefined || y === undefined) {
    if (op === '/') return FLOAT;
    return { t: 'int', dim: arithmeticSize(dims, op, a, b) };
  }
  switch (op) {
    case '+': return { t: 'int', dim: constantSize(dims, op, a, b, x + y) };
    case '-': return { t: 'int', dim: constantSize(dims, op, a, b, x - y) };
    case '*': return { t: 'int', dim: constantSize(dims, op, a, b, x * y) };
    case '//': return y === 0 ? { t: 'int', dim: dims.unknown() } : { t: 'int', dim: dims.constant(Math.floor(x / y)) };
    case '%': return y === 0 ? { t: 'int', dim: dims.unknown() } : { t: 'int', dim: dims.constant(((x % y) + y) % y) };
    case '**': return { t: 'int', dim: dims.constant(x ** y) };
    case '/': return FLOAT;
    default: return { t: 'int', dim: dims.unknown() };
  }
}

/** What a wrapper call gives (conventions/autograd.ts): Tensor(x) is the array x; unbroadcast(g, s) an array of shape s. */
function wrapperResult(e: Expr & { kind: 'call' }, args: Value[]): Value | undefined {
  const callee = e.func.kind === 'name' ? e.func.id : e.func.kind === 'attr' ? e.func.name : undefined;
  const [first, second] = args;
  if (callee === UNBROADCAST) {
    const dims = second?.t === 'tuple' && second.items.every((d) => d.t === 'int') ? second.items.map((d) => (d as Value & { t: 'int' }).dim) : undefined;
    return dims && (first?.t === 'array' || openHole(first ?? UNKNOWN)) ? { t: 'array', shape: dims } : UNKNOWN;
  }
  return first && (first.t === 'array' || openHole(first)) ? first : undefined;
}
