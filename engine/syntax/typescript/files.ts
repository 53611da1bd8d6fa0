// Which files are TypeScript or JavaScript, for the CLI, the server and module resolution.

/** The extensions of TypeScript and JavaScript files, in the order TypeScript's resolution tries them for `import ... from './x'`. */
export const SCRIPT_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** A file with one of SCRIPT_EXTENSIONS (not a .d.ts declaration file). */
export function isScriptFile(file: string): boolean {
  const dot = file.lastIndexOf('.');
  return dot >= 0 && SCRIPT_EXTENSIONS.includes(file.slice(dot).toLowerCase()) && !/\.d\.[cm]?ts$/i.test(file);
}

/** A module named by a relative path (`./layers`, `../lib/layers.js`): a script's import of a file, never of a package. */
export function isRelativeModule(name: string): boolean {
  return /^\.\.?\//.test(name);
}

export function scriptLanguageOf(file: string): 'typescript' | 'javascript' {
  return /\.(?:[cm]?ts|tsx)$/i.test(file) ? 'typescript' : 'javascript';
}
