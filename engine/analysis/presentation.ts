// Phase 4 of analyzeDocument: presentation. Spans become ranges (and notebook cells), suppression
// comments drop findings, a TypeScript or JavaScript document's fixes and expected expressions are said
// in its library's idiom, shapes are rendered in the code's names, and each checked gradient gets its
// derivation (the chain rule with the shape at every step) unless the caller does not want them.

import type { Derivation, ExprShape, Finding, OriginPlace, ShapeRecord, SyntaxProblem } from '../api';
import type { OriginSite } from '../diagnostics/origin';
import type { LoweringInfo } from '../syntax/typescript/lower';
import { Idiom } from '../syntax/typescript/fixes';
import { renderShape } from '../shapes/shapeOps';
import type { RawFinding } from '../checks/reporter';
import type { GradientCheck } from '../verify/checker';
import { deriveCheck, type DerivationData, type ForwardLine } from '../verify/derivation';
import { renderDerivation } from '../verify/renderDerivation';
import { uncheckedLines } from '../verify/unchecked';
import { plainVerdict, verifiedAsPartOf } from '../verify/partOf';
import { DIAGNOSTIC_CODES } from '../diagnostics/codes';
import { isSuppressed, suppressionsByLine } from '../suppressions';
import type { Source } from './source';
import { candidateShape, spanKey, type Inference } from './inference';
import type { RunRecord } from '../verify/verify';
import { agreedShapes } from '../verify/writtenShapes';
import type { Verification } from './verification';

export interface Presented {
  findings: Finding[];
  shapes: ShapeRecord[];
  exprShapes: ExprShape[];
  syntaxErrors: SyntaxProblem[];
  derivations: Derivation[];
  /** Each checked gradient's derivation (data and rendering), for an inspector. */
  derived: Map<GradientCheck, { data: DerivationData; derivation: Derivation }>;
  /** Time spent on derivations (part of verification's). */
  derivationMs: number;
}

export function present(source: Source, inference: Inference, verification: Verification, opts: { derivations: boolean; keepDerived: boolean }): Presented {
  const { text, lines, module, toRange, lowering } = source;
  const { dims, reporter, exprs, assigns } = inference;
  /** A structured origin in the document, as a place with its text (one in an imported module is left to the words). */
  const placeOf = (site: OriginSite | undefined): { originSite?: OriginPlace } => {
    if (!site || site.file !== '' || site.span.end <= site.span.start) return {};
    const { range, cell } = toRange(site.span);
    return { originSite: { kind: site.kind, range, ...(cell !== undefined ? { cell } : {}), text: text.slice(site.span.start, site.span.end) } };
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
        shape: candidateShape(dims, c),
        ...(c.origin ? { origin: c.origin } : {}),
        ...placeOf(c.site),
      };
    });
  if (verification.result) addRunShapes(shapes, verification.result.runs, source);
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
        ...placeOf(c.site),
      };
    });
  const syntaxErrors: SyntaxProblem[] = module.errors.map((e) => {
    const { range, cell } = toRange(e.span);
    return { message: e.message, range, ...(cell !== undefined ? { cell } : {}) };
  });
  const tDeriv = performance.now();
  const derivations: Derivation[] = [];
  const derived = new Map<GradientCheck, { data: DerivationData; derivation: Derivation }>();
  const result = verification.result;
  if (result && opts.derivations) {
    const { unit, units, lineLabel } = source;
    const shapeFindingLines = inference.shapeFindingLines;
    const seen = new Set<number>();
    const lineOf = (l: ForwardLine) => {
      const u = l.file === '' ? unit : units.get(l.file);
      if (!u) return { line: 0, source: '', file: l.file };
      const pos = u.lines.positionAt(l.stmt.span.start);
      return { line: pos.line + 1, source: u.text.slice(l.stmt.span.start, l.stmt.span.end).split('\n')[0].trim(), file: l.file, ...(l.file === '' ? { label: lineLabel(pos.line) } : {}) };
    };
    const src = (file: string, start: number, end: number) => (file === '' ? text : units.get(file)?.text ?? '').slice(start, end);
    for (const run of result.runs) {
      for (const check of run.checks) {
        if (check.file !== '' || check.stmts.length === 0) continue;
        // Derivations share the verification budget (with a little slack for the ones in view first).
        if (performance.now() > verification.deadline + 25) break;
        const stmt = check.stmts[check.stmts.length - 1];
        // A line with a shape finding gets no gradient verdict, even from a run whose sizes happened to fit it.
        if (seen.has(stmt.span.start) || shapeFindingLines.has(lines.positionAt(stmt.span.start).line)) continue;
        try {
          let d = deriveCheck(run, check, src);
          if (!d) throw new Error('no derivation');
          seen.add(stmt.span.start);
          const at = stmt.kind === 'assign' ? stmt.targets[0].span : stmt.span;
          const shape = assigns.get(spanKey(at.start, at.end));
          if (lowering && d.expected) {
            // The right expression in the file's library, translated before rendering (NumPy text is
            // never shown in a TypeScript file; one the idiom cannot say is left out).
            d = { ...d, expected: idiomOf(lowering).translateExpression(d.expected, stmt.span) };
          }
          const r = renderDerivation(d, { line: lineOf }, shape ? candidateShape(dims, shape) : undefined);
          const { range, cell } = toRange({ start: stmt.span.start, end: stmt.span.end });
          derivations.push({ range, ...(cell !== undefined ? { cell } : {}), gradient: check.name, ok: d.ok, status: d.ok ? 'verified' : 'wrong', markdown: r.markdown, text: r.text, ...(d.expected ? { expected: d.expected } : {}) });
          if (opts.keepDerived) derived.set(check, { data: d, derivation: derivations[derivations.length - 1] });
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
    const partOf = verifiedAsPartOf(result.runs, module.body);
    for (const { stmt, check, gradient, holds } of partOf) {
      if (seen.has(stmt.span.start) || shapeFindingLines.has(lines.positionAt(stmt.span.start).line)) continue;
      seen.add(stmt.span.start);
      const final = check.stmts[check.stmts.length - 1];
      const where = check.file === '' && final ? ` (${lineLabel(lines.positionAt(final.span.start).line)})` : check.func ? ` (in ${check.func})` : '';
      const note = holds
        ? `Verified as part of ${check.name}${where}: it holds that gradient's value, which was checked numerically and is right.`
        : `Verified as part of ${check.name}${where}: its value goes into that gradient, which was checked numerically and is right.`;
      const { range, cell } = toRange({ start: stmt.span.start, end: stmt.span.end });
      derivations.push({ range, ...(cell !== undefined ? { cell } : {}), gradient, ok: true, status: 'verified', markdown: note, text: note });
    }
    const covered = new Set(
      [...result.checks.filter((c) => c.file === '').flatMap((c) => c.stmts.map((st) => st.span.start)), ...result.runs.flatMap((r) => [...r.coveredStmts]), ...partOf.map((p) => p.stmt.span.start)].filter(
        (start) => !shapeFindingLines.has(lines.positionAt(start).line),
      ),
    );
    for (const u of uncheckedLines(module, text, result, covered)) {
      const { range, cell } = toRange({ start: u.stmt.span.start, end: u.stmt.span.end });
      const onShapeLine = shapeFindingLines.has(lines.positionAt(u.stmt.span.start).line);
      const note = `Not checked numerically: ${onShapeLine ? 'the shape checks report a problem on this line; fix that first' : u.reason}.`;
      derivations.push({ range, ...(cell !== undefined ? { cell } : {}), gradient: u.gradient, ok: false, status: 'unchecked', markdown: `_${note}_`, text: note });
    }
    derivations.sort((a, b) => a.range.start.line - b.range.start.line);
  }
  return { findings, shapes, exprShapes, syntaxErrors, derivations, derived, derivationMs: performance.now() - tDeriv };
}

/**
 * Lines the shape analysis left without a shape (or with an unknown axis) that a verification run
 * executed get the shape that run wrote, in the code's names (writtenShapes.ts); a partial shape is
 * completed only where the run agrees with every axis it knows. Runs that checked nothing are not read
 * (their sizes may be guesses that did not fit): verify.ts witnesses only runs that checked something.
 */
function addRunShapes(shapes: ShapeRecord[], runs: readonly RunRecord[], source: Source): void {
  const { text, lines, toRange } = source;
  const written = agreedShapes(runs);
  if (written.size === 0) return;
  const byStart = new Map<string, number>();
  shapes.forEach((s, i) => byStart.set(`${s.cell ?? ''}:${s.range.start.line}:${s.range.start.column}:${s.target}`, i));
  for (const { target, shape, sizes } of written.values()) {
    const { range, cell } = toRange(target);
    const targetText = text.slice(target.start, target.end);
    const key = `${cell ?? ''}:${range.start.line}:${range.start.column}:${targetText}`;
    const at = byStart.get(key);
    const known = at === undefined ? undefined : shapes[at];
    if (known && (!known.shape.includes('?') || !agreesWith(known.shape, shape))) continue;
    const rec: ShapeRecord = {
      range,
      ...(cell !== undefined ? { cell } : {}),
      target: targetText,
      statement: lines.lineText(lines.positionAt(target.start).line).trim(),
      shape,
      // Shown after "from": "from the numeric check's runs (batch = 5, n_in = 3, then each one size larger)".
      origin: `the numeric check's runs${sizes ? ` (${sizes}, then each one size larger)` : ''}`,
    };
    if (at === undefined) shapes.push(rec);
    else shapes[at] = rec;
  }
  shapes.sort((a, b) => (a.cell ?? 0) - (b.cell ?? 0) || a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
}

/** Whether a run's shape fits a partial one axis by axis (`(N, ?)` and `(N, H)`). */
function agreesWith(partial: string, full: string): boolean {
  const axes = (s: string) => s.replace(/^\(|,?\)$/g, '').split(',').map((a) => a.trim());
  const p = axes(partial), f = axes(full);
  return p.length === f.length && p.every((a, i) => a === '?' || a === f[i]);
}
