// Which documents the server analyses, by the editor's language id. Shared by the server, the
// client (document selector, status bar) and the manifest test (package.json `activationEvents`
// must list the same). Types only from the engine; no vscode or LSP imports.

import type { SourceLanguage } from '../engine/index';

export const PYTHON_LANGUAGE = 'python';

/**
 * TypeScript and JavaScript language ids, with the language the engine parses them as. The React
 * variants (.tsx, .jsx) are included because the CLI checks those files too; their JSX is not read
 * (unknown, hence silent).
 */
export const SCRIPT_LANGUAGES: Readonly<Record<string, 'typescript' | 'javascript'>> = {
  typescript: 'typescript',
  typescriptreact: 'typescript',
  javascript: 'javascript',
  javascriptreact: 'javascript',
};

/** Every language id of a file the server analyses (notebook cells: Python only). */
export const FILE_LANGUAGES: readonly string[] = [PYTHON_LANGUAGE, ...Object.keys(SCRIPT_LANGUAGES)];

/** The engine's language for a document's language id, or undefined when the server does not analyse it. */
export function sourceLanguageOf(languageId: string | undefined): SourceLanguage | undefined {
  if (languageId === PYTHON_LANGUAGE) return 'python';
  return languageId !== undefined && Object.prototype.hasOwnProperty.call(SCRIPT_LANGUAGES, languageId) ? SCRIPT_LANGUAGES[languageId] : undefined;
}

/** Whether the language's comments start with `//` (suppression comments, shape comments). */
export function usesSlashComments(language: SourceLanguage | undefined): boolean {
  return language === 'typescript' || language === 'javascript';
}

/**
 * The file extensions of script modules, as the watched-files glob (server.ts) names them; a watched
 * file with one of these is a TypeScript or JavaScript module (engine/moduleFiles.ts resolves imports
 * to the same extensions).
 */
export const SCRIPT_EXTENSIONS: readonly string[] = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'];

/** Whether a file on disk is a TypeScript or JavaScript module (by its extension). */
export function isScriptPath(filePath: string): boolean {
  const dot = filePath.lastIndexOf('.');
  return dot >= 0 && SCRIPT_EXTENSIONS.includes(filePath.slice(dot + 1).toLowerCase());
}
