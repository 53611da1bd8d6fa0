// The positions a library note (LibNote) holds: the source nodes it was made from, kept as their
// ranges so the note never points into a compiler tree (the next incremental parse moves that
// tree's nodes, incremental.ts), and moved with the note when the statement memo reuses a statement
// at another offset (statementMemo.ts). A position field added to LibNote is handled in both.

import type * as TS from 'typescript';
import type { Expr } from '../ast';
import type { LibNote } from './libraries/types';

/** A note with its source nodes replaced by their ranges (see LibNote). */
export function detachNote(note: LibNote): LibNote {
  switch (note.kind) {
    case 'matmul':
      return { ...note, operands: [range(note.operands[0])!, range(note.operands[1])!], ...(note.flags ? { flags: [range(note.flags[0]), range(note.flags[1])] } : {}) };
    case 'transpose':
      return { ...note, operand: range(note.operand)!, ...('flagNode' in note ? { flagNode: range(note.flagNode) } : {}) };
    case 'reduce':
      return { ...note, axis: range(note.axis), keepDims: range(note.keepDims), ...('operand' in note ? { operand: range(note.operand) } : {}) };
    default:
      return note;
  }
}

function range(n: TS.TextRange | undefined): TS.TextRange | undefined {
  return n && { pos: n.pos, end: n.end };
}

/** A note moved by `delta`: its source ranges and offsets (every position field of LibNote). */
export function shiftedNote(n: LibNote, delta: number, moveExpr: (e: Expr) => Expr): LibNote {
  const r = <R extends { pos: number; end: number } | undefined>(x: R): R => (x && { pos: x.pos + delta, end: x.end + delta }) as R;
  switch (n.kind) {
    case 'matmul':
      return {
        ...n,
        operands: [r(n.operands[0]), r(n.operands[1])],
        lowered: [moveExpr(n.lowered[0]), moveExpr(n.lowered[1])],
        ...(n.flags ? { flags: [r(n.flags[0]), r(n.flags[1])] } : {}),
        close: n.close + delta,
        lastArgEnd: n.lastArgEnd + delta,
      };
    case 'transpose':
      return { ...n, operand: r(n.operand), ...('flagNode' in n ? { flagNode: r(n.flagNode) } : {}) };
    case 'reduce':
      return {
        ...n,
        axis: r(n.axis),
        keepDims: r(n.keepDims),
        ...('operand' in n ? { operand: r(n.operand) } : {}),
        close: n.close + delta,
        lastArgEnd: n.lastArgEnd + delta,
        // -1: no parenthesis found (not a position)
        opensAt: n.opensAt < 0 ? n.opensAt : n.opensAt + delta,
      };
    case 'axis-word':
    case 'lib':
      return n;
  }
}
