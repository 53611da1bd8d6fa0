// The engine's size limits, in one place, and the result a document past them gets: the CLI, the
// language server and module loading all read these (the server used to keep a limit of its own, 5,000,000 characters, beside the engine's 2,000,000).

import type { AnalysisResult } from './api';

/** Larger documents are not analysed: the result says so, in one message. */
export const MAX_DOCUMENT_CHARS = 2_000_000;

/** Larger files are not read as modules (a data dump named like a module should not stall analysis). */
export const MAX_MODULE_BYTES = 2_000_000;

/** Why a document of `chars` characters is not analysed, or undefined when its size is within the limit. */
export function overSizeLimit(chars: number): string | undefined {
  return chars > MAX_DOCUMENT_CHARS ? `not analysed: ${chars} characters is over the limit of ${MAX_DOCUMENT_CHARS}` : undefined;
}

/**
 * The result for a document that is not analysed (`message`: why, shown as its one problem), or, with
 * no message, an empty result. The language server uses it too, so both say the same thing.
 */
export function notAnalysedResult(message?: string, parseMs = 0): AnalysisResult {
  return {
    findings: [],
    shapes: [],
    exprShapes: [],
    syntaxErrors: message ? [{ message, range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } } }] : [],
    derivations: [],
    truncated: false,
    ...(message ? { notAnalysed: message.replace(/^not analysed: /, '') } : {}),
    timings: { parseMs, analyzeMs: 0 },
  };
}
