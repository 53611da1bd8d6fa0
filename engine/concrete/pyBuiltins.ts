// Python builtins and container methods for the concrete evaluator; NumPy calls go to numpyCalls.ts.

import type { Span } from '../syntax/ast';
import type { Evaluator } from './evaluator';
import { type CClass, type CValue, NONE, Unevaluable, dictKey, dictSet, newDict, num } from './values';
import { numpyCall, torchCallValue } from './numpyCalls';
import { importsTorch } from '../ops/torch';
import { madeUpCall } from './madeUp';
import { isSubclass } from './classes';
import { attributeOf } from './attributes';
import { SAVE_BUILTIN, SAVED_TENSORS } from '../conventions/autograd';

/** `isinstance(x, C)` against classes of the analysed code and the plain builtin types; anything else is not modelled. */
function isInstance(x: CValue | undefined, of: CValue | undefined): boolean {
  if (!x || !of) throw new Unevaluable('isinstance needs two arguments');
  if (of.t === 'tuple') return of.items.some((c) => isInstance(x, c));
  if (of.t === 'class') return x.t === 'object' && isSubclass(x.cls, of);
  if (of.t === 'builtin') {
    // A NumPy scalar (np.float64 is a float) and a 0-d array (not one) look the same here: not decided.
    if (x.t === 'arr' && x.a.ndim === 0 && (of.name === 'int' || of.name === 'float' || of.name === 'bool')) throw new Unevaluable('isinstance of a NumPy scalar');
    switch (of.name) {
      case 'int': return (x.t === 'num' && x.int) || x.t === 'bool';
      case 'float': return x.t === 'num' && !x.int;
      case 'bool': return x.t === 'bool';
      case 'str': return x.t === 'str';
      case 'list': return x.t === 'list';
      case 'tuple': return x.t === 'tuple';
      case 'dict': return x.t === 'dict';
      case 'np.ndarray': return x.t === 'arr';
    }
  }
  throw new Unevaluable('isinstance against a type the evaluator does not model');
}

const BUILTINS = new Set([
  'len', 'range', 'str', 'int', 'float', 'bool', 'abs', 'min', 'max', 'sum', 'print', 'zip', 'enumerate', 'list', 'tuple',
  'dict', 'reversed', 'sorted', 'round', 'isinstance', 'set', 'open', 'pow', 'type',
]);

/** `type(x)` of an array: a class of that name (`type(x).__name__`), nothing else known of it. */
const NDARRAY_CLASS: CClass = { t: 'class', name: 'ndarray', methods: new Map(), attrs: new Map() };

/**
 * What `open(path).read()` gives: the analysed code's data file is not read (nothing is run or opened),
 * so a text is made up, as arrays are for data the code loads (a character model's corpus). A wrong
 * guess only stops the run; the truth a gradient is compared with comes from the same text.
 */
const MADE_UP_TEXT = [
  'a small river ran past the mill, and the miller sang while the wheel turned slowly in the cold water.',
  'every morning the children counted boats on the bay: seven, eight, nine; then the fog came and hid them.',
  'quiet words, quick jumps, lazy dogs and brave foxes fill the old books we read by the fire at night.',
  'when the harvest was in, the village held a feast, and everyone brought bread, cheese, plums and wine.',
  'the map showed a path over the hills, past the ruined tower, to a lake where herons waited for fish.',
].join('\n');

export function builtinValue(name: string): CValue | undefined {
  return BUILTINS.has(name) ? { t: 'builtin', name } : undefined;
}

function int(v: CValue | undefined, what: string): number {
  if (v?.t === 'num' && v.int) return v.v;
  if (v?.t === 'bool') return v.v ? 1 : 0;
  if (v?.t === 'arr' && v.a.size === 1 && v.a.dtype !== 'float') return v.a.data[0];
  throw new Unevaluable(`${what} needs an int`);
}

function str(v: CValue): string {
  switch (v.t) {
    case 'str': return v.v;
    case 'num': return v.int ? String(v.v) : String(v.v);
    case 'bool': return v.v ? 'True' : 'False';
    case 'none': return 'None';
    default: return `<${v.t}>`;
  }
}

export function callBuiltin(ev: Evaluator, f: CValue & { t: 'builtin' }, args: CValue[], kwargs: Map<string, CValue>, span: Span | undefined): CValue {
  const name = f.name;
  // A field with a default read from an object (syntax/typescript/expressions.ts maybeMissing): the attribute, or None.
  if (name === 'object.get' && f.self?.t === 'object' && args.length === 1 && args[0].t === 'str') {
    try {
      return attributeOf(ev, f.self, args[0].v, span ?? { start: 0, end: 0 });
    } catch (err) {
      if (err instanceof Unevaluable) return NONE;
      throw err;
    }
  }
  if (name === SAVE_BUILTIN && f.self?.t === 'object') {
    const saved: CValue = { t: 'tuple', items: args };
    for (const attr of SAVED_TENSORS) f.self.attrs.set(attr, saved);
    return NONE;
  }
  if (name.startsWith('np.')) {
    const made = madeUpCall(ev, name, args, kwargs);
    if (made) return made;
  }
  if (name.startsWith('torch.') || name.startsWith('array.')) {
    const frame = ev.stack[ev.stack.length - 1];
    const r = torchCallValue(ev, name, args, kwargs, f.self, span, frame !== undefined && importsTorch(frame.unit.module));
    if (r !== 'numpy') return r;
  }
  // JavaScript's map/forEach on an array the lowering made (`new Array(n).fill(0)` is np.zeros): over its rows, as on a list.
  if ((name === 'array.map' || name === 'array.forEach') && f.self?.t === 'arr' && f.self.a.ndim > 0) {
    return callBuiltin(ev, { t: 'builtin', name: `list.${name.slice(6)}`, self: { t: 'list', items: ev.iterate(f.self, span ?? { start: 0, end: 0 }) } }, args, kwargs, span);
  }
  if (name.startsWith('np.') || name.startsWith('array.')) return numpyCall(ev, name, args, kwargs, f.self, span);
  if (name.startsWith('opaque:')) throw new Unevaluable(`${name.slice(7)} is not modelled`);
  // A helper the document calls but never defines, whose name says it makes zeros (verify/freeHelpers.ts): np.zeros of its sizes.
  if (name === 'helper:zeros') {
    const sizes = args.length === 1 && args[0].t === 'tuple' ? args[0].items : args;
    // One size is ambiguous (a column or a vector?): only a whole shape is taken.
    if (sizes.length < 2 || kwargs.size > 0 || !sizes.every((x) => x.t === 'num' && x.int && x.v >= 0)) throw new Unevaluable('an undefined helper called with something other than sizes');
    return numpyCall(ev, 'np.zeros', [{ t: 'tuple', items: sizes }], new Map(), undefined, span);
  }
  const a0 = args[0];
  switch (name) {
    case 'print':
    case 'object.__init__':
      return NONE;
    case 'isinstance':
      return { t: 'bool', v: isInstance(a0, args[1]) };
    case 'type':
      if (args.length === 1 && a0?.t === 'object') return a0.cls;
      if (args.length === 1 && a0?.t === 'arr') return NDARRAY_CLASS;
      throw new Unevaluable('type() of a value the evaluator does not name');
    case 'len':
      if (a0?.t === 'list' || a0?.t === 'tuple') return num(a0.items.length, true);
      if (a0?.t === 'dict') return num(a0.map.size, true);
      if (a0?.t === 'str') return num(a0.v.length, true);
      if (a0?.t === 'arr' && a0.a.ndim > 0) return num(a0.a.shape[0], true);
      throw new Unevaluable('len');
    case 'range': {
      const [start, stop, step] = args.length === 1 ? [0, int(a0, 'range'), 1] : [int(a0, 'range'), int(args[1], 'range'), args[2] ? int(args[2], 'range') : 1];
      if (step === 0) throw new Unevaluable('range step 0');
      const items: CValue[] = [];
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
        items.push(num(i, true));
        if (items.length > 1_000_000) throw new Unevaluable('range too long');
      }
      return { t: 'list', items };
    }
    case 'str':
      return { t: 'str', v: a0 ? str(a0) : '' };
    case 'int':
      if (a0?.t === 'num' || a0?.t === 'bool') return num(Math.trunc(a0.t === 'num' ? a0.v : a0.v ? 1 : 0), true);
      if (a0?.t === 'arr' && a0.a.size === 1) return num(Math.trunc(a0.a.data[0]), true);
      if (a0?.t === 'str' && /^\s*-?\d+\s*$/.test(a0.v)) return num(parseInt(a0.v, 10), true);
      throw new Unevaluable('int()');
    case 'float':
      if (a0?.t === 'num' || a0?.t === 'bool') return num(a0.t === 'num' ? a0.v : a0.v ? 1 : 0, false);
      // float() of a one-element array keeps its tape node: a cost squeezed to a float stays differentiable.
      if (a0?.t === 'arr' && a0.a.size === 1) return numpyCall(ev, 'np.squeeze', [a0], new Map(), undefined, span);
      throw new Unevaluable('float()');
    case 'bool':
      return { t: 'bool', v: a0 ? ev.truthy(a0) : false };
    case 'abs':
      if (a0?.t === 'num') return num(Math.abs(a0.v), a0.int);
      return numpyCall(ev, 'np.abs', args, kwargs, undefined, span);
    case 'min':
    case 'max': {
      const items = args.length === 1 ? ev.iterate(a0, span ?? { start: 0, end: 0 }) : args;
      if (!items.length || !items.every((x) => x.t === 'num')) throw new Unevaluable(name);
      const vals = items.map((x) => (x as { v: number }).v);
      const v = name === 'min' ? Math.min(...vals) : Math.max(...vals);
      return num(v, items.every((x) => (x as { int: boolean }).int));
    }
    case 'sum': {
      const items = ev.iterate(a0, span ?? { start: 0, end: 0 });
      let acc: CValue = args[1] ?? num(0, true);
      for (const x of items) acc = ev.binop('+', acc, x, span ?? { start: 0, end: 0 });
      return acc;
    }
    case 'pow':
      // `pow(n, -0.5)`, an initialiser's scale: the two-argument power, as `**` computes it.
      if (args.length === 2 && kwargs.size === 0) return ev.binop('**', args[0], args[1], span ?? { start: 0, end: 0 });
      throw new Unevaluable('pow');
    case 'round':
      if (a0?.t === 'num') return num(Math.round(a0.v), true);
      throw new Unevaluable('round');
    case 'zip': {
      const lists = args.map((x) => ev.iterate(x, span ?? { start: 0, end: 0 }));
      const n = Math.min(...lists.map((l) => l.length));
      return { t: 'list', items: Array.from({ length: n }, (_, i) => ({ t: 'tuple' as const, items: lists.map((l) => l[i]) })) };
    }
    case 'enumerate': {
      const start = args[1] ? int(args[1], 'enumerate') : 0;
      return { t: 'list', items: ev.iterate(a0, span ?? { start: 0, end: 0 }).map((x, i) => ({ t: 'tuple' as const, items: [num(i + start, true), x] })) };
    }
    case 'list':
    case 'reversed':
    case 'sorted': {
      const items = a0 ? [...ev.iterate(a0, span ?? { start: 0, end: 0 })] : [];
      if (name === 'reversed') items.reverse();
      if (name === 'sorted') {
        if (items.every((x) => x.t === 'num')) items.sort((x, y) => (x as { v: number }).v - (y as { v: number }).v);
        else if (items.every((x) => x.t === 'str')) {
          const key = (x: CValue) => (x as { v: string }).v;
          items.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
        }
        else throw new Unevaluable('sorted');
      }
      return { t: 'list', items };
    }
    case 'tuple':
      return { t: 'tuple', items: a0 ? [...ev.iterate(a0, span ?? { start: 0, end: 0 })] : [] };
    case 'set': {
      // A set of plain values, as a list of its distinct items (a character model's `list(set(data))`);
      // of objects, distinct by identity (a scalar autograd node's `set(_children)`).
      const items = a0 ? ev.iterate(a0, span ?? { start: 0, end: 0 }) : [];
      if (items.every((x) => x.t === 'object')) return { t: 'list', items: [...new Set(items)] };
      const seen = new Map<string, CValue>();
      for (const x of items) {
        if (x.t !== 'str' && x.t !== 'num' && x.t !== 'bool') throw new Unevaluable('a set of values other than numbers and strings');
        const k = dictKey(x);
        if (!seen.has(k)) seen.set(k, x);
      }
      return { t: 'list', items: [...seen.values()] };
    }
    case 'open':
      if (a0?.t !== 'str' || [...kwargs.keys()].length > 0 || (args[1] && !(args[1].t === 'str' && /^r?t?$/.test(args[1].v)))) throw new Unevaluable('open() other than for reading text');
      return { t: 'builtin', name: 'file', self: { t: 'str', v: MADE_UP_TEXT } };
    case 'dict': {
      const d = newDict();
      if (a0?.t === 'dict') for (const [k, v] of a0.map) dictSet(d, a0.keys.get(k)!, v);
      for (const [k, v] of kwargs) dictSet(d, { t: 'str', v: k }, v);
      return d;
    }
  }
  return containerMethod(ev, f, args, span);
}

function containerMethod(ev: Evaluator, f: CValue & { t: 'builtin' }, args: CValue[], span: Span | undefined): CValue {
  const self = f.self;
  const method = f.name.slice(f.name.indexOf('.') + 1);
  if (self?.t === 'dict') {
    switch (method) {
      case 'items':
        return { t: 'list', items: [...self.map.entries()].map(([k, v]) => ({ t: 'tuple' as const, items: [self.keys.get(k)!, v] })) };
      case 'keys':
        return { t: 'list', items: [...self.keys.values()] };
      case 'values':
        return { t: 'list', items: [...self.map.values()] };
      case 'get':
        return self.map.get(dictKey(args[0])) ?? args[1] ?? NONE;
      case 'copy': {
        const d = newDict();
        for (const [k, v] of self.map) dictSet(d, self.keys.get(k)!, v);
        return d;
      }
      case 'update':
        if (args[0]?.t === 'dict') for (const [k, v] of args[0].map) dictSet(self, args[0].keys.get(k)!, v);
        return NONE;
      case 'setdefault': {
        const cur = self.map.get(dictKey(args[0]));
        if (cur) return cur;
        dictSet(self, args[0], args[1] ?? NONE);
        return args[1] ?? NONE;
      }
    }
  }
  if (self?.t === 'list') {
    switch (method) {
      case 'append':
        self.items.push(args[0]);
        return NONE;
      case 'extend':
        self.items.push(...ev.iterate(args[0], span ?? { start: 0, end: 0 }));
        return NONE;
      case 'copy':
        return { t: 'list', items: [...self.items] };
      case 'pop':
        return self.items.pop() ?? NONE;
      // JavaScript's array methods (the lowering keeps them): the callback gets the item and its index.
      case 'map':
      case 'forEach': {
        const fn = args[0];
        if (fn?.t !== 'func' || args.length !== 1) break;
        const arity = fn.def.params.filter((p) => p.form === 'normal').length;
        const out = self.items.map((x, i) => ev.call(fn, arity >= 2 ? [x, num(i, true)] : [x], new Map(), span));
        return method === 'map' ? { t: 'list', items: out } : NONE;
      }
    }
  }
  if (f.name.startsWith('file.') && self?.t === 'str') {
    switch (method) {
      case 'read':
        return self;
      case 'readlines':
        return { t: 'list', items: self.v.split('\n').map((l, i, all) => ({ t: 'str' as const, v: i < all.length - 1 ? `${l}\n` : l })) };
      case 'close':
        return NONE;
    }
    throw new Unevaluable(`${f.name} is not modelled`);
  }
  if (self?.t === 'str') {
    switch (method) {
      case 'lower':
        return { t: 'str', v: self.v.toLowerCase() };
      case 'strip':
        if (args.length === 0) return { t: 'str', v: self.v.trim() };
        break;
      case 'split':
        if (args.length === 0) return { t: 'list', items: self.v.split(/\s+/).filter(Boolean).map((v) => ({ t: 'str' as const, v })) };
        if (args[0]?.t === 'str' && args[0].v !== '' && args.length === 1) return { t: 'list', items: self.v.split(args[0].v).map((v) => ({ t: 'str' as const, v })) };
        break;
      case 'format':
        return { t: 'str', v: self.v };
      case 'join':
        return { t: 'str', v: ev.iterate(args[0], span ?? { start: 0, end: 0 }).map(str).join(self.v) };
    }
  }
  throw new Unevaluable(`${f.name} is not modelled`);
}
