// Lines whose value reaches a checked gradient without being that check's own line: the earlier
// statements of a gradient written in several steps (`dW1 = X.T.dot(dh)` then `dW1 += reg * W1`) and
// statements that hold a value checked elsewhere (`dZ = relu_backward(dA, cache)`, checked in the callee;
// `dW2` collected in `grads`). When that check is right, so is what went into it: the line is verified
// as part of it (a wrong value there would have made the check fail). A wrong check says nothing of them.

import type { Stmt } from '../syntax/ast';
import type { GradientCheck } from './checker';
import type { RunRecord } from './verify';
import { verdictIn } from './verdicts';

export interface PartOfLine {
  stmt: Stmt;
  check: GradientCheck;
}

export function verifiedAsPartOf(runs: RunRecord[]): PartOfLine[] {
  const out: PartOfLine[] = [];
  for (const run of runs) {
    for (const check of run.checks) {
      if (check.file !== '' || check.stmts.length < 2 || verdictIn(run.checks, check).kind !== 'ok') continue;
      for (const stmt of check.stmts.slice(0, -1)) out.push({ stmt, check });
    }
    for (const { stmt, check } of run.coveredBy.values()) {
      if (run.checks.includes(check) && verdictIn(run.checks, check).kind === 'ok') out.push({ stmt, check });
    }
  }
  return out;
}
