// Hyperparameters a verification run gives a function: a regularisation strength written with a
// default of 0 (`reg=0.0`, `lambd=0`) would make every penalty term vanish, so a wrong penalty
// gradient could never show; it gets a small positive value instead. Any value is a valid input:
// the truth is computed from the same run.

import { type CValue, dictSet, newDict, num } from '../concrete/values';
import type { Stmt } from '../syntax/ast';
import { someExpr, walkStmts } from '../syntax/walk';
import { isObjectiveName } from './pairing';

type DefStmt = Stmt & { kind: 'def' };

const PENALTY = /^(reg|lambd|lambda_|lam|l2|l2_reg|reg_strength|weight_decay|lmbda|alpha_reg)$/;

/**
 * The value to use for a parameter whose default is the literal `lit`, when it is a hyperparameter the
 * run should exercise: only when the function's own cost uses it (`loss += reg * ...`); a penalty the
 * cost leaves to someone else would make the gradient's penalty term look wrong.
 */
export function hyperparameterValue(def: DefStmt, name: string, lit: CValue): CValue | undefined {
  if (lit.t === 'num' && lit.v === 0 && PENALTY.test(name) && costUses(def, name)) return num(0.1, false);
  return undefined;
}

function costUses(def: DefStmt, name: string): boolean {
  let found = false;
  walkStmts(def.body, (s) => {
    const target = s.kind === 'assign' && s.targets.length === 1 ? s.targets[0] : s.kind === 'augassign' ? s.target : undefined;
    if (!target || target.kind !== 'name' || !isObjectiveName(target.id)) return;
    const value = s.kind === 'assign' || s.kind === 'augassign' ? s.value : undefined;
    if (someExpr(value, (e) => e.kind === 'name' && e.id === name)) found = true;
  });
  return found;
}

/** Values for the keys of a layer's settings dict (CS231n's bn_param, dropout_param, conv_param, pool_param). */
const SETTINGS: Record<string, CValue> = {
  mode: { t: 'str', v: 'train' },
  p: num(0.5, false),
  keep_prob: num(0.8, false),
  eps: num(1e-5, false),
  momentum: num(0.9, false),
  seed: num(0, true),
  stride: num(1, true),
  pad: num(1, true),
  pool_height: num(2, true),
  pool_width: num(2, true),
};

/**
 * A settings dict for a parameter named `*_param` whose every key read by subscript has a known
 * setting (keys read with `.get(key, default)` keep their default, so one read only that way, like
 * CS231n's `gn_param.get('eps', 1e-5)`, is an empty dict): undefined otherwise.
 */
export function settingsDict(name: string, keys: Set<string>): CValue | undefined {
  // Keys with no known setting are left out (a key the code only writes, like running_mean; one it
  // reads stops the run, unchecked).
  if (!/^\w*_param$/.test(name) || (keys.size > 0 && ![...keys].some((k) => k in SETTINGS))) return undefined;
  const d = newDict();
  // A copy of each setting: a run gives a number it uses as an array a node of its own tape (evaluator
  // toArr), which a shared constant would carry into the next run's tape.
  for (const k of keys) if (k in SETTINGS) dictSet(d, { t: 'str', v: k }, { ...SETTINGS[k] });
  return d;
}
