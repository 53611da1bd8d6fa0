// Lowered top-level statements kept between parses of one document (in its ParseCache), so that a
// keystroke lowers again only the statement it changed: every other top-level statement is taken
// from the last parse, moved by the edit's length change when it lies after the edit.
//
// Why this is sound: lowering a top-level statement reads only its own text (from its full start,
// leading comments and JSDoc included, to its end), the file-wide facts the pre-scan and the run
// gather (the context string, Lowerer.memoised in lower.ts: imports and namespaces, declared
// names, user classes and their instances, own matrix classes, libraries, the kind of file) and
// the temporaries counter. A statement of the same text under the same context and counter lowers
// to the same statements with every offset moved by the same amount, which `moved` applies. Its
// side effects (notes, library uses, callbacks, comments, temporaries; lowererBase.ts) are
// recorded with it and replayed in order, so the module and the lowering info equal a fresh
// lowering's. Notes hold source ranges, not compiler nodes (LibNote), so a memoised note never
// points into a tree the incremental parser has since moved. A statement that did not move is
// handed out as the same objects (the engine never mutates its tree; the Python memo does the same).
// When the context changes (an import edited, a name declared or removed) every statement is
// lowered again, as without a cache.

import type { Comment, Expr, Span, Stmt } from '../ast';
import type { LibNote, LibraryId } from './libraries/types';
import { shiftedNote } from './noteRanges';

/** One top-level statement's lowering and its side effects, at the offset it was lowered at. */
export interface LoweredStatement {
  /** The statement's full start (TS.Node.pos). */
  at: number;
  tmpBefore: number;
  tmpAfter: number;
  body: Stmt[];
  notes: [Expr, LibNote][];
  uses: LibraryId[];
  callbacks: (Span & { param: string })[];
  comments: Comment[];
}

export class StatementMemo {
  private readonly byText = new Map<string, LoweredStatement[]>();

  /** `context`: everything file-wide a statement's lowering reads, as one string (contextKey). */
  constructor(readonly context: string) {}

  /**
   * A lowering of a statement of this full text with the temporaries counter at `tmp`, moved to
   * `at`. Taken out of the memo, so a statement repeated word for word is not handed out twice.
   */
  take(text: string, at: number, tmp: number): LoweredStatement | undefined {
    const list = this.byText.get(text);
    if (!list) return undefined;
    let k = list.findIndex((l) => l.at === at && l.tmpBefore === tmp);
    if (k < 0) k = list.findIndex((l) => l.tmpBefore === tmp);
    if (k < 0) return undefined;
    const [found] = list.splice(k, 1);
    return moved(found!, at);
  }

  add(text: string, lowered: LoweredStatement): void {
    const list = this.byText.get(text);
    if (list) list.push(lowered);
    else this.byText.set(text, [lowered]);
  }
}

/** The file-wide facts a statement's lowering depends on, as one comparable string. */
export function contextKey(facts: unknown[]): string {
  return JSON.stringify(facts, (_key, value: unknown) => (value instanceof Map || value instanceof Set ? [...value] : value));
}

/** The lowering moved by `at - l.at`: a copy with every span and offset shifted, or `l` itself when it did not move. */
function moved(l: LoweredStatement, at: number): LoweredStatement {
  const delta = at - l.at;
  if (delta === 0) return l;
  // One map for the statements and the notes: a node keeps its identity (a note's key, a matmul's
  // lowered operands, a subtree two nodes share) in the copy.
  const seen = new Map<object, unknown>();
  const body = shifted(l.body, delta, seen);
  const notes = new Map<LibNote, LibNote>();
  return {
    at,
    tmpBefore: l.tmpBefore,
    tmpAfter: l.tmpAfter,
    body,
    notes: l.notes.map(([e, n]): [Expr, LibNote] => {
      let copy = notes.get(n);
      if (!copy) notes.set(n, (copy = shiftedNote(n, delta, (x) => shifted(x, delta, seen))));
      return [shifted(e, delta, seen), copy];
    }),
    uses: l.uses,
    callbacks: l.callbacks.map((c) => ({ start: c.start + delta, end: c.end + delta, param: c.param })),
    comments: l.comments.map((c) => ({
      text: c.text,
      span: { start: c.span.start + delta, end: c.span.end + delta },
      ...(c.written ? { written: { start: c.written.start + delta, end: c.written.end + delta } } : {}),
    })),
  };
}

/** A deep copy of lowered statements with every span (an object of just `start` and `end`) moved by `delta`. */
function shifted<T>(value: T, delta: number, seen: Map<object, unknown>): T {
  if (value === null || typeof value !== 'object') return value;
  const done = seen.get(value);
  if (done !== undefined) return done as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const v of value) out.push(shifted(v, delta, seen));
    return out as T;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.start === 'number' && typeof o.end === 'number' && Object.keys(o).length === 2) {
    const span = { start: o.start + delta, end: o.end + delta };
    seen.set(value, span);
    return span as T;
  }
  // A spread keeps the node's hidden class (see shiftSpans in ../python/parse.ts); only objects are visited.
  const copy: Record<string, unknown> = { ...o };
  seen.set(value, copy);
  for (const key in o) {
    const v = o[key];
    if (v !== null && typeof v === 'object') copy[key] = shifted(v, delta, seen);
  }
  return copy as T;
}
