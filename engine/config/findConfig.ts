// Finding a project's configuration: the nearest folder, from the checked file's folder upwards, that
// holds a backprop-lint.json, a pyproject.toml with [tool.backprop-lint], or a package.json with a
// "backpropLint" section (ruff's rule: a pyproject.toml without the tool's section is passed over).
// The caller reads files (the CLI from disk, the server from disk too, but could from open editors).

import { CONFIG_FILES, parseProjectConfig, type ProjectConfig } from './projectConfig';

export interface ConfigFileReader {
  /** A file's text, or undefined when there is none. */
  read(file: string): string | undefined;
}

/** `/`-separated or Windows paths; only the last separator matters. */
function parentOf(dir: string): string | undefined {
  const trimmed = dir.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (i < 0) return undefined;
  const parent = trimmed.slice(0, i);
  return parent === '' || /^[A-Za-z]:$/.test(parent) ? parent + dir[i] : parent;
}

function join(dir: string, name: string): string {
  return /[\\/]$/.test(dir) ? dir + name : `${dir}/${name}`;
}

/** The configuration that applies to files in `dir` (an absolute path), or undefined. */
export function findProjectConfig(dir: string, reader: ConfigFileReader): ProjectConfig | undefined {
  for (let d: string | undefined = dir; d !== undefined; d = parentOf(d)) {
    for (const { name, kind } of CONFIG_FILES) {
      const file = join(d, name);
      const text = reader.read(file);
      if (text === undefined) continue;
      const config = parseProjectConfig(kind, text, file, d);
      if (config) return config;
    }
    if (parentOf(d) === d) break;
  }
  return undefined;
}

/** `file` relative to the configuration's folder, `/`-separated (for include/exclude globs). */
export function relativeToConfig(config: ProjectConfig, file: string): string {
  const root = config.root.replace(/[\\/]+$/, '');
  const f = file.replace(/\\/g, '/');
  const r = root.replace(/\\/g, '/');
  return f.startsWith(r + '/') ? f.slice(r.length + 1) : f;
}
