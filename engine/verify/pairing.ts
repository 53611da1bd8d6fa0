// Verification's view of the field's naming: the rules live in engine/conventions/gradientNames.ts
// (shared with the shape checks); this adds what needs the syntax tree. Naming only chooses WHICH value
// to compare with; a finding always rests on the numeric comparison.

import type { Expr } from '../syntax/ast';
import { someExpr } from '../syntax/walk';

export { partnerOf, partnerOfList, isGradientDict, isNablaList, partnerOfKey, isObjectiveName, isBatchName, isUpstreamName, isLearningRateName, isTargetName, LEARNING_RATE_NAMES } from '../conventions/gradientNames';
import { partnerOf } from '../conventions/gradientNames';

/** Whether an expression uses a gradient-named variable (dZ2, dout): it is part of a backward pass. */
export function mentionsGradient(e: Expr | undefined): boolean {
  return someExpr(e, (x) => x.kind === 'name' && partnerOf(x.id) !== undefined);
}
