// Verification's time per file outside an editor's first pass (no imports: the server's main bundle
// reads it without pulling in the engine).

/** Seconds per file for the CLI, and for the editor's background verification after its first 400 ms ran out, when no configuration sets one. */
export const DEFAULT_VERIFY_BUDGET_SECONDS = 5;
