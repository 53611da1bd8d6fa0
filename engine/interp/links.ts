// The program model's links (engine/program/model.ts) turned into values for a function analysed on
// its own: the parameters an initialiser's result supplies, a cache from the paired forward pass's
// result, the inputs both passes take. Values cross a link as copies (holes.ts copyValue): what the
// receiving function learns never changes the producer's sizes, and a wrong link costs silence.
// A backward pass sees its forward pass's sizes frozen in a unit of its own: the sizes the forward
// pass and initialisation kept apart differ, so the backward pass is checked against them.

import type { Module } from '../syntax/ast';
import type { Dim, DimStore } from '../shapes/dim';
import { buildProgramModel, methodUpstreamParam, returnedName, type Link, type ProgramModel } from '../program/model';
import type { Stmt } from '../syntax/ast';
import { copyValue } from './holes';
import { unknownFieldsAsHoles } from './annotations';
import { asLayers } from './layerItem';
import type { Value } from './values';

/** What a function's standalone analysis left: its result, its parameters' values (as use decided them), its docstring's sizes. */
export interface StandaloneRun {
  result: Value;
  params: Map<string, Value>;
  docDims: Map<string, Dim>;
  rigidScope: number;
}

export interface LinkedInputs {
  values: Map<string, Value>;
  /** Sizes named by the producers' docstrings, as the receiving function sees them: the same name is the same size. */
  docDims: Map<string, Dim>;
}

const models = new WeakMap<Module, ProgramModel>();

/** The module's program model, built once per syntax tree. */
export function programModel(module: Module): ProgramModel {
  let m = models.get(module);
  if (!m) {
    m = buildProgramModel(module);
    models.set(module, m);
  }
  return m;
}

function itemOf(v: Value, item: number | undefined): Value | undefined {
  if (item === undefined) return v;
  return v.t === 'tuple' && item < v.items.length ? v.items[item] : undefined;
}

export function linkedInputs(dims: DimStore, links: Link[], done: Map<string, StandaloneRun>): LinkedInputs | undefined {
  if (links.length === 0) return undefined;
  const out: LinkedInputs = { values: new Map(), docDims: new Map() };
  // A backward pass: everything it takes from its forward pass is frozen in one unit.
  const unit = links.some((l) => l.kind === 'cache' && done.has(l.from)) ? dims.newScope() : undefined;
  const map = new Map<Dim, Dim>();
  // The forward pass's own values first (its cache and inputs), then an initialiser's.
  const ordered = [...links].sort((a, b) => rank(a) - rank(b));
  const shown = new Map<Value, Value>();
  for (const l of ordered) {
    const run = done.get(l.from);
    if (!run || out.values.has(l.param)) continue;
    const v = l.kind === 'input' ? run.params.get(l.param) : itemOf(run.result, l.item);
    const via = `from ${l.from}() (${l.kind === 'params' ? 'its result' : l.kind === 'cache' ? 'its cache' : l.kind === 'output' ? 'its output, whose gradient this is' : `its ${l.param}`}, linked by ${l.evidence})`;
    if (v && v.t !== 'unknown' && v.t !== 'none') out.values.set(l.param, unknownFieldsAsHoles(asLayers(dims, copyValue(dims, v, map, unit, shown, via)), l.param));
  }
  // A docstring name is shared only when it names a size of a value that crossed a link (a name the
  // forward pass's docstring states but never attaches to its data proves nothing about it).
  for (const l of ordered) {
    const run = done.get(l.from);
    if (!run || unit === undefined) continue;
    for (const [k, d] of run.docDims) {
      const c = map.get(dims.find(d));
      if (c !== undefined && !out.docDims.has(k)) out.docDims.set(k, c);
    }
  }
  return out;
}

function rank(l: Link): number {
  return l.kind === 'cache' || l.kind === 'output' ? 0 : l.kind === 'input' ? 1 : 2;
}

/** A backward method's upstream gradient from its class's forward method's result (model.ts methodUpstreamParam). */
export function methodUpstream(backward: Stmt & { kind: 'def' }, forward: StandaloneRun, forwardDef: (Stmt & { kind: 'def' }) | undefined): LinkedInputs | undefined {
  const param = methodUpstreamParam(backward, forwardDef ? returnedName(forwardDef) : undefined, forwardDef);
  const out = forward.result;
  if (!param || out.t !== 'array' || !out.shape) return undefined;
  const via = `the gradient of what forward() returns${out.origin ? ` (${out.origin})` : ''}`;
  const values = new Map<string, Value>([[param, { ...out, tainted: undefined, note: undefined, origin: via, site: undefined }]]);
  // The inputs both methods take are the same values (as use decided them in forward).
  for (const p of backward.params) {
    const v = forward.params.get(p.name);
    if (p.name !== param && v && v.t === 'array' && v.shape && backward.params[0] !== p) values.set(p.name, v);
  }
  return { values, docDims: new Map() };
}
