// Elementwise functions of one array: the same shape out (np.exp, np.tanh, ...), evaluated by the
// unary kernel, each with its derivative.

import type { Value } from '../interp/values';
import { UNKNOWN } from '../interp/values';
import { unary as unaryKernel, type UnaryOp } from '../numeric/kernels';
import { NDArray } from '../numeric/ndarray';
import { c as constS, mulS, negS } from '../numeric/sym';
import { S, add, div, mul, sub, unaryRule } from '../numeric/vjp';
import type { Concrete, Derivative, Face, OpEntry, OpId, ShapeRule } from './definition';
import { arg, asArray } from './types';

/** One array in, the same shape out; a Python number in, a float out. Casts (np.int64, .astype) say their dtype. */
export const unaryShape: ShapeRule = (site) => {
  const v: Value | undefined = site.self ?? arg(site, 0, 'x').v;
  const a = asArray(v);
  if (!a) return UNKNOWN;
  const f = site.call.func;
  const name = f.kind === 'attr' ? f.name : '';
  const dtype = name === 'isnan' || name === 'isinf' ? 'bool' : name.startsWith('int') ? 'int' : a.dtype === 'bool' && name !== 'astype' ? 'bool' : undefined;
  if (a.shape && a.shape.length === 0 && !site.self && (v?.t === 'int' || v?.t === 'float')) return { t: 'float' };
  return { t: 'array', shape: a.shape, tainted: a.tainted, note: a.note, dtype, origin: a.origin, site: a.site };
};

/** np.f(x) through the unary kernel, recorded as `id`. */
function kernel(id: OpId & UnaryOp): Concrete {
  return (c) => {
    const x = c.arr(c.get(0, 'x'));
    return c.rec(id, [x], unaryKernel(id, x.a));
  };
}

function fn(id: OpId & UnaryOp, spellings: string[], derivative: Derivative): OpEntry {
  return { id, spellings, syntax: 'call', shape: unaryShape, concrete: kernel(id), derivative };
}

function shapeOnly(id: OpId, spellings: string[], derivative: Derivative): OpEntry {
  return { id, spellings, syntax: 'call', shape: unaryShape, derivative };
}

const rule = (local: (x: NDArray, out: NDArray) => NDArray, face: Face | 'none', reason?: string): Derivative => ({ ...unaryRule(local), face, reason });
const NO_FACE = 'no symbolic face yet: a derivation stops at this op';
const NOT_EVALUATED = 'not evaluated concretely: a run that meets it stops, unchecked';
const STEP = (what: string): Derivative => ({ differentiable: false, reason: `${what} is piecewise constant: zero gradient wherever it exists` });

export const UNARY_OPS: OpEntry[] = [
  fn('neg', ['np.negative', '-x'], rule(() => S(-1), ({ g }) => negS(g))),
  fn('exp', ['np.exp'], rule((_, out) => out, ({ g, out }) => mulS(g, out))),
  fn('log', ['np.log'], rule((x) => div(S(1), x), ({ g, inputs }) => ({ k: 'div', a: g, b: inputs[0] }))),
  fn('tanh', ['np.tanh'], rule((_, out) => sub(S(1), mul(out, out)), ({ g, out }) => mulS(g, { k: 'sub', a: constS(1), b: { k: 'pow', a: out, p: 2 } }))),
  fn('sqrt', ['np.sqrt'], rule((_, out) => div(S(0.5), out), 'none', NO_FACE)),
  fn('abs', ['np.abs', 'np.absolute'], rule((x) => unaryKernel('sign', x), 'none', NO_FACE)),
  fn('square', ['np.square'], rule((x) => mul(S(2), x), ({ g, inputs }) => mulS(constS(2), mulS(g, inputs[0])))),
  fn('log1p', ['np.log1p'], rule((x) => div(S(1), add(S(1), x)), 'none', NO_FACE)),
  fn('expm1', ['np.expm1'], rule((_, out) => add(out, S(1)), 'none', NO_FACE)),
  fn('sin', ['np.sin'], rule((x) => unaryKernel('cos', x), 'none', NO_FACE)),
  fn('cos', ['np.cos'], rule((x) => unaryKernel('neg', unaryKernel('sin', x)), 'none', NO_FACE)),
  fn('sign', ['np.sign'], STEP('sign')),
  { id: 'not', spellings: ['not x', '~x'], syntax: 'operator', derivative: STEP('logical not') },
  shapeOnly('floor', ['np.floor'], STEP('floor')),
  shapeOnly('ceil', ['np.ceil'], STEP('ceil')),
  shapeOnly('round', ['np.round', 'array.round'], STEP('rounding')),
  shapeOnly('isnan', ['np.isnan'], STEP('isnan (a bool mask)')),
  shapeOnly('isinf', ['np.isinf'], STEP('isinf (a bool mask)')),
  shapeOnly('log2', ['np.log2'], { unknown: NOT_EVALUATED }),
  shapeOnly('log10', ['np.log10'], { unknown: NOT_EVALUATED }),
  shapeOnly('reciprocal', ['np.reciprocal'], { unknown: NOT_EVALUATED }),
  shapeOnly('nan_to_num', ['np.nan_to_num'], { unknown: NOT_EVALUATED }),
];
