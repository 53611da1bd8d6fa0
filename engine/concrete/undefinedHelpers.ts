// A snippet's helpers: an excerpt of a course's class or a forum post calls `softmax(logits)` or
// `grad_tanh(h)` whose definitions were elsewhere in the file or notebook. A name called as a function
// and bound nowhere in the document (no def, import, assignment or parameter of that name, no
// `from m import *`) is an undefined helper.
//   - The standard activations (sigmoid, relu, tanh, softmax) run with their assumed definitions
//     (assumedHelpers.ts), as when imported from a course's utility file that is not here:
//     a verdict that depends on them is never "wrong".
//   - Any other undefined helper has no value: the statement that needs it binds nothing (its names are
//     undefined after it, so every statement that reads them is skipped in turn) and the run goes on
//     with what does not depend on it (evaluator.ts skipUndefined).

import type { Module } from '../syntax/ast';
import { scanNames } from '../syntax/boundNames';
import { builtinValue } from './pyBuiltins';

/** The standard activations an undefined helper of that name is taken to be. */
export const SNIPPET_ACTIVATIONS = /^(sigmoid|relu|tanh|softmax)$/;

const MEMO = new WeakMap<Module, Set<string>>();

/** Names called as functions anywhere in the module (methods included) that nothing in it binds; empty after a `from m import *`. */
export function undefinedHelpers(module: Module): ReadonlySet<string> {
  let r = MEMO.get(module);
  if (!r) {
    const called = new Set<string>();
    const { bindings, starImport } = scanNames(module.body, true, (x) => {
      if (x.kind === 'call' && x.func.kind === 'name') called.add(x.func.id);
    });
    r = starImport ? new Set() : new Set([...called].filter((n) => !bindings.has(n) && builtinValue(n) === undefined));
    MEMO.set(module, r);
  }
  return r;
}
