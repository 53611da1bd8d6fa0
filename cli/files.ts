// Which files the CLI reads: .py and .ipynb files, and TypeScript and JavaScript files (.ts, .tsx,
// .mts, .cts, .js, .jsx, .mjs, .cjs; not .d.ts), given directly or found under folders, and the
// modules beside a file that its imports name.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isScriptFile } from '../engine/syntax/typescript/files';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '__pycache__', '.venv', 'venv', '.ipynb_checkpoints', '.tox', 'dist', 'build']);

export function isAnalysable(file: string): boolean {
  return file.endsWith('.py') || file.endsWith('.ipynb') || isScriptFile(file);
}

/** Expands folders recursively; throws with a clear message for a path that does not exist. */
export function collectFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(p);
      } else if (e.isFile() && isAnalysable(e.name)) out.push(p);
    }
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new Error(`${p}: no such file or folder`);
    }
    if (st.isDirectory()) walk(p);
    else out.push(p);
  }
  return out;
}

/** Reads the modules a file in `dir` imports from disk (`<dir>/a/b.py` for `a.b`). */
export { diskModuleReader as moduleReader } from '../engine/moduleFiles';
