// Python's `math` module on plain numbers (`1 / math.sqrt(n_in)`, `int(math.ceil(n / batch))`): an
// initialiser's scale or a count of batches. An array handed to it is not a number: not modelled.

import { type CValue, Unevaluable, num } from './values';

const UNARY: Record<string, (x: number) => number> = {
  sqrt: Math.sqrt, exp: Math.exp, log: Math.log, log10: Math.log10, log2: Math.log2, fabs: Math.abs,
  tanh: Math.tanh, sin: Math.sin, cos: Math.cos,
};
const TO_INT: Record<string, (x: number) => number> = { floor: Math.floor, ceil: Math.ceil, trunc: Math.trunc };
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E, inf: Infinity };

/** `math.pi`, `math.e`, `math.inf`, when `name` is one. */
export function mathConstant(name: string): CValue | undefined {
  return name in CONSTANTS ? num(CONSTANTS[name], false) : undefined;
}

function numberOf(v: CValue | undefined, what: string): number {
  if (v?.t === 'num') return v.v;
  if (v?.t === 'bool') return v.v ? 1 : 0;
  throw new Unevaluable(`math.${what} of something other than a number`);
}

/** A call of `math.<name>`; undefined when the module has no such function here. */
export function callMath(name: string, args: CValue[]): CValue | undefined {
  if (name in UNARY) {
    const x = numberOf(args[0], name);
    if ((name === 'sqrt' && x < 0) || (name.startsWith('log') && x <= 0)) throw new Unevaluable(`math.${name} of ${x}`);
    if (name === 'log' && args[1]) return num(Math.log(x) / Math.log(numberOf(args[1], name)), false);
    return num(UNARY[name](x), false);
  }
  if (name in TO_INT) return num(TO_INT[name](numberOf(args[0], name)), true);
  if (name === 'pow') return num(numberOf(args[0], name) ** numberOf(args[1], name), false);
  return undefined;
}
