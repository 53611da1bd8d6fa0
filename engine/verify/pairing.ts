// Verification's view of the field's naming: the rules live in engine/conventions/gradientNames.ts
// (shared with the shape checks); this adds what needs the syntax tree. Naming only chooses WHICH value
// to compare with; a finding always rests on the numeric comparison.

import type { Expr, Stmt } from '../syntax/ast';
import { someExpr } from '../syntax/walk';

export { partnerOf, partnerOfList, isGradientDict, isNablaList, partnerOfKey, isObjectiveName, isBatchName, isUpstreamName, isLearningRateName, isTargetName, LEARNING_RATE_NAMES } from '../conventions/gradientNames';
import { partnerOf } from '../conventions/gradientNames';

/** Whether an expression uses a gradient-named variable (dZ2, dout): it is part of a backward pass. */
export function mentionsGradient(e: Expr | undefined): boolean {
  return someExpr(e, (x) => x.kind === 'name' && partnerOf(x.id) !== undefined);
}

/**
 * An accumulator named after a parameter with a suffix (`W_f_d`, `Wxh_grad`, `b_g`), started as zeros of
 * that parameter's shape (`W_f_d = np.zeros_like(W_f)`): that parameter's gradient. Both the name and the
 * start are needed; the name alone (`x_d` for a deviation) says nothing.
 */
export function accumulatorPartner(name: string, first: Stmt | undefined): string | undefined {
  const m = /^([A-Za-z]\w*?)_?(d|grad|g|delta)$/i.exec(name);
  if (!m || first?.kind !== 'assign' || first.value.kind !== 'call') return undefined;
  const call = first.value;
  const f = call.func;
  const zerosLike = f.kind === 'attr' && f.name === 'zeros_like' && f.obj.kind === 'name' && /^(np|numpy)$/.test(f.obj.id);
  const arg = call.args[0];
  if (!zerosLike || arg?.kind !== 'name') return undefined;
  return arg.id === m[1] ? arg.id : undefined;
}
