// Reading the modules a document imports (`<dir>/<name>.py`, or a script's `./path` with its extensions:
// engine/moduleFiles.ts) beside the analysed file, from the editor
// when that file is open there, else from disk. Every path asked for is recorded, found or not, so
// that a later change to (or creation of) that file re-analyses the importer.

import { modulePaths, readModuleFile } from '../engine/index';
import { pathKey } from './uris';

export type OpenTextLookup = (filePath: string) => string | undefined;

/**
 * The engine's `readModule` for a document in `dir`. `openText` answers for files open in the editor;
 * `deps` collects the `pathKey` of every candidate path consulted.
 */
export function createModuleReader(dir: string | undefined, openText: OpenTextLookup, deps: Set<string>): (moduleName: string) => string | undefined {
  return (moduleName) => {
    if (dir === undefined || typeof moduleName !== 'string') return undefined;
    for (const p of modulePaths(dir, moduleName)) {
      deps.add(pathKey(p));
      const text = openText(p) ?? readModuleFile(p);
      if (text !== undefined) return text;
    }
    return undefined;
  };
}
