// The program model (issue 11, item 0): how a module's functions connect, decided once from the
// syntax tree, before any interpretation, so the shape analysis and gradient verification read the
// same links. Each link carries its evidence; links from names are weaker than calls, and a wrong
// one must cost silence (the interpreter only binds values through them; an unpacking that does not
// fit gives unknowns).
//
// Links made today, for the module's top-level functions:
// - params: an initialiser (`init`, `initialize_parameters*`, `make_params`, ...) returns a dict whose
//   keys another function reads from its parameter (`p["W1"]`), or returns the name of that
//   parameter (`return parameters` → `def forward(X, parameters)`);
// - cache: a backward function's cache parameter comes from its forward's result: paired by name
//   (`affine_forward`/`affine_backward`, `forward_propagation_n`/`backward_propagation_n`,
//   `forward`/`backward`), by its docstring (`cache -- cache output from forward_propagation()`), or
//   by the forward returning a name equal to the parameter's;
// - input: a parameter of the backward function that its forward also takes (`X`, `parameters`) is
//   the same value.

import type { Expr, Module, Stmt } from '../syntax/ast';
import { walkExpr, walkStmts, stmtExprs } from '../syntax/walk';
import { shapesFromDocstring } from '../shapes/statedShapes';

type Def = Stmt & { kind: 'def' };

export type LinkKind = 'params' | 'cache' | 'input' | 'output';
export type Evidence = 'call' | 'name-pair' | 'docstring' | 'dict-keys' | 'return-name' | 'same-parameter';

export interface Link {
  kind: LinkKind;
  /** The function whose result (or parameter, for `input`) supplies the value. */
  from: string;
  /** The function and parameter that receive it. */
  to: string;
  param: string;
  /** For `cache`, `output` and `params`: which item of a returned tuple (undefined: the whole result). For `input`: unused. */
  item?: number;
  evidence: Evidence;
}

export interface FunctionInfo {
  name: string;
  def: Def;
  params: string[];
  /** The returned expression's shape: the names of a returned tuple's items (undefined for an item that is not a name). */
  returns: { items: (string | undefined)[] | undefined; name: string | undefined; dictKeys: Set<string> };
  /** String keys read from each parameter (`p["W1"]`). */
  keysRead: Map<string, Set<string>>;
}

export interface ProgramModel {
  functions: Map<string, FunctionInfo>;
  links: Link[];
  /** The links into one function, strongest first. */
  linksTo(name: string): Link[];
  /** Functions in an order where every function comes after those it takes values from. */
  order(): string[];
}

const INIT_NAME = /^(init|initiali[sz]e|make|create|build|setup)(_?\w*)?(param|weight|network|model)|^init(iali[sz]e)?(_\w+)?$/i;

function returnsOf(def: Def): FunctionInfo['returns'] {
  let items: (string | undefined)[] | undefined;
  let name: string | undefined;
  const dictKeys = new Set<string>();
  const dictNames = new Map<string, Set<string>>();
  walkStmts(def.body, (s) => {
    if (s.kind === 'assign' && s.targets.length === 1) {
      const t = s.targets[0];
      if (t.kind === 'name' && s.value.kind === 'dict') {
        const keys = new Set<string>();
        for (const k of s.value.keys) if (k?.kind === 'str' && k.value !== undefined) keys.add(k.value);
        dictNames.set(t.id, keys);
      }
      if (t.kind === 'subscript' && t.obj.kind === 'name' && t.index.kind === 'str' && t.index.value !== undefined) {
        const keys = dictNames.get(t.obj.id) ?? new Set<string>();
        keys.add(t.index.value);
        dictNames.set(t.obj.id, keys);
      }
    }
    if (s.kind !== 'return' || !s.value) return;
    const v = s.value;
    if (v.kind === 'tuple') items = v.elts.map((x) => (x.kind === 'name' ? x.id : undefined));
    else if (v.kind === 'name') name = v.id;
    if (v.kind === 'dict') for (const k of v.keys) if (k?.kind === 'str' && k.value !== undefined) dictKeys.add(k.value);
  });
  if (name) for (const k of dictNames.get(name) ?? []) dictKeys.add(k);
  return { items, name, dictKeys };
}

function keysReadOf(def: Def, params: string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const ps = new Set(params);
  walkStmts(def.body, (s) => {
    for (const e of stmtExprs(s)) {
      walkExpr(e, (x: Expr) => {
        if (x.kind === 'subscript' && x.obj.kind === 'name' && ps.has(x.obj.id) && x.index.kind === 'str' && x.index.value !== undefined) {
          const set = out.get(x.obj.id) ?? new Set<string>();
          set.add(x.index.value);
          out.set(x.obj.id, set);
        }
      });
    }
  });
  return out;
}

/**
 * Whether a backward function's parameter holds the gradient of its forward pass's output `out`: `d` and
 * the output's own name (`dout` for `out`, `dA` for `A`), or a name the field gives any upstream gradient.
 * (Not any name that starts with `d`: `data`, `dims`, `dropout` are inputs.)
 */
export function isUpstreamName(param: string, out: string | undefined): boolean {
  return (out !== undefined && param === `d${out}`) || /^(dout|dy|dh|d_?out|grad\w*|delta\w*|upstream\w*)$/.test(param);
}

/** The forward function a backward function's name or docstring points to. */
function forwardOf(b: FunctionInfo, fns: Map<string, FunctionInfo>, cacheParam: string): { name: string; evidence: Evidence } | undefined {
  const doc = b.def.docstring ?? '';
  const re = new RegExp(`\\b${cacheParam}\\b[^\\n]*?(?:output|returned|result)\\s+(?:of|from|by)\\s+(\\w+)\\(`, 'i');
  const m = re.exec(doc);
  if (m && fns.has(m[1])) return { name: m[1], evidence: 'docstring' };
  // Camel case too (TypeScript, JavaScript): linearBackward → linearForward, sigmoidBackprop → sigmoidForward.
  const candidates = [b.name.replace(/backward/i, 'forward'), b.name.replace(/backward/, 'Forward'), b.name.replace(/Backward/, 'Forward'), b.name.replace(/backprop(agation)?/i, 'forward$1'), b.name.replace(/Backprop(agation)?/, 'Forward')];
  for (const c of candidates) if (c !== b.name && fns.has(c)) return { name: c, evidence: 'name-pair' };
  return undefined;
}

export function buildProgramModel(module: Module): ProgramModel {
  const functions = new Map<string, FunctionInfo>();
  for (const s of module.body) {
    if (s.kind !== 'def') continue;
    const params = s.params.filter((p) => p.form === 'normal').map((p) => p.name);
    functions.set(s.name, { name: s.name, def: s, params, returns: returnsOf(s), keysRead: keysReadOf(s, params) });
  }
  const links: Link[] = [];
  const inits = [...functions.values()].filter((f) => INIT_NAME.test(f.name) && (f.returns.dictKeys.size > 0 || f.returns.name));
  for (const f of functions.values()) {
    // Parameter flow from an initialiser.
    for (const p of f.params) {
      if (INIT_NAME.test(f.name)) break;
      const read = f.keysRead.get(p);
      let best: { init: FunctionInfo; score: number; evidence: Evidence } | undefined;
      for (const init of inits) {
        if (init === f) continue;
        const overlap = read ? [...read].filter((k) => init.returns.dictKeys.has(k)).length : 0;
        const named = init.returns.name === p && (read?.size ?? 0) > 0;
        const score = overlap * 2 + (named ? 1 : 0);
        if (score > 0 && (!best || score > best.score)) best = { init, score, evidence: overlap > 0 ? 'dict-keys' : 'return-name' };
      }
      if (best && (!read || [...read].every((k) => best!.init.returns.dictKeys.size === 0 || best!.init.returns.dictKeys.has(k)))) {
        links.push({ kind: 'params', from: best.init.name, to: f.name, param: p, evidence: best.evidence });
        continue;
      }
      // A dict another function builds and returns under this parameter's very name (`return grads` →
      // `update_parameters(parameters, grads)`), every key read from it among the keys it writes.
      if (read && read.size > 0) {
        const producers = [...functions.values()].filter(
          (g) => g !== f && g.returns.name === p && g.returns.dictKeys.size > 0 && [...read].every((k) => g.returns.dictKeys.has(k)),
        );
        if (producers.length === 1) links.push({ kind: 'params', from: producers[0].name, to: f.name, param: p, evidence: 'dict-keys' });
      }
    }
    // Cache flow from the paired forward function.
    const cacheParams = f.params.filter((p) => /cache/i.test(p));
    for (const p of cacheParams) {
      const fw = forwardOf(f, functions, p);
      if (!fw) continue;
      const F = functions.get(fw.name)!;
      const items = F.returns.items;
      let item: number | undefined;
      if (items) {
        const exact = items.indexOf(p);
        const cacheLike = items.map((x, i) => (x && /cache/i.test(x) ? i : -1)).filter((i) => i >= 0);
        if (exact >= 0) item = exact;
        else if (cacheLike.length === 1) item = cacheLike[0];
        else if (items.length === 2) item = 1;
        else continue;
      } else if (F.returns.name !== p && !(F.returns.name && /cache/i.test(F.returns.name))) continue;
      links.push({ kind: 'cache', from: F.name, to: f.name, param: p, item, evidence: fw.evidence });
      // The upstream gradient (`dout`, `dA`, `grad`): ∂L/∂out has the shape of the forward pass's output,
      // the other item of an (out, cache) pair.
      const outName = items && items.length === 2 && item !== undefined ? items[1 - item] : undefined;
      const upstream = f.params.find((q) => q !== p && !F.params.includes(q) && isUpstreamName(q, outName));
      // Only where the backward pass's docstring says nothing of it: a stated shape needs no inference
      // (and its names, rigid in the backward pass, must not meet the forward pass's frozen ones).
      // A docstring that names the parameter without a shape (`dA -- post-activation gradient`) states nothing.
      const stated = upstream !== undefined && shapesFromDocstring(f.def.docstring ?? '').params.some((s) => s.name === upstream);
      if (upstream && !stated && items && items.length === 2 && item !== undefined && !/cache/i.test(items[1 - item] ?? '')) {
        links.push({ kind: 'output', from: F.name, to: f.name, param: upstream, item: 1 - item, evidence: fw.evidence });
      }
      for (const q of f.params) {
        if (q !== p && F.params.includes(q)) links.push({ kind: 'input', from: F.name, to: f.name, param: q, evidence: 'same-parameter' });
      }
    }
  }
  const linksTo = (name: string) => links.filter((l) => l.to === name);
  const order = (): string[] => {
    const out: string[] = [];
    const state = new Map<string, 'busy' | 'done'>();
    const visit = (n: string) => {
      if (state.has(n)) return;
      state.set(n, 'busy');
      for (const l of linksTo(n)) visit(l.from);
      state.set(n, 'done');
      out.push(n);
    };
    for (const n of functions.keys()) visit(n);
    return out;
  };
  return { functions, links, linksTo, order };
}

/**
 * A class's backward method's upstream-gradient parameter (`def backward(self, grad)`): the gradient of
 * what its forward method returns, so it has that shape. None where the docstring states its shape.
 */
export function methodUpstreamParam(backward: Def, forwardReturns: string | undefined, forward?: Def): string | undefined {
  const params = backward.params.filter((p) => p.form === 'normal').map((p) => p.name).slice(1);
  const fwd = forward ? forward.params.filter((p) => p.form === 'normal').map((p) => p.name).slice(1) : [];
  // `backward(self, W, x, dz)` beside `forward(self, W, x)`: forward's inputs and one more, the gradient.
  const extra = params.filter((p) => !fwd.includes(p));
  const byInputs = fwd.length > 0 && extra.length === 1 && fwd.every((p) => params.includes(p)) ? extra[0] : undefined;
  const q = byInputs ?? params.find((p) => isUpstreamName(p, forwardReturns));
  if (!q || (params.length > 2 && !byInputs)) return undefined;
  if (shapesFromDocstring(backward.docstring ?? '').params.some((s) => s.name === q)) return undefined;
  return q;
}

/** The name a forward method returns, when it returns a name. */
export function returnedName(def: Def): string | undefined {
  return returnsOf(def).name;
}
