// Where verification starts a concrete run: the module's top level, then the functions that
// compute gradients (or call functions that do), each with concrete inputs made from what the
// shape analysis knows of its parameters, and forward/backward pairs checked as a unit.

import type { Expr, Stmt } from '../syntax/ast';
import type { Value } from '../interp/values';
import { partnerOf, isGradientDict, isNablaList } from './pairing';
import { stmtExprs, walkExpr, walkStmts } from '../syntax/walk';
import { stepTermsIn } from './updateSteps';
import { scanNames } from '../syntax/boundNames';

export type DefStmt = Stmt & { kind: 'def' };

export interface FunctionInfo {
  def: DefStmt;
  qualname: string;
  /** Class name for methods. */
  cls: string | undefined;
  /** For a method `cls` inherits: the base class whose body defines it. */
  definedIn?: string;
  /** The abstract values the shape analysis bound to its parameters when it analysed it alone. */
  params: Map<string, Value> | undefined;
}

function targetNames(t: Expr, out: string[]): void {
  if (t.kind === 'name') out.push(t.id);
  else if (t.kind === 'tuple' || t.kind === 'list') for (const e of t.elts) targetNames(e, out);
  else if (t.kind === 'subscript' && t.obj.kind === 'name') out.push(t.obj.id);
  else if (t.kind === 'attr' && t.obj.kind === 'name' && t.obj.id === 'self') out.push(t.name);
}

/** Whether a function body writes a gradient (a d-name or a grads dict) itself. */
export function writesGradients(def: DefStmt): boolean {
  let found = false;
  walkStmts(def.body, (s) => {
    const names: string[] = [];
    if (s.kind === 'assign') for (const t of s.targets) targetNames(t, names);
    else if (s.kind === 'augassign') targetNames(s.target, names);
    if (names.some((n) => partnerOf(n) !== undefined || isGradientDict(n) || isNablaList(n))) found = true;
  });
  // An online training loop that applies its gradients without naming them (`self.w += lr * np.outer(h, delta)`).
  return found || stepTermsIn(def.body).length > 0;
}

/** Names of the functions a body calls by plain name or as `obj.method`. */
export function calledNames(def: DefStmt): Set<string> {
  const out = new Set<string>();
  walkStmts(def.body, (s) => {
    for (const root of stmtExprs(s)) {
      walkExpr(root, (e) => {
        if (e.kind !== 'call') return;
        if (e.func.kind === 'name') out.add(e.func.id);
        else if (e.func.kind === 'attr') out.add(e.func.name);
      });
    }
  });
  return out;
}

const BINDINGS = new WeakMap<DefStmt, Map<string, number>>();
/** The name of a module's top level taken as a driver (topLevelDriver). */
const TOP_LEVEL = '<module>';

/** How many places in a function bind each name (its parameters included). */
function bindingsOf(d: DefStmt): Map<string, number> {
  let b = BINDINGS.get(d);
  if (!b) {
    // A module's top level as a driver (topLevelDriver): its own bindings, not its functions'.
    b = scanNames(d.body, d.name !== TOP_LEVEL, () => undefined).bindings;
    for (const p of d.params) b.set(p.name, (b.get(p.name) ?? 0) + 1);
    BINDINGS.set(d, b);
  }
  return b;
}

const TOP_LEVELS = new WeakMap<Stmt[], DefStmt>();

/** A module's top level as a driver (a notebook's cells call forward, then backward with its results). */
export function topLevelDriver(module: { body: Stmt[] }): DefStmt {
  let d = TOP_LEVELS.get(module.body);
  if (!d) {
    const span = { start: 0, end: 0 };
    d = { kind: 'def', name: TOP_LEVEL, nameSpan: span, params: [], body: module.body, docstring: undefined, decorators: [], span };
    TOP_LEVELS.set(module.body, d);
  }
  return d;
}

/**
 * Parameters of a backward pass that a driver passes what it passed the forward pass, or what the forward
 * pass returned (`pre, act, out = self.forward(x)` then `self.backward(x, y, pre, act, out)`): backward's
 * parameter name → forward's parameter name (`params`) or the index of forward's result (`results`).
 * Positional arguments before any `*args`, from every function in `defs` that calls both: a name forward's
 * result was unpacked into by the binding of it closest before the backward call, or a name bound once (a
 * parameter): one rebound between the calls may be another value.
 */
export function sharedArguments(defs: DefStmt[], forward: DefStmt, backward: DefStmt, skip: number): { params: Map<string, string>; results: Map<string, number> } {
  const params = new Map<string, string>();
  const results = new Map<string, number>();
  const named = (e: Expr, name: string) => e.kind === 'call' && ((e.func.kind === 'name' && e.func.id === name) || (e.func.kind === 'attr' && e.func.name === name));
  const argNames = (e: Expr & { kind: 'call' }) => {
    const stop = e.args.findIndex((a) => a.kind === 'starred');
    return (stop < 0 ? e.args : e.args.slice(0, stop)).map((a) => (a.kind === 'name' ? a.id : undefined));
  };
  for (const d of defs) {
    const fwd: (string | undefined)[][] = [];
    const bwd: { names: (string | undefined)[]; at: number }[] = [];
    // Where each name is bound, and which of those bindings unpack forward's result (at which position).
    const bound = new Map<string, number[]>();
    const unpacked = new Map<number, Map<string, number>>();
    const bindings = bindingsOf(d);
    const bindAt = (t: Expr, at: number) => walkExpr(t, (x) => {
      if (x.kind === 'name') bound.set(x.id, [...(bound.get(x.id) ?? []), at]);
    });
    walkStmts(d.body, (s) => {
      if (s.kind === 'assign') for (const t of s.targets) bindAt(t, s.span.start);
      else if (s.kind === 'augassign' || s.kind === 'annassign' || s.kind === 'for') bindAt(s.target, s.span.start);
      // `pre, act, out = self.forward(x)`: the names of forward's results.
      if (s.kind === 'assign' && s.targets.length === 1 && s.targets[0].kind === 'tuple' && named(s.value, forward.name)) {
        const names = new Map<string, number>();
        s.targets[0].elts.forEach((t, i) => t.kind === 'name' && names.set(t.id, i));
        unpacked.set(s.span.start, names);
      }
      for (const root of stmtExprs(s)) {
        walkExpr(root, (e) => {
          if (e.kind !== 'call') return;
          if (named(e, forward.name)) fwd.push(argNames(e));
          else if (named(e, backward.name)) bwd.push({ names: argNames(e), at: e.span.start });
        });
      }
    });
    // The unpacking of forward's result that binds `n` last before `at` (a notebook's cells run in order),
    // when no other binding of `n` comes between.
    const resultBefore = (n: string, at: number): number | undefined => {
      const before = (bound.get(n) ?? []).filter((p) => p < at);
      if (before.length === 0) return undefined;
      return unpacked.get(Math.max(...before))?.get(n);
    };
    for (const b of bwd) {
      b.names.forEach((n, j) => {
        const bp = backward.params[skip + j]?.name;
        if (bp === undefined || n === undefined || params.has(bp) || results.has(bp)) return;
        const r = resultBefore(n, b.at);
        if (r !== undefined) return void results.set(bp, r);
        if ((bindings.get(n) ?? 0) > 1) return;
        for (const f of fwd) {
          const i = f.indexOf(n);
          const fp = i < 0 ? undefined : forward.params[skip + i]?.name;
          if (fp !== undefined && fp !== bp) return void params.set(bp, fp);
        }
      });
    }
  }
  return { params, results };
}

/** The forward function of a backward one: linear_backward → linear_forward, relu_backward → relu, linearBackward → linearForward. */
export function forwardNameCandidates(backward: string): string[] {
  const out: string[] = [];
  if (backward.includes('backward')) {
    out.push(backward.replace('backward', 'forward'));
    out.push(backward.replace(/_backward$/, ''));
  }
  // camelCase, as JavaScript spells it: linearBackward → linearForward, reluBackward → relu.
  if (/[a-z0-9]Backward/.test(backward)) {
    out.push(backward.replace('Backward', 'Forward'));
    out.push(backward.replace(/Backward$/, ''));
  }
  if (backward.includes('backprop')) out.push(backward.replace('backprop', 'feedforward'), backward.replace('backprop', 'forward'));
  // A second version of a backward pass (`batchnorm_backward_alt`, `conv_backward_naive` beside
  // `conv_forward_naive` or `conv_forward_fast`) pairs with the forward pass it differentiates.
  const variant = /^(.*backward)_(alt|alternative|naive|fast|vectorized|vectorised|v\d)$/.exec(backward);
  if (variant) out.push(...forwardNameCandidates(variant[1]), `${variant[1].replace('backward', 'forward')}_naive`);
  return out.filter((n) => n !== backward && n.length > 0);
}

/** String literals a parameter is compared with (`activation == "relu"`): each is a run of its own. */
export function comparedLiterals(def: DefStmt, param: string): string[] {
  const out = new Set<string>();
  walkStmts(def.body, (s) => {
    if (s.kind !== 'if') return;
    const visit = (e: Expr): void => {
      if (e.kind === 'compare' && e.left.kind === 'name' && e.left.id === param) {
        for (const c of e.comparators) if (c.kind === 'str' && c.value !== undefined) out.add(c.value);
      }
      if (e.kind === 'boolop') e.values.forEach(visit);
    };
    visit(s.test);
  });
  return [...out];
}

/** Whether an `if` comparing the parameter with a string has an `else` (reached by any other string). */
export function elseOnLiteral(def: DefStmt, param: string): boolean {
  let found = false;
  walkStmts(def.body, (s) => {
    if (s.kind !== 'if' || s.orelse.length === 0) return;
    const t = s.test;
    if (t.kind === 'compare' && t.left.kind === 'name' && t.left.id === param && t.comparators.some((c) => c.kind === 'str')) {
      // `elif` is an `if` in orelse: only a final else counts.
      const last = s.orelse.length === 1 && s.orelse[0].kind === 'if' ? undefined : s.orelse;
      if (last) found = true;
    }
  });
  return found;
}

/** Names in a function's return statements, by position (`return A, cache` → ['A', 'cache']). */
export function returnNames(def: DefStmt): string[] {
  const names: string[] = [];
  walkStmts(def.body, (s) => {
    if (s.kind !== 'return' || !s.value) return;
    const elts = s.value.kind === 'tuple' ? s.value.elts : [s.value];
    elts.forEach((e, i) => {
      if (e.kind === 'name' && names[i] === undefined) names[i] = e.id;
    });
  });
  return names;
}

/**
 * Which of the forward pass's results the backward pass compares its labels with (`out - y`), when the
 * code says so: a name the forward returns at that position (`rnames`), or one the backward unpacks from
 * its own call of the forward (`pre, hidden, out = self.forward(x)`). Undefined when it does not.
 */
export function comparedResult(backward: DefStmt, label: string, forwardName: string, rnames: (string | undefined)[]): number | undefined {
  const unpacked = new Map<string, number>();
  const callsForward = (e: Expr) => e.kind === 'call' && ((e.func.kind === 'name' && e.func.id === forwardName) || (e.func.kind === 'attr' && e.func.name === forwardName));
  walkStmts(backward.body, (s) => {
    if (s.kind !== 'assign' || s.targets.length !== 1 || s.targets[0].kind !== 'tuple' || !callsForward(s.value)) return;
    s.targets[0].elts.forEach((t, i) => { if (t.kind === 'name') unpacked.set(t.id, i); });
  });
  const indexOf = (name: string) => unpacked.get(name) ?? (rnames.includes(name) ? rnames.indexOf(name) : undefined);
  // The labels themselves, or the one-hot rows they pick (`probs - torch.eye(10)[targets]`).
  const isLabel = (e: Expr) => (e.kind === 'name' && e.id === label) || (e.kind === 'subscript' && e.index.kind === 'name' && e.index.id === label);
  let found: number | undefined;
  walkStmts(backward.body, (s) => {
    for (const root of stmtExprs(s)) {
      walkExpr(root, (e) => {
        if (found !== undefined || e.kind !== 'binop' || e.op !== '-') return;
        const other = isLabel(e.right) ? e.left : isLabel(e.left) ? e.right : undefined;
        if (other?.kind === 'name') found = indexOf(other.id);
      });
    }
  });
  return found;
}

/** Whether a function indexes an array with one of its parameters (`torch.eye(10)[targets]`, `probs[y]`): class indices. */
export function indexesWith(def: DefStmt, param: string): boolean {
  let found = false;
  walkStmts(def.body, (s) => {
    for (const root of stmtExprs(s)) {
      walkExpr(root, (e) => {
        // `probs[y]`, and a step's label `dy[targets[t]]`.
        const index = e.kind === 'subscript' ? e.index : undefined;
        if (index?.kind === 'name' && index.id === param) found = true;
        if (index?.kind === 'subscript' && index.obj.kind === 'name' && index.obj.id === param) found = true;
      });
    }
  });
  return found;
}

/** The names a function's top level unpacks a parameter into (`W1, b1, W2, b2 = params`), if it does. */
export function unpackedNames(def: DefStmt, param: string): string[] | undefined {
  for (const s of def.body) {
    if (s.kind !== 'assign' || s.targets.length !== 1 || s.value.kind !== 'name' || s.value.id !== param) continue;
    const t = s.targets[0];
    if ((t.kind === 'tuple' || t.kind === 'list') && t.elts.length >= 2 && t.elts.every((e) => e.kind === 'name')) return t.elts.map((e) => (e as Expr & { kind: 'name' }).id);
  }
  return undefined;
}

/** String keys a function reads from one of its parameters (`p["W1"]` → W1). */
export function keysRead(def: DefStmt, param: string): Set<string> {
  const out = new Set<string>();
  walkStmts(def.body, (s) => {
    for (const root of stmtExprs(s)) {
      walkExpr(root, (e) => {
        if (e.kind === 'subscript' && e.obj.kind === 'name' && e.obj.id === param && e.index.kind === 'str' && e.index.value !== undefined) out.add(e.index.value);
      });
    }
  });
  return out;
}

/** String keys of the dict literal a function returns, directly or through a name (`return params`). */
export function returnedDictKeys(def: DefStmt): Set<string> {
  const literals = new Map<string, Expr>();
  const out = new Set<string>();
  walkStmts(def.body, (s) => {
    if (s.kind === 'assign' && s.targets.length === 1 && s.targets[0].kind === 'name' && s.value.kind === 'dict') literals.set(s.targets[0].id, s.value);
    if (s.kind !== 'return' || !s.value) return;
    const v = s.value.kind === 'name' ? literals.get(s.value.id) : s.value;
    if (v?.kind === 'dict') for (const k of v.keys) if (k?.kind === 'str' && k.value !== undefined) out.add(k.value);
  });
  return out;
}

/**
 * How many items the functions read from a list by constant index, as `name[3]` or `self.name[3]`
 * (a class keeps its constructor's `sizes` and reads `self.sizes[3]` in another method): the highest
 * index plus one, 0 when none is read.
 */
export function itemsRead(defs: DefStmt[], name: string): number {
  let n = 0;
  for (const def of defs) {
    walkStmts(def.body, (s) => {
      for (const root of stmtExprs(s)) {
        walkExpr(root, (e) => {
          if (e.kind !== 'subscript' || e.index.kind !== 'num' || !e.index.isInt || e.index.value < 0) return;
          const o = e.obj;
          if ((o.kind === 'name' && o.id === name) || (o.kind === 'attr' && o.name === name && o.obj.kind === 'name' && o.obj.id === 'self')) n = Math.max(n, e.index.value + 1);
        });
      }
    });
  }
  return n;
}
