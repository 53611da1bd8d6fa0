// The concrete evaluator: runs the NumPy subset of a student's code on real numbers, never the
// user's program itself. Every array it makes is a tape node (tape.ts), so the true gradient of a
// cost can be taken by reverse mode and compared with the gradients the code computes by hand.
// It is bounded (steps, call depth, array size) and stops with Unevaluable at anything it does not
// model: what it can't evaluate stays unchecked, never flagged.

import { callScipySpecial } from './scipySpecial';
import { lambdaDef } from '../syntax/lambdaDef';
import { callMath } from './mathModule';
import type { BinaryOperator, Expr, Span, Stmt } from '../syntax/ast';
import type { FileUnit } from '../interp/interpreter';
import { NDArray, NumericError } from '../numeric/ndarray';
import { unary as unaryKernel, type UnaryOp } from '../numeric/kernels';
import { select, setitem, type IndexPart } from '../numeric/indexing';
import { Rng } from '../numeric/rng';
import { madeUpCall } from './madeUp';
import { displayCall, isDisplayModule, isDisplayValue } from './display';
import { matrixResult } from './npMatrix';
import { Tape } from './tape';
import { type CArr, type CClass, type CFunc, type CValue, CScope, NONE, StopRun, Unevaluable, UndefinedHelper, dictKey, dictSet, newDict, num, skippedBy, skippedValue, truthy } from './values';
import { binop, compare, unaryop } from './arith';
import { callBuiltin, builtinValue } from './pyBuiltins';
import { attributeOf } from './attributes';
import { importsTorch, isTorchModule } from '../ops/torch';
import { readsFreeModule } from '../conventions/snippetModules';
import { SNIPPET_ACTIVATIONS, undefinedHelpers } from './undefinedHelpers';
import { moduleConstants } from './moduleConstants';
import { wrapperCall } from './tensorWrappers';
import { bind, findMethod, findSetter, methodKind, superAttribute } from './classes';
import { ASSUMED_LINALG, ASSUMED_NAMES, assumedFileFor, assumedUnit } from './assumedHelpers';
import { courseModuleUnit } from './courseModules';

/** Names of helpers that clip gradients (`clip_gradient_norm`, `clip_grads`, `gradient_clipping`). */
const CLIPPING = /^_?(clip_?(grad\w*|norms?)|grad\w*_clip\w*)$/i;

export interface CFrame {
  unit: FileUnit;
  scope: CScope;
  func: CFunc | undefined;
  /** Names assigned in this frame, with the statements that wrote them, in order. */
  assigned: Map<string, Stmt[]>;
  /** Set while a `return`/`break`/`continue` unwinds. */
  exit: 'return' | 'break' | 'continue' | undefined;
  returnValue: CValue;
  /** Which call this is (a counter over the run): ops made in it carry it on the tape. */
  instance: number;
  /** The statement of this frame that is executing (after a stop: the one the run stopped in). */
  current?: Stmt;
  /** Loops of this frame that are running (after a stop: the ones it stopped inside). */
  running?: Stmt[];
}

export interface EvalHooks {
  /** A function frame (or a module's top level) is about to end normally. */
  frameExit?(frame: CFrame): void;
  /** A frame is being left because the run stopped inside it (what it computed so far can be checked). */
  frameAbort?(frame: CFrame, midway: boolean): void;
  /** A name was bound (assignment, loop target, unpacking). */
  assigned?(frame: CFrame, name: string, value: CValue, stmt: Stmt): void;
  /**
   * An assignment statement wrote an array of `shape` to `target` (a name, `obj.attr`, `d["key"]`, or
   * an array's slice, whose shape is then the slice's).
   */
  wrote?(frame: CFrame, target: Expr, shape: readonly number[], stmt: Stmt): void;
  /** A name's array is about to be updated in place (`W1 -= lr * dW1`): the value it held until now. */
  updatingInPlace?(frame: CFrame, name: string, before: CValue): void;
  /** A function is about to rebind one of its parameters (`x = x.reshape(size).T`): the value it was passed. */
  rebindingParameter?(frame: CFrame, name: string, passed: CValue): void;
  /** An iteration of `loop` starts (a frame may run loops inside loops). */
  iterationStart?(frame: CFrame, loop: Stmt): void;
  /** An array was read as an item of a list the frame names (`h[t + 1]`, one time step's value). */
  itemRead?(frame: CFrame, list: string, item: CValue): void;
  /** An iteration of `loop` ended; returning true stops the whole run (StopRun). */
  iterationEnd?(frame: CFrame, loop: Stmt): boolean;
}

export interface EvaluatorOptions {
  loadUnit(name: string): FileUnit | undefined;
  seed: number;
  maxSteps: number;
  /** Largest array the evaluator makes (elements). */
  maxElements?: number;
  /** Array memory a run may hold on its tape (bytes; default MAX_TAPE_BYTES) before it stops. */
  maxTapeBytes?: number;
  hooks?: EvalHooks;
  isCancelled?: () => boolean;
  /**
   * An elementwise operation between two arrays: the sizes that had to be equal where NumPy would
   * broadcast one against the other but the run knows better (labels against the output, verify/concretize.ts).
   */
  labelsClash?: (a: CArr, b: CArr) => [number, number][] | undefined;
  /**
   * A value for a name the analysed document reads but never binds (a forum snippet's `x`, `theta1`):
   * made once, then kept in the module's namespace. Undefined: the name stays unknown (Unevaluable).
   */
  freeName?: (name: string) => CValue | undefined;
  /** Numbers the analysed document's literals stand for in this run, by the literal's offset (verify/shrink.ts). */
  literals?: Map<number, number>;
  /**
   * A size for an axis of data the code loads from a file (madeUp.ts), chosen by the run so a clash
   * can teach it. Undefined: such data stops the run (Unevaluable).
   */
  dataSize?: () => number;
}

const MAX_DEPTH = 40;
/**
 * A run keeps every array it makes on its tape, so the tape's bytes are its array memory. A loop that
 * keeps making arrays (`hist.append(x * 2.0)` a million times) stops here instead of at the step
 * budget, gigabytes later.
 */
export const MAX_TAPE_BYTES = 32 * 2 ** 20;
/** Cancellation (and the time budget behind it) and the memory limit are polled whenever a run has done this much more work. */
const POLL_WORK = 2 ** 19;
const OPAQUE_MODULES = /^(matplotlib|sklearn|scipy|h5py|PIL|pandas|torch|tensorflow|IPython|testCases_v\d|lr_utils|time|math|copy|os|sys)/;

/** The name a dict written by key is recorded under: `grads` in `grads["W"] = ...`, `self.grads` in `self.grads["W"] = ...`. */
function holderName(e: Expr): string | undefined {
  if (e.kind === 'name') return e.id;
  if (e.kind === 'attr' && e.obj.kind === 'name') return `${e.obj.id}.${e.name}`;
  return undefined;
}

export class Evaluator {
  readonly tape = new Tape();
  /** The analysed document's statements that ran (a branch not taken is not here). */
  readonly executed = new Set<Stmt>();
  rng: Rng;
  steps = 0;
  /** Multiply-adds (or elements made) so far: see record. */
  work = 0;
  depth = 0;
  private calls = 0;
  private modules = new Map<string, CScope>();

  /** What a module's top level binds to `name` (after defineModule), if anything. */
  moduleValue(file: string, name: string): CValue | undefined {
    return this.modules.get(file)?.vars.get(name);
  }
  /** The frames currently running, innermost last. */
  readonly stack: CFrame[] = [];

  constructor(readonly opts: EvaluatorOptions) {
    this.rng = new Rng(opts.seed);
  }

  // ------------------------------------------------------------------ arrays and the tape

  record(op: string, inputs: CArr[], params: Record<string, unknown>, out: NDArray, span: Span | undefined): CArr {
    if (out.size > (this.opts.maxElements ?? 1_000_000)) throw new Unevaluable(`array of ${out.size} elements is over the evaluator's limit`);
    const matrix = inputs.some((i) => i.matrix) && matrixResult(op, inputs, out);
    const node = this.tape.add(op, inputs.map((i) => i.node), params, out, this.currentFile(), span, this.stack[this.stack.length - 1]?.instance ?? -1);
    // Work in multiply-adds (a product's inner dimension times its size; else its size): a run of large
    // products polls the clock often even when it makes little memory.
    const polled = Math.floor(this.work / POLL_WORK);
    this.work += op === 'matmul' && inputs[0] ? out.size * (inputs[0].a.shape[inputs[0].a.ndim - 1] ?? 1) : out.size;
    if (Math.floor(this.work / POLL_WORK) !== polled) this.pollMemory();
    return matrix ? { t: 'arr', a: out, node, matrix } : { t: 'arr', a: out, node };
  }

  /** Large arrays: stop at the memory limit, and poll cancellation between step counts. */
  private pollMemory(): void {
    const max = this.opts.maxTapeBytes ?? MAX_TAPE_BYTES;
    if (this.tape.bytes > max) throw new StopRun(`its arrays reached ${Math.round(max / 2 ** 20)} MB`, false, true);
    if (this.opts.isCancelled?.()) throw new StopRun('cancelled');
  }

  fresh(out: NDArray, span: Span | undefined): CArr {
    return this.record('leaf', [], {}, out, span);
  }

  toArr(v: CValue, span: Span | undefined): CArr {
    if (v.t === 'arr') return v;
    if (v.t === 'num') {
      if (v.node === undefined) v.node = this.tape.leaf(NDArray.scalar(v.v, v.int ? 'int' : 'float'), this.currentFile(), span);
      return { t: 'arr', a: this.tape.nodes[v.node].out, node: v.node };
    }
    if (v.t === 'bool') return this.fresh(NDArray.scalar(v.v ? 1 : 0, 'bool'), span);
    if (v.t === 'list' || v.t === 'tuple') return this.fresh(NDArray.fromNested(this.plain(v)), span);
    throw new Unevaluable(`${v.t} used as an array`);
  }

  /** Numbers, booleans and nested lists as plain JavaScript (for np.array of literals). */
  plain(v: CValue): unknown {
    if (v.t === 'num') return v.v;
    if (v.t === 'bool') return v.v;
    if (v.t === 'list' || v.t === 'tuple') return v.items.map((x) => this.plain(x));
    if (v.t === 'arr') return v.a.toNested();
    throw new Unevaluable(`${v.t} inside an array literal`);
  }

  unary(op: UnaryOp, v: CValue, span: Span | undefined): CArr {
    const a = this.toArr(v, span);
    return this.record(op, [a], {}, unaryKernel(op, a.a), span);
  }

  unaryKernel(op: UnaryOp, a: NDArray): NDArray {
    return unaryKernel(op, a);
  }

  binop(op: BinaryOperator, l: CValue, r: CValue, span: Span): CValue {
    return binop(this, op, l, r, span);
  }

  truthy(v: CValue): boolean {
    if (isDisplayValue(v)) throw new Unevaluable('the truth value of a display call\'s result');
    return truthy(v);
  }

  currentFile(): string {
    return this.stack.length ? this.stack[this.stack.length - 1].unit.file : '';
  }

  tick(): void {
    this.steps++;
    if (this.steps > this.opts.maxSteps) throw new StopRun('step budget');
    if ((this.steps & 1023) === 0 && this.opts.isCancelled?.()) throw new StopRun('cancelled');
  }

  // ------------------------------------------------------------------ modules and calls

  /** Runs a module's top level (the analysed document as `__main__`). */
  runModule(unit: FileUnit): CScope {
    return this.enterModule(unit, (frame) => {
      this.execBlock(unit.module.body, frame);
      this.opts.hooks?.frameExit?.(frame);
    });
  }

  /**
   * A module's namespace from its defs, classes and imports (an imported module, or before an entry
   * call), and its constants: a name the top level binds once, to numbers, strings and other such
   * constants (`epsilon = 10 ** -3`, `SIZES = (2, 3)`) that its functions read.
   */
  defineModule(unit: FileUnit): CScope {
    return this.enterModule(unit, (frame) => {
      const constants = moduleConstants(unit.module.body);
      for (const s of unit.module.body) {
        if (s.kind !== 'def' && s.kind !== 'class' && s.kind !== 'import' && s.kind !== 'importfrom' && !constants.has(s)) continue;
        try {
          this.exec(s, frame);
        } catch (err) {
          if (!(err instanceof Unevaluable)) throw err;
        }
      }
    });
  }

  private enterModule(unit: FileUnit, body: (frame: CFrame) => void): CScope {
    const cached = this.modules.get(unit.file);
    if (cached) return cached;
    const scope = new CScope(undefined);
    scope.vars.set('__name__', { t: 'str', v: unit.file === '' ? '__main__' : unit.file });
    this.modules.set(unit.file, scope);
    this.withFrame(this.newFrame(unit, scope, undefined), body);
    return scope;
  }

  private newFrame(unit: FileUnit, scope: CScope, func: CFunc | undefined): CFrame {
    return { unit, scope, func, assigned: new Map(), exit: undefined, returnValue: NONE, instance: this.calls++ };
  }

  call(f: CValue, args: CValue[], kwargs: Map<string, CValue>, span: Span | undefined): CValue {
    this.tick();
    // A gradient-clipping helper (`grads = clip_gradient_norm(grads)`, often scaling in place) is a
    // training safeguard applied to gradients already computed: the run checks what was computed, so it
    // passes them on unchanged.
    if (f.t === 'func' && CLIPPING.test(f.def.name) && args.length >= 1) return args[0];
    if (f.t === 'func') return this.callFunction(f, args, kwargs);
    if (f.t === 'builtin') return callBuiltin(this, f, args, kwargs, span);
    if (f.t === 'class') {
      const obj: CValue = { t: 'object', cls: f, attrs: new Map() };
      const init = findMethod(f, '__init__');
      if (init) this.callFunction(bind(init, obj), args, kwargs);
      return obj;
    }
    if (f.t === 'module' && f.name.startsWith('opaque:')) return callScipySpecial(this, f.name.slice('opaque:'.length), args, kwargs, span) ?? this.callOpaque(f.name.slice('opaque:'.length), args, kwargs);
    throw new Unevaluable(`calling a ${f.t}`);
  }

  /**
   * A class from a module that is not here (`w_init=XavierUniform()`) makes an opaque object; such an
   * object called with a shape (`self.initializers["w"]([n_in, n_out])`, a layer library's initializer)
   * gives random values of that shape. A guess: any values serve, the truth is computed from the same ones.
   */
  private callOpaque(name: string, args: CValue[], kwargs: Map<string, CValue>): CValue {
    const shown = displayCall(this, name, args, kwargs);
    if (shown) return shown;
    const math = name.startsWith('math.') ? callMath(name.slice('math.'.length), args) : undefined;
    if (math) return math;
    const last = name.split('.').pop() ?? '';
    const made = madeUpCall(this, name, args, kwargs) ?? wrapperCall(this, name, args, kwargs);
    if (made) return made;
    if (/^[A-Z]\w*$/.test(last)) return { t: 'module', name: `opaque:${name}()` };
    const shape = args.length === 1 && kwargs.size === 0 ? args[0] : undefined;
    const dims = shape?.t === 'list' || shape?.t === 'tuple' ? shape.items : shape?.t === 'num' ? [shape] : undefined;
    if (name.endsWith('()') && dims && dims.every((d) => d.t === 'num' && d.int && d.v > 0 && d.v <= 4096)) {
      const a = this.rng.normalArray(dims.map((d) => (d as { v: number }).v));
      for (let i = 0; i < a.data.length; i++) a.data[i] *= 0.5;
      return this.fresh(a, undefined);
    }
    throw new Unevaluable(`${name} is not modelled`);
  }

  callFunction(f: CFunc, args: CValue[], kwargs: Map<string, CValue>): CValue {
    const unit = assumedUnit(f.file) ?? this.opts.loadUnit(f.file);
    if (!unit) throw new Unevaluable(`no source for ${f.qualname}`);
    if (this.depth >= MAX_DEPTH) throw new Unevaluable('call depth');
    const scope = new CScope(f.closure);
    const params = f.def.params;
    const all = f.self ? [f.self, ...args] : args;
    let i = 0;
    for (const p of params) {
      if (p.form === 'vararg') {
        scope.vars.set(p.name, { t: 'tuple', items: all.slice(i) });
        i = all.length;
      } else if (p.form === 'kwarg') {
        const d = newDict();
        for (const [k, v] of kwargs) if (!params.some((q) => q.name === k)) dictSet(d, { t: 'str', v: k }, v);
        scope.vars.set(p.name, d);
      } else if (i < all.length) scope.vars.set(p.name, all[i++]);
      else if (kwargs.has(p.name)) scope.vars.set(p.name, kwargs.get(p.name)!);
      else if (p.default) scope.vars.set(p.name, this.withFrame(this.newFrame(unit, f.closure, undefined), (fr) => this.eval(p.default!, fr)));
      else throw new Unevaluable(`${f.qualname}: missing argument ${p.name}`);
    }
    for (const [k, v] of kwargs) if (params.some((q) => q.name === k && q.form === 'normal')) scope.vars.set(k, v);
    const frame = this.newFrame(unit, scope, f);
    this.depth++;
    this.stack.push(frame);
    try {
      this.execBlock(f.def.body, frame);
      this.opts.hooks?.frameExit?.(frame);
    } catch (err) {
      if (err instanceof Unevaluable || err instanceof StopRun) this.opts.hooks?.frameAbort?.(frame, !(err instanceof StopRun && err.deliberate));
      else if (err instanceof Error && err.name === 'NumericError') this.opts.hooks?.frameAbort?.(frame, true);
      throw err;
    } finally {
      this.stack.pop();
      this.depth--;
    }
    return frame.returnValue;
  }

  private withFrame<T>(frame: CFrame, fn: (frame: CFrame) => T): T {
    this.stack.push(frame);
    try {
      return fn(frame);
    } finally {
      this.stack.pop();
    }
  }

  // ------------------------------------------------------------------ statements

  execBlock(body: Stmt[], frame: CFrame): void {
    for (const s of body) {
      this.exec(s, frame);
      if (frame.exit) return;
    }
  }

  exec(s: Stmt, frame: CFrame): void {
    frame.current = s;
    try {
      this.execStmt(s, frame);
    } catch (err) {
      if (err instanceof UndefinedHelper && this.skipUndefined(s, err, frame)) return;
      // A shape error says where it happened, statements outward (verification reports one met in a
      // backward pass at its line, in the code's own names).
      if (err instanceof NumericError && s.kind !== 'def' && s.kind !== 'class') (err.where ??= { stmts: [] }).stmts.push({ stmt: s, file: frame.unit.file });
      throw err;
    }
  }

  private execStmt(s: Stmt, frame: CFrame): void {
    this.tick();
    if (frame.unit.file === '') this.executed.add(s);
    switch (s.kind) {
      case 'expr':
        if (s.value.kind === 'str') return; // docstrings
        this.eval(s.value, frame);
        return;
      case 'assign': {
        const v = this.eval(s.value, frame);
        for (const t of s.targets) this.assign(t, v, frame, s);
        return;
      }
      case 'annassign':
        if (s.value) this.assign(s.target, this.eval(s.value, frame), frame, s);
        return;
      case 'augassign':
        this.augassign(s, frame);
        return;
      case 'def':
        frame.scope.vars.set(s.name, { t: 'func', def: s, closure: frame.scope, file: frame.unit.file, qualname: s.name });
        return;
      case 'class':
        frame.scope.vars.set(s.name, this.defineClass(s, frame));
        return;
      case 'return':
        frame.returnValue = s.value ? this.eval(s.value, frame) : NONE;
        frame.exit = 'return';
        return;
      case 'if':
        this.execBlock(this.truthy(this.eval(s.test, frame)) ? s.body : s.orelse, frame);
        return;
      case 'for':
        this.execFor(s, frame);
        return;
      case 'while': {
        // Left on `running` when the run stops inside it (not popped in a finally).
        (frame.running ??= []).push(s);
        while (this.truthy(this.eval(s.test, frame))) {
          this.tick();
          this.opts.hooks?.iterationStart?.(frame, s);
          this.execBlock(s.body, frame);
          if (this.endIteration(frame, s)) break;
        }
        frame.running.pop();
        return;
      }
      case 'with':
        this.execBlock(s.body, frame);
        return;
      case 'try':
        this.execBlock(s.body, frame);
        if (!frame.exit) this.execBlock(s.orelse, frame);
        if (!frame.exit) this.execBlock(s.finalbody, frame);
        return;
      case 'import':
        for (const n of s.names) {
          const root = n.name.split('.')[0];
          const bound = n.asname ?? root;
          frame.scope.vars.set(bound, this.importModule(n.asname ? n.name : root));
        }
        return;
      case 'importfrom': {
        const mod = this.importModule(s.module);
        for (const n of s.names) {
          if (n.name === '*') continue;
          // `from builtins import range` (the `future` package's Python 2 shims): Python's own.
          const builtin = /^(builtins|__builtin__|past\.builtins)$/.test(s.module) ? builtinValue(n.name) : undefined;
          if (builtin) {
            frame.scope.vars.set(n.asname ?? n.name, builtin);
            continue;
          }
          frame.scope.vars.set(n.asname ?? n.name, this.assumedHelper(mod, n.name, frame) ?? attributeOf(this, mod, n.name, s.span));
        }
        return;
      }
      case 'assert': {
        let ok: boolean;
        try {
          ok = this.truthy(this.eval(s.test, frame));
        } catch (err) {
          if (err instanceof Unevaluable) return;
          throw err;
        }
        if (!ok) {
          // `assert len(x) == len(y)`, `assert X.shape == (n, m)`: sizes the run chose apart that the code
          // says are one: a clash the next attempt learns from (never a finding).
          const sizes = this.assertedSizes(s.test, frame);
          if (sizes.length > 0) throw new NumericError(`an assert failed on the random inputs: ${sizes.map(([a, b]) => `${a} ≠ ${b}`).join(', ')}`, { shapes: [], sizes, guessed: true });
          throw new Unevaluable('an assert failed on the random inputs');
        }
        return;
      }
      case 'pass':
        return;
      case 'break':
      case 'continue':
        frame.exit = s.kind;
        return;
      case 'del':
        for (const t of s.targets) if (t.kind === 'name') frame.scope.vars.delete(t.id);
        return;
      case 'other':
      case 'error':
        throw new Unevaluable('a statement the evaluator does not run');
    }
  }

  /**
   * A statement of the document (a function's, or its top level's) that needs an undefined helper's result, read in its own
   * frame (undefinedHelpers.ts): it binds nothing, its names wait for the helper (reading one
   * skips that statement too), and the run goes on. Only a plain statement binding plain names: a test,
   * a loop or a store into an object or a container could not be skipped without guessing.
   */
  private skipUndefined(s: Stmt, err: UndefinedHelper, frame: CFrame): boolean {
    if (err.scope !== frame.scope || frame.unit.file !== '') return false;
    const names: string[] = [];
    const plain = (t: Expr): boolean => {
      if (t.kind === 'name') return names.push(t.id) > 0;
      if (t.kind === 'tuple' || t.kind === 'list') return t.elts.every((x) => plain(x.kind === 'starred' ? x.value : x));
      return false;
    };
    const ok =
      s.kind === 'assign' ? s.targets.every(plain) : s.kind === 'augassign' || s.kind === 'annassign' ? plain(s.target) : s.kind === 'expr';
    if (!ok) return false;
    for (const n of names) {
      frame.scope.vars.set(n, skippedValue(err.helper));
      frame.assigned.delete(n);
    }
    return true;
  }

  /** The differing sizes of a failed `a == b` between sizes or tuples of sizes. */
  private assertedSizes(test: Expr, frame: CFrame): [number, number][] {
    if (test.kind !== 'compare' || test.ops.length !== 1 || test.ops[0] !== '==') return [];
    let a: CValue, b: CValue;
    try {
      a = this.eval(test.left, frame);
      b = this.eval(test.comparators[0], frame);
    } catch {
      return [];
    }
    const ints = (v: CValue): number[] | undefined =>
      v.t === 'num' && v.int ? [v.v] : v.t === 'tuple' || v.t === 'list' ? (v.items.every((x) => x.t === 'num' && x.int) ? v.items.map((x) => (x as { v: number }).v) : undefined) : undefined;
    const x = ints(a), y = ints(b);
    if (!x || !y || x.length !== y.length) return [];
    return x.flatMap((v, i) => (v !== y[i] && v > 1 && y[i] > 1 ? [[v, y[i]] as [number, number]] : []));
  }

  private endIteration(frame: CFrame, loop: Stmt): boolean {
    if (frame.exit === 'break') {
      frame.exit = undefined;
      return true;
    }
    if (frame.exit === 'continue') frame.exit = undefined;
    if (frame.exit === 'return') return true;
    if (this.opts.hooks?.iterationEnd?.(frame, loop)) throw new StopRun('the loop has been checked once', true);
    return false;
  }

  private execFor(s: Stmt & { kind: 'for' }, frame: CFrame): void {
    const items = this.lazyRange(s.iter, frame) ?? this.iterate(this.eval(s.iter, frame), s.iter.span);
    // Left on `running` when the run stops inside it (not popped in a finally).
    (frame.running ??= []).push(s);
    for (const item of items) {
      this.tick();
      this.opts.hooks?.iterationStart?.(frame, s);
      this.assign(s.target, item, frame, s);
      this.execBlock(s.body, frame);
      if (this.endIteration(frame, s)) {
        frame.running.pop();
        return;
      }
    }
    frame.running.pop();
    if (!frame.exit) this.execBlock(s.orelse, frame);
  }

  /** `for i in range(...)` without making the list (a training loop may ask for 10**9 iterations). */
  private lazyRange(iter: Expr, frame: CFrame): Iterable<CValue> | undefined {
    // `for i in tqdm(range(n))`, `for i in trange(n)`: a progress bar over a range is the range.
    if (iter.kind === 'call' && iter.args.length >= 1 && iter.func.kind === 'name') {
      const f = frame.scope.lookup(iter.func.id);
      if (f?.t === 'module' && /^opaque:tqdm(\.\w+)*\.(tqdm|tqdm_notebook)$/.test(f.name) && iter.args[0].kind !== 'starred') return this.lazyRange(iter.args[0], frame);
      if (f?.t === 'module' && /^opaque:tqdm(\.\w+)*\.trange$/.test(f.name)) return this.lazyRange({ ...iter, func: { kind: 'name', id: 'range', span: iter.func.span } }, frame);
    }
    if (iter.kind !== 'call' || iter.func.kind !== 'name' || iter.func.id !== 'range' || frame.scope.lookup('range')) return undefined;
    if (iter.keywords.length || iter.args.some((a) => a.kind === 'starred')) return undefined;
    const nums = iter.args.map((a) => this.eval(a, frame));
    if (!nums.every((n) => n.t === 'num' && n.int)) return undefined;
    const v = nums.map((n) => (n as { v: number }).v);
    const [start, stop, step] = v.length === 1 ? [0, v[0], 1] : [v[0], v[1], v[2] ?? 1];
    if (step === 0) throw new Unevaluable('range step 0');
    return (function* () {
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) yield num(i, true);
    })();
  }

  iterate(v: CValue, span: Span): CValue[] {
    if (v.t === 'list' || v.t === 'tuple') return v.items;
    if (v.t === 'dict') return [...v.keys.values()];
    if (v.t === 'str') return [...v.v].map((c) => ({ t: 'str', v: c }));
    if (v.t === 'arr') {
      if (v.a.ndim === 0) throw new Unevaluable('iterating over a 0-d array');
      return Array.from({ length: v.a.shape[0] }, (_, i) => this.getitem(v, [{ kind: 'int', i }], span));
    }
    throw new Unevaluable(`iterating over ${v.t}`);
  }

  private defineClass(s: Stmt & { kind: 'class' }, frame: CFrame): CValue {
    const cls: CClass = { t: 'class' as const, name: s.name, methods: new Map<string, CFunc>(), attrs: new Map<string, CValue>() };
    cls.base = this.baseClassOf(s, frame);
    for (const b of s.body) {
      if (b.kind === 'def') {
        const fn: CFunc = { t: 'func', def: b, closure: frame.scope, file: frame.unit.file, qualname: `${s.name}.${b.name}`, owner: cls };
        const kind = methodKind(b);
        if (kind === 'setter') (cls.setters ??= new Map()).set(b.name, fn);
        else if (kind === 'static') cls.methods.set(b.name, { ...fn, static: true });
        else if (kind !== 'other') cls.methods.set(b.name, fn);
      }
      else if (b.kind === 'assign' && b.targets[0]?.kind === 'name') {
        try {
          cls.attrs.set(b.targets[0].id, this.eval(b.value, frame));
        } catch (err) {
          if (!(err instanceof Unevaluable)) throw err;
        }
      }
    }
    return cls;
  }

  /** The single base class when it is a class the evaluator knows (`class Dense(Layer)`); `object` and anything else: none. */
  private baseClassOf(s: Stmt & { kind: 'class' }, frame: CFrame): CClass | undefined {
    if (s.bases.length !== 1) return undefined;
    try {
      const b = this.eval(s.bases[0], frame);
      return b.t === 'class' ? b : undefined;
    } catch (err) {
      if (!(err instanceof Unevaluable)) throw err;
      return undefined;
    }
  }

  /** `super()` / `super(Cls, self)` as the object of an attribute read: the class lookup starts above, and the bound self. */
  private superOf(e: Expr, frame: CFrame): { owner: CClass; self: CValue } | undefined {
    if (e.kind !== 'call' || e.func.kind !== 'name' || e.func.id !== 'super' || frame.scope.lookup('super')) return undefined;
    if (e.args.length === 2) {
      const owner = this.eval(e.args[0], frame);
      const self = this.eval(e.args[1], frame);
      if (owner.t !== 'class') throw new Unevaluable('super() of something that is not a class');
      return { owner, self };
    }
    const f = frame.func;
    const first = f?.def.params[0]?.name;
    const self = f?.self ?? (first !== undefined ? frame.scope.vars.get(first) : undefined);
    if (e.args.length !== 0 || !f?.owner || !self) throw new Unevaluable('super() outside a method');
    return { owner: f.owner, self };
  }

  /**
   * A standard helper (`relu`, `sigmoid_backward`) imported from a module that is not beside the file
   * (a course's utility file): its standard definition, marked assumed (assumedHelpers.ts).
   */
  assumedHelper(mod: CValue, name: string, frame: CFrame): CValue | undefined {
    if (mod.t !== 'module' || !mod.name.startsWith('opaque:')) return undefined;
    const modName = mod.name.slice('opaque:'.length);
    // A course's utility module for its three-layer network (`reg_utils`): its published functions (courseModules.ts).
    const course = courseModuleUnit(modName, name);
    if (course) return this.defineModule(course).vars.get(name);
    if (!ASSUMED_NAMES.test(name)) return undefined;
    // A package's module (`tinynn.utils.math`) may define anything under these names; the elementwise
    // activations mean one thing everywhere.
    if (OPAQUE_MODULES.test(modName)) return undefined;
    if (ASSUMED_LINALG.test(name)) {
      // A project's own matrix module: a relative path (`../math`) or a plain name (`utils`), never a package's.
      if (!/^\.{1,2}\//.test(modName) && modName.includes('.')) return undefined;
    } else if (modName.includes('.') && !/^(sigmoid|relu|tanh)$/.test(name)) return undefined;
    return this.assumedDefinition(name, frame);
  }

  /** The assumed definition of a standard helper (assumedHelpers.ts), in the document's convention. */
  private assumedDefinition(name: string, frame: CFrame): CValue | undefined {
    return this.defineModule(assumedUnit(assumedFileFor(frame.unit.module))!).vars.get(name);
  }

  /** `x.size()` is torch's shape (NumPy's size is no method; ops/torch.ts); on anything else, the attribute. */
  private sizeMethod(e: Expr & { kind: 'attr' }, frame: CFrame): CValue {
    const obj = this.eval(e.obj, frame);
    return obj.t === 'arr' ? { t: 'builtin', name: 'array.size', self: obj } : attributeOf(this, obj, e.name, e.span);
  }

  importModule(name: string): CValue {
    if (name === 'numpy') return { t: 'module', name: 'np' };
    if (isTorchModule(name)) return { t: 'module', name };
    if (name.startsWith('numpy.')) return { t: 'module', name: `np.${name.slice(6)}` };
    if (OPAQUE_MODULES.test(name)) return { t: 'module', name: `opaque:${name}` };
    const unit = this.opts.loadUnit(name);
    if (!unit) return { t: 'module', name: `opaque:${name}` };
    return { t: 'module', name, ns: this.defineModule(unit) };
  }

  // ------------------------------------------------------------------ assignment

  assign(target: Expr, v: CValue, frame: CFrame, stmt: Stmt): void {
    switch (target.kind) {
      case 'name': {
        const list = frame.assigned.get(target.id);
        const before = list ? undefined : frame.scope.vars.get(target.id);
        if (before && frame.func?.def.params.some((p) => p.name === target.id)) this.opts.hooks?.rebindingParameter?.(frame, target.id, before);
        frame.scope.vars.set(target.id, v);
        if (list) list.push(stmt);
        else frame.assigned.set(target.id, [stmt]);
        this.opts.hooks?.assigned?.(frame, target.id, v, stmt);
        if (v.t === 'arr') this.opts.hooks?.wrote?.(frame, target, v.a.shape, stmt);
        return;
      }
      case 'tuple':
      case 'list': {
        const items = this.iterate(v, target.span);
        const starred = target.elts.findIndex((e) => e.kind === 'starred');
        if (starred < 0 && items.length !== target.elts.length) throw new Unevaluable(`unpacking ${items.length} values into ${target.elts.length}`);
        target.elts.forEach((e, i) => {
          if (e.kind === 'starred') return;
          const idx = starred >= 0 && i > starred ? items.length - (target.elts.length - i) : i;
          this.assign(e, items[idx], frame, stmt);
        });
        return;
      }
      case 'subscript': {
        // `a[i][j] = v` on an array (JavaScript's way, on a matrix the lowering made with np.zeros): a[i, j] = v;
        // `a[i]` alone would be a copy, and the write lost.
        if (nestedItem(target) && this.eval((target.obj as Expr & { kind: 'subscript' }).obj, frame).t === 'arr') {
          const o = target.obj as Expr & { kind: 'subscript' };
          this.assign({ kind: 'subscript', obj: o.obj, index: { kind: 'tuple', elts: [o.index, target.index], span: target.span }, span: target.span }, v, frame, stmt);
          return;
        }
        const obj = this.eval(target.obj, frame);
        // JavaScript's `other.grad = ...` on a parameter the lowering took for a plain object: the attribute.
        if (obj.t === 'object' && target.index.kind === 'str' && target.index.value !== undefined && !findMethod(obj.cls, '__setitem__')) {
          this.assign({ kind: 'attr', obj: target.obj, name: target.index.value, nameSpan: target.index.span, span: target.span }, v, frame, stmt);
          return;
        }
        if (obj.t === 'dict') {
          const k = this.eval(target.index, frame);
          dictSet(obj, k, v);
          const holder = holderName(target.obj);
          if (k.t === 'str' && holder) this.noteWrite(frame, `${holder}[${JSON.stringify(k.v)}]`, stmt);
          if (v.t === 'arr') this.opts.hooks?.wrote?.(frame, target, v.a.shape, stmt);
          return;
        }
        const { at, slice } = this.storeItem(obj, target.index, v, frame, target.span);
        if (slice) this.opts.hooks?.wrote?.(frame, target, slice, stmt);
        if (obj.t === 'arr' && target.obj.kind === 'name') this.noteWrite(frame, target.obj.id, stmt);
        // `self.dinputs[self.inputs <= 0] = 0`: a masked store into an array the object keeps is one of its steps.
        if (obj.t === 'arr' && target.obj.kind === 'attr' && target.obj.obj.kind === 'name') this.noteWrite(frame, `${target.obj.obj.id}.${target.obj.name}`, stmt);
        // `loss_weights[l] = ...`: a list of per-layer values, written under its item's place.
        const holder = holderName(target.obj);
        if (at !== undefined && holder) this.noteWrite(frame, `${holder}[${at}]`, stmt);
        return;
      }
      case 'attr': {
        const obj = this.eval(target.obj, frame);
        const setter = obj.t === 'object' ? findSetter(obj.cls, target.name) : undefined;
        if (setter) this.callFunction(bind(setter, obj), [v], new Map());
        else if (obj.t === 'object' || obj.t === 'class') {
          // `self.W = self.W - lr * dW` is `self.W -= lr * dW` for the value until now: it stays in the name's history.
          const old = obj.attrs.get(target.name);
          if (old?.t === 'arr' && v.t === 'arr' && target.obj.kind === 'name' && this.tape.nodes[v.node]?.inputs.includes(old.node)) this.opts.hooks?.updatingInPlace?.(frame, `${target.obj.id}.${target.name}`, old);
          obj.attrs.set(target.name, v);
        } else if (isDisplayModule(obj)) return;
        else throw new Unevaluable(`setting .${target.name} on ${obj.t}`);
        if (target.obj.kind === 'name') this.noteWrite(frame, `${target.obj.id}.${target.name}`, stmt);
        if (v.t === 'arr') this.opts.hooks?.wrote?.(frame, target, v.a.shape, stmt);
        return;
      }
      default:
        throw new Unevaluable(`assignment to ${target.kind}`);
    }
  }

  private noteWrite(frame: CFrame, name: string, stmt: Stmt): void {
    const list = frame.assigned.get(name);
    if (list) list.push(stmt);
    else frame.assigned.set(name, [stmt]);
  }

  /** Stores an item; for a list, returns the position written (`at`); for an array, what the slice written holds (`slice`). */
  private storeItem(obj: CValue, index: Expr, v: CValue, frame: CFrame, span: Span): { at?: number; slice?: readonly number[] } {
    // `plt.rcParams["figure.figsize"] = (8, 6)`: a display setting, no effect on the run.
    if (isDisplayModule(obj)) return {};
    if (obj.t === 'dict') {
      dictSet(obj, this.eval(index, frame), v);
      return {};
    }
    if (obj.t === 'list') {
      const i = this.eval(index, frame);
      if (i.t !== 'num' || !i.int) throw new Unevaluable('list index');
      const k = i.v < 0 ? obj.items.length + i.v : i.v;
      if (k < 0 || k >= obj.items.length) throw new Unevaluable('list index out of range');
      obj.items[k] = v;
      return { at: k };
    }
    if (obj.t === 'arr') {
      const parts = this.indexParts(index, frame);
      // A number written into an array nothing has been computed from yet (a data set filled in a
      // loop, `x[i, j] = 1.0`): in place, with no new node, so the loop does not copy it at every write.
      if ((v.t === 'num' && v.node === undefined) || v.t === 'bool') {
        if (this.tape.unreadConstant(obj.node)) {
          setitem(obj.a, parts, NDArray.scalar(v.t === 'num' ? v.v : v.v ? 1 : 0, v.t === 'bool' ? 'bool' : v.int ? 'int' : 'float'), true);
          return {};
        }
      }
      const value = this.toArr(v, span);
      const sel = select(obj.a.shape, parts);
      const out = setitem(obj.a, parts, value.a);
      const rec = this.record('setitem', [obj, value], { src: sel.src, shape: sel.shape }, out, span);
      obj.a = rec.a;
      obj.node = rec.node;
      return { slice: sel.shape };
    }
    throw new Unevaluable(`item assignment on ${obj.t}`);
  }

  private augassign(s: Stmt & { kind: 'augassign' }, frame: CFrame): void {
    const res = this.augassign0(s, frame);
    if (res?.t === 'arr') this.opts.hooks?.wrote?.(frame, s.target, res.a.shape, s);
  }

  /** The value the target holds after the update (the slice's, for an array item), when known. */
  private augassign0(s: Stmt & { kind: 'augassign' }, frame: CFrame): CValue | undefined {
    const t = s.target;
    if (t.kind === 'name') {
      const old = this.eval(t, frame);
      const res = binop(this, s.op, old, this.eval(s.value, frame), s.span);
      if (old.t === 'arr' && res.t === 'arr') {
        this.opts.hooks?.updatingInPlace?.(frame, t.id, { ...old });
        // In place, as NumPy does: every alias sees the new contents.
        old.a = res.a;
        old.node = res.node;
        this.noteWrite(frame, t.id, s);
        return res;
      }
      this.assign(t, res, frame, s);
      return undefined;
    }
    // `a[i][j] += v` on an array (JavaScript's way): a[i, j] += v, as for `=` (assign).
    if (t.kind === 'subscript' && nestedItem(t) && this.eval((t.obj as Expr & { kind: 'subscript' }).obj, frame).t === 'arr') {
      const o = t.obj as Expr & { kind: 'subscript' };
      return this.augassign0({ ...s, target: { kind: 'subscript', obj: o.obj, index: { kind: 'tuple', elts: [o.index, t.index], span: t.span }, span: t.span } }, frame);
    }
    if (t.kind === 'subscript') {
      const obj = this.eval(t.obj, frame);
      const cur = this.subscript(obj, t.index, frame, t.span);
      const res = binop(this, s.op, cur, this.eval(s.value, frame), s.span);
      if (obj.t === 'dict' && cur.t === 'arr' && res.t === 'arr') {
        cur.a = res.a;
        cur.node = res.node;
        const k = this.eval(t.index, frame);
        const holder = holderName(t.obj);
        if (k.t === 'str' && holder) this.noteWrite(frame, `${holder}[${JSON.stringify(k.v)}]`, s);
        return res;
      }
      // `weights[l] -= lr * dW[l]`: the item's value until now stays in its name's history (`weights[1]`).
      const holder = holderName(t.obj);
      if (obj.t === 'list' && holder) {
        const k = this.eval(t.index, frame);
        if (k.t === 'num' && k.int) this.opts.hooks?.updatingInPlace?.(frame, `${holder}[${k.v < 0 ? obj.items.length + k.v : k.v}]`, cur);
      }
      this.storeItem(obj, t.index, res, frame, t.span);
      if (obj.t === 'arr' && t.obj.kind === 'name') this.noteWrite(frame, t.obj.id, s);
      return res;
    }
    if (t.kind === 'attr') {
      const obj = this.eval(t.obj, frame);
      const cur = attributeOf(this, obj, t.name, t.span);
      const res = binop(this, s.op, cur, this.eval(s.value, frame), s.span);
      if (cur.t === 'arr' && res.t === 'arr') {
        if (t.obj.kind === 'name') this.opts.hooks?.updatingInPlace?.(frame, `${t.obj.id}.${t.name}`, { ...cur });
        cur.a = res.a;
        cur.node = res.node;
      } else if (obj.t === 'object') obj.attrs.set(t.name, res);
      if (t.obj.kind === 'name') this.noteWrite(frame, `${t.obj.id}.${t.name}`, s);
      return res;
    }
    throw new Unevaluable('augmented assignment target');
  }

  // ------------------------------------------------------------------ expressions

  eval(e: Expr, frame: CFrame): CValue {
    if (e.kind !== 'call' && e.kind !== 'binop') return this.evalExpr(e, frame);
    try {
      return this.evalExpr(e, frame);
    } catch (err) {
      if (err instanceof NumericError && !err.where) err.where = { expr: e, stmts: [] };
      throw err;
    }
  }

  private evalExpr(e: Expr, frame: CFrame): CValue {
    switch (e.kind) {
      case 'name': {
        const v =
          frame.scope.lookup(e.id) ?? this.moduleScopeOf(frame)?.lookup(e.id) ?? builtinValue(e.id) ?? this.freeName(e.id, frame) ?? this.snippetModule(e.id, frame) ?? this.snippetActivation(e.id, frame);
        if (!v) {
          if (frame.unit.file === '' && undefinedHelpers(frame.unit.module).has(e.id)) throw new UndefinedHelper(e.id, frame.scope, e.id);
          throw new Unevaluable(`unknown name ${e.id}`);
        }
        // A skipped statement's names hold a marked None (values.ts skippedValue): only a None is looked up.
        const helper = v.t === 'none' ? skippedBy(v) : undefined;
        if (helper !== undefined) throw new UndefinedHelper(helper, frame.scope, e.id);
        return v;
      }
      case 'num':
        return num(frame.unit.file === '' ? this.opts.literals?.get(e.span.start) ?? e.value : e.value, e.isInt);
      case 'str':
        if (e.value === undefined) return { t: 'str', v: '' };
        return { t: 'str', v: e.value };
      case 'bool':
        return { t: 'bool', v: e.value };
      case 'none':
        return NONE;
      case 'attr': {
        const sup = this.superOf(e.obj, frame);
        if (sup) {
          const v = superAttribute(sup.owner, sup.self, e.name);
          if (!v) throw new Unevaluable(`super().${e.name} is not defined`);
          return v;
        }
        const obj = this.eval(e.obj, frame);
        return this.assumedHelper(obj, e.name, frame) ?? attributeOf(this, obj, e.name, e.span);
      }
      case 'subscript': {
        const obj = this.eval(e.obj, frame);
        const item = this.subscript(obj, e.index, frame, e.span);
        if (obj.t === 'list' && item.t === 'arr' && e.obj.kind === 'name') this.opts.hooks?.itemRead?.(frame, e.obj.id, item);
        return item;
      }
      case 'call': {
        const f = e.func.kind === 'attr' && e.func.name === 'size' ? this.sizeMethod(e.func, frame) : this.eval(e.func, frame);
        const args: CValue[] = [];
        for (const a of e.args) {
          if (a.kind === 'starred') args.push(...this.iterate(this.eval(a.value, frame), a.span));
          else args.push(this.eval(a, frame));
        }
        const kwargs = new Map<string, CValue>();
        for (const k of e.keywords) {
          const v = this.eval(k.value, frame);
          if (k.name) kwargs.set(k.name, v);
          else if (v.t === 'dict') for (const [key, val] of v.map) kwargs.set(key.slice(2), val);
        }
        return this.call(f, args, kwargs, e.span);
      }
      case 'binop':
        return binop(this, e.op, this.eval(e.left, frame), this.eval(e.right, frame), e.span);
      case 'unary':
        return unaryop(this, e.op, this.eval(e.operand, frame), e.span);
      case 'compare': {
        let left = this.eval(e.left, frame);
        let result: CValue = { t: 'bool', v: true };
        for (let i = 0; i < e.ops.length; i++) {
          const right = this.eval(e.comparators[i], frame);
          const r = compare(this, e.ops[i], left, right, e.span);
          if (e.ops.length === 1) return r;
          if (!this.truthy(r)) return { t: 'bool', v: false };
          result = r;
          left = right;
        }
        return result;
      }
      case 'boolop': {
        let v: CValue = NONE;
        for (const x of e.values) {
          v = this.eval(x, frame);
          const t = this.truthy(v);
          if (e.op === 'and' ? !t : t) return v;
        }
        return v;
      }
      case 'ifexp':
        return this.truthy(this.eval(e.test, frame)) ? this.eval(e.body, frame) : this.eval(e.orelse, frame);
      case 'tuple':
        return { t: 'tuple', items: this.evalItems(e.elts, frame) };
      case 'list':
        return { t: 'list', items: this.evalItems(e.elts, frame) };
      case 'dict': {
        const d = newDict();
        e.keys.forEach((k, i) => {
          const v = this.eval(e.values[i], frame);
          if (k) dictSet(d, this.eval(k, frame), v);
          else if (v.t === 'dict') for (const [key, val] of v.map) dictSet(d, v.keys.get(key)!, val);
        });
        return d;
      }
      case 'comprehension':
        return this.comprehension(e, frame);
      case 'lambda':
        return { t: 'func', def: lambdaDef(e), closure: frame.scope, file: frame.unit.file, qualname: '<lambda>' };
      case 'slice':
        // Only as a subscript of a list, tuple or string (`sizes[1:]`); arrays index through indexParts.
        return { t: 'slice', start: this.sliceBound(e.lower, frame), stop: this.sliceBound(e.upper, frame), step: this.sliceBound(e.step, frame) };
      default:
        throw new Unevaluable(`${e.kind} expression`);
    }
  }

  private evalItems(elts: Expr[], frame: CFrame): CValue[] {
    const out: CValue[] = [];
    for (const x of elts) {
      if (x.kind === 'starred') out.push(...this.iterate(this.eval(x.value, frame), x.span));
      else out.push(this.eval(x, frame));
    }
    return out;
  }

  private comprehension(e: Expr & { kind: 'comprehension' }, frame: CFrame): CValue {
    const inner: CFrame = { ...frame, scope: new CScope(frame.scope), assigned: new Map() };
    const items: CValue[] = [];
    const d = newDict();
    const loop = (g: number): void => {
      if (g === e.generators.length) {
        if (e.form === 'dict') dictSet(d, this.eval(e.key!, inner), this.eval(e.elt, inner));
        else items.push(this.eval(e.elt, inner));
        return;
      }
      const gen = e.generators[g];
      for (const item of this.iterate(this.eval(gen.iter, inner), gen.iter.span)) {
        this.tick();
        this.assign(gen.target, item, inner, { kind: 'pass', span: e.span });
        if (gen.ifs.every((c) => this.truthy(this.eval(c, inner)))) loop(g + 1);
      }
    };
    loop(0);
    return e.form === 'dict' ? d : { t: 'list', items };
  }

  /** A snippet's free name, made once and kept in the analysed document's module namespace (EvaluatorOptions.freeName). */
  private freeName(name: string, frame: CFrame): CValue | undefined {
    if (!this.opts.freeName || frame.unit.file !== '') return undefined;
    const v = this.opts.freeName(name);
    if (v) this.moduleScopeOf(frame)?.vars.set(name, v);
    return v;
  }

  /**
   * A library name the document reads (`np.dot`, `torch.mm`, `MLlib.Tensor`) and never binds or imports
   * (conventions/snippetModules.ts): NumPy, torch, or a library that is not here (opaque: what is not
   * modelled of it stops the run, as an import of a missing module does).
   */
  private snippetModule(name: string, frame: CFrame): CValue | undefined {
    if (frame.unit.file !== '') return undefined;
    if (name === 'torch') return importsTorch(frame.unit.module) ? { t: 'module', name: 'torch' } : undefined;
    if (!readsFreeModule(frame.unit.module, name)) return undefined;
    return name === 'np' ? { t: 'module', name: 'np' } : { t: 'module', name: `opaque:${name}` };
  }

  /** An undefined helper named as a standard activation (undefinedHelpers.ts): its assumed definition. */
  private snippetActivation(name: string, frame: CFrame): CValue | undefined {
    if (frame.unit.file !== '' || !SNIPPET_ACTIVATIONS.test(name) || !undefinedHelpers(frame.unit.module).has(name)) return undefined;
    return this.assumedDefinition(name, frame);
  }

  private moduleScopeOf(frame: CFrame): CScope | undefined {
    return this.modules.get(frame.unit.file);
  }

  subscript(obj: CValue, index: Expr, frame: CFrame, span: Span): CValue {
    // A grid of axes (`axes[0, 1]`), a display setting read back: display values again.
    if (isDisplayValue(obj)) return obj;
    // JavaScript's `other.data` on a value the lowering could not tell from a plain object (a parameter) is
    // `other["data"]`: on an object, the attribute (Python objects have no items without __getitem__).
    if (obj.t === 'object' && index.kind === 'str' && index.value !== undefined && !findMethod(obj.cls, '__getitem__')) return attributeOf(this, obj, index.value, span);
    if (obj.t === 'dict') {
      const key = dictKey(this.eval(index, frame));
      const v = obj.map.get(key);
      if (!v) throw new Unevaluable(`no key ${key.slice(2)} in the dict`);
      return v;
    }
    if (obj.t === 'list' || obj.t === 'tuple' || obj.t === 'str') {
      const i = this.eval(index, frame);
      const items: CValue[] = obj.t === 'str' ? [...obj.v].map((c) => ({ t: 'str', v: c })) : obj.items;
      if (i.t === 'num' && i.int) {
        const k = i.v < 0 ? items.length + i.v : i.v;
        if (k < 0 || k >= items.length) throw new Unevaluable('index out of range');
        return items[k];
      }
      if (i.t === 'slice') {
        const step = i.step ?? 1;
        const n = items.length;
        const norm = (x: number | undefined, d: number) => (x === undefined ? d : x < 0 ? Math.max(0, n + x) : Math.min(n, x));
        const out: CValue[] = [];
        if (step > 0) for (let k = norm(i.start, 0); k < norm(i.stop, n); k += step) out.push(items[k]);
        else for (let k = i.start === undefined ? n - 1 : norm(i.start, n - 1); k > (i.stop === undefined ? -1 : norm(i.stop, -1)); k += step) out.push(items[k]);
        if (obj.t === 'str') return { t: 'str', v: out.map((c) => (c as { v: string }).v).join('') };
        return { t: obj.t === 'tuple' ? 'tuple' : 'list', items: out };
      }
      throw new Unevaluable('sequence index');
    }
    if (obj.t === 'arr') return this.getitem(obj, this.indexParts(index, frame), span);
    throw new Unevaluable(`indexing a ${obj.t}`);
  }

  /**
   * Slices that reached past their axis (`h[:, 2*H:3*H]` of an array narrower than 4H): NumPy clips
   * them silently, so sizes chosen wrongly may run on; a later shape error then says nothing of the code.
   */
  clippedSlices = 0;

  private noteClipped(shape: number[], parts: IndexPart[]): void {
    if (parts.some((p) => p.kind === 'ellipsis' || p.kind === 'newaxis')) return;
    parts.forEach((p, k) => {
      if (p.kind !== 'slice' || k >= shape.length) return;
      const n = shape[k];
      if ((p.stop !== undefined && p.stop > n) || (p.start !== undefined && p.start > n)) this.clippedSlices++;
    });
  }

  getitem(a: CArr, parts: IndexPart[], span: Span | undefined): CArr {
    this.noteClipped(a.a.shape, parts);
    const sel = select(a.a.shape, parts);
    const data = new Float64Array(sel.src.length);
    for (let k = 0; k < data.length; k++) data[k] = a.a.data[sel.src[k]];
    return this.record('getitem', [a], { src: sel.src }, new NDArray(sel.shape, data, a.a.dtype), span);
  }

  private sliceBound(b: Expr | undefined, frame: CFrame): number | undefined {
    if (!b) return undefined;
    const v = this.eval(b, frame);
    if (v.t === 'none') return undefined;
    if (v.t !== 'num' || !v.int) throw new Unevaluable('slice bound');
    return v.v;
  }

  indexParts(index: Expr, frame: CFrame): IndexPart[] {
    const elts = index.kind === 'tuple' ? index.elts : [index];
    return elts.map((x): IndexPart => {
      if (x.kind === 'slice') {
        return { kind: 'slice', start: this.sliceBound(x.lower, frame), stop: this.sliceBound(x.upper, frame), step: this.sliceBound(x.step, frame) };
      }
      if (x.kind === 'ellipsis') return { kind: 'ellipsis' };
      const v = this.eval(x, frame);
      if (v.t === 'none') return { kind: 'newaxis' };
      if (v.t === 'num' && v.int) return { kind: 'int', i: v.v };
      if (v.t === 'arr') return { kind: 'array', arr: v.a };
      if (v.t === 'list') return { kind: 'array', arr: NDArray.fromNested(this.plain(v)) };
      if (v.t === 'slice') return { kind: 'slice', start: v.start, stop: v.stop, step: v.step };
      throw new Unevaluable(`array index of ${v.t}`);
    });
  }
}

export { StopRun, Unevaluable };

/** `a[i][j]` with a a name and both indices single (not tuples or slices): an item of an item. */
function nestedItem(t: Expr & { kind: 'subscript' }): boolean {
  const o = t.obj;
  return o.kind === 'subscript' && o.obj.kind === 'name' && o.index.kind !== 'tuple' && o.index.kind !== 'slice' && t.index.kind !== 'tuple' && t.index.kind !== 'slice';
}
