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

/** Whether the server reads a document of this language id as TypeScript or JavaScript. */
export function isScriptLanguage(languageId: string | undefined): boolean {
  const language = sourceLanguageOf(languageId);
  return language === 'typescript' || language === 'javascript';
}
