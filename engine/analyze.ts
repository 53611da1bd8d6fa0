// analyzeDocument: text → syntax tree → interpreter → findings, shapes and hover data. The one
// call the CLI and the language server make. It never throws: a document it can't analyse gives
// its syntax problems and no findings.

import type { AnalysisResult, AnalyzeOptions, Derivation, DocumentInput, ExprShape, Finding, Range, ScriptDocumentInput, ShapeRecord, SyntaxProblem } from './api';
import type { Expr, Module, Span } from './syntax/ast';
import { parsePython, variantCache } from './syntax/python/parse';
import { ParseCache } from './syntax/parseCache';
import { parseTypeScript, type LoweringInfo } from './syntax/typescript/lower';
import { typescriptLoaded, typescriptLoadMs } from './syntax/typescript/load';
import { Idiom } from './syntax/typescript/fixes';
import { rebaseImports } from './syntax/typescript/moduleImports';
import { isRelativeModule, isScriptFile, scriptLanguageOf } from './syntax/typescript/files';
import { LineIndex } from './syntax/lineIndex';
import { joinCells } from './syntax/notebook';
import { DimStore, type Dim } from './shapes/dim';
import { renderShape } from './shapes/shapeOps';
import { Reporter } from './checks/reporter';
import { cutShortReason } from './verify/cutShort';
import { BudgetExceeded, Interpreter, type FileUnit, type Recorder } from './interp/interpreter';
import type { ArrayValue, Value } from './interp/values';
import { verifyDocument, type RunRecord, type VerifyResult } from './verify/verify';
import type { GradientCheck } from './verify/checker';
import { gradientFindings } from './verify/findings';
import { deriveCheck, type DerivationData, type ForwardLine } from './verify/derivation';
import { renderDerivation } from './verify/renderDerivation';
import { uncheckedLines } from './verify/unchecked';
import { plainVerdict, verifiedAsPartOf } from './verify/partOf';
import { DIAGNOSTIC_CODES } from './diagnostics/codes';
import { isSuppressed, suppressionsByLine } from './suppressions';
import type { RawFinding } from './checks/reporter';

/** Larger documents are not analysed: the message says so. */
export const MAX_DOCUMENT_CHARS = 2_000_000;
const DEFAULT_MAX_STEPS = 400_000;
/** The seed of the confirming trial of a failed gradient check (the first uses verify.ts's default). */
const SECOND_SEED = 7_654_321;
/** Past this size (≈ 4,000 lines) verification's default budget drops from 400 to 100 ms. */
const LONG_DOCUMENT_CHARS = 150_000;

interface ShapeCandidate {
  span: Span;
  target?: Expr;
  stmt?: Span;
  shape: Dim[];
  origin?: string;
}

function unknownCount(dims: DimStore, s: Dim[]): number {
  let n = 0;
  for (const d of s) if (dims.isAnonymous(d)) n++;
  return n;
}

/** A span as one number (offsets stay below MAX_DOCUMENT_CHARS < 2^22): the key of the shape maps, which get an entry per evaluated expression. */
function spanKey(start: number, end: number): number {
  return start * 0x400000 + end;
}

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
  const joined = input.kind === 'notebook' ? joinCells(input.cells) : undefined;
  const text = input.kind === 'notebook' ? joined!.text : input.text;
  const empty = (message: string | undefined, parseMs = 0): AnalysisResult => ({
    findings: [],
    shapes: [],
    exprShapes: [],
    syntaxErrors: message ? [{ message, range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } } }] : [],
    derivations: [],
    truncated: false,
    ...(message ? { notAnalysed: message.replace(/^not analysed: /, '') } : {}),
    timings: { parseMs, analyzeMs: 0 },
  });
  if (text.length > MAX_DOCUMENT_CHARS) return empty(`not analysed: ${text.length} characters is over the limit of ${MAX_DOCUMENT_CHARS}`);
  if (text.includes('\u0000')) return empty('not analysed: the file looks binary (it contains NUL characters)');

  const lines = new LineIndex(text);
  // TypeScript and JavaScript are lowered into the same tree; everything after the parse is shared.
  const script =
    input.kind === 'typescript' ? input : input.kind === 'python' && input.language && input.language !== 'python' ? { ...input, language: input.language } : undefined;
  // Python keeps the document's parse even without a caller's cache: verification's re-runs of edited copies start from it.
  const parseCache = options.parseCache ?? (script ? undefined : new ParseCache());
  const parse = (src: string): Module => (script ? parseTypeScript(src, script.language, script.path).module : parsePython(src, parseCache ? variantCache(parseCache) : undefined));
  let module: Module;
  let lowering: LoweringInfo | undefined;
  let loadMs: number | undefined;
  try {
    if (script) {
      const firstLoad = !typescriptLoaded();
      const parsed = parseTypeScript(text, script.language, script.path, parseCache);
      if (firstLoad) loadMs = typescriptLoadMs();
      module = parsed.module;
      lowering = parsed.info;
    } else module = parsePython(text, parseCache);
  } catch (err) {
    return empty(`not analysed: the parser failed (${err instanceof Error ? err.message : String(err)})`);
  }
  const parseMs = performance.now() - t0 - (loadMs ?? 0);
  const unit: FileUnit = { file: '', text, module, lines };
  const units = new Map<string, FileUnit | undefined>([['', unit]]);
  const loadModule = (name: string): FileUnit | undefined => {
    if (units.has(name)) return units.get(name);
    units.set(name, undefined);
    // A script reads only files it names by a relative path (a bare name is a package, never a .py beside it).
    const src = script && !isRelativeModule(name) ? undefined : options.readModule?.(name);
    if (src === undefined || src.length > MAX_DOCUMENT_CHARS || src.includes('\u0000')) return undefined;
    try {
      // A TypeScript or JavaScript file's imports are files too (`./utils`), read as its own language.
      const parsed = script ? rebaseImports(parseTypeScript(src, isScriptFile(name) ? scriptLanguageOf(name) : script.language, name).module, name) : parsePython(src);
      const u: FileUnit = { file: name, text: src, module: parsed, lines: new LineIndex(src) };
      units.set(name, u);
      return u;
    } catch {
      return undefined;
    }
  };

  const dims = new DimStore();
  const standalone = new Map<string, Map<string, Value>>();
  const reporter = new Reporter();
  const exprs = new Map<number, ShapeCandidate>();
  const assigns = new Map<number, ShapeCandidate>();
  const keep = (map: Map<number, ShapeCandidate>, c: ShapeCandidate) => {
    const key = spanKey(c.span.start, c.span.end);
    const prev = map.get(key);
    if (!prev || unknownCount(dims, c.shape) < unknownCount(dims, prev.shape)) map.set(key, c);
  };
  const recorder: Recorder = {
    expr(file: string, span: Span, v: ArrayValue) {
      if (file === '' && v.shape) keep(exprs, { span, shape: v.shape, origin: v.origin });
    },
    assign(file: string, target: Expr, stmt: Span, v: ArrayValue) {
      if (file === '' && v.shape) keep(assigns, { span: target.span, target, stmt, shape: v.shape, origin: v.origin });
    },
    standalone(f, params) {
      if (f.file === '' && !standalone.has(f.qualname)) standalone.set(f.qualname, params);
    },
  };
  const interp = new Interpreter(dims, reporter, recorder, {
    maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
    isCancelled: options.isCancelled,
    loadModule,
  });
  let truncated = false;
  try {
    interp.runModule(unit);
    interp.runStandalone(unit);
  } catch (err) {
    // The budget ran out, the caller cancelled, or the interpreter met something it could not
    // handle: what was found so far stands, and the result says it is partial.
    truncated = true;
    if (!(err instanceof BudgetExceeded) && process.env.BACKPROP_LINT_DEBUG) console.error(err);
  }

  /** How a message cites a line of the document: `line 12`, or in a notebook `cell 7, line 3` (cells counted as Jupyter shows them). */
  const lineLabel = (line: number): string => {
    if (!joined) return `line ${line + 1}`;
    const c = joined.toCell(line);
    const n = input.kind === 'notebook' && input.cellNumbers ? input.cellNumbers[c.cell] ?? c.cell : c.cell;
    return `cell ${n + 1}, line ${c.line + 1}`;
  };
  let verification: VerifyResult | undefined;
  const tVerify = performance.now();
  let verifyDeadline = Infinity;
  let verifyBudget = 0;
  /** Lines the shape checks reported on: no gradient verdict rests on them. */
  const shapeFindingLines = new Set(reporter.findings().map((f) => lines.positionAt(f.span.start).line));
  // A half-typed document is not verified: a gradient verdict on a program that doesn't parse would rest
  // on guesses about the missing text (shape checks still run on the rest).
  // A syntax error outside every function and class (an empty `def main():` at the end, a broken line at
  // the top level) leaves the functions whole: they are verified.
  const verifyNow = options.verify === true || (options.verify !== false && (module.errors.length === 0 || errorsOutsideFunctions(module)));
  if (verifyNow && !truncated) {
    try {
      // A long file gets a shorter budget: its shape findings must not wait on checking every gradient.
      verifyBudget = options.verifyBudgetMs ?? (text.length > LONG_DOCUMENT_CHARS ? 100 : 400);
      const deadline = tVerify + verifyBudget;
      verifyDeadline = deadline;
      const isCancelled = () => performance.now() > deadline || (options.isCancelled?.() ?? false);
      const base = { loadUnit: (name: string) => (name === '' ? unit : loadModule(name)), dims, standalone, isCancelled };
      verification = verifyDocument({ ...base, unit });
      if (process.env.BACKPROP_LINT_DEBUG_VERIFY) debugVerification(verification, text);
      const shapeLines = shapeFindingLines;
      const rerun = (edited: string, entry: string): VerifyResult | undefined => {
        const u: FileUnit = { file: '', text: edited, module: parse(edited), lines: new LineIndex(edited) };
        return verifyDocument({ ...base, loadUnit: (name: string) => (name === '' ? u : loadModule(name)), unit: u, onlyEntry: entry });
      };
      const shapeFindingAt = (span: Span) => shapeLines.has(lines.positionAt(span.start).line);
      const confirm = (entry: string) => {
        const res = verifyDocument({ ...base, unit, onlyEntry: entry, seed: SECOND_SEED });
        if (process.env.BACKPROP_LINT_DEBUG_VERIFY) debugVerification(res, text);
        return res;
      };
      const activationOf = (run: RunRecord, c: GradientCheck): string | undefined => {
        const source = (file: string, start: number, end: number) => (file === '' ? text : units.get(file)?.text ?? '').slice(start, end);
        const local = deriveCheck(run, c, source)?.locals[0];
        if (!local) return undefined;
        const u = local.from.file === '' ? unit : units.get(local.from.file);
        const line = u ? u.lines.positionAt(local.from.stmt.span.start).line + 1 : undefined;
        const stmt = u ? u.text.slice(local.from.stmt.span.start, local.from.stmt.span.end).split('\n')[0].trim() : '';
        return `${stmt}${line ? ` (${local.from.file === '' ? lineLabel(line - 1) : `line ${line}`})` : ''} needs ${local.text}`;
      };
      for (const f of gradientFindings(verification, { text, rerun, confirm, shapeFindingAt, isCancelled, activationOf }, { reruns: 60 })) {
        if (!shapeLines.has(lines.positionAt(f.span.start).line)) reporter.report(f);
      }
    } catch (err) {
      if (!(err instanceof BudgetExceeded) && process.env.BACKPROP_LINT_DEBUG) console.error(err);
    }
  }

  let verifyMs = performance.now() - tVerify;
  const verificationCutShort = verifyNow && !truncated ? cutShortReason(verification, performance.now() > verifyDeadline, verifyBudget) : undefined;

  const toRange = (span: Span): { range: Range; cell?: number } => {
    const s = lines.positionAt(span.start);
    const e = lines.positionAt(span.end);
    if (!joined) return { range: { start: s, end: e } };
    const cs = joined.toCell(s.line);
    const ce = joined.toCell(e.line);
    const end = ce.cell === cs.cell ? { line: ce.line, column: e.column } : { line: cs.line, column: lines.lineText(s.line).length };
    return { range: { start: { line: cs.line, column: s.column }, end }, cell: cs.cell };
  };
  const suppressed = suppressionsByLine(module.comments, lines);
  const findings: Finding[] = [];
  // Fixes of a TypeScript or JavaScript document in its library's idiom (untranslatable ones dropped).
  let idiom: Idiom | undefined;
  const idiomOf = (info: LoweringInfo) =>
    (idiom ??= new Idiom({ text, module, info, arrayTexts: new Set([...exprs.values()].map((c) => text.slice(c.span.start, c.span.end).trim())) }));
  const inIdiom = (f: RawFinding): RawFinding => (lowering ? idiomOf(lowering).finding(f) : f);
  for (const raw of reporter.findings()) {
    const f = inIdiom(raw);
    const line = lines.positionAt(f.span.start).line;
    if (isSuppressed(suppressed, line, f.code)) continue;
    const { range, cell } = toRange(f.span);
    findings.push({
      code: f.code,
      severity: DIAGNOSTIC_CODES[f.code].severity,
      message: f.message,
      range,
      ...(cell !== undefined ? { cell } : {}),
      fixes: f.fixes.map((x) => ({
        title: x.title,
        certain: x.certain,
        edits: x.edits.map((ed) => {
          const r = toRange(ed.span);
          return { range: r.range, newText: ed.newText, ...(r.cell !== undefined ? { cell: r.cell } : {}) };
        }),
      })),
    });
  }

  const shapes: ShapeRecord[] = [...assigns.values()]
    .sort((a, b) => a.span.start - b.span.start)
    .map((c) => {
      const { range, cell } = toRange(c.span);
      const stmtLine = lines.lineText(lines.positionAt(c.stmt!.start).line).trim();
      return {
        range,
        ...(cell !== undefined ? { cell } : {}),
        target: text.slice(c.span.start, c.span.end),
        statement: stmtLine,
        shape: renderShape(dims, c.shape),
        ...(c.origin ? { origin: c.origin } : {}),
      };
    });
  const exprShapes: ExprShape[] = [...exprs.values()]
    .sort((a, b) => a.span.start - b.span.start)
    .map((c) => {
      const { range, cell } = toRange(c.span);
      return {
        range,
        ...(cell !== undefined ? { cell } : {}),
        text: text.slice(c.span.start, c.span.end),
        shape: renderShape(dims, c.shape),
        ...(c.origin ? { origin: c.origin } : {}),
      };
    });
  const syntaxErrors: SyntaxProblem[] = module.errors.map((e) => {
    const { range, cell } = toRange(e.span);
    return { message: e.message, range, ...(cell !== undefined ? { cell } : {}) };
  });
  const tDeriv = performance.now();
  const derivations: Derivation[] = [];
  const derived = new Map<GradientCheck, { data: DerivationData; derivation: Derivation }>();
  if (verification) {
    const seen = new Set<number>();
    const lineOf = (l: ForwardLine) => {
      const u = l.file === '' ? unit : units.get(l.file);
      if (!u) return { line: 0, source: '', file: l.file };
      const pos = u.lines.positionAt(l.stmt.span.start);
      return { line: pos.line + 1, source: u.text.slice(l.stmt.span.start, l.stmt.span.end).split('\n')[0].trim(), file: l.file, ...(l.file === '' ? { label: lineLabel(pos.line) } : {}) };
    };
    const source = (file: string, start: number, end: number) => (file === '' ? text : units.get(file)?.text ?? '').slice(start, end);
    for (const run of verification.runs) {
      for (const check of run.checks) {
        if (check.file !== '' || check.stmts.length === 0) continue;
        // Derivations share the verification budget (with a little slack for the ones in view first).
        if (performance.now() > verifyDeadline + 25) break;
        const stmt = check.stmts[check.stmts.length - 1];
        // A line with a shape finding gets no gradient verdict, even from a run whose sizes happened to fit it.
        if (seen.has(stmt.span.start) || shapeFindingLines.has(lines.positionAt(stmt.span.start).line)) continue;
        try {
          let d = deriveCheck(run, check, source);
          if (!d) throw new Error('no derivation');
          seen.add(stmt.span.start);
          const at = stmt.kind === 'assign' ? stmt.targets[0].span : stmt.span;
          const shape = assigns.get(spanKey(at.start, at.end));
          let r = renderDerivation(d, { line: lineOf }, shape ? renderShape(dims, shape.shape) : undefined);
          if (lowering && d.expected) {
            // The right expression in the file's library (NumPy text is never shown in a TypeScript file).
            const numpy = d.expected;
            const said = idiomOf(lowering).translateExpression(numpy, stmt.span);
            const swap = (t: string) => (said ? t.split(numpy).join(said) : t.replace(/;?\s*expected [^\n]*$/m, ''));
            r = { ...r, text: swap(r.text), markdown: swap(r.markdown) };
            d = { ...d, expected: said };
          }
          const { range, cell } = toRange({ start: stmt.span.start, end: stmt.span.end });
          derivations.push({ range, ...(cell !== undefined ? { cell } : {}), gradient: check.name, ok: d.ok, status: d.ok ? 'verified' : 'wrong', markdown: r.markdown, text: r.text, ...(d.expected ? { expected: d.expected } : {}) });
          if (inspect) derived.set(check, { data: d, derivation: derivations[derivations.length - 1] });
        } catch (err) {
          if (process.env.BACKPROP_LINT_DEBUG) console.error(err);
          // The chain rule could not be written out (a product of rank > 2): the numeric verdict stands.
          const plain = plainVerdict(run, check);
          if (plain && !seen.has(stmt.span.start)) {
            seen.add(stmt.span.start);
            const { range, cell } = toRange({ start: stmt.span.start, end: stmt.span.end });
            derivations.push({ range, ...(cell !== undefined ? { cell } : {}), gradient: check.name, ok: plain.ok, status: plain.ok ? 'verified' : 'wrong', markdown: plain.text, text: plain.text });
          }
        }
      }
    }
    for (const { stmt, check, gradient } of verifiedAsPartOf(verification.runs)) {
      if (seen.has(stmt.span.start) || shapeFindingLines.has(lines.positionAt(stmt.span.start).line)) continue;
      seen.add(stmt.span.start);
      const final = check.stmts[check.stmts.length - 1];
      const where = check.file === '' && final ? ` (${lineLabel(lines.positionAt(final.span.start).line)})` : check.func ? ` (in ${check.func})` : '';
      const note = `Verified as part of ${check.name}${where}: its value goes into that gradient, which was checked numerically and is right.`;
      const { range, cell } = toRange({ start: stmt.span.start, end: stmt.span.end });
      derivations.push({ range, ...(cell !== undefined ? { cell } : {}), gradient, ok: true, status: 'verified', markdown: note, text: note });
    }
    const covered = new Set(
      [...verification.checks.filter((c) => c.file === '').flatMap((c) => c.stmts.map((st) => st.span.start)), ...verification.runs.flatMap((r) => [...r.coveredStmts])].filter(
        (start) => !shapeFindingLines.has(lines.positionAt(start).line),
      ),
    );
    for (const u of uncheckedLines(module, text, verification, covered)) {
      const { range, cell } = toRange({ start: u.stmt.span.start, end: u.stmt.span.end });
      const onShapeLine = shapeFindingLines.has(lines.positionAt(u.stmt.span.start).line);
      const note = `Not checked numerically: ${onShapeLine ? 'the shape checks report a problem on this line; fix that first' : u.reason}.`;
      derivations.push({ range, ...(cell !== undefined ? { cell } : {}), gradient: u.gradient, ok: false, status: 'unchecked', markdown: `_${note}_`, text: note });
    }
    derivations.sort((a, b) => a.range.start.line - b.range.start.line);
  }

  verifyMs += performance.now() - tDeriv;
  const result: AnalysisResult = {
    findings, shapes, exprShapes, syntaxErrors, derivations, truncated,
    ...(verificationCutShort ? { verificationCutShort } : {}),
    timings: { parseMs, analyzeMs: performance.now() - t0 - (loadMs ?? 0) - parseMs - verifyMs, verifyMs, ...(loadMs !== undefined ? { loadMs } : {}) },
  };
  if (inspect) {
    const shapeOf = (span: Span) => {
      const c = exprs.get(spanKey(span.start, span.end)) ?? assigns.get(spanKey(span.start, span.end));
      return c ? renderShape(dims, c.shape) : undefined;
    };
    inspect({ text, units, verification, shapeOf, toRange, derived, result });
  }
  return result;
}

function debugVerification(v: VerifyResult, text: string): void {
  for (const r of v.runs) {
    console.error(`run ${r.entry}: ${r.checks.length} checks${r.stopped ? `, stopped: ${r.stopped}` : ''}`);
    for (const c of r.checks) {
      const line = c.stmts.length ? text.slice(0, c.stmts[c.stmts.length - 1].span.start).split('\n').length : 0;
      console.error(`  ${c.func}:${c.name} ~ ${c.partner} line ${line} rel ${c.relError.toExponential(2)} ratio ${c.ratio?.toPrecision(6)} batch ${c.batch} ${c.context}`);
    }
  }
  console.error(`verification ${v.ms.toFixed(1)} ms`);
}

/** Whether every syntax error lies outside the region of each top-level def or class (up to the next statement). */
function errorsOutsideFunctions(module: Module): boolean {
  const body = module.body;
  return module.errors.every((e) =>
    body.every((s, i) => (s.kind !== 'def' && s.kind !== 'class') || e.span.start < s.span.start || e.span.start >= (body[i + 1]?.span.start ?? Infinity)));
}
