// The abstract interpreter's side of PyTorch (ops/torch.ts): a torch call or tensor method is
// translated to NumPy calls, each run through the interpreter's own NumPy path (`run`) with the
// call as written, so shape rules and their messages read the code's spelling (`torch.mm: ...`).

import type { Expr } from '../syntax/ast';
import type { Dim, DimStore } from '../shapes/dim';
import type { CallSite } from '../ops/types';
import { torchCall, torchResult, type Arg, type NpCall, type TorchHost } from '../ops/torch';
import type { Value } from './values';
import { UNKNOWN } from './values';

type A = { v: Value; e: Expr };

function host(dims: DimStore, at: Expr): TorchHost<A> {
  const span = at.span;
  return {
    intOf: (x) => (x.v.t === 'int' ? dims.value(x.v.dim) : x.v.t === 'bool' ? (x.v.value === undefined ? undefined : +x.v.value) : undefined),
    isArray: (x) => (x.v.t === 'array' ? true : x.v.t === 'int' || x.v.t === 'float' || x.v.t === 'bool' ? false : undefined),
    itemsOf: (x) => {
      const items = x.v.t === 'tuple' ? x.v.items : x.v.t === 'list' ? x.v.items : undefined;
      if (!items) return undefined;
      const exprs = x.e.kind === 'tuple' || x.e.kind === 'list' ? x.e.elts : undefined;
      return items.map((v, i) => ({ v, e: exprs?.[i] ?? x.e }));
    },
    tuple: (items) => ({ v: { t: 'tuple', items: items.map((x) => x.v) }, e: { kind: 'tuple', elts: items.map((x) => x.e), span } }),
    num: (n) => ({ v: { t: 'int', dim: dims.constant(n) }, e: { kind: 'num', value: n, isInt: true, span } }),
    bool: (b) => ({ v: { t: 'bool', value: b }, e: { kind: 'bool', value: b, span } }),
  };
}

/**
 * The value of a torch call (`f.name` `torch.mm`, or a method `array.view`), or 'numpy' when it is
 * NumPy's own call. `run` is the interpreter's NumPy path for one builtin call.
 */
export function torchValue(
  f: Value & { t: 'builtin' },
  site: CallSite,
  dims: DimStore,
  torchFile: boolean,
  run: (f: Value & { t: 'builtin' }, site: CallSite) => Value,
): Value | 'numpy' {
  const e = site.call;
  const self = f.self ? { v: f.self, e: site.selfExpr ?? e } : undefined;
  const args = site.args.map((v, i) => ({ v, e: site.argExprs[i] ?? e }));
  const kw = new Map([...site.kw].map(([k, v]) => [k, { v, e: site.kwExprs.get(k) ?? e }] as const));
  const t = torchCall(f.name, self, args, kw, host(dims, e), torchFile);
  if (t === 'numpy') return 'numpy';
  if (t === undefined) return UNKNOWN;
  const value = (a: Arg<A>): A => ('v' in a ? a.v : { v: call(a.call), e });
  // Shape rules tell spellings apart by the call's name (np.stack from np.concatenate): each NumPy call is
  // the call as written (its spans, its arguments' text) under the NumPy name. A product keeps the
  // written name, which its message quotes (`torch.mm: ...`).
  const written = (npName: string): Expr & { kind: 'call' } => {
    const f = e.func;
    if (npName === 'np.matmul' || npName === 'np.dot') return e;
    const name = npName.slice(npName.lastIndexOf('.') + 1);
    return { ...e, func: { kind: 'attr', obj: f.kind === 'attr' ? f.obj : f, name, nameSpan: f.kind === 'attr' ? f.nameSpan : f.span, span: f.span } };
  };
  const call = (c: NpCall<A>): Value => {
    const as = c.args.map(value);
    const ks = new Map([...c.kw].map(([k, a]) => [k, value(a)] as const));
    return run(
      { t: 'builtin', name: c.name, ...(c.self ? { self: c.self.v } : {}) },
      { args: as.map((x) => x.v), argExprs: as.map((x) => x.e), kw: new Map([...ks].map(([k, x]) => [k, x.v])), kwExprs: new Map([...ks].map(([k, x]) => [k, x.e])), call: written(c.name), ...(c.self ? { self: c.self.v, selfExpr: c.self.e } : {}) },
    );
  };
  return torchResult<A, Value, Dim>(t, {
    call,
    tuple: (items) => ({ t: 'tuple', items }),
    same: (x) => x.v,
    shape: (x) => (x.v.t === 'array' ? x.v.shape : undefined),
    size: (d) => ({ t: 'int', dim: d }),
    none: () => UNKNOWN,
  });
}
