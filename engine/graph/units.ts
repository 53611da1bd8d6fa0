// The units a document's graph can show: one per cost a verification run differentiated (a run may
// differentiate two: a script's own forward/backward pass, then its training loop's first
// iteration). The unit under the cursor is the first whose gradient lines or forward lines hold it.

import type { Span } from '../syntax/ast';
import type { RunRecord } from '../verify/verify';
import type { GradientCheck } from '../verify/checker';

export interface GraphUnitRef {
  label: string;
  run: RunRecord;
  objective: number;
  checks: GradientCheck[];
}

export function graphUnits(runs: RunRecord[]): GraphUnitRef[] {
  const out: GraphUnitRef[] = [];
  for (const run of runs) {
    const byObjective = new Map<number, GradientCheck[]>();
    for (const c of run.checks) {
      const list = byObjective.get(c.objective);
      if (list) list.push(c);
      else byObjective.set(c.objective, [c]);
    }
    let k = 0;
    for (const [objective, checks] of byObjective) {
      k++;
      out.push({ label: k === 1 ? run.entry : `${run.entry} (cost ${k})`, run, objective, checks });
    }
  }
  return out;
}

/** Whether a unit touches a place: one of its gradient statements or a forward op of its tape is there. */
export function unitTouches(u: GraphUnitRef, at: (span: Span) => boolean): boolean {
  for (const c of u.checks) for (const s of c.stmts) if (c.file === '' && at(s.span)) return true;
  const nodes = u.run.tape.nodes;
  for (let id = 0; id <= u.objective && id < nodes.length; id++) {
    const n = nodes[id];
    if (n.file === '' && n.span && at(n.span)) return true;
  }
  return false;
}
