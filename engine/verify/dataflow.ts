// Which statements of one function a statement's value comes from: reaching definitions, read from the
// text alone. A name read at a statement comes from the earlier statements that write it, back to the
// last plain rebinding that always runs before the read (one in the same block or an enclosing one),
// and, inside a loop, from the loop's later statements too (the previous iteration's value). Writes
// into a name (`dx[:, t] = ...`, `dgate *= ...`) read the name as well. Over-approximate: a statement
// listed may not reach in every run; one that reaches is never left out.

import type { Expr, Stmt } from '../syntax/ast';
import { stmtExprs, walkExpr } from '../syntax/walk';

type DefStmt = Stmt & { kind: 'def' };

interface Simple {
  stmt: Stmt;
  /** Compound statements (if/for/while/with/try) around it, outermost first. */
  blocks: Stmt[];
  /** Names it binds outright (a plain assignment's name targets, a loop's target). */
  binds: Set<string>;
  /** Names it writes into without rebinding (`x[i] = ...`, `x += ...`, `x.attr = ...`). */
  updates: Set<string>;
  /** Names it reads. */
  reads: Set<string>;
}

function namesIn(e: Expr | undefined, out: Set<string>): void {
  if (e) walkExpr(e, (x) => { if (x.kind === 'name') out.add(x.id); });
}

/** A target's effect: a name rebound, or the name at the root of a subscript/attribute written into. */
function target(t: Expr, s: Simple): void {
  if (t.kind === 'name') s.binds.add(t.id);
  else if (t.kind === 'tuple' || t.kind === 'list') for (const e of t.elts) target(e, s);
  else if (t.kind === 'starred') target(t.value, s);
  else if (t.kind === 'subscript' || t.kind === 'attr') {
    let root: Expr = t;
    while (root.kind === 'subscript' || root.kind === 'attr') {
      if (root.kind === 'subscript') namesIn(root.index, s.reads);
      root = root.obj;
    }
    if (root.kind === 'name') { s.updates.add(root.id); s.reads.add(root.id); }
    else namesIn(root, s.reads);
  }
}

function simpleOf(stmt: Stmt, blocks: Stmt[]): Simple {
  const s: Simple = { stmt, blocks, binds: new Set(), updates: new Set(), reads: new Set() };
  if (stmt.kind === 'assign') {
    for (const t of stmt.targets) target(t, s);
    namesIn(stmt.value, s.reads);
  } else if (stmt.kind === 'augassign') {
    target(stmt.target, s);
    if (stmt.target.kind === 'name') { s.binds.delete(stmt.target.id); s.updates.add(stmt.target.id); s.reads.add(stmt.target.id); }
    namesIn(stmt.value, s.reads);
  } else if (stmt.kind === 'annassign') {
    if (stmt.value) { target(stmt.target, s); namesIn(stmt.value, s.reads); }
  } else if (stmt.kind === 'for') {
    target(stmt.target, s);
    namesIn(stmt.iter, s.reads);
  } else {
    for (const e of stmtExprs(stmt)) namesIn(e, s.reads);
  }
  return s;
}

function flatten(body: Stmt[], blocks: Stmt[], out: Simple[]): void {
  for (const st of body) {
    if (st.kind === 'def' || st.kind === 'class') continue;
    out.push(simpleOf(st, blocks));
    const inner = [...blocks, st];
    if (st.kind === 'if' || st.kind === 'for' || st.kind === 'while') {
      flatten(st.body, inner, out);
      flatten(st.orelse, inner, out);
    } else if (st.kind === 'with') flatten(st.body, inner, out);
    else if (st.kind === 'try') {
      flatten(st.body, inner, out);
      for (const h of st.handlers) flatten(h.body, inner, out);
      flatten(st.orelse, inner, out);
      flatten(st.finalbody, inner, out);
    }
  }
}

/** Whether `a`'s blocks enclose `b` (a statement in them always runs before a later one in b's). */
function dominates(a: Simple, b: Simple): boolean {
  return a.blocks.length <= b.blocks.length && a.blocks.every((x, i) => b.blocks[i] === x) && !a.blocks.some((x) => x.kind === 'if' || x.kind === 'try');
}

/**
 * The statements of `def` whose values `from` (statements of its body) are computed from, directly or
 * through others, `from` excluded. `atEnd`: names whose values as the function ends count too (a
 * gradient written in steps, `dx = np.zeros(...)` then `dx[:, t] += ...`, is checked as it ends).
 */
/**
 * A function's statements in order, flattened once per syntax tree (every check of the function asks),
 * ending with a statement that stands for the function's end (what a name holds as it returns).
 */
const flattened = new WeakMap<DefStmt, { flat: Simple[]; index: Map<Stmt, number> }>();

function flatOf(def: DefStmt): { flat: Simple[]; index: Map<Stmt, number> } {
  let memo = flattened.get(def);
  if (!memo) {
    const flat: Simple[] = [];
    flatten(def.body, [], flat);
    flat.push({ stmt: { kind: 'pass', span: { start: def.span.end, end: def.span.end } }, blocks: [], binds: new Set(), updates: new Set(), reads: new Set() });
    memo = { flat, index: new Map(flat.map((s, i) => [s.stmt, i])) };
    flattened.set(def, memo);
  }
  return memo;
}

export function feeding(def: DefStmt, from: Stmt[], atEnd: string[] = []): Stmt[] {
  const { flat, index } = flatOf(def);
  const end = flat.length - 1;
  const done = new Set<number>();
  const work = from.map((s) => index.get(s)).filter((i): i is number => i !== undefined);
  if (atEnd.length > 0) work.push(end);
  const start = new Set(work);
  while (work.length > 0) {
    const i = work.pop()!;
    if (done.has(i)) continue;
    done.add(i);
    const at = flat[i];
    for (const name of i === end ? atEnd : at.reads) {
      for (let j = i - 1; j >= 0; j--) {
        const d = flat[j];
        if (!d.binds.has(name) && !d.updates.has(name)) continue;
        work.push(j);
        if (d.binds.has(name) && dominates(d, at)) break;
      }
      // Loop-carried: a loop around the read may write the name later in its body.
      for (const loop of at.blocks) {
        if (loop.kind !== 'for' && loop.kind !== 'while') continue;
        for (let j = i + 1; j < flat.length && flat[j].stmt.span.start < loop.span.end; j++) {
          if (flat[j].binds.has(name) || flat[j].updates.has(name)) work.push(j);
        }
      }
    }
  }
  return [...done].filter((i) => !start.has(i)).sort((a, b) => a - b).map((i) => flat[i].stmt);
}

/** The innermost function definition of `body` whose text holds `offset`. */
export function enclosingDef(body: Stmt[], offset: number): DefStmt | undefined {
  for (const s of body) {
    if (offset < s.span.start || offset >= s.span.end) continue;
    if (s.kind === 'def') return enclosingDef(s.body, offset) ?? s;
    if (s.kind === 'class') return enclosingDef(s.body, offset);
    if (s.kind === 'if' || s.kind === 'for' || s.kind === 'while') return enclosingDef([...s.body, ...s.orelse], offset);
    if (s.kind === 'with') return enclosingDef(s.body, offset);
    if (s.kind === 'try') return enclosingDef([...s.body, ...s.handlers.flatMap((h) => h.body), ...s.orelse, ...s.finalbody], offset);
    return undefined;
  }
  return undefined;
}
