// Python operators on concrete values: numbers follow Python, anything with an array follows NumPy
// (broadcasting kernels, recorded on the tape).

import type { BinaryOperator, CompareOperator, Span } from '../syntax/ast';
import { NDArray, NumericError } from '../numeric/ndarray';
import { binary, matmul, type BinaryOp } from '../numeric/kernels';
import { type CArr, type CValue, Unevaluable, num } from './values';
import type { Evaluator } from './evaluator';

const ARRAY_OP: Partial<Record<BinaryOperator, BinaryOp>> = {
  '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '**': 'pow', '//': 'floordiv', '%': 'mod', '&': 'and', '|': 'or',
};
const COMPARE_OP: Partial<Record<CompareOperator, BinaryOp>> = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '==': 'eq', '!=': 'ne' };

function isNumeric(v: CValue): v is CValue & ({ t: 'num' } | { t: 'bool' }) {
  return v.t === 'num' || v.t === 'bool';
}

function numOf(v: CValue & ({ t: 'num' } | { t: 'bool' })): number {
  return v.t === 'num' ? v.v : v.v ? 1 : 0;
}

function isInt(v: CValue & ({ t: 'num' } | { t: 'bool' })): boolean {
  return v.t === 'bool' || v.int;
}

function pyArith(op: BinaryOperator, a: number, b: number, ints: boolean): CValue {
  switch (op) {
    case '+': return num(a + b, ints);
    case '-': return num(a - b, ints);
    case '*': return num(a * b, ints);
    case '/':
      if (b === 0) throw new Unevaluable('division by zero');
      return num(a / b, false);
    case '//':
      if (b === 0) throw new Unevaluable('division by zero');
      return num(Math.floor(a / b), ints);
    case '%':
      if (b === 0) throw new Unevaluable('division by zero');
      return num(a - Math.floor(a / b) * b, ints);
    case '**': return num(a ** b, ints && b >= 0);
    default: throw new Unevaluable(`operator ${op} on numbers`);
  }
}

export function binop(ev: Evaluator, op: BinaryOperator, l: CValue, r: CValue, span: Span): CValue {
  if (isNumeric(l) && isNumeric(r)) return pyArith(op, numOf(l), numOf(r), isInt(l) && isInt(r));
  // `"loss %.4f" % loss` of a 0-d array: text formatting (below), not NumPy's remainder.
  if (l.t === 'arr' || (r.t === 'arr' && !(op === '%' && l.t === 'str'))) {
    const a = ev.toArr(l, span);
    const b = ev.toArr(r, span);
    if (op === '@') return ev.record('matmul', [a, b], {}, matmul(a.a, b.a), span);
    const k = ARRAY_OP[op];
    if (!k) throw new Unevaluable(`operator ${op} on arrays`);
    const clash = ev.opts.labelsClash?.(a, b);
    if (clash) throw new NumericError(`${k}: labels and the output they are compared with differ in shape: (${a.a.shape.join(', ')}) and (${b.a.shape.join(', ')})`, { shapes: [a.a.shape, b.a.shape], sizes: clash, guessed: true });
    return ev.record(k, [a, b], {}, binary(k, a.a, b.a), span);
  }
  if (op === '%' && l.t === 'str') {
    // `'W%s' % l`, `'%d-%d' % (a, b)`: %s, %d and %i of ints and strings; any other format (`%.3f` of a
    // cost being printed) keeps the format string, as before.
    const items = r.t === 'tuple' ? r.items : [r];
    let k = 0;
    let simple = !/%[^sdi%]/.test(l.v);
    const out = l.v.replace(/%([sdi%])/g, (m, c: string) => {
      if (c === '%') return '%';
      const v = items[k++];
      if (v?.t === 'str' && c === 's') return v.v;
      if (v?.t === 'num' && v.int) return String(v.v);
      simple = false;
      return m;
    });
    if (simple && k === items.length) return { t: 'str', v: out };
  }
  if (op === '+' && l.t === r.t && (l.t === 'str' || l.t === 'list' || l.t === 'tuple')) {
    if (l.t === 'str') return { t: 'str', v: l.v + (r as { v: string }).v };
    return { t: l.t, items: [...(l as { items: CValue[] }).items, ...(r as { items: CValue[] }).items] } as CValue;
  }
  if (op === '*' && (l.t === 'list' || l.t === 'tuple') && r.t === 'num' && r.int) {
    return { t: l.t, items: Array.from({ length: Math.max(0, r.v) }, () => l.items).flat() };
  }
  // `10 * [10]`: repetition either way round.
  if (op === '*' && l.t === 'num' && l.int && (r.t === 'list' || r.t === 'tuple')) {
    return { t: r.t, items: Array.from({ length: Math.max(0, l.v) }, () => r.items).flat() };
  }
  if (op === '%' && l.t === 'str') return { t: 'str', v: l.v };
  throw new Unevaluable(`operator ${op} on ${l.t} and ${r.t}`);
}

export function unaryop(ev: Evaluator, op: string, v: CValue, span: Span): CValue {
  if (op === 'not') return { t: 'bool', v: !ev.truthy(v) };
  if (isNumeric(v)) {
    const x = numOf(v);
    if (op === '-') return num(-x, isInt(v));
    if (op === '+') return num(x, isInt(v));
    if (op === '~') return num(~x, true);
  }
  if (v.t === 'arr') {
    if (op === '-') return ev.unary('neg', v, span);
    if (op === '+') return v;
    if (op === '~') return ev.unary('not', v, span);
  }
  throw new Unevaluable(`unary ${op} on ${v.t}`);
}

function equalValues(a: CValue, b: CValue): boolean {
  if (isNumeric(a) && isNumeric(b)) return numOf(a) === numOf(b);
  if (a.t === 'str' && b.t === 'str') return a.v === b.v;
  // `db.dtype == float`: NumPy compares a dtype with a Python type by what it names.
  const dtypeOf: Record<string, string> = { float: 'float64', int: 'int64', bool: 'bool' };
  if (a.t === 'str' && b.t === 'builtin' && dtypeOf[b.name]) return a.v === dtypeOf[b.name];
  if (b.t === 'str' && a.t === 'builtin' && dtypeOf[a.name]) return b.v === dtypeOf[a.name];
  if (a.t === 'none' || b.t === 'none') return a.t === b.t;
  if ((a.t === 'tuple' || a.t === 'list') && (b.t === 'tuple' || b.t === 'list')) {
    return a.t === b.t && a.items.length === b.items.length && a.items.every((x, i) => equalValues(x, b.items[i]));
  }
  return a === b;
}

export function compare(ev: Evaluator, op: CompareOperator, l: CValue, r: CValue, span: Span): CValue {
  if (op === 'is' || op === 'is not') {
    const same = l === r || (l.t === 'none' && r.t === 'none') || (l.t === 'bool' && r.t === 'bool' && l.v === r.v);
    return { t: 'bool', v: op === 'is' ? same : !same };
  }
  if (op === 'in' || op === 'not in') {
    let found: boolean;
    if (r.t === 'dict') found = [...r.keys.values()].some((k) => equalValues(k, l));
    else if (r.t === 'list' || r.t === 'tuple') found = r.items.some((x) => equalValues(x, l));
    else if (r.t === 'str' && l.t === 'str') found = r.v.includes(l.v);
    else throw new Unevaluable(`'in' on ${r.t}`);
    return { t: 'bool', v: op === 'in' ? found : !found };
  }
  if (l.t === 'arr' || r.t === 'arr') {
    const a = ev.toArr(l, span);
    const b = ev.toArr(r, span);
    const k = COMPARE_OP[op]!;
    return ev.record(k, [a, b], {}, binary(k, a.a, b.a), span);
  }
  if (op === '==' || op === '!=') {
    const eq = equalValues(l, r);
    return { t: 'bool', v: op === '==' ? eq : !eq };
  }
  if (isNumeric(l) && isNumeric(r)) {
    const a = numOf(l);
    const b = numOf(r);
    const v = op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    return { t: 'bool', v };
  }
  if (l.t === 'str' && r.t === 'str') {
    const v = op === '<' ? l.v < r.v : op === '<=' ? l.v <= r.v : op === '>' ? l.v > r.v : l.v >= r.v;
    return { t: 'bool', v };
  }
  throw new Unevaluable(`comparison ${op} on ${l.t} and ${r.t}`);
}

export function scalarArray(v: number, int: boolean): NDArray {
  return NDArray.scalar(v, int ? 'int' : 'float');
}

export type { CArr };
