// Symbolic expressions for derivations: the derivative table's `explain` face builds them, and they
// render as mathematics for hovers (W2ᵀ · dZ2 ⊙ tanh′(Z1)) and as NumPy for expected expressions
// (np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))).

import { NDArray } from './ndarray';
import { binary, matmul, reduce, transpose, unary } from './kernels';

export type Sym =
  /** A name or a piece of source text; `atomic` when it needs no parentheses. */
  | { k: 'var'; name: string; py?: string; shape?: number[]; node?: number }
  | { k: 'const'; v: number; text?: string }
  | { k: 'matmul'; a: Sym; b: Sym; shape?: number[] }
  | { k: 'T'; a: Sym }
  | { k: 'mul' | 'div' | 'add' | 'sub'; a: Sym; b: Sym }
  | { k: 'neg'; a: Sym }
  | { k: 'pow'; a: Sym; p: number }
  /** A named derivative with its closed form: tanh′(Z1) = 1 − A1². */
  | { k: 'deriv'; label: string; form: Sym }
  | { k: 'sum'; a: Sym; axis: number[]; keepdims: boolean }
  | { k: 'gt'; a: Sym; b: Sym };

/** A number as a person writes it: 0.05, not 0.049999999999999996. */
function num(x: number): string {
  return String(parseFloat(x.toPrecision(12)));
}

export const v = (name: string, shape?: number[], py?: string, node?: number): Sym => ({ k: 'var', name, shape, py, node });
export const c = (x: number, text?: string): Sym => ({ k: 'const', v: x, text });

export function mulS(a: Sym, b: Sym): Sym {
  if (a.k === 'const' && a.v === 1) return b;
  if (b.k === 'const' && b.v === 1) return a;
  return { k: 'mul', a, b };
}

export function negS(a: Sym): Sym {
  return a.k === 'neg' ? a.a : { k: 'neg', a };
}

const PREC: Record<string, number> = { add: 1, sub: 1, mul: 2, div: 2, matmul: 2, neg: 3, pow: 4, T: 5, var: 6, const: 6, deriv: 6, sum: 6, gt: 0 };

function isAtomicText(s: string): boolean {
  return /^[A-Za-z_][\w.]*(\[[^\]]*\])?$/.test(s) || /^\(.*\)$/.test(s);
}

function prec(s: Sym): number {
  if (s.k === 'var') return isAtomicText(s.name) ? 6 : 0;
  if (s.k === 'const') return s.v < 0 ? 3 : 6;
  return PREC[s.k];
}

function wrap(inner: string, need: number, s: Sym): string {
  return prec(s) < need ? `(${inner})` : inner;
}

/** Mathematics, as the course writes it: dZ1 = (W2ᵀ · dZ2) ⊙ tanh′(Z1). */
export function toMath(s: Sym): string {
  switch (s.k) {
    case 'var':
      return s.name;
    case 'const':
      return s.text ?? num(s.v);
    case 'matmul':
      return `${wrap(toMath(s.a), 2, s.a)} · ${wrap(toMath(s.b), 3, s.b)}`;
    case 'T':
      return `${wrap(toMath(s.a), 5, s.a)}ᵀ`;
    case 'mul':
      if (s.a.k === 'const') return `${toMath(s.a)} ${wrap(toMath(s.b), 2, s.b)}`;
      return `${wrap(toMath(s.a), 3, s.a)} ⊙ ${wrap(toMath(s.b), 3, s.b)}`;
    case 'div':
      return `${wrap(toMath(s.a), 2, s.a)} ⊘ ${wrap(toMath(s.b), 3, s.b)}`;
    case 'add':
      return `${toMath(s.a)} + ${wrap(toMath(s.b), 2, s.b)}`;
    case 'sub':
      return `${toMath(s.a)} − ${wrap(toMath(s.b), 2, s.b)}`;
    case 'neg':
      return `−${wrap(toMath(s.a), 3, s.a)}`;
    case 'pow':
      return `${wrap(toMath(s.a), 5, s.a)}${s.p === 2 ? '²' : `^${s.p}`}`;
    case 'deriv':
      return s.label;
    case 'sum':
      return `Σ(${toMath(s.a)}, axis=${s.axis.join(',')})`;
    case 'gt':
      return `[${toMath(s.a)} > ${toMath(s.b)}]`;
  }
}

/** NumPy, in the user's names: np.dot(W2.T, dZ2) * (1 - np.power(A1, 2)). */
export function toPython(s: Sym): string {
  switch (s.k) {
    case 'var':
      return s.py ?? s.name;
    case 'const':
      return s.text?.replace('1/', '1 / ') ?? num(s.v);
    case 'matmul':
      return `np.dot(${toPython(s.a)}, ${toPython(s.b)})`;
    case 'T':
      return prec(s.a) >= 5 ? `${toPython(s.a)}.T` : `(${toPython(s.a)}).T`;
    case 'mul':
      return `${wrapPy(s.a, 2)} * ${wrapPy(s.b, 3)}`;
    case 'div':
      return `${wrapPy(s.a, 2)} / ${wrapPy(s.b, 3)}`;
    case 'add':
      return `${toPython(s.a)} + ${wrapPy(s.b, 2)}`;
    case 'sub':
      return `${toPython(s.a)} - ${wrapPy(s.b, 2)}`;
    case 'neg':
      return `-${wrapPy(s.a, 3)}`;
    case 'pow':
      return `np.power(${toPython(s.a)}, ${s.p})`;
    case 'deriv':
      return `(${toPython(s.form)})`;
    case 'sum':
      return `np.sum(${toPython(s.a)}, axis=${s.axis.length === 1 ? s.axis[0] : `(${s.axis.join(', ')})`}${s.keepdims ? ', keepdims=True' : ''})`;
    case 'gt':
      return `(${toPython(s.a)} > ${toPython(s.b)})`;
  }
}

function wrapPy(s: Sym, need: number): string {
  const t = toPython(s);
  if (s.k === 'matmul' || s.k === 'deriv' || s.k === 'sum' || s.k === 'gt' || s.k === 'pow') return t;
  return prec(s) < need ? `(${t})` : t;
}

/** Evaluates an expression whose variables are tape nodes (derivations check themselves with it). */
export function evalSym(s: Sym, valueOf: (node: number) => NDArray | undefined): NDArray | undefined {
  const r = (x: Sym) => evalSym(x, valueOf);
  const both = (a: Sym, b: Sym, f: (x: NDArray, y: NDArray) => NDArray) => {
    const x = r(a);
    const y = r(b);
    return x && y ? f(x, y) : undefined;
  };
  switch (s.k) {
    case 'var':
      return s.node === undefined ? undefined : valueOf(s.node);
    case 'const':
      return NDArray.scalar(s.v);
    case 'matmul':
      return both(s.a, s.b, matmul);
    case 'T': {
      const x = r(s.a);
      return x && transpose(x);
    }
    case 'mul':
    case 'div':
    case 'add':
    case 'sub':
      return both(s.a, s.b, (x, y) => binary(s.k as 'mul', x, y));
    case 'neg': {
      const x = r(s.a);
      return x && unary('neg', x);
    }
    case 'pow': {
      const x = r(s.a);
      return x && binary('pow', x, NDArray.scalar(s.p));
    }
    case 'deriv':
      return r(s.form);
    case 'sum': {
      const x = r(s.a);
      return x && reduce('sum', x, s.axis, s.keepdims);
    }
    case 'gt': {
      const x = both(s.a, s.b, (p, q) => binary('gt', p, q));
      return x && new NDArray(x.shape, x.data, 'float');
    }
  }
}
