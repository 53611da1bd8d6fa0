// A TypeScript or JavaScript module read for an import keeps its own relative imports: `./b` in the
// module `./lib/a` means `./lib/b` from the analysed file, whose folder is where every module name
// is resolved (engine/moduleFiles.ts). The module's import statements are renamed accordingly.

import * as path from 'node:path';
import type { Module, Stmt } from '../ast';
import { isRelativeModule } from './files';

/** `module` (parsed from the file named `name`, relative to the analysed file) with its relative imports made relative to the analysed file. */
export function rebaseImports(module: Module, name: string): Module {
  const dir = path.posix.dirname(name);
  const rebase = (spec: string): string => {
    if (!isRelativeModule(spec)) return spec;
    const joined = path.posix.normalize(path.posix.join(dir, spec));
    return joined.startsWith('../') ? joined : `./${joined}`;
  };
  const body = module.body.map((s): Stmt => {
    if (s.kind === 'importfrom') return { ...s, module: rebase(s.module) };
    if (s.kind === 'import') return { ...s, names: s.names.map((n) => ({ ...n, name: rebase(n.name) })) };
    return s;
  });
  return { ...module, body };
}
