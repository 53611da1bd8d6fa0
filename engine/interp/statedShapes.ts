// Turns shapes stated in docstrings and comments (engine/shapes/statedShapes.ts reads the text)
// into values: a parameter's array, a dict's entries, a returned array, an assignment's shape.

import type { Comment, Expr, Span, Stmt } from '../syntax/ast';
import type { Dim, DimStore } from '../shapes/dim';
import type { Shape } from '../shapes/shapeOps';
import { shapesFromDocstring, shapeFromComment, type StatedShape } from '../shapes/statedShapes';
import type { Value } from './values';
import type { FileUnit } from './interpreter';

const docCache = new Map<string, ReturnType<typeof shapesFromDocstring>>();

function parseDoc(doc: string, dims: DimStore) {
  const names = dims.declaredNames;
  // The user's dimension names change what a docstring states: they are part of the key.
  const key = names.size ? `${[...names.keys()].join('\u0001')}\u0000${doc}` : doc;
  let r = docCache.get(key);
  if (!r) {
    r = shapesFromDocstring(doc, names);
    if (docCache.size > 500) docCache.clear();
    docCache.set(key, r);
  }
  return r;
}

/**
 * `examples`: the docstring describes a call from outside (the function is inlined at a call site):
 * its constants describe one example dataset (`W1 -- (20, 2)`), so they only name a size
 * (dim.ts `hinted`) and never contradict the caller's sizes.
 */
function toShape(dims: DimStore, s: StatedShape, docDims: Map<string, Dim>, mkDim: (name: string) => Dim, examples = false): Shape | undefined {
  if (s.variadic) return undefined;
  // The trailing 1 of a named column (`h -- (n_h, 1)`) is the shape's structure, not an example's size
  // (a `(1, 4)` of constants may be one: one output unit in the example), seen from a caller too: a bias
  // `b -- (size of current layer, 1)` broadcasts over the caller's m examples, it does not make m one.
  // Seen from a caller (`examples`), every other constant only names a size.
  const column = s.dims.length >= 2 && s.dims.some((d) => d.kind === 'name');
  return s.dims.map((d, i) => {
    if (d.kind === 'const' && d.value === 1 && column && i === s.dims.length - 1) return dims.constant(1);
    if (d.kind === 'const') return examples ? dims.hinted(String(d.value)) : dims.exampleConstant(d.value);
    if (d.kind === 'unknown') return dims.unknown();
    let dim = docDims.get(d.name);
    if (dim === undefined) {
      dim = mkDim(d.name);
      docDims.set(d.name, dim);
    }
    return dim;
  });
}

/**
 * Parameter values from a docstring: `X -- ... (n_x, m)`, and dict entries `parameters["W1"]`.
 * Entries of a dict (`bn_param: ... - running_mean: Array of shape (D,)`) describe a container's
 * contents in passing: a size named only there is not one of the function's free sizes (it is made
 * with `weak`, never rigid), so a slip in such a line (D where the data says C) is no contradiction.
 */
export function statedParamValues(
  dims: DimStore,
  doc: string | undefined,
  docDims: Map<string, Dim>,
  mkDim: (name: string) => Dim,
  origin: string,
  examples = false,
  weak: (name: string) => Dim = (name) => dims.unknown(name),
): Map<string, Value> {
  const out = new Map<string, Value>();
  if (!doc) return out;
  const entryOf = (name: string) => /^(\w+)\[["'](\w+)["']\]$/.exec(name);
  const params = parseDoc(doc, dims).params;
  // Direct parameters first, so the sizes they name are the function's own; then dict entries.
  const ordered = [...params.filter((s) => !entryOf(s.name)), ...params.filter((s) => entryOf(s.name))];
  for (const s of ordered) {
    const m = entryOf(s.name);
    const shape = toShape(dims, s, docDims, m ? weak : mkDim, examples);
    if (!shape) continue;
    const arr: Value = { t: 'array', shape, origin, stated: true };
    if (m) {
      let d = out.get(m[1]);
      if (!d || d.t !== 'dict') {
        d = { t: 'dict', entries: new Map(), open: true };
        out.set(m[1], d);
      }
      if (d.t === 'dict') d.entries.set(m[2], arr);
    } else if (/^\w+$/.test(s.name)) {
      out.set(s.name, arr);
    }
  }
  // `b -- bias, a scalar`: a number, not an array of unknown shape (one that could broadcast a stated
  // 1 away). Only for a function analysed on its own: a caller's argument says more.
  if (!examples) for (const name of parseDoc(doc, dims).scalars) if (!out.has(name)) out.set(name, { t: 'float' });
  return out;
}

/** A returned name whose shape is unknown takes the shape the docstring's Returns section states. */
export function statedReturnShape(dims: DimStore, doc: string | undefined, e: Expr, v: Value, docDims: Map<string, Dim>, examples = false): Value {
  if (!doc) return v;
  const fill = (x: Expr, val: Value): Value => {
    if (x.kind !== 'name') return val;
    if (!(val.t === 'unknown' || (val.t === 'array' && !val.shape))) return val;
    const s = parseDoc(doc, dims).returns.find((r) => r.name === x.id);
    if (!s) return val;
    const shape = toShape(dims, s, docDims, (n) => dims.unknown(n), examples);
    return shape ? { t: 'array', shape, origin: 'the docstring\'s Returns section' } : val;
  };
  if (e.kind === 'tuple' && v.t === 'tuple' && v.items.length === e.elts.length) {
    return { t: 'tuple', items: v.items.map((it, i) => fill(e.elts[i], it)) };
  }
  return fill(e, v);
}

const commentsByLine = new WeakMap<FileUnit, Map<number, Comment>>();

/** `Z1 = ...  # (n_h, m)` or `# shape: (n_h, m)`: the shape a comment on the statement's line states, and where that comment is written. */
export function commentShapeFor(dims: DimStore, unit: FileUnit, s: Stmt, docDims: Map<string, Dim>): { shape: Shape; written: Span } | undefined {
  if (s.kind !== 'assign' || s.targets.length !== 1) return undefined;
  let byLine = commentsByLine.get(unit);
  if (!byLine) {
    byLine = new Map();
    for (const c of unit.module.comments) byLine.set(unit.lines.positionAt(c.span.start).line, c);
    commentsByLine.set(unit, byLine);
  }
  const line = unit.lines.positionAt(s.span.start).line;
  const comment = byLine.get(line);
  if (comment === undefined) return undefined;
  const stated = shapeFromComment(comment.text, dims.declaredNames);
  if (!stated) return undefined;
  const target = s.targets[0];
  const targetText = unit.text.slice(target.span.start, target.span.end);
  if (stated.name !== '' && stated.name !== targetText) return undefined;
  const shape = toShape(dims, stated, docDims, (n) => dims.unknown(n));
  return shape ? { shape, written: comment.written ?? comment.span } : undefined;
}

/**
 * Parameters a docstring says are arrays of any rank (`- dout: Upstream derivatives, of any shape`,
 * `- cache: Input x, of same shape as dout`): they state no shape, only that the value is an array.
 */
export function anyShapeParams(doc: string | undefined): Set<string> {
  const out = new Set<string>();
  if (!doc || !/any shape|arbitrary shape|same shape as/i.test(doc)) return out;
  for (const line of doc.split('\n')) {
    const m = /^\s*[-*]?\s*(\w+)\s*(?:\([^)]*\))?\s*(?::|--?)\s*(.*)$/.exec(line);
    if (m && /\b(any|arbitrary) shape\b|\bsame shape as\b/i.test(m[2])) out.add(m[1]);
  }
  return out;
}
