// Where the module an import names lives beside the analysed file, and reading it from disk. The
// CLI and the language server share this rule; the server also answers from open editors first.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRelativeModule, SCRIPT_EXTENSIONS } from './syntax/typescript/files';
import { MAX_MODULE_BYTES } from './limits';

export { MAX_MODULE_BYTES } from './limits';

const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;


/**
 * Candidate files for a module name. Python: `a.b` → `<dir>/a/b.py`, `<dir>/a/b/__init__.py`; leading
 * dots (relative imports) are dropped. TypeScript and JavaScript modules keep their relative path
 * (`./utils`, `../lib/utils.js`, as the lowering writes them): the file as named, else with each
 * script extension, else its folder's index (a `.js` that names a `.ts` source, as in ES modules
 * compiled by tsc, is tried as `.ts` too). A bare package name is not a file beside the code.
 */
export function modulePaths(dir: string, moduleName: string): string[] {
  if (isRelativeModule(moduleName)) {
    const file = path.resolve(dir, moduleName);
    const ext = path.extname(file);
    if (SCRIPT_EXTENSIONS.includes(ext)) {
      const stem = file.slice(0, -ext.length);
      return [file, ...(ext === '.js' ? [`${stem}.ts`, `${stem}.tsx`] : ext === '.mjs' ? [`${stem}.mts`] : ext === '.cjs' ? [`${stem}.cts`] : [])];
    }
    return [...SCRIPT_EXTENSIONS.map((e) => file + e), path.join(file, 'index.ts'), path.join(file, 'index.js')];
  }
  const name = moduleName.replace(/^\.+/, '');
  if (!MODULE_NAME.test(name)) return [];
  const rel = path.join(...name.split('.'));
  return [path.join(dir, `${rel}.py`), path.join(dir, rel, '__init__.py')];
}

/** A module file's text, or undefined when it is missing, not a file, or too large. */
export function readModuleFile(p: string): string | undefined {
  try {
    const st = fs.statSync(p);
    if (!st.isFile() || st.size > MAX_MODULE_BYTES) return undefined;
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** The engine's `readModule` for a file in `dir`, reading from disk. */
export function diskModuleReader(dir: string): (moduleName: string) => string | undefined {
  return (moduleName) => {
    for (const p of modulePaths(dir, moduleName)) {
      const text = readModuleFile(p);
      if (text !== undefined) return text;
    }
    return undefined;
  };
}
