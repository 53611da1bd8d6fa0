// Parameter updates read from a body's text: `W2 += learning_rate * gW2`, `W -= lr * g / m`,
// `W = W - lr * g`, `self.weights = self.weights - lr * dw`. An update names the gradient it applies (whatever its name: `gW2`, `step`) and
// its direction: adding it maximises the objective (gradient ascent on a log-likelihood), subtracting
// it minimises. Only a plain step pairs: the gradient times and divided by plain names, numbers or
// `len(...)`; a momentum velocity (`v = mu * v - lr * dW; W += v`, a name written from itself) or an
// Adam step (`m_hat / (np.sqrt(v_hat) + eps)`) applies something other than the gradient and pairs
// with nothing. Naming only chooses which values are compared; the comparison decides.

import type { Expr, Stmt } from '../syntax/ast';
import { walkStmts, childExprs } from '../syntax/walk';
import { LEARNING_RATE_NAMES } from './pairing';

export interface Update {
  /** The parameter updated. */
  partner: string;
  /** +1: `W += lr * g` (ascent); -1: `W -= lr * g` (descent). */
  direction: 1 | -1;
  /** Names the step divides by (`W -= lr / n * g`: n): the step applies g / n. */
  divisors: string[];
}

export interface Updates {
  /** Gradient name → the update that applies it (a name applied to two parameters is left out). */
  byGradient: Map<string, Update>;
  /** +1 when every update in the body adds its step, -1 when every one subtracts it; else undefined. */
  direction: 1 | -1 | undefined;
}

const memo = new WeakMap<Stmt[], Updates>();

/** The parameter updates a body (a function's or a module's) makes, through its nested blocks. */
export function updatesIn(body: Stmt[]): Updates {
  const known = memo.get(body);
  if (known) return known;
  const steps: { partner: string; step: Expr; direction: 1 | -1 }[] = [];
  const writtenFromItself = new Set<string>();
  walkStmts(body, (s) => {
    const target = s.kind === 'augassign' ? s.target : s.kind === 'assign' && s.targets.length === 1 ? s.targets[0] : undefined;
    const p = target && updatedName(target);
    if (s.kind === 'augassign' && p !== undefined) {
      if (s.op === '+' || s.op === '-') steps.push({ partner: p, step: s.value, direction: s.op === '+' ? 1 : -1 });
      writtenFromItself.add(p);
    } else if (s.kind === 'assign' && p !== undefined) {
      const v = s.value;
      if (v.kind === 'binop' && (v.op === '+' || v.op === '-') && updatedName(v.left) === p) steps.push({ partner: p, step: v.right, direction: v.op === '+' ? 1 : -1 });
      else if (v.kind === 'binop' && v.op === '+' && updatedName(v.right) === p) steps.push({ partner: p, step: v.left, direction: 1 });
      if (target!.kind === 'name' && mentions(v, p)) writtenFromItself.add(p);
    }
  });
  const byGradient = new Map<string, Update>();
  const twice = new Set<string>();
  const directions = new Set<number>();
  for (const { partner, step, direction } of steps) {
    const { gradient: g, divisors } = stepParts(step);
    // A counter (`i += 1`) or an accumulator (`total += x`) is no parameter update; only a step that
    // applies a gradient counts, and counts towards the body's direction.
    if (!g || g === partner || writtenFromItself.has(g)) continue;
    directions.add(direction);
    if (byGradient.has(g) && byGradient.get(g)!.partner !== partner) twice.add(g);
    byGradient.set(g, { partner, direction, divisors });
  }
  for (const g of twice) byGradient.delete(g);
  const result: Updates = { byGradient, direction: directions.size === 1 ? (directions.has(1) ? 1 : -1) : undefined };
  memo.set(body, result);
  return result;
}

/**
 * The name a parameter update is recorded under: `W`, or an object's attribute `self.weights` (as the
 * run's history names the value it held, concrete/evaluator.ts updatingInPlace).
 */
export function updatedName(e: Expr): string | undefined {
  if (e.kind === 'name') return e.id;
  if (e.kind === 'attr' && e.obj.kind === 'name') return `${e.obj.id}.${e.name}`;
  return undefined;
}

/**
 * The gradient a step applies, and the names it is divided by: the one name among the step's factors (`lr * g / m`, `(lr / m) * g`,
 * `g * lr`) that is not a learning rate or a size, when every other factor is a name, a number or
 * `len(...)`. A step of one bare name (`W += v`) is taken too (the velocity rule excludes momentum).
 */
function stepParts(step: Expr): { gradient: string | undefined; divisors: string[] } {
  const names: string[] = [];
  const divisors: string[] = [];
  const plain = (e: Expr, divisor: boolean): boolean => {
    if (e.kind === 'binop' && e.op === '*') return plain(e.left, divisor) && plain(e.right, divisor);
    if (e.kind === 'binop' && e.op === '/') return plain(e.left, divisor) && plain(e.right, true);
    if (e.kind === 'num') return true;
    if (e.kind === 'unary' && e.op === '-' && e.operand.kind === 'num') return true;
    if (e.kind === 'call' && e.func.kind === 'name' && e.func.id === 'len') return true;
    if (e.kind === 'name') {
      (divisor ? divisors : names).push(e.id);
      return true;
    }
    // `self.lr * g`, `g / self.n_samples`: a setting kept on the object scales the step like a plain name.
    if (e.kind === 'attr' && e.obj.kind === 'name' && e.obj.id === 'self' && (divisor || RATE_OR_SIZE.test(e.name))) return true;
    return false;
  };
  if (!plain(step, false)) return { gradient: undefined, divisors };
  const candidates = names.filter((n) => !RATE_OR_SIZE.test(n));
  return { gradient: candidates.length === 1 ? candidates[0] : undefined, divisors };
}

/** Names a step is scaled by: a learning rate, a batch size. */
export const RATE_OR_SIZE = new RegExp(`^(${LEARNING_RATE_NAMES}|lr_\\w+|\\w*_lr|m|N|n|batch_size|n_samples|num_examples|num_train)$`, 'i');

function mentions(e: Expr, name: string): boolean {
  if (e.kind === 'name') return e.id === name;
  return childExprs(e).some((c) => mentions(c, name));
}
