// PyTorch tensors read as NumPy arrays: one table of torch spellings (`torch.mm`, `F.softmax`,
// `x.view(...)`, `x.sum(dim=0, keepdim=True)`) and the NumPy calls of this op table they mean, for
// code that writes its forward and backward passes by hand on tensors (no autograd). The abstract
// interpreter and the concrete evaluator both translate a torch call through `torchCall` and then
// run the NumPy spelling's entry as they would for NumPy code: no op knowledge is repeated here, and a
// message keeps the code's spelling (a shape rule reads the call as written).
//
// Whatever is not in the table (nn.Module, .backward(), optimizers, in-place `add_`, autograd) is not
// translated: the interpreter gives an unknown value and the evaluator stops the run, as before.
//
// Generic over the caller's values: `A` is an abstract value with its expression (interp) or a
// concrete value (evaluator); the host says what each can tell about one.

import type { Module, Stmt } from '../syntax/ast';
import { readsFreeModule } from '../conventions/snippetModules';

export interface TorchHost<A> {
  /** The int the value certainly is, else undefined. */
  intOf(v: A): number | undefined;
  /** Whether the value is an array (a tensor), not a number. Undefined when the caller cannot tell. */
  isArray(v: A): boolean | undefined;
  /** The items of a tuple or list (a torch.Size), else undefined. */
  itemsOf(v: A): A[] | undefined;
  tuple(items: A[]): A;
  num(n: number): A;
  bool(b: boolean): A;
}

/** A NumPy call of the op table: its spelling, the array a method is called on, and arguments (values or nested calls). */
export interface NpCall<A> {
  name: string;
  self?: A;
  args: Arg<A>[];
  kw: Map<string, Arg<A>>;
}
export type Arg<A> = { v: A } | { call: NpCall<A> };

export type TorchResult<A> =
  /** One NumPy call (arguments may be nested calls: F.softmax). */
  | { kind: 'call'; call: NpCall<A> }
  /** A tuple of calls: `x.max(dim=1)` is (values, indices). */
  | { kind: 'tuple'; calls: NpCall<A>[] }
  /** The value itself: `.detach()`, `.numpy()`. */
  | { kind: 'same'; value: A }
  /** `x.size()` (the shape) or `x.size(i)` (one size). */
  | { kind: 'size'; of: A; axis: number | undefined };

type Args<A> = { args: A[]; kw: Map<string, A>; self?: A; h: TorchHost<A>; torchFile: boolean };
type Rule = <A>(c: Args<A>) => TorchResult<A> | undefined;

/** Keywords torch spells its own way; the rest pass as they are. */
const KW_RENAME: Record<string, string> = { dim: 'axis', keepdim: 'keepdims', input: 'a' };
/** Keywords that change where or how a tensor lives, not its values. */
const KW_DROP = new Set(['device', 'requires_grad', 'layout', 'pin_memory', 'memory_format', 'non_blocking', 'generator']);

const v = <A>(x: A): Arg<A> => ({ v: x });
const nested = <A>(call: NpCall<A>): Arg<A> => ({ call });
const np = <A>(name: string, args: Arg<A>[], kw: [string, Arg<A>][] = [], self?: A): NpCall<A> => ({ name, args, kw: new Map(kw), self });

/** The keywords in NumPy's names, or undefined when one of them is not understood (`out=`). */
function keywords<A>(kw: Map<string, A>, allowed: readonly string[]): Map<string, Arg<A>> | undefined {
  const out = new Map<string, Arg<A>>();
  for (const [k, x] of kw) {
    if (KW_DROP.has(k)) continue;
    const name = KW_RENAME[k] ?? k;
    if (!allowed.includes(name)) return undefined;
    out.set(name, v(x));
  }
  return out;
}

/** Sizes as torch takes them: `(n, h)`, `((n, h))`, `([n, h])`, `size=(n, h)`. */
function sizes<A>(c: Args<A>): A[] | undefined {
  const given = c.args.length ? c.args : c.kw.has('size') ? [c.kw.get('size')!] : [];
  if (given.length === 1) return c.h.itemsOf(given[0]) ?? given;
  return given;
}

/** A NumPy function of the same name and arguments, with torch's keywords renamed. */
function same(npName: string, allowed: readonly string[] = []): Rule {
  return (c) => {
    const kw = keywords(c.kw, allowed);
    if (!kw) return undefined;
    const args = c.self !== undefined ? [c.self, ...c.args] : c.args;
    return { kind: 'call', call: { name: npName, args: args.map(v), kw } };
  };
}

/** A constructor from sizes: randn(n, h) → np.random.randn(n, h); zeros(n, h) → np.zeros((n, h)). */
function fromSizes(npName: string, asTuple: boolean, fill = false): Rule {
  return (c) => {
    const rest = fill ? { ...c, args: c.args.slice(0, 1) } : c;
    const s = sizes(rest);
    // randn and rand make floats whatever dtype torch is asked for.
    const kw = keywords(new Map([...c.kw].filter(([k]) => k !== 'size' && k !== 'fill_value' && (asTuple || k !== 'dtype'))), ['dtype']);
    if (!s || !kw) return undefined;
    const fillValue = fill ? c.args[1] ?? c.kw.get('fill_value') : undefined;
    if (fill && fillValue === undefined) return undefined;
    const args = asTuple ? [v(c.h.tuple(s))] : s.map(v);
    if (fillValue !== undefined) args.push(v(fillValue));
    return { kind: 'call', call: { name: npName, args, kw } };
  };
}

/** A reduction's axis: positional (after the tensor) or `dim=`; keepdim as keepdims. */
const REDUCE_KW = ['axis', 'keepdims', 'dtype'] as const;

/** max/min: of everything; along a dim, (values, indices); of two tensors, elementwise. */
function extreme(which: 'max' | 'min'): Rule {
  return <A>(c: Args<A>): TorchResult<A> | undefined => {
    const all = c.self !== undefined ? [c.self, ...c.args] : c.args;
    const x = all[0];
    if (x === undefined) return undefined;
    const second = all[1] ?? c.kw.get('dim') ?? c.kw.get('other');
    if (second === undefined) return c.kw.size ? undefined : { kind: 'call', call: np(`np.${which}`, [v(x)]) };
    if (c.kw.has('other') || (all[1] !== undefined && c.h.isArray(all[1]) === true)) {
      if (all.length > 2 || c.kw.size > (c.kw.has('other') ? 1 : 0)) return undefined;
      return { kind: 'call', call: np(which === 'max' ? 'np.maximum' : 'np.minimum', [v(x), v(second)]) };
    }
    // A positional dim on a method is NumPy's axis in a file that is not torch's: x.max(1) is an array there.
    if (c.self !== undefined && all[1] !== undefined && !c.torchFile) return undefined;
    const axis = c.h.intOf(second);
    if (axis === undefined || all.length > 3) return undefined;
    const keepV = all[2] ?? c.kw.get('keepdim');
    const keep = keepV === undefined ? 0 : c.h.intOf(keepV);
    if (keep === undefined || [...c.kw.keys()].some((k) => k !== 'dim' && k !== 'keepdim')) return undefined;
    const values = np<A>(`np.${which}`, [v(x)], [['axis', v(c.h.num(axis))], ['keepdims', v(c.h.bool(keep !== 0))]]);
    let indices = np<A>(`np.arg${which}`, [v(x)], [['axis', v(c.h.num(axis))]]);
    if (keep) indices = np('np.expand_dims', [nested(indices), v(c.h.num(axis))]);
    return { kind: 'tuple', calls: [values, indices] };
  };
}

/** argmax/argmin along a dim (keepdim=True is not NumPy's argmax: left out). */
function argExtreme(which: 'argmax' | 'argmin'): Rule {
  return (c) => {
    const keep = c.kw.get('keepdim');
    if (keep !== undefined && c.h.intOf(keep) !== 0) return undefined;
    const kw = keywords(new Map([...c.kw].filter(([k]) => k !== 'keepdim')), ['axis']);
    if (!kw) return undefined;
    const args = (c.self !== undefined ? [c.self, ...c.args] : c.args).map(v);
    return { kind: 'call', call: { name: `np.${which}`, args, kw } };
  };
}

/** clamp(x, min=a, max=b): np.maximum / np.minimum / np.clip. */
const clamp: Rule = (c) => {
  const all = c.self !== undefined ? [c.self, ...c.args] : c.args;
  const x = all[0];
  const lo = all[1] ?? c.kw.get('min');
  const hi = all[2] ?? c.kw.get('max');
  if (x === undefined || [...c.kw.keys()].some((k) => k !== 'min' && k !== 'max') || all.length > 3) return undefined;
  if (lo !== undefined && hi !== undefined) return { kind: 'call', call: np('np.clip', [v(x), v(lo), v(hi)]) };
  if (lo !== undefined) return { kind: 'call', call: np('np.maximum', [v(x), v(lo)]) };
  if (hi !== undefined) return { kind: 'call', call: np('np.minimum', [v(x), v(hi)]) };
  return undefined;
};

/** Elementwise functions NumPy does not have, as NumPy calls. */
function sigmoidOf<A>(x: Arg<A>, h: TorchHost<A>): NpCall<A> {
  return np('np.divide', [v(h.num(1)), nested(np('np.add', [v(h.num(1)), nested(np('np.exp', [nested(np('np.negative', [x]))]))]))]);
}

function unaryOf(make: <A>(x: Arg<A>, h: TorchHost<A>) => NpCall<A>): Rule {
  return (c) => {
    const all = c.self !== undefined ? [c.self, ...c.args] : c.args;
    if (all.length !== 1 || [...c.kw.keys()].some((k) => k !== 'inplace' || c.h.intOf(c.kw.get(k)!) !== 0)) return undefined;
    return { kind: 'call', call: make(v(all[0]), c.h) };
  };
}

/** softmax / log_softmax along `dim` (required: torch's implicit dim is deprecated). */
function softmax(log: boolean): Rule {
  return <A>(c: Args<A>): TorchResult<A> | undefined => {
    const x = c.args[0];
    const d = c.args[1] ?? c.kw.get('dim');
    const axis = d === undefined ? undefined : c.h.intOf(d);
    if (x === undefined || axis === undefined || c.args.length > 2 || [...c.kw.keys()].some((k) => k !== 'dim')) return undefined;
    const along = (): [string, Arg<A>][] => [['axis', v(c.h.num(axis))], ['keepdims', v(c.h.bool(true))]];
    const shifted = (): NpCall<A> => np('np.subtract', [v(x), nested(np('np.max', [v(x)], along()))]);
    const total = (): NpCall<A> => np('np.sum', [nested(np('np.exp', [nested(shifted())]))], along());
    const call = log
      ? np<A>('np.subtract', [nested(shifted()), nested(np('np.log', [nested(total())]))])
      : np<A>('np.divide', [nested(np('np.exp', [nested(shifted())])), nested(total())]);
    return { kind: 'call', call };
  };
}

/** cat / stack: a list of tensors along `dim` (default 0). */
function joined(npName: string): Rule {
  return (c) => {
    const kw = keywords(c.kw, ['axis']);
    if (!kw || c.args.length === 0 || c.args.length > 2) return undefined;
    if (c.args[1] !== undefined) kw.set('axis', v(c.args[1]));
    return { kind: 'call', call: { name: npName, args: [v(c.args[0])], kw } };
  };
}

/** unsqueeze(x, d) → np.expand_dims(x, d); squeeze(x[, d]) → np.squeeze(x[, d]). */
function axisOp(npName: string, required: boolean): Rule {
  return (c) => {
    const all = c.self !== undefined ? [c.self, ...c.args] : c.args;
    const d = all[1] ?? c.kw.get('dim');
    if (all.length === 0 || all.length > 2 || [...c.kw.keys()].some((k) => k !== 'dim') || (required && d === undefined)) return undefined;
    return { kind: 'call', call: np(npName, d === undefined ? [v(all[0])] : [v(all[0]), v(d)]) };
  };
}

/** A cast: .float(), .double(), .long(). */
function castTo(npName: string): Rule {
  return (c) => (c.args.length || c.kw.size || c.self === undefined ? undefined : { kind: 'call', call: np(npName, [v(c.self)]) });
}

/** torch.randint(high, size) or (low, high, size) → np.random.randint(low, high, size=...). */
const randint: Rule = (c) => {
  const size = c.args.length >= 2 ? c.args[c.args.length - 1] : c.kw.get('size');
  const bounds = c.args.length >= 2 ? c.args.slice(0, -1) : c.args;
  const kw = keywords(new Map([...c.kw].filter(([k]) => k !== 'size' && k !== 'low' && k !== 'high')), ['dtype']);
  if (size === undefined || !kw || bounds.length === 0 || bounds.length > 2) return undefined;
  const items = c.h.itemsOf(size);
  return { kind: 'call', call: np('np.random.randint', bounds.map(v), [['size', v(items ? c.h.tuple(items) : size)]]) };
};

/** The tensor itself: values unchanged (no autograd here: detach changes nothing the code computes). */
const itself: Rule = (c) => (c.self !== undefined && c.args.length === 0 && c.kw.size === 0 ? { kind: 'same', value: c.self } : undefined);

const ELEMENTWISE = ['exp', 'log', 'tanh', 'sqrt', 'abs', 'neg', 'sign', 'floor', 'ceil', 'sin', 'cos', 'log1p', 'expm1', 'square'] as const;
const NP_NAME: Record<string, string> = { neg: 'negative' };

/** torch.X and torch.nn.functional.X (`F.softmax`), by their name after the module. */
const FUNCTIONS: Record<string, Rule> = {
  mm: same('np.matmul'),
  matmul: same('np.matmul'),
  bmm: same('np.matmul'),
  dot: same('np.dot'),
  outer: same('np.outer'),
  t: same('np.transpose'),
  randn: fromSizes('np.random.randn', false),
  rand: fromSizes('np.random.rand', false),
  zeros: fromSizes('np.zeros', true),
  ones: fromSizes('np.ones', true),
  empty: fromSizes('np.zeros', true),
  full: fromSizes('np.full', true, true),
  eye: same('np.eye', ['dtype']),
  zeros_like: same('np.zeros_like', ['dtype']),
  ones_like: same('np.ones_like', ['dtype']),
  tensor: same('np.array', ['dtype']),
  as_tensor: same('np.asarray', ['dtype']),
  from_numpy: same('np.asarray'),
  arange: same('np.arange', ['dtype']),
  randint,
  sigmoid: unaryOf(sigmoidOf),
  relu: unaryOf((x, h) => np('np.maximum', [x, v(h.num(0))])),
  clamp,
  clip: clamp,
  pow: same('np.power'),
  max: extreme('max'),
  min: extreme('min'),
  argmax: argExtreme('argmax'),
  argmin: argExtreme('argmin'),
  where: same('np.where'),
  cat: joined('np.concatenate'),
  concat: joined('np.concatenate'),
  stack: joined('np.stack'),
  sum: same('np.sum', REDUCE_KW),
  mean: same('np.mean', REDUCE_KW),
  reshape: same('np.reshape'),
  squeeze: axisOp('np.squeeze', false),
  unsqueeze: axisOp('np.expand_dims', true),
  softmax: softmax(false),
  log_softmax: softmax(true),
};
for (const n of ELEMENTWISE) FUNCTIONS[n] = same(`np.${NP_NAME[n] ?? n}`);

/** F.x: torch.nn.functional's own names (the rest, `F.sigmoid`, are torch's). */
const FUNCTIONAL = new Set(['softmax', 'log_softmax', 'relu', 'sigmoid', 'tanh']);

/** Tensor methods torch spells its own way; a method not here is NumPy's (x.dot, x.reshape, x.copy). */
const METHODS: Record<string, Rule> = {
  sum: same('np.sum', REDUCE_KW),
  mean: same('np.mean', REDUCE_KW),
  max: extreme('max'),
  min: extreme('min'),
  argmax: argExtreme('argmax'),
  argmin: argExtreme('argmin'),
  t: (c) => (c.args.length || c.kw.size || c.self === undefined ? undefined : { kind: 'call', call: np('np.transpose', [v(c.self)]) }),
  mm: same('np.matmul'),
  matmul: same('np.matmul'),
  view: (c) => {
    const s = sizes(c);
    if (c.self === undefined || !s || s.length === 0 || c.kw.size || s.some((x) => c.h.intOf(x) === undefined && c.h.isArray(x) !== false)) return undefined;
    return { kind: 'call', call: np('np.reshape', [v(c.self), v(c.h.tuple(s))]) };
  },
  size: (c) => {
    if (c.self === undefined || c.args.length > 1 || c.kw.size) return undefined;
    const axis = c.args[0] === undefined ? undefined : c.h.intOf(c.args[0]);
    if (c.args[0] !== undefined && axis === undefined) return undefined;
    return { kind: 'size', of: c.self, axis };
  },
  float: castTo('np.float64'),
  double: castTo('np.float64'),
  long: castTo('np.int64'),
  int: castTo('np.int64'),
  clone: (c) => (c.self !== undefined && c.args.length === 0 && c.kw.size === 0 ? { kind: 'call', call: np('np.copy', [v(c.self)]) } : undefined),
  detach: itself,
  numpy: itself,
  cpu: itself,
  contiguous: itself,
  item: (c) => (c.self !== undefined && c.args.length === 0 && c.kw.size === 0 ? { kind: 'call', call: np('np.squeeze', [v(c.self)]) } : undefined),
  unsqueeze: axisOp('np.expand_dims', true),
  squeeze: axisOp('np.squeeze', false),
  sigmoid: unaryOf(sigmoidOf),
  relu: unaryOf((x, h) => np('np.maximum', [x, v(h.num(0))])),
  clamp,
  clip: clamp,
  pow: same('np.power'),
};
for (const n of ELEMENTWISE) METHODS[n] = same(`np.${NP_NAME[n] ?? n}`);

/** Torch's dtypes as NumPy's casts. */
const DTYPES: Record<string, string> = {
  float: 'np.float64', float32: 'np.float32', float64: 'np.float64', double: 'np.float64',
  long: 'np.int64', int64: 'np.int64', int: 'np.int32', int32: 'np.int32', bool: 'np.bool_',
};

/** The modules torch code calls: `torch`, `torch.nn`, `torch.nn.functional` (F). */
export function isTorchModule(name: string): boolean {
  return name === 'torch' || name === 'torch.nn' || name === 'torch.nn.functional';
}

/** What `module.attr` is for a torch module: a submodule, a translated function, a dtype, or nothing modelled. */
export function torchAttribute(module: string, attr: string): { module: string } | { builtin: string } | undefined {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(FUNCTIONS, k);
  if (module === 'torch') {
    if (attr === 'nn') return { module: 'torch.nn' };
    if (Object.prototype.hasOwnProperty.call(DTYPES, attr)) return { builtin: DTYPES[attr] };
    return has(attr) ? { builtin: `torch.${attr}` } : undefined;
  }
  if (module === 'torch.nn') return attr === 'functional' ? { module: 'torch.nn.functional' } : undefined;
  if (module === 'torch.nn.functional') return FUNCTIONAL.has(attr) ? { builtin: `torch.${attr}` } : undefined;
  return undefined;
}

/**
 * A torch call as NumPy: `torch.X` (a builtin torchAttribute gave), or a method on an array whose name
 * torch spells its own way. Undefined for a `torch.` call the table cannot read (unmodelled), and
 * 'numpy' for a method that is NumPy's own (x.reshape(...), x.max(1) outside a torch file).
 */
export function torchCall<A>(name: string, self: A | undefined, args: A[], kw: Map<string, A>, h: TorchHost<A>, torchFile: boolean): TorchResult<A> | 'numpy' | undefined {
  if (name.startsWith('torch.')) {
    const rule = Object.prototype.hasOwnProperty.call(FUNCTIONS, name.slice(6)) ? FUNCTIONS[name.slice(6)] : undefined;
    return rule?.({ args, kw, h, torchFile });
  }
  if (!name.startsWith('array.') || self === undefined) return 'numpy';
  const method = name.slice(6);
  const rule = Object.prototype.hasOwnProperty.call(METHODS, method) ? METHODS[method] : undefined;
  if (!rule) return 'numpy';
  // NumPy's own calls of these methods (no torch keyword, not a torch-only name) stay NumPy's.
  const torchOnly = !['sum', 'mean', 'max', 'min', 'argmax', 'argmin', 'clip', 'squeeze', 'view'].includes(method);
  if (!torchOnly && !torchFile && ![...kw.keys()].some((k) => k === 'dim' || k === 'keepdim')) return 'numpy';
  return rule({ args, kw, self, h, torchFile }) ?? (torchFile || torchOnly ? undefined : 'numpy');
}

/** How a caller makes its values from a translated call: `D` is how it holds a size. */
export interface TorchRun<A, V, D> {
  call(c: NpCall<A>): V;
  tuple(items: V[]): V;
  same(v: A): V;
  /** The sizes of an array, undefined when it is not one of known rank. */
  shape(v: A): D[] | undefined;
  size(d: D): V;
  /** What cannot be read (`x.size(5)` of a matrix). */
  none(): V;
}

/** The value a translated torch call gives, made by the caller's `run`. */
export function torchResult<A, V, D>(t: TorchResult<A>, run: TorchRun<A, V, D>): V {
  switch (t.kind) {
    case 'call':
      return run.call(t.call);
    case 'tuple':
      return run.tuple(t.calls.map((c) => run.call(c)));
    case 'same':
      return run.same(t.value);
    case 'size': {
      const shape = run.shape(t.of);
      if (!shape) return run.none();
      if (t.axis === undefined) return run.tuple(shape.map((d) => run.size(d)));
      const i = t.axis < 0 ? t.axis + shape.length : t.axis;
      return i >= 0 && i < shape.length ? run.size(shape[i]) : run.none();
    }
  }
}

const TORCH_FILES = new WeakMap<Module, boolean>();

/** Whether a module imports torch (its methods' torch meanings, `x.max(1)` as (values, indices), apply there). */
export function importsTorch(module: Module): boolean {
  let r = TORCH_FILES.get(module);
  if (r !== undefined) return r;
  const walk = (body: Stmt[]): boolean => body.some((s) => {
    if (s.kind === 'import') return s.names.some((n) => n.name === 'torch' || n.name.startsWith('torch.'));
    if (s.kind === 'importfrom') return s.module === 'torch' || s.module.startsWith('torch.');
    if (s.kind === 'if' || s.kind === 'try') return walk(s.body) || walk(s.orelse);
    return false;
  });
  // A snippet of a class or function that uses torch without its import (`torch.mm(x, self.w)`, never binding `torch`).
  r = walk(module.body) || readsFreeModule(module, 'torch');
  TORCH_FILES.set(module, r);
  return r;
}

