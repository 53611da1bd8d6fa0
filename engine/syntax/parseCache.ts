// The last parse of one document, kept by the caller (the server keeps one per open document)
// between analyses of its successive versions, so the next parse reuses what did not change.
// Opaque to callers: each parser keeps its own memo in its own field and checks it against the text
// before reusing anything, so a cache handed the wrong document only costs a full parse.

export class ParseCache {
  /** engine/syntax/python/chunks.ts: parsed top-level chunks by their text. */
  python?: unknown;
  /** engine/syntax/typescript/incremental.ts and statementMemo.ts: the last tree (for ts.updateSourceFile) and its lowered top-level statements. */
  typescript?: unknown;
}
