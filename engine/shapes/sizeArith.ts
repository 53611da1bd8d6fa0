// Sizes computed from symbolic sizes (`4 * H`, `N * T`, `Hpad - 2 * pad`): the engine does no algebra
// on them, so such a size is unknown, compares with nothing and never makes a finding. It is shown
// as the expression the code wrote (dim.ts hint, display only), so `np.zeros((D, 4 * H))` reads
// `(D, 4*H)` rather than `(D, ?)`.

import type { Dim, DimStore } from './dim';

const PRECEDENCE: Record<string, number> = { '+': 1, '-': 1, '*': 2, '//': 2, '%': 2 };

function operand(dims: DimStore, d: Dim, outer: number, right: boolean): string | undefined {
  const text = dims.render(d);
  // `_` is a size the code threw away (`batch, steps, _ = X.shape`): no name to show a formula in.
  if (text.includes('?') || /(^|\W)_(\W|$)/.test(text)) return undefined;
  const inner = /^[\w.[\]]+$/.test(text) ? 3 : /[+-]/.test(text.replace(/^-/, '')) ? 1 : 2;
  return inner < outer || (right && inner === outer && outer === 1) ? `(${text})` : text;
}

/** An unknown size shown as `a op b` when both operands have a name or a value; else plain unknown. */
export function arithmeticSize(dims: DimStore, op: string, a: Dim, b: Dim): Dim {
  const p = PRECEDENCE[op];
  if (p === undefined) return dims.unknown();
  const x = operand(dims, a, p, false);
  const y = operand(dims, b, p, true);
  if (x === undefined || y === undefined || x.length + y.length > 40) return dims.unknown();
  return dims.hinted(`${x}${op}${y}`);
}

/**
 * A constant computed from sizes the code named (`n * d` with n = 4 and d = 3): 12, shown as `n*d`
 * while nothing names it. From unnamed numbers (`4 * 3`) it is a plain constant.
 */
export function constantSize(dims: DimStore, op: string, a: Dim, b: Dim, value: number): Dim {
  const p = PRECEDENCE[op];
  if (p === undefined || !(dims.hasLabel(a) || dims.hasLabel(b))) return dims.constant(value);
  const x = operand(dims, a, p, false);
  const y = operand(dims, b, p, true);
  if (x === undefined || y === undefined || x.length + y.length > 40) return dims.constant(value);
  return dims.computedConstant(value, `${x}${op}${y}`);
}

/** Whether a size is one the code computed from sizes (shown as `n*d`), not a size of its own. */
export function isArithmeticSize(dims: DimStore, d: Dim): boolean {
  const f = dims.hasLabel(d) ? undefined : dims.formulaOf(d);
  return f !== undefined && /[-+*/%]/.test(f.replace(/^-/, ''));
}

/** The length of a slice `[lo:hi]` of an axis of size `axis`, shown as the code's bounds; plain unknown otherwise. */
export function sliceSize(dims: DimStore, axis: Dim, lo: Dim | undefined, hi: Dim | undefined): Dim {
  const lv = lo === undefined ? 0 : dims.value(lo);
  if (lv !== undefined && lv < 0) return dims.unknown();
  const hv = hi === undefined ? undefined : dims.value(hi);
  if (hv !== undefined && hv < 0) return dims.unknown();
  const n = dims.value(axis);
  // Constant bounds on a constant axis: NumPy's clipped length, shown only (the axis's constant may be a
  // docstring's example, which must not become a size that contradicts anything).
  if (n !== undefined && lv !== undefined && (hi === undefined || hv !== undefined)) {
    const end = Math.min(n, hi === undefined ? n : hv!);
    return dims.hinted(String(Math.max(0, end - Math.min(lv, n))));
  }
  // An upper bound past the axis's end would clip: only symbolic bounds are shown, never computed.
  if (lo === undefined || lv === 0) return hi === undefined ? axis : hv !== undefined ? dims.unknown() : shown(dims, hi);
  // `[i:i + k]` is k long, whatever i is; `[n_h:]` of an axis of n_h+D is the D after it.
  const rest = termAfter(dims.render(lo), dims.render(hi ?? axis));
  if (rest !== undefined) return dims.hinted(rest);
  return arithmeticSize(dims, '-', hi ?? axis, lo);
}

/** `k` when `sum` is written `first+k` with k a single term; undefined otherwise. */
function termAfter(first: string, sum: string): string | undefined {
  if (first.includes('?') || !sum.startsWith(`${first}+`)) return undefined;
  const rest = sum.slice(first.length + 1);
  return /[-+]/.test(rest) ? undefined : rest;
}

function shown(dims: DimStore, d: Dim): Dim {
  const text = dims.render(d);
  return text.includes('?') ? dims.unknown() : dims.hinted(text);
}
