// The field's naming pairs a gradient with what it differentiates: dW1 ↔ W1, dA_prev ↔ A_prev,
// dx ↔ x, dout ↔ out, grad_W ↔ W, grads["dW1"] ↔ W1 (and CS231n's grads["W1"] ↔ W1). Naming only
// chooses WHICH value to compare with; a finding always rests on the numeric comparison.

import type { Expr } from '../syntax/ast';
import { someExpr } from '../syntax/walk';

const GRAD_NAME = /^d([A-Za-z_][A-Za-z0-9_]*)$/;
const GRAD_PREFIX = /^grad_([A-Za-z_][A-Za-z0-9_]*)$/;

/** The name a gradient variable differentiates, or undefined when the name is not a gradient's. */
export function partnerOf(name: string): string | undefined {
  const m = GRAD_NAME.exec(name) ?? GRAD_PREFIX.exec(name);
  return m ? m[1] : undefined;
}

/** Dicts whose entries are gradients keyed by what they differentiate. */
export function isGradientDict(name: string): boolean {
  return /^(grads?|gradients?)$/i.test(name);
}

/** The partner of a gradient dict's key: "dW1" → W1; CS231n keys gradients by the parameter's own name. */
export function partnerOfKey(key: string): string {
  return partnerOf(key) ?? key;
}

/** Names the field gives the scalar being minimised. */
export function isObjectiveName(name: string): boolean {
  return /^(cost|loss|J|data_loss|total_loss|cross_entropy_cost)$/.test(name);
}

/** Names the field gives the batch size (the number of examples the cost averages over). */
export function isBatchName(name: string): boolean {
  return /^(m|N|n_samples|num_examples|num_train|batch_size|number of examples|n_examples)$/.test(name);
}

/** Whether an expression uses a gradient-named variable (dZ2, dout): it is part of a backward pass. */
export function mentionsGradient(e: Expr | undefined): boolean {
  return someExpr(e, (x) => x.kind === 'name' && partnerOf(x.id) !== undefined);
}
