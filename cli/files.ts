// Which files the CLI reads: .py and .ipynb files, and TypeScript and JavaScript files (.ts, .tsx,
// .mts, .cts, .js, .jsx, .mjs, .cjs; not .d.ts), given directly or found under folders, and the
// modules beside a file that its imports name.
//
// Folders are walked in code-unit order of names (the same order on every machine and locale).
// Symbolic links are followed, as ruff does, to files and to folders; a link back to a folder the walk
// is already inside is a loop, reported once and not followed. A FIFO, socket or device is never
// opened: one with an analysable name is reported as not analysed. The project configuration's
// include/exclude globs choose among the files found under folders; a file named on the command
// line is always checked.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { anyGlobMatches, isScriptFile, relativeToConfig, type ProjectConfig } from '../engine/index';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '__pycache__', '.venv', 'venv', '.ipynb_checkpoints', '.tox', 'dist', 'build']);

export function isAnalysable(file: string): boolean {
  return file.endsWith('.py') || file.endsWith('.ipynb') || isScriptFile(file);
}

export interface Collected {
  /** Files to check, in output order. */
  files: string[];
  /** Warnings for stderr (symbolic link loops, broken links). */
  warnings: string[];
}

function byName(a: fs.Dirent, b: fs.Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function excluded(config: ProjectConfig | undefined, p: string): boolean {
  return !!config && config.exclude.length > 0 && anyGlobMatches(config.exclude, relativeToConfig(config, path.resolve(p)));
}

function included(config: ProjectConfig | undefined, p: string): boolean {
  return !config?.include || anyGlobMatches(config.include, relativeToConfig(config, path.resolve(p)));
}

/** Expands folders recursively; throws with a clear message for a path that does not exist. */
export function collectFiles(paths: string[], configFor: (file: string) => ProjectConfig | undefined = () => undefined): Collected {
  const files: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    let key = p;
    try {
      key = fs.realpathSync(p);
    } catch {
      // a broken link or special file: keep its own path
    }
    if (seen.has(key)) return;
    seen.add(key);
    files.push(p);
  };
  /** `inside`: real paths of the folders being walked (a link to one of them is a loop). */
  const walk = (dir: string, inside: Set<string>) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort(byName);
    } catch (err) {
      warnings.push(`${dir}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      let st: fs.Stats | fs.Dirent = e;
      if (e.isSymbolicLink()) {
        try {
          st = fs.statSync(p);
        } catch {
          if (isAnalysable(e.name)) warnings.push(`${p}: broken symbolic link, skipped`);
          continue;
        }
      }
      if (st.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || e.name.startsWith('.') || excluded(configFor(path.join(p, 'x')), p)) continue;
        const real = fs.realpathSync(p);
        if (inside.has(real)) {
          warnings.push(`${p}: symbolic link loop (back to ${real}), not followed`);
          continue;
        }
        walk(p, new Set([...inside, real]));
      } else if (isAnalysable(e.name)) {
        const config = configFor(p);
        if (excluded(config, p) || !included(config, p)) continue;
        // Regular files, and special files with an analysable name (loadDocument says they are not analysed).
        add(p);
      }
    }
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOOP') {
        add(p); // loadDocument reports it as not analysed
        continue;
      }
      throw new Error(`${p}: no such file or folder`);
    }
    if (st.isDirectory()) walk(p, new Set([fs.realpathSync(p)]));
    else add(p);
  }
  return { files, warnings };
}

/** Reads the modules a file in `dir` imports from disk (`<dir>/a/b.py` for `a.b`). */
export { diskModuleReader as moduleReader } from '../engine/moduleFiles';
