// A document's size, for the limits that depend on it (server/analyzer.ts: not analysed past
// the engine's MAX_DOCUMENT_CHARS; heapGrowth.ts: V8's heap regime). No imports but types, so server/main.ts can
// load it before anything else.

import type { DocumentInput } from '../engine/index';

/** A document's length in characters (a notebook's: all its code cells). */
export function inputLength(input: DocumentInput): number {
  return input.kind === 'python' ? input.text.length : input.cells.reduce((n, c) => n + c.length, 0);
}
