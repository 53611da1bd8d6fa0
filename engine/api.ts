// The types that cross the engine's boundary: what the CLI, the language server and the tests see.
// Lines and columns are 0-based, columns in UTF-16 code units (as in LSP); the CLI adds 1.

import type { DiagnosticCode, Severity } from './diagnostics/codes';
import type { ParseCache } from './syntax/parseCache';

export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
  /** For notebooks: the 0-based cell the edit applies to (its range is then inside that cell). */
  cell?: number;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Certain fixes are applied by `--fix` and offered as preferred quick fixes. */
  certain: boolean;
}

export interface Finding {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  range: Range;
  /** For notebooks: the 0-based code cell (of DocumentInput's cells); `range` is then relative to that cell's text. */
  cell?: number;
  fixes: Fix[];
}

/** What the engine believes about one assignment target (for `backprop-lint shapes` and inlay hints). */
export interface ShapeRecord {
  /** Range of the assignment target. */
  range: Range;
  cell?: number;
  /** Source text of the target (`Z1`, `cache["A1"]`, `self.W`). */
  target: string;
  /** Source text of the whole statement's first line, trimmed. */
  statement: string;
  /** Rendered shape, `(n_h, m)`; `()` for a scalar array. */
  shape: string;
  /** Where that shape came from, when the engine knows (`docstring of forward_propagation`), in words. */
  origin?: string;
  /** The same as a place in the document, when one says it (what editors show). */
  originSite?: OriginPlace;
}

/**
 * Where a shape came from, as a place in the analysed document: the expression that computed it
 * (`operation`), the assert that stated it (`statement`), or the shape comment (`comment`), with its
 * source text. The engine's structured origin (engine/diagnostics/origin.ts), in ranges.
 */
export interface OriginPlace {
  kind: 'operation' | 'statement' | 'comment';
  range: Range;
  cell?: number;
  text: string;
}

/** A shape the engine knows for a span of source: hovers look these up by position. */
export interface ExprShape {
  range: Range;
  cell?: number;
  /** Source text of the expression. */
  text: string;
  shape: string;
  origin?: string;
  originSite?: OriginPlace;
}

/** The chain-rule derivation of one gradient line, checked against the forward pass. */
export interface Derivation {
  /** Range of the gradient's statement (its last write). */
  range: Range;
  cell?: number;
  /** The gradient as written: `dZ1`, `grads["W2"]`. */
  gradient: string;
  /** Whether the line matches the derivative of the forward pass. */
  ok: boolean;
  /** verified (ok), wrong, or unchecked (the evaluator could not run it; `text` says why). */
  status: 'verified' | 'wrong' | 'unchecked';
  markdown: string;
  text: string;
  /** The right expression in the user's names, when the line is wrong and it is known. */
  expected?: string;
}

export interface SyntaxProblem {
  message: string;
  range: Range;
  cell?: number;
}

export interface AnalysisResult {
  findings: Finding[];
  shapes: ShapeRecord[];
  exprShapes: ExprShape[];
  syntaxErrors: SyntaxProblem[];
  /** Derivations of the gradient lines gradient verification could check. */
  derivations?: Derivation[];
  /** True when a step or time budget ran out; findings are then those found before it did. */
  truncated: boolean;
  /**
   * Set when gradient verification stopped before it had checked everything (its time budget, a run's
   * step or array-memory limit): why, in words. What it had not reached is unchecked (silent).
   */
  verificationCutShort?: string;
  /** Set when the document was not analysed at all (binary, too large, the parser failed): why. Its message is also the one syntax error. */
  notAnalysed?: string;
  /**
   * analyzeMs: the shape analysis; verifyMs: gradient verification, repairs and derivations;
   * loadMs: loading the TypeScript compiler, when this call was the first TypeScript or JavaScript
   * document of the process (not counted in parseMs).
   */
  timings: { parseMs: number; analyzeMs: number; verifyMs?: number; loadMs?: number };
}

export interface AnalyzeOptions {
  /** Reads a file beside the analysed one for `import` and `from ... import`; undefined if absent. */
  readModule?: (moduleName: string) => string | undefined;
  /**
   * Whether to render each checked gradient's derivation (`AnalysisResult.derivations`: hovers and
   * `explain` read them). Default true; `check` turns them off, it never shows them. Off, it also
   * skips the witness runs that give lines the shape analysis left open a run's shape (verify/writtenShapes.ts).
   */
  derivations?: boolean;
  /** Names the user declares as dimension names (setting `backpropLint.dimensionNames`). */
  extraDimensionNames?: string[];
  /** Upper bound on interpreter steps (loop iterations, calls). */
  maxSteps?: number;
  /** Gradient verification (concrete runs on random inputs): by default on unless the document has syntax errors; true forces it, false turns it off. */
  verify?: boolean;
  /** Wall-clock budget for verification, repairs and derivations (ms; default 400, 100 past 150,000 characters); what is left unchecked stays silent. */
  verifyBudgetMs?: number;
  /** Polled between statements; analysis stops early when it returns true. */
  isCancelled?: () => boolean;
  /** The previous parse of this same document (one cache per document, kept by the caller): the parse reuses what did not change. */
  parseCache?: ParseCache;
}

/**
 * The input document: a source file, or a notebook's code cells in order (one program). A source
 * file is Python unless `language` says TypeScript or JavaScript (lowered into the same program by
 * engine/syntax/typescript); code that only reads `text` treats every source file alike.
 */
export type DocumentInput =
  | { kind: 'python'; path: string; text: string; language?: SourceLanguage }
  | {
      kind: 'notebook';
      path: string;
      cells: string[];
      /** Each code cell's 0-based position among all the notebook's cells: messages cite `cell 7, line 3` with it (default: the code cells counted alone). */
      cellNumbers?: number[];
    };

export type SourceLanguage = 'python' | 'typescript' | 'javascript';

/** A TypeScript or JavaScript file, spelled out; analyzeDocument takes it as well as a DocumentInput. */
export interface ScriptDocumentInput {
  kind: 'typescript';
  path: string;
  text: string;
  language: 'typescript' | 'javascript';
}
