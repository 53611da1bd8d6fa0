// A snippet's library names: code pasted from a forum post, a notebook cell cut from its notebook or an
// excerpt of a class uses `np.dot` or `torch.mm` without the import an earlier cell or the rest of the
// file had. A name that is read as a module (`np.…`, `torch.…`) and that the document never binds (no
// import, assignment, parameter, loop variable or definition of that name anywhere) is the library the
// field means by it. A document that binds the name anywhere keeps its own meaning.

import type { Module } from '../syntax/ast';
import { scanNames } from '../syntax/boundNames';

/** The names a snippet may use unbound, and the module each stands for. */
export const SNIPPET_MODULES: ReadonlyMap<string, 'np' | 'torch'> = new Map([['np', 'np'], ['torch', 'torch']]);

const MEMO = new WeakMap<Module, Map<string, boolean>>();

/** `name.…` read in a module that never binds `name`. */
export function readsFreeModule(module: Module, name: string): boolean {
  let memo = MEMO.get(module);
  if (!memo) MEMO.set(module, (memo = new Map()));
  let r = memo.get(name);
  if (r === undefined) {
    let reads = false;
    const { bindings } = scanNames(module.body, true, (e) => {
      if (e.kind === 'attr' && e.obj.kind === 'name' && e.obj.id === name) reads = true;
    });
    memo.set(name, (r = reads && !bindings.has(name)));
  }
  return r;
}
