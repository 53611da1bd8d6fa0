// Reading the modules a document imports: `<dir>/<name>.py` beside the analysed file, from the editor
// when that file is open there, else from disk. Every path asked for is recorded, found or not, so
// that a later change to (or creation of) that file re-analyses the importer.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathKey } from './uris';

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

export type OpenTextLookup = (filePath: string) => string | undefined;

function readFromDisk(p: string): string | undefined {
  try {
    const st = fs.statSync(p);
    if (!st.isFile() || st.size > MAX_MODULE_BYTES) return undefined;
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The engine's `readModule` for a document in `dir`. `openText` answers for files open in the editor;
 * `deps` collects the `pathKey` of every candidate path consulted.
 */
export function createModuleReader(dir: string | undefined, openText: OpenTextLookup, deps: Set<string>): (moduleName: string) => string | undefined {
  return (moduleName) => {
    if (dir === undefined || typeof moduleName !== 'string') return undefined;
    for (const p of modulePaths(dir, moduleName)) {
      deps.add(pathKey(p));
      const text = openText(p) ?? readFromDisk(p);
      if (text !== undefined) return text;
    }
    return undefined;
  };
}
