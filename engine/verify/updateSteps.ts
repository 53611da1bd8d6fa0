// Gradients an update applies without naming them, as online training loops write them:
// `self.w_out += self.rate * np.outer(hidden, out_delta)`, or through a momentum velocity,
// `self.v = momentum * self.v + lr * np.outer(h, delta); self.w += self.v`. The gradient is the step's
// one factor that is not a learning rate or a size; with a velocity, the term of the velocity that is
// not the velocity itself (on the first step the velocity is that term times the rate). Each pairs with
// the parameter its update changes; naming only chooses which values are compared.

import type { Expr, Stmt } from '../syntax/ast';
import { childExprs, walkStmts } from '../syntax/walk';
import { RATE_OR_SIZE, updatedName, updatesIn } from './updates';
import type { CFrame, Evaluator } from '../concrete/evaluator';
import type { CArr } from '../concrete/values';

export interface StepTerm {
  /** The parameter updated (`self.w_out`, `W2`), as the run's history names it. */
  partner: string;
  /** The gradient as the code writes it (`np.outer(hidden, out_delta)`, or a name). */
  term: Expr;
  /** The statement the term is written in: the update, or the velocity's assignment. */
  stmt: Stmt;
  /** The name that statement writes (for the frame's record of what it executed). */
  written: string;
}

const memo = new WeakMap<Stmt[], StepTerm[]>();

/** The gradients a body's updates apply as expressions or through a velocity (not a plain named step). */
export function stepTermsIn(body: Stmt[]): StepTerm[] {
  const known = memo.get(body);
  if (known) return known;
  const updates: { partner: string; step: Expr; stmt: Stmt }[] = [];
  const assigns: { target: string; value: Expr; stmt: Stmt }[] = [];
  walkStmts(body, (s) => {
    if (s.kind === 'augassign' && (s.op === '+' || s.op === '-')) {
      const p = updatedName(s.target);
      if (p !== undefined) updates.push({ partner: p, step: s.value, stmt: s });
    } else if (s.kind === 'assign' && s.targets.length === 1) {
      const p = updatedName(s.targets[0]);
      if (p === undefined) return;
      assigns.push({ target: p, value: s.value, stmt: s });
      const v = s.value;
      if (v.kind === 'binop' && (v.op === '+' || v.op === '-') && updatedName(v.left) === p) updates.push({ partner: p, step: v.right, stmt: s });
    }
  });
  const out: StepTerm[] = [];
  for (const u of updates) {
    const g = gradientTerm(u.step);
    if (!g) continue;
    const velocity = updatedName(g);
    if (velocity === undefined) {
      out.push({ partner: u.partner, term: g, stmt: u.stmt, written: u.partner });
      continue;
    }
    // `W += v` where `v = mu * v + lr * g` (or `- lr * g`): the velocity's own term is the gradient.
    for (const a of assigns) {
      if (a.target !== velocity || a.value.kind !== 'binop' || (a.value.op !== '+' && a.value.op !== '-')) continue;
      const { left, right } = a.value;
      const other = reads(left, velocity) && !reads(right, velocity) ? right : reads(right, velocity) && !reads(left, velocity) ? left : undefined;
      const t = other && gradientTerm(other);
      if (t && updatedName(t) === undefined) out.push({ partner: u.partner, term: t, stmt: a.stmt, written: velocity });
    }
  }
  memo.set(body, out);
  return out;
}

/** A step without its rate and sizes (`lr * g / m`, `np.multiply(lr, g)`, `-lr * g`): the gradient, if one factor is left. */
function gradientTerm(e: Expr): Expr | undefined {
  if (e.kind === 'unary' && e.op === '-') return gradientTerm(e.operand);
  if (e.kind === 'binop' && e.op === '*') return scaled(e.left, e.right);
  if (e.kind === 'call' && e.func.kind === 'attr' && e.func.name === 'multiply' && e.args.length === 2 && e.keywords.length === 0) return scaled(e.args[0], e.args[1]);
  if (e.kind === 'binop' && e.op === '/') return isSize(e.right, true) ? gradientTerm(e.left) : undefined;
  if (isSize(e, false)) return undefined;
  // `lr * h.T @ d` is `(lr * h.T) @ d`: the rate sits inside the product, which is no gradient alone.
  if (e.kind === 'binop' && e.op === '@' && scaledInside(e.left)) return undefined;
  // `np.dot(lr * h.T, d)`, `(lr * h).T.dot(d)`: the same.
  if (e.kind === 'call' && e.func.kind === 'attr' && /^(dot|matmul|outer)$/.test(e.func.name) && [...e.args, e.func.obj].some(scaledInside)) return undefined;
  if (e.kind === 'name' || e.kind === 'attr' || e.kind === 'call' || e.kind === 'binop') return e;
  return undefined;
}

function scaled(a: Expr, b: Expr): Expr | undefined {
  if (isSize(a, false) && !isSize(b, false)) return gradientTerm(b);
  if (isSize(b, false) && !isSize(a, false)) return gradientTerm(a);
  return undefined;
}

/** The left operand of a product scaled by a rate or a number (`lr * h.T`, `(lr * a) @ b`'s left spine). */
function scaledInside(e: Expr): boolean {
  if (e.kind === 'binop' && (e.op === '*' || e.op === '/')) return isSize(e.left, false) || isSize(e.right, e.op === '/') || scaledInside(e.left);
  if (e.kind === 'binop' && e.op === '@') return scaledInside(e.left);
  if (e.kind === 'attr' && e.name === 'T') return scaledInside(e.obj);
  return false;
}

/** A learning rate, a size or a number (any plain name or setting when it divides). */
function isSize(e: Expr, divisor: boolean): boolean {
  if (e.kind === 'num') return true;
  if (e.kind === 'unary' && e.op === '-') return isSize(e.operand, divisor);
  if (e.kind === 'call' && e.func.kind === 'name' && e.func.id === 'len') return true;
  if (e.kind === 'name') return divisor || RATE_OR_SIZE.test(e.id);
  if (e.kind === 'attr' && e.obj.kind === 'name' && e.obj.id === 'self') return divisor || RATE_OR_SIZE.test(e.name);
  if (e.kind === 'binop' && (e.op === '*' || e.op === '/')) return isSize(e.left, divisor) && isSize(e.right, divisor || e.op === '/');
  return false;
}

/** Whether an expression reads a name or an attribute of self (`self.v`). */
function reads(e: Expr, name: string): boolean {
  return updatedName(e) === name || childExprs(e).some((c) => reads(c, name));
}

/** A step term the frame executed, with its value on the run's tape. */
export interface StepValue {
  name: string;
  partner: string;
  stmt: Stmt;
  value: CArr;
}

/** How far back the tape is searched for a term's value (its statement ran in this iteration). */
const SEARCH = 4096;

/** The step terms of the frame's body that it executed, each with the value it computed last. */
export function stepValues(ev: Evaluator, frame: CFrame): StepValue[] {
  const out: StepValue[] = [];
  const nodes = ev.tape.nodes;
  for (const t of stepTermsIn(frame.func ? frame.func.def.body : frame.unit.module.body)) {
    if (!frame.assigned.get(t.written)?.includes(t.stmt)) continue;
    let node: number | undefined;
    const e = t.term;
    for (let i = nodes.length - 1; i >= 0 && i >= nodes.length - SEARCH; i--) {
      const n = nodes[i];
      if (n.call === frame.instance && n.file === frame.unit.file && n.span?.start === e.span.start && n.span.end === e.span.end) {
        node = i;
        break;
      }
    }
    if (node === undefined || nodes[node].out.dtype !== 'float') continue;
    out.push({ name: frame.unit.text.slice(e.span.start, e.span.end), partner: t.partner, stmt: t.stmt, value: { t: 'arr', a: nodes[node].out, node } });
  }
  // A term computed after another term updated a parameter it reads (`W -= lr * np.outer(x, V.dot(err))`
  // after `V -= lr * ...`) goes back through weights the forward pass never used: it is the derivative of
  // no run, so it is not checked.
  const terms = new Set(out.map((s) => s.value.node));
  return out.filter((s) => !ev.tape.dependsOn(s.value.node, new Set([...terms].filter((n) => n !== s.value.node))));
}

/** The gradients the body's updates apply by name (`self.w_h -= self.eta * delta_w_h`) that the frame computed and applied. */
export function namedSteps(frame: CFrame): StepValue[] {
  const out: StepValue[] = [];
  for (const [g, u] of updatesIn(frame.func ? frame.func.def.body : frame.unit.module.body).byGradient) {
    const stmts = frame.assigned.get(g);
    const v = frame.scope.vars.get(g);
    if (!stmts || !frame.assigned.has(u.partner) || v?.t !== 'arr' || v.a.dtype !== 'float') continue;
    out.push({ name: g, partner: u.partner, stmt: stmts[stmts.length - 1], value: v });
  }
  return out;
}
