// Arrays JavaScript code fills by hand, read as the NumPy constructors they stand for:
//
//   new Array(n).fill(0), Array(n).fill(0)                  → np.zeros(n)      (.fill(1) → np.ones, .fill(v) → np.full)
//   Array.from({ length: n }, () => 0)                      → np.zeros(n)
//   Array.from({ length: r }, () => new Array(c).fill(0))   → np.zeros((r, c))  (nested, any depth)
//   Array.from({ length: n }, () => Math.random())          → np.random.rand(n)
//   Array.from({ length: n }, () => (Math.random() - 0.5) * k)  → (np.random.rand(n) - 0.5) * k  (a draw per element)
//   Array.from({ length: c }, () => new Array(r))           → np.zeros((c, r))  (rows filled by index afterwards)
//
// Only a fill that is the same for every element (a number, a random draw) is read: a callback that
// reads its index, or a fill that is not a number, leaves the expression as it was.

import type * as TS from 'typescript';
import { skipOuter } from './syntaxHelpers';

/** zeros, ones, one number for all, or a number expression drawn afresh for each element (`each`: it calls Math.random). */
export type Fill = { kind: 'zeros' | 'ones' } | { kind: 'full'; value: TS.Expression } | { kind: 'each'; value: TS.Expression };

/** Sizes (outermost first) and the fill of a hand-filled array, or undefined when `e` is not one. */
export function filledArray(ts: typeof TS, e: TS.Expression, isScalar: (n: TS.Expression) => boolean, declared: ReadonlySet<string>, depth = 0): { sizes: TS.Expression[]; fill: Fill } | undefined {
  if (depth > 4 || declared.has('Array')) return undefined;
  const x = skipOuter(ts, e);
  if (!ts.isCallExpression(x) || !ts.isPropertyAccessExpression(x.expression)) return undefined;
  const method = x.expression.name.text;
  const recv = skipOuter(ts, x.expression.expression);
  if (method === 'fill' && x.arguments.length === 1) {
    const n = arrayOfLength(ts, recv);
    const fill = scalarFill(ts, x.arguments[0], isScalar, false);
    return n && fill ? { sizes: [n], fill } : undefined;
  }
  if (method === 'from' && ts.isIdentifier(recv) && recv.text === 'Array' && x.arguments.length === 2) {
    const n = lengthObject(ts, x.arguments[0]);
    const f = skipOuter(ts, x.arguments[1]);
    if (!n || !(ts.isArrowFunction(f) || ts.isFunctionExpression(f)) || f.parameters.length > 0) return undefined;
    const body = ts.isBlock(f.body) ? (f.body.statements.length === 1 && ts.isReturnStatement(f.body.statements[0]) ? f.body.statements[0].expression : undefined) : f.body;
    if (!body) return undefined;
    const fill = scalarFill(ts, body, isScalar, true);
    if (fill) return { sizes: [n], fill };
    // `Array.from({ length: c }, () => new Array(r))`: rows the code fills by index next (np.empty; zeros here).
    const rows = arrayOfLength(ts, skipOuter(ts, body));
    if (rows) return { sizes: [n, rows], fill: { kind: 'zeros' } };
    const inner = filledArray(ts, body, isScalar, declared, depth + 1);
    return inner ? { sizes: [n, ...inner.sizes], fill: inner.fill } : undefined;
  }
  return undefined;
}

/** `new Array(n)` or `Array(n)` with one argument: n. */
function arrayOfLength(ts: typeof TS, e: TS.Expression): TS.Expression | undefined {
  if (!(ts.isNewExpression(e) || ts.isCallExpression(e))) return undefined;
  const callee = skipOuter(ts, e.expression);
  if (!ts.isIdentifier(callee) || callee.text !== 'Array' || e.arguments?.length !== 1) return undefined;
  const n = skipOuter(ts, e.arguments[0]);
  // `new Array([1, 2])` is an array of one element.
  return ts.isArrayLiteralExpression(n) || ts.isObjectLiteralExpression(n) || ts.isStringLiteralLike(n) ? undefined : n;
}

/** `{ length: n }`: n. */
function lengthObject(ts: typeof TS, e: TS.Expression): TS.Expression | undefined {
  const o = skipOuter(ts, e);
  if (!ts.isObjectLiteralExpression(o) || o.properties.length !== 1) return undefined;
  const p = o.properties[0];
  if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'length') return p.initializer;
  if (ts.isShorthandPropertyAssignment(p) && p.name.text === 'length') return p.name;
  return undefined;
}

/**
 * A number every element gets (0, 1, any other). A callback runs once per element (`perElement`):
 * `Math.random()` there is a draw per element; `.fill(Math.random())` is one number.
 */
function scalarFill(ts: typeof TS, e: TS.Expression, isScalar: (n: TS.Expression) => boolean, perElement: boolean): Fill | undefined {
  const x = skipOuter(ts, e);
  if (ts.isNumericLiteral(x)) return Number(x.text) === 0 ? { kind: 'zeros' } : Number(x.text) === 1 ? { kind: 'ones' } : { kind: 'full', value: x };
  if (!isScalar(x)) return undefined;
  if (!containsRandom(ts, x)) return { kind: 'full', value: x };
  // `.fill(Math.random())` is one draw for all; a callback draws for every element.
  return perElement ? { kind: 'each', value: x } : { kind: 'full', value: x };
}

function containsRandom(ts: typeof TS, n: TS.Node): boolean {
  if (ts.isPropertyAccessExpression(n) && n.name.text === 'random') return true;
  return ts.forEachChild(n, (c) => (containsRandom(ts, c) ? true : undefined)) ?? false;
}
