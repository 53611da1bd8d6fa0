// The engine's public surface. The CLI and the language server call analyzeDocument and nothing
// else that infers shapes.

export * from './api';
export { analyzeDocument } from './analyze';
export { MAX_DOCUMENT_CHARS, MAX_MODULE_BYTES, overSizeLimit, notAnalysedResult } from './limits';
export { DIAGNOSTIC_CODES, ALL_CODES, isDiagnosticCode, docsAnchor } from './diagnostics/codes';
export type { DiagnosticCode, Severity } from './diagnostics/codes';
export { ParseCache } from './syntax/parseCache';
export { readNotebook } from './syntax/notebook';
export { modulePaths, readModuleFile, diskModuleReader } from './moduleFiles';
export { typescriptLoadMs, typescriptLoaded } from './syntax/typescript/load';
export { isScriptFile, scriptLanguageOf, SCRIPT_EXTENSIONS } from './syntax/typescript/files';
export * from './config/index';
