// Phase 2 of analyzeDocument: shape inference. The abstract interpreter runs the document (its top
// level, then every function on its own); the shape checks' findings collect in a Reporter, and the
// shapes of expressions and assignment targets in the document are kept for presentation (the
// best-known shape of each span: the one with fewest unknown dimensions).

import type { AnalyzeOptions } from '../api';
import type { Expr, Span } from '../syntax/ast';
import { DimStore, type Dim } from '../shapes/dim';
import { declaredNames } from '../shapes/dimPhrases';
import { renderShape } from '../shapes/shapeOps';
import { Reporter } from '../checks/reporter';
import { reportContradiction } from '../checks/blame';
import { BudgetExceeded, Interpreter, type Recorder } from '../interp/interpreter';
import type { ArrayValue, Value } from '../interp/values';
import type { OriginSite } from '../diagnostics/origin';
import type { Source } from './source';
import { isSnippetData, SNIPPET_ENTRY } from '../interp/snippetNames';
import { settle } from '../interp/holes';

const DEFAULT_MAX_STEPS = 400_000;

export interface ShapeCandidate {
  span: Span;
  target?: Expr;
  stmt?: Span;
  /** Undefined for an array nothing fixed the rank of: it has the shape of the input `like`. */
  shape: Dim[] | undefined;
  like?: string;
  origin?: string;
  site?: OriginSite;
}

/** How a candidate's shape reads: `(n_h, m)`, or `dout.shape` for an array of any rank with dout's shape. */
export function candidateShape(dims: DimStore, c: ShapeCandidate): string {
  return c.shape === undefined && c.like !== undefined ? `${c.like}.shape` : renderShape(dims, c.shape);
}

export interface Inference {
  dims: DimStore;
  reporter: Reporter;
  /** Shapes of the document's expressions and assignment targets, keyed by spanKey. */
  exprs: Map<number, ShapeCandidate>;
  assigns: Map<number, ShapeCandidate>;
  /**
   * Each function's parameter values in its standalone analysis (verification makes its inputs from them),
   * and under SNIPPET_ENTRY a snippet's data read at its top level without being bound.
   */
  standalone: Map<string, Map<string, Value>>;
  /** The step budget ran out, the caller cancelled, or the interpreter stopped: the findings are partial. */
  truncated: boolean;
  /** Lines the shape checks reported on: no gradient verdict rests on them. */
  shapeFindingLines: Set<number>;
  /** The shape the analysis gave a document span (an expression or an assignment target), rendered. */
  shapeOf(span: Span): string | undefined;
}

function unknownCount(dims: DimStore, s: Dim[]): number {
  let n = 0;
  for (const d of s) if (dims.isAnonymous(d)) n++;
  return n;
}

/** Two shapes of one line with different sizes on an axis: it ran in contexts of different sizes. */
function constantsDiffer(dims: DimStore, a: Dim[], b: Dim[]): boolean {
  if (a.length !== b.length) return false;
  // A plain loop: this runs for every expression the analysis evaluates twice (no arrays made per axis).
  for (let i = 0; i < a.length; i++) {
    const x = dims.value(a[i]!);
    const y = dims.value(b[i]!);
    if (x !== undefined && y !== undefined && x !== y) return true;
  }
  return false;
}

/**
 * How much a shape of a line that varies between contexts says about one context only: a constant
 * (64, a size of one call) costs 1, an axis shown as `?` costs 3 (a `?` says less than a constant);
 * a named size (n_inputs, or dvalues.shape[1]) costs nothing.
 */
function contextCost(dims: DimStore, s: Dim[]): number {
  let n = 0;
  for (const d of s) {
    if (dims.value(d) !== undefined) n += 1;
    else if (renderShape(dims, [d]).includes('?')) n += 3;
  }
  return n;
}

/**
 * In each function analysed on its own that has a shape finding, the shapes its own analysis recorded
 * replace those of the contexts that called it.
 */
function overrideFaulty(findings: { span: Span }[], defs: Span[], maps: [Map<number, ShapeCandidate>, Map<number, ShapeCandidate>][]): void {
  const faulty = defs.filter((d) => findings.some((f) => f.span.start >= d.start && f.span.end <= d.end));
  if (faulty.length === 0) return;
  for (const [shown, own] of maps) {
    for (const [key, c] of own) if (faulty.some((d) => c.span.start >= d.start && c.span.end <= d.end)) shown.set(key, c);
  }
}

/** A span as one number (offsets stay below MAX_DOCUMENT_CHARS < 2^22): the key of the shape maps, which get an entry per evaluated expression. */
export function spanKey(start: number, end: number): number {
  return start * 0x400000 + end;
}

export function inferShapes(source: Source, options: AnalyzeOptions): Inference {
  const dims = new DimStore(declaredNames(options.extraDimensionNames));
  const standalone = new Map<string, Map<string, Value>>();
  const reporter = new Reporter();
  const exprs = new Map<number, ShapeCandidate>();
  const assigns = new Map<number, ShapeCandidate>();
  // A line run in several contexts with different sizes (a layer class's backward inlined for a
  // (2, 64) layer and a (64, 3) one): its constants are one context's, and their labels may be another's
  // ((64, 3) shown as (n_neurons, n_neurons)). Such a line shows its shape in names (the function
  // analysed on its own: (n_inputs, n_neurons)) when it has one.
  const varies = new Set<number>();
  const keep = (map: Map<number, ShapeCandidate>, c: ShapeCandidate & { shape: Dim[] }) => {
    const key = spanKey(c.span.start, c.span.end);
    const prev = map.get(key);
    if (!prev?.shape) return void map.set(key, c);
    if (varies.has(key) || constantsDiffer(dims, c.shape, prev.shape)) {
      varies.add(key);
      if (contextCost(dims, c.shape) < contextCost(dims, prev.shape)) map.set(key, c);
      return;
    }
    if (unknownCount(dims, c.shape) < unknownCount(dims, prev.shape)) map.set(key, c);
  };
  // What each function's analysis on its own recorded (its docstring's sizes rigid): for a function whose code
  // contradicts itself, a context that called it merged sizes to fit the wrong line (`np.dot(dZ1, X)` makes
  // X square), so its lines show the standalone view instead (overrideFaulty below).
  let standaloneDef: Span | undefined;
  const standaloneDefs: Span[] = [];
  const ownExprs = new Map<number, ShapeCandidate>();
  const ownAssigns = new Map<number, ShapeCandidate>();
  const recorder: Recorder = {
    expr(file: string, span: Span, v: ArrayValue) {
      if (file !== '' || !v.shape) return;
      const c = { span, shape: v.shape, origin: v.origin, site: v.site };
      keep(exprs, c);
      if (standaloneDef) keep(ownExprs, c);
    },
    assign(file: string, target: Expr, stmt: Span, v: ArrayValue) {
      if (file !== '' || !v.shape) return;
      const c = { span: target.span, target, stmt, shape: v.shape, origin: v.origin, site: v.site };
      keep(assigns, c);
      if (standaloneDef) keep(ownAssigns, c);
    },
    standaloneRun(def) {
      standaloneDef = def;
      if (def) standaloneDefs.push(def);
    },
    sameShape(file, target, stmt, like) {
      const key = spanKey(target.span.start, target.span.end);
      if (file === '' && !assigns.has(key)) assigns.set(key, { span: target.span, target, stmt, shape: undefined, like, origin: `the shape of ${like}: nothing fixes its rank` });
    },
    standalone(f, params) {
      if (f.file === '' && !standalone.has(f.qualname)) standalone.set(f.qualname, params);
    },
  };
  const interp = new Interpreter(dims, { findings: reporter, contradiction: reportContradiction }, recorder, {
    maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
    isCancelled: options.isCancelled,
    loadModule: source.loadModule,
  });
  let truncated = false;
  try {
    const top = interp.runModule(source.unit);
    // A snippet's data (interp/snippetNames.ts), as its use decided it: the top level's run makes its inputs from them.
    const snippet = new Map<string, Value>();
    for (const [name, v] of top.vars) if (isSnippetData(source.unit.module, name)) snippet.set(name, settle(v));
    if (snippet.size > 0) standalone.set(SNIPPET_ENTRY, snippet);
    interp.runStandalone(source.unit);
  } catch (err) {
    // The budget ran out, the caller cancelled, or the interpreter met something it could not
    // handle: what was found so far stands, and the result says it is partial.
    truncated = true;
    if (!(err instanceof BudgetExceeded) && process.env.BACKPROP_LINT_DEBUG) console.error(err);
  }
  overrideFaulty(reporter.findings().filter((f) => f.file === ''), standaloneDefs, [[exprs, ownExprs], [assigns, ownAssigns]]);
  const shapeFindingLines = new Set(reporter.findings().map((f) => source.lines.positionAt(f.span.start).line));
  const shapeOf = (span: Span) => {
    const c = exprs.get(spanKey(span.start, span.end)) ?? assigns.get(spanKey(span.start, span.end));
    return c ? candidateShape(dims, c) : undefined;
  };
  return { dims, reporter, exprs, assigns, standalone, truncated, shapeFindingLines, shapeOf };
}
