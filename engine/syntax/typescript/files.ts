// Which files are TypeScript or JavaScript, for the CLI and the server.

/** .ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs (not .d.ts declaration files). */
export function isScriptFile(file: string): boolean {
  return /\.(?:[cm]?[jt]s|[jt]sx)$/i.test(file) && !/\.d\.[cm]?ts$/i.test(file);
}

export function scriptLanguageOf(file: string): 'typescript' | 'javascript' {
  return /\.(?:[cm]?ts|tsx)$/i.test(file) ? 'typescript' : 'javascript';
}
