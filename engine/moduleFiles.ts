// Where the module an import names lives beside the analysed file, and reading it from disk. The
// CLI and the language server share this rule; the server also answers from open editors first.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** Larger files are not read as modules (a data dump named like a module should not stall analysis). */
export const MAX_MODULE_BYTES = 2_000_000;

const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Candidate files for a module name: `a.b` → `<dir>/a/b.py`, `<dir>/a/b/__init__.py`. Leading dots (relative imports) are dropped. */
export function modulePaths(dir: string, moduleName: string): string[] {
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
