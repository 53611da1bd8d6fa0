// analyzeDocument: the one call the CLI and the language server make. It never throws: a document it
// can't analyse gives its syntax problems and no findings. Four phases, a file each (engine/analysis/):
//   source.ts        text, parse (through the caller's ParseCache), imported modules, spans → ranges
//   inference.ts     the abstract interpreter: shapes, the shape checks' findings
//   verification.ts  gradients checked numerically, their findings confirmed and fixed
//   presentation.ts  ranges and cells, suppression, the TypeScript idiom, rendering, derivations

import type { AnalysisResult, AnalyzeOptions, Derivation, DocumentInput, Range, ScriptDocumentInput } from './api';
import type { Span } from './syntax/ast';
import { notAnalysedResult } from './limits';
import type { FileUnit } from './interp/interpreter';
import type { VerifyResult } from './verify/verify';
import type { GradientCheck } from './verify/checker';
import type { DerivationData } from './verify/derivation';
import { openSource } from './analysis/source';
import { inferShapes } from './analysis/inference';
import { verifyGradients } from './analysis/verification';
import { present } from './analysis/presentation';

/**
 * What one analysis saw, handed to an inspector (engine/graph draws the computational graph from it):
 * the verification runs (their tapes), the shapes the shape analysis gave each expression, and the
 * derivations, so a picture never re-interprets the code.
 */
export interface AnalysisInternals {
  text: string;
  units: Map<string, FileUnit | undefined>;
  verification: VerifyResult | undefined;
  /** The shape analysis's shape of a document span (an expression or an assignment target), in the code's names. */
  shapeOf(span: Span): string | undefined;
  toRange(span: Span): { range: Range; cell?: number };
  /** Each checked gradient's derivation (the data and what the hover shows), by the check. */
  derived: Map<GradientCheck, { data: DerivationData; derivation: Derivation }>;
  result: AnalysisResult;
}

export function analyzeDocument(input: DocumentInput | ScriptDocumentInput, options: AnalyzeOptions = {}, inspect?: (internals: AnalysisInternals) => void): AnalysisResult {
  const t0 = performance.now();
  const source = openSource(input, options, t0);
  if (typeof source === 'string') return notAnalysedResult(source);
  const { parseMs, loadMs } = source;
  const inference = inferShapes(source, options);
  const verification = verifyGradients(source, inference, options);
  const shown = present(source, inference, verification, { derivations: options.derivations !== false || inspect !== undefined, keepDerived: inspect !== undefined });
  const verifyMs = verification.ms + shown.derivationMs;
  const result: AnalysisResult = {
    findings: shown.findings,
    shapes: shown.shapes,
    exprShapes: shown.exprShapes,
    syntaxErrors: shown.syntaxErrors,
    derivations: shown.derivations,
    truncated: inference.truncated,
    ...(verification.cutShort ? { verificationCutShort: verification.cutShort } : {}),
    timings: { parseMs, analyzeMs: performance.now() - t0 - (loadMs ?? 0) - parseMs - verifyMs, verifyMs, ...(loadMs !== undefined ? { loadMs } : {}) },
  };
  if (inspect) inspect({ text: source.text, units: source.units, verification: verification.result, shapeOf: inference.shapeOf, toRange: source.toRange, derived: shown.derived, result });
  return result;
}
