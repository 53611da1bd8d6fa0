// Scalar and tensor autograd engines (micrograd and its many copies, in Python or JavaScript): a Value
// class whose operator methods make `out = Value(<f of self.data and other.data>, (self, other), '*')` and
// attach a closure, `out._backward = _backward`, that adds each input's share of the gradient:
// `self.grad += other.data * out.grad`. Each such method is checked on its own: its result is a function of
// its inputs' `.data`, differentiated by central differences (the values are numbers or nested lists, not on
// a tape), against what its closure adds to each input's `.grad` for a random `out.grad` (the
// vector–Jacobian product). The inputs are numbers, then 2 × 2 matrices (a tensor engine's operators; a
// transpose missing shows only there); an operator that does not run on a shape is not checked on it. Two
// random points must both disagree for a finding, placed at the closure's line that writes that input's
// grad. Inputs the closure never writes (`__pow__`'s exponent) are plain numbers. Anything the evaluator
// cannot run, or a value outside a function's domain, leaves the method unchecked.

import type { Expr, Stmt } from '../syntax/ast';
import type { RawFinding } from '../diagnostics/contradiction';
import type { FileUnit } from '../interp/interpreter';
import { Evaluator } from '../concrete/evaluator';
import { bind, findMethod } from '../concrete/classes';
import { type CClass, type CFunc, type CValue, StopRun, Unevaluable, num } from '../concrete/values';
import { NumericError } from '../numeric/ndarray';
import { walkStmts } from '../syntax/walk';

type DefStmt = Stmt & { kind: 'def' };
type ClassStmt = Stmt & { kind: 'class' };

/** An operator method of a scalar autograd class. */
export interface ScalarOp {
  cls: ClassStmt;
  def: DefStmt;
  /** The attribute of `out` the closure is stored in (`_backward`). */
  hook: string;
  /** The attribute holding a node's value (`data`) and its gradient (`grad`). */
  data: string;
  grad: string;
  /** Per input (the method's parameter names, `self` first), the closure's statement that writes its grad. */
  writes: Map<string, Stmt>;
}

const GRAD = 'grad';
const REQUIRES_GRAD = /^_?requires_?grad$/i;
const DATA = 'data';

/** The operator methods of the module's scalar autograd classes (see the file comment). */
export function scalarOps(body: Stmt[]): ScalarOp[] {
  const out: ScalarOp[] = [];
  for (const cls of body) {
    if (cls.kind !== 'class') continue;
    for (const def of cls.body) {
      if (def.kind !== 'def' || def.params.length === 0 || def.params.length > 2 || def.params.some((p) => p.form !== 'normal')) continue;
      const op = scalarOp(cls, def);
      if (op) out.push(op);
    }
  }
  return out;
}

function scalarOp(cls: ClassStmt, def: DefStmt): ScalarOp | undefined {
  const params = def.params.map((p) => p.name);
  // The output node is made by the class itself: `out = Value(...)`.
  const makesNode = def.body.some((s) => s.kind === 'assign' && s.value.kind === 'call' && s.value.func.kind === 'name' && s.value.func.id === cls.name);
  if (!makesNode) return undefined;
  for (const closure of def.body) {
    if (closure.kind !== 'def' || closure.params.length > 0) continue;
    // `out._backward = _backward`
    const hook = def.body.find((s): s is Stmt & { kind: 'assign' } =>
      s.kind === 'assign' && s.targets.length === 1 && s.targets[0].kind === 'attr' && /backward/i.test(s.targets[0].name) && s.value.kind === 'name' && s.value.id === closure.name);
    if (!hook || hook.targets[0].kind !== 'attr') continue;
    const writes = new Map<string, Stmt>();
    walkStmts(closure.body, (s) => {
      const target: Expr | undefined = s.kind === 'augassign' ? s.target : s.kind === 'assign' && s.targets.length === 1 ? s.targets[0] : undefined;
      // `other.grad` (or, from JavaScript, `other["grad"]` on a parameter the lowering took for a plain object).
      const field = target?.kind === 'attr' ? { obj: target.obj, name: target.name } : target?.kind === 'subscript' && target.index.kind === 'str' ? { obj: target.obj, name: target.index.value } : undefined;
      if (field?.name === GRAD && field.obj.kind === 'name' && params.includes(field.obj.id) && !writes.has(field.obj.id)) writes.set(field.obj.id, s);
    });
    if (writes.has(params[0])) return { cls, def, hook: hook.targets[0].name, data: DATA, grad: GRAD, writes };
  }
  return undefined;
}

/** A number, or the one element of an array (`Math.tanh(x)` of a TypeScript file is np.tanh). */
function scalar(v: CValue | undefined): number | undefined {
  if (v?.t === 'num') return v.v;
  return v?.t === 'arr' && v.a.size === 1 ? v.a.data[0] : undefined;
}

interface Trial {
  /** Per written input: what the closure added to its grad, the derivative's share (both flattened), where, and out.grad. */
  got: Map<string, { added: number[]; expected: number[]; at: number[]; upstream: number[] }>;
}

const H = 1e-5;
/** Each input's gradient before the closure runs. */
const PRIOR = 0.25;
const TOLERANCE = 1e-4;
/** The shapes an operator's inputs are tried with: numbers (micrograd), then 2 × 2 matrices (a tensor engine's). */
const SHAPES: (number[] | undefined)[] = [undefined, [2, 2]];

/** The numbers of a value: a number, an array, or nested lists of numbers (a JavaScript engine's data). */
function flatten(v: CValue | undefined): number[] | undefined {
  if (v?.t === 'num') return [v.v];
  if (v?.t === 'arr') return v.a.dtype === 'bool' ? undefined : [...v.a.data];
  if (v?.t === 'list' || v?.t === 'tuple') {
    const out: number[] = [];
    for (const x of v.items) {
      const f = flatten(x);
      if (!f) return undefined;
      out.push(...f);
    }
    return out;
  }
  return undefined;
}

/** A value of `like`'s structure whose numbers are `next()` in order. */
function refill(like: CValue, next: () => number): CValue | undefined {
  if (like.t === 'num') return num(next(), false);
  if (like.t === 'arr') {
    const a = like.a.clone();
    for (let i = 0; i < a.data.length; i++) a.data[i] = next();
    return { t: 'arr', a, node: like.node };
  }
  if (like.t === 'list') {
    const items = like.items.map((x) => refill(x, next));
    return items.every((x) => x) ? { t: 'list', items: items as CValue[] } : undefined;
  }
  return undefined;
}

/** A number, or nested lists of numbers of `shape`, from `values` in order. */
function made(shape: number[] | undefined, values: number[]): CValue {
  let i = 0;
  const build = (axis: number): CValue => (shape === undefined || axis === shape.length ? num(values[i++], false) : { t: 'list', items: Array.from({ length: shape[axis] }, () => build(axis + 1)) });
  return build(0);
}

/** The document defined once for a trial's evaluations: its class and the operator method. */
interface Prepared {
  ev: Evaluator;
  cls: CClass;
  method: { fn: CFunc; owner: CClass };
}

function prepare(unit: FileUnit, loadUnit: (name: string) => FileUnit | undefined, op: ScalarOp, isCancelled?: () => boolean): Prepared | undefined {
  // One evaluator for a trial's runs (each makes its own nodes): the module is defined once, not per run.
  const ev = new Evaluator({ loadUnit, seed: 1, maxSteps: 200_000, isCancelled });
  try {
    const cls = ev.defineModule(unit).lookup(op.cls.name);
    const method = cls?.t === 'class' ? findMethod(cls, op.def.name) : undefined;
    return cls?.t === 'class' && method ? { ev, cls, method } : undefined;
  } catch (err) {
    if (err instanceof Unevaluable || err instanceof NumericError || err instanceof StopRun || err instanceof RangeError) return undefined;
    throw err;
  }
}

/** One evaluation of `op` at the given input values (flattened); undefined when it does not run. */
function evaluate({ ev, cls, method }: Prepared, op: ScalarOp, shape: number[] | undefined, values: Map<string, number[]>, upstream: number[] | undefined): { out: number[]; grads: Map<string, number[]> } | undefined {
  try {
    const inputs = new Map<string, CValue>();
    for (const p of op.def.params) {
      const v = values.get(p.name)!;
      const node = op.writes.has(p.name) ? ev.call(cls, [made(shape, v)], new Map(), undefined) : num(v[0], false);
      // A node the engine only differentiates when asked (`if (this.requiresGrad)`): asked.
      if (node.t === 'object') for (const k of node.attrs.keys()) if (REQUIRES_GRAD.test(k)) node.attrs.set(k, { t: 'bool', v: true });
      inputs.set(p.name, node);
    }
    const self = inputs.get(op.def.params[0].name)!;
    const rest = op.def.params.slice(1).map((p) => inputs.get(p.name)!);
    const out = ev.call(bind(method, self), rest, new Map(), undefined);
    if (out.t !== 'object') return undefined;
    const data = out.attrs.get(op.data);
    const value = flatten(data);
    if (!value || !data) return undefined;
    const grads = new Map<string, number[]>();
    if (upstream !== undefined) {
      // A gradient already there (the node feeds another operation too) must be added to, not replaced.
      for (const name of op.writes.keys()) {
        const node = inputs.get(name);
        const like = node?.t === 'object' ? node.attrs.get(op.data) : undefined;
        const prior = like && refill(like, () => PRIOR);
        if (node?.t !== 'object' || !prior) return undefined;
        node.attrs.set(op.grad, prior);
      }
      let k = 0;
      const g = refill(data, () => upstream[k++]);
      if (!g) return undefined;
      out.attrs.set(op.grad, g);
      const hook = out.attrs.get(op.hook);
      if (!hook) return undefined;
      ev.call(hook, [], new Map(), undefined);
      for (const name of op.writes.keys()) {
        const after = flatten((inputs.get(name) as CValue & { t: 'object' }).attrs.get(op.grad));
        if (!after || after.length !== values.get(name)!.length) return undefined;
        grads.set(name, after.map((x) => x - PRIOR));
      }
    }
    return { out: value, grads };
  } catch (err) {
    if (err instanceof Unevaluable || err instanceof NumericError || err instanceof StopRun || err instanceof RangeError) return undefined;
    throw err;
  }
}

function trial(unit: FileUnit, loadUnit: (name: string) => FileUnit | undefined, op: ScalarOp, shape: number[] | undefined, rand: () => number, isCancelled?: () => boolean): Trial | undefined {
  const prepared = prepare(unit, loadUnit, op, isCancelled);
  if (!prepared) return undefined;
  // Positive inputs away from 0 (logarithms, roots and a ReLU's kink); exponents of a power between 2 and 3.
  const size = shape ? shape.reduce((a, b) => a * b, 1) : 1;
  const values = new Map(op.def.params.map((p) => [p.name, op.writes.has(p.name) ? Array.from({ length: size }, () => 0.5 + rand()) : [2 + rand()]] as [string, number[]]));
  const probe = evaluate(prepared, op, shape, values, undefined);
  if (!probe || !probe.out.every(Number.isFinite)) return undefined;
  const upstream = probe.out.map(() => 0.5 + rand());
  const base = evaluate(prepared, op, shape, values, upstream);
  if (!base) return undefined;
  const got: Trial['got'] = new Map();
  for (const name of op.writes.keys()) {
    const x = values.get(name)!;
    const expected: number[] = [];
    for (let e = 0; e < x.length; e++) {
      const step = H * Math.max(1, Math.abs(x[e]));
      const at = (d: number) => evaluate(prepared, op, shape, new Map(values).set(name, x.map((v, i) => (i === e ? v + d : v))), undefined);
      const plus = at(step);
      const minus = at(-step);
      if (!plus || !minus || plus.out.length !== upstream.length || minus.out.length !== upstream.length) return undefined;
      // Σ_j ∂out_j/∂x_e · out.grad_j
      let share = 0;
      for (let j = 0; j < upstream.length; j++) share += ((plus.out[j] - minus.out[j]) / (2 * step)) * upstream[j];
      if (!Number.isFinite(share)) return undefined;
      expected.push(share);
    }
    got.set(name, { added: base.grads.get(name)!, expected, at: x, upstream });
  }
  return { got };
}

const norm = (v: number[]) => Math.sqrt(v.reduce((t, x) => t + x * x, 0));
const relError = (a: number[], b: number[]) => norm(a.map((x, i) => x - b[i])) / Math.max(1e-8, norm(a), norm(b));

/** Findings for the operator methods whose closures disagree with their forward values' derivatives. */
export function scalarAutogradFindings(unit: FileUnit, loadUnit: (name: string) => FileUnit | undefined, isCancelled?: () => boolean): RawFinding[] {
  const findings: RawFinding[] = [];
  let state = 0x2545f491;
  const rand = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    return ((state >>> 0) % 1_000_000) / 1_000_000;
  };
  for (const op of scalarOps(unit.module.body)) {
    if (isCancelled?.()) break;
    // Each shape the operator runs with (numbers; matrices, where a transpose shows), at two random points.
    const reported = new Set<Stmt>();
    for (const shape of SHAPES) {
      if (isCancelled?.()) break;
      const first = trial(unit, loadUnit, op, shape, rand, isCancelled);
      const second = first && trial(unit, loadUnit, op, shape, rand, isCancelled);
      if (first && second) findings.push(...disagreements(unit, op, first, second, reported));
    }
  }
  return findings;
}

/** The closures' writes that disagree at both points (once per statement, over the shapes tried). */
function disagreements(unit: FileUnit, op: ScalarOp, first: Trial, second: Trial, reported: Set<Stmt>): RawFinding[] {
  const findings: RawFinding[] = [];
  {
    for (const [name, stmt] of op.writes) {
      if (reported.has(stmt)) continue;
      // The input as the code spells it (`self`, or `this` in a TypeScript or JavaScript file).
      const target = stmt.kind === 'augassign' ? stmt.target : stmt.kind === 'assign' ? stmt.targets[0] : undefined;
      const who = target?.kind === 'attr' || target?.kind === 'subscript' ? unit.text.slice(target.obj.span.start, target.obj.span.end) || name : name;
      const a = first.got.get(name)!;
      const b = second.got.get(name)!;
      const err = relError(a.added, a.expected);
      if (err < TOLERANCE || relError(b.added, b.expected) < TOLERANCE) continue;
      const fmt = (x: number) => Number(x.toPrecision(3)).toString();
      // `self.grad = ...`: right, but what the input already had (its share from another use) is lost.
      const plusPrior = (t: { added: number[] }) => t.added.map((x) => x + PRIOR);
      const replaces = relError(plusPrior(a), a.expected) < TOLERANCE && relError(plusPrior(b), b.expected) < TOLERANCE;
      reported.add(stmt);
      if (replaces) {
        findings.push({
          code: 'gradient-mismatch',
          file: '',
          span: stmt.span,
          message: `${who}.${op.grad} is replaced where it must be added to: a value that feeds two operations (a + a, or a * b + a) keeps only the last share of its gradient (checked numerically: with ${who}.${op.grad} = ${PRIOR} before, ${op.def.name}'s closure leaves ${fmt(a.added[0] + PRIOR)}${a.added.length > 1 ? ' (first element)' : ''}, its own share alone)`,
          fixes: [],
        });
        continue;
      }
      findings.push({
        code: 'gradient-mismatch',
        file: '',
        span: stmt.span,
        message: a.at.length === 1
          ? `${who}.${op.grad} disagrees with the derivative of ${op.def.name}'s result with respect to ${who}.${op.data} (relative error ${err.toExponential(1)}): at ${who}.${op.data} = ${fmt(a.at[0])} the closure adds ${fmt(a.added[0] / a.upstream[0])} × out.${op.grad} where the derivative is ${fmt(a.expected[0] / a.upstream[0])} (checked numerically by central differences at two random points)`
          : `${who}.${op.grad} disagrees with the derivative of ${op.def.name}'s result with respect to ${who}.${op.data} (relative error ${err.toExponential(1)}): what the closure adds is not the vector–Jacobian product of out.${op.grad} (checked numerically by central differences on 2 × 2 inputs, at two random points)`,
        fixes: [],
      });
    }
  }
  return findings;
}
