// Hyperparameters a verification run gives a function: a regularisation strength written with a
// default of 0 (`reg=0.0`, `lambd=0`) would make every penalty term vanish, so a wrong penalty
// gradient could never show; it gets a small positive value instead. Any value is a valid input:
// the truth is computed from the same run.

import { type CValue, num } from '../concrete/values';

const PENALTY = /^(reg|lambd|lambda_|lam|l2|l2_reg|reg_strength|weight_decay|lmbda|alpha_reg)$/;

/** The value to use for a parameter whose default is the literal `lit`, when it is a hyperparameter the run should exercise. */
export function hyperparameterValue(name: string, lit: CValue): CValue | undefined {
  if (lit.t === 'num' && lit.v === 0 && PENALTY.test(name)) return num(0.1, false);
  return undefined;
}
