// Python builtins and container methods the shape code relies on: len, range, str, int, zip,
// enumerate, list/dict methods, and a few NumPy functions that are not array ops (np.random.seed,
// np.random.default_rng). Anything else is Unknown.

import type { Value } from './values';
import { UNKNOWN, NONE, FLOAT } from './values';
import type { CallSite, OpContext } from '../ops/types';
import type { DimStore } from '../shapes/dim';
import { openHole } from './holes';

/** The most items a loop unrolls or a range is spelled out as (interpreter.ts execFor, `reversed(range(n))`). */
export const MAX_UNROLL = 64;

/** The ints of a range whose bounds are known and that holds at most MAX_UNROLL of them. */
export function rangeItems(dims: DimStore, v: Value & { t: 'range' }): Value[] | undefined {
  const n = (x: Value) => (x.t === 'int' ? dims.value(x.dim) : undefined);
  const a = n(v.start), b = n(v.stop), st = n(v.step);
  if (a === undefined || b === undefined || st === undefined || st === 0) return undefined;
  const count = Math.ceil((b - a) / st);
  if (count > MAX_UNROLL) return undefined;
  const out: Value[] = [];
  for (let i = a; st > 0 ? i < b : i > b; i += st) out.push({ t: 'int', dim: dims.constant(i) });
  return out;
}

const NAMES = new Set([
  'len', 'range', 'str', 'int', 'float', 'zip', 'enumerate', 'print', 'list', 'tuple', 'dict', 'isinstance', 'max', 'min',
  'abs', 'round', 'reversed', 'sorted', 'type', 'bool', 'sum',
]);

export function isBuiltinName(name: string): boolean {
  return NAMES.has(name);
}

export function evalBuiltin(name: string, site: CallSite, ctx: OpContext): Value {
  const a = site.args;
  const dims = ctx.dims;
  switch (name) {
    case 'len': {
      const v = a[0];
      if (!v) return UNKNOWN;
      if (v.t === 'list' && v.items) return { t: 'int', dim: dims.constant(v.items.length) };
      if (v.t === 'tuple') return { t: 'int', dim: dims.constant(v.items.length) };
      if (v.t === 'dict' && !v.open) return { t: 'int', dim: dims.constant(v.entries.size) };
      if (v.t === 'array' && v.shape && v.shape.length > 0) return { t: 'int', dim: v.shape[0] };
      const h = openHole(v);
      if (h) h.sized = true;
      return { t: 'int', dim: dims.unknown() };
    }
    case 'range': {
      const one: Value = { t: 'int', dim: dims.constant(1) };
      const zero: Value = { t: 'int', dim: dims.constant(0) };
      if (a.length === 1) return { t: 'range', start: zero, stop: a[0], step: one };
      return { t: 'range', start: a[0] ?? zero, stop: a[1] ?? UNKNOWN, step: a[2] ?? one };
    }
    case 'str': {
      const v = a[0];
      if (v?.t === 'int') {
        const n = dims.value(v.dim);
        return { t: 'str', value: n !== undefined ? String(n) : undefined };
      }
      if (v?.t === 'str') return v;
      return { t: 'str', value: undefined };
    }
    case 'int': {
      const v = a[0];
      if (v?.t === 'int') return v;
      return { t: 'int', dim: dims.unknown() };
    }
    case 'float':
      return FLOAT;
    case 'bool':
      return { t: 'bool', value: undefined };
    case 'abs':
    case 'round':
      return a[0]?.t === 'int' && name === 'abs' ? { t: 'int', dim: dims.unknown() } : a[0]?.t === 'array' ? a[0] : FLOAT;
    case 'zip': {
      const lists = a.map(itemsOf);
      // Rows of arrays, or iterables of unknown length (`zip(inputs, targets)`): one item of each.
      if (lists.length === 0) return { t: 'list', items: undefined };
      if (lists.some((l) => !l)) return { t: 'list', items: undefined, elem: { t: 'tuple', items: a.map((x, i) => lists[i]?.[0] ?? elemOf(x, ctx)) } };
      const n = Math.min(...lists.map((l) => l!.length));
      return { t: 'list', items: Array.from({ length: n }, (_, i) => ({ t: 'tuple', items: lists.map((l) => l![i]) }) as Value) };
    }
    case 'enumerate': {
      const items = a[0] ? itemsOf(a[0]) : undefined;
      // Of unknown length: each item is (an index, what the iterable holds).
      if (!items) return { t: 'list', items: undefined, elem: { t: 'tuple', items: [{ t: 'int', dim: dims.unknown() }, a[0] ? elemOf(a[0], ctx) : UNKNOWN] } };
      return { t: 'list', items: items.map((v, i) => ({ t: 'tuple', items: [{ t: 'int', dim: dims.constant(i) }, v] }) as Value) };
    }
    case 'reversed': {
      // `reversed(range(L - 1))` with L known: the layers counted down, so `"dW" + str(l + 1)` has its keys.
      const items = a[0]?.t === 'range' ? rangeItems(dims, a[0]) : a[0] ? itemsOf(a[0]) : undefined;
      if (items) return { t: 'list', items: [...items].reverse() };
      // A range of unknown length reversed is still a run of ints (`for t in reversed(range(T))`).
      return { t: 'list', items: undefined, elem: a[0] ? elemOf(a[0], ctx) : UNKNOWN };
    }
    case 'list':
    case 'tuple': {
      if (a.length === 0) return name === 'list' ? { t: 'list', items: [] } : { t: 'tuple', items: [] };
      const items = itemsOf(a[0]);
      if (name === 'tuple') return items ? { t: 'tuple', items } : UNKNOWN;
      return { t: 'list', items };
    }
    case 'dict':
      return { t: 'dict', entries: new Map(), open: a.length > 0 || site.kw.size > 0 };
    case 'print':
      return NONE;
    case 'isinstance':
      return { t: 'bool', value: a.length === 2 ? isNumberInstance(a[0], a[1]) : undefined };
    case 'list.append': {
      const self = site.self;
      if (self?.t === 'list') {
        if (self.items && a[0]) self.items.push(a[0]);
        else self.items = undefined;
      }
      return NONE;
    }
    case 'dict.get': {
      const self = site.self;
      const k = a[0];
      if (self?.t === 'dict' && k?.t === 'str' && k.value !== undefined) return self.entries.get(k.value) ?? a[1] ?? (self.open ? UNKNOWN : NONE);
      return UNKNOWN;
    }
    case 'dict.copy': {
      const self = site.self;
      return self?.t === 'dict' ? { t: 'dict', entries: new Map(self.entries), open: self.open } : UNKNOWN;
    }
    case 'dict.keys':
      return site.self?.t === 'dict' && !site.self.open ? { t: 'list', items: [...site.self.entries.keys()].map((k) => ({ t: 'str', value: k }) as Value) } : { t: 'list', items: undefined };
    case 'dict.items':
      return site.self?.t === 'dict' && !site.self.open
        ? { t: 'list', items: [...site.self.entries].map(([k, v]) => ({ t: 'tuple', items: [{ t: 'str', value: k }, v] }) as Value) }
        : { t: 'list', items: undefined };
    case 'dict.values':
      return site.self?.t === 'dict' && !site.self.open ? { t: 'list', items: [...site.self.entries.values()] } : { t: 'list', items: undefined };
    case 'np.random.seed':
      return NONE;
    case 'np.random.RandomState':
    case 'np.random.default_rng':
      return { t: 'builtin', name: 'rng' };
    default:
      return UNKNOWN;
  }
}

function itemsOf(v: Value): Value[] | undefined {
  if (v.t === 'list') return v.items;
  if (v.t === 'tuple') return v.items;
  return undefined;
}

/** One item of an iterable of unknown length, as far as it is known. */
function elemOf(v: Value, ctx: OpContext): Value {
  if (v.t === 'range') return { t: 'int', dim: ctx.dims.unknown() };
  if (v.t === 'list') return v.elem ?? UNKNOWN;
  if (v.t === 'array' && v.shape && v.shape.length > 0) return { t: 'array', shape: v.shape.slice(1) };
  return UNKNOWN;
}

/**
 * `isinstance(x, int)`, `isinstance(x, (int, float))`: decided for an int, a float and the containers
 * (never numbers; an array of one axis or more); anything else, or another type, undecided.
 */
function isNumberInstance(x: Value, of: Value): boolean | undefined {
  const types = of.t === 'tuple' ? of.items : [of];
  if (types.length === 0 || !types.every((c) => c.t === 'builtin' && (c.name === 'int' || c.name === 'float'))) return undefined;
  const names = new Set(types.map((c) => (c.t === 'builtin' ? c.name : '')));
  if (x.t === 'int') return names.has('int');
  if (x.t === 'float') return names.has('float') ? true : undefined;
  // A 0-d array may be a NumPy scalar, which is a float.
  if (x.t === 'array') return x.shape && x.shape.length > 0 ? false : undefined;
  if (x.t === 'list' || x.t === 'dict' || x.t === 'str' || x.t === 'tuple' || x.t === 'none') return false;
  return undefined;
}
