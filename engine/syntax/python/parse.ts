// The Python adapter's entry point: Lezer parse tree in, the engine's Module out.
//
// Invariant: parsePython never throws. Syntax errors become entries in Module.errors and the
// statements that parse are still returned. The file is cut into top-level chunks (chunks.ts), each
// parsed on its own; with a ParseCache, a chunk whose text is unchanged since the last parse of the
// document is reused (its spans shifted if it moved), so an edit re-parses one chunk. When Lezer
// reports errors in a chunk, recovery.ts looks for magic lines and brackets left open; those regions
// are blanked (same length, so offsets hold), the blanked text is parsed again, and each broken
// statement is parsed on its own with its brackets closed, then put back in its place.

import type { Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { ParseCache } from '../parseCache';
import type { Comment, Module, Stmt, SyntaxErrorInfo } from '../ast';
import { chunkStarts } from './chunks';
import { collectDiagnostics } from './diagnostics';
import { type BrokenRegion, scan } from './recovery';
import { block, docstringOf } from './statements';
import { type Context, kids, makeContext } from './tree';

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
/** More syntax errors than this in one file are summarised by a last entry. */
const MAX_ERRORS = 200;

export function parsePython(text: string, cache?: ParseCache): Module {
  try {
    return parseChunks(text, cache);
  } catch (e) {
    // A last line of defence: a bug in the adapter must not take the engine down.
    const message = e instanceof Error ? e.message : String(e);
    return { body: [], comments: [], errors: [{ message: `internal parser error: ${message}`, span: { start: 0, end: 0 } }], docstring: undefined };
  }
}

/** One chunk's parse, in offsets of the document it was parsed in (starting at `base`). */
interface ChunkParse {
  base: number;
  module: Module;
}

/** The Python memo of a ParseCache: the last parse's chunks by their text, and by where they started. */
interface ChunkMemo {
  byText: Map<string, ChunkParse[]>;
  byBase: Map<number, { chunk: string; parse: ChunkParse }>;
}

/** One parse's use of the memo: the parses handed out, and per chunk text how far its list is used up. */
interface MemoUse {
  used: Set<ChunkParse>;
  next: Map<string, number>;
}

function parseChunks(text: string, cache: ParseCache | undefined): Module {
  const starts = chunkStarts(text);
  const memo = isChunkMemo(cache?.python) ? cache.python : undefined;
  const use: MemoUse = { used: new Set(), next: new Map() };
  const next: ChunkMemo = { byText: new Map(), byBase: new Map() };
  const out: Module = { body: [], comments: [], errors: [], docstring: undefined };
  for (let k = 0; k < starts.length; k++) {
    const base = starts[k]!;
    const chunk = text.slice(base, starts[k + 1] ?? text.length);
    const part = reuse(memo, use, chunk, base) ?? parseWithRecovery(chunk, base);
    const parse: ChunkParse = { base, module: part };
    const parses = next.byText.get(chunk);
    if (parses) parses.push(parse);
    else next.byText.set(chunk, [parse]);
    next.byBase.set(base, { chunk, parse });
    if (k === 0) out.docstring = part.docstring;
    out.body.push(...part.body);
    out.comments.push(...part.comments);
    out.errors.push(...part.errors);
  }
  if (cache) cache.python = next;
  if (out.errors.length > MAX_ERRORS) {
    out.errors.length = MAX_ERRORS;
    out.errors.push({ message: 'too many syntax errors; the rest are not listed', span: out.errors[MAX_ERRORS - 1]!.span });
  }
  return out;
}

/**
 * The memo's parse of `chunk`, moved to `base` (preferring the one already there). A parse is handed
 * out once per document (`use`), so a repeated chunk is not shared; the memo itself is not changed,
 * so several parses may start from the same one (verification's re-runs of edited texts). Each
 * chunk's list is walked once per parse (`use.next`): a file of thousands of identical lines
 * costs linear time, not quadratic.
 */
function reuse(memo: ChunkMemo | undefined, use: MemoUse, chunk: string, base: number): Module | undefined {
  if (!memo) return undefined;
  const here = memo.byBase.get(base);
  if (here && here.chunk === chunk && !use.used.has(here.parse)) {
    use.used.add(here.parse);
    return here.parse.module;
  }
  const parses = memo.byText.get(chunk);
  if (!parses) return undefined;
  let i = use.next.get(chunk) ?? 0;
  while (i < parses.length && use.used.has(parses[i]!)) i++;
  use.next.set(chunk, i + 1);
  const found = parses[i];
  if (!found) return undefined;
  use.used.add(found);
  return found.base === base ? found.module : shiftSpans(found.module, base - found.base);
}

function isChunkMemo(value: unknown): value is ChunkMemo {
  return typeof value === 'object' && value !== null && (value as ChunkMemo).byText instanceof Map && (value as ChunkMemo).byBase instanceof Map;
}

/** A cache to parse variants of the document last parsed through `cache` (edited copies) without changing it. */
export function variantCache(cache: ParseCache): ParseCache {
  const variant = new ParseCache();
  variant.python = cache.python;
  return variant;
}

/**
 * A deep copy of a parse with every span moved by `delta` (a span is an object of just `start` and `end`).
 * A node is copied with a spread, which keeps its hidden class: the interpreter's property reads stay
 * as fast on a moved chunk as on a fresh parse (a copy built key by key got other classes), and no key
 * list is made per node. Half the chunks of a long file move on every edit.
 */
function shiftSpans<T>(value: T, delta: number): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = shiftSpans(value[i], delta);
    return out as T;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.start === 'number' && typeof o.end === 'number' && ownKeyCount(o) === 2) return { start: o.start + delta, end: o.end + delta } as T;
  const copy: Record<string, unknown> = { ...o };
  for (const key in o) {
    const v = o[key];
    if (v !== null && typeof v === 'object') copy[key] = shiftSpans(v, delta);
  }
  return copy as T;
}

/** How many enumerable own keys `o` has, counting no further than 3. */
function ownKeyCount(o: object): number {
  let n = 0;
  for (const _ in o) if (++n > 2) break;
  return n;
}

/** Parse `original` (a chunk of the document starting at offset `base`), repairing what Lezer's own recovery does badly. */
function parseWithRecovery(original: string, base: number): Module {
  const { text, tree } = parseFloatsFixed(original);
  const found = collectDiagnostics(tree, text, base);
  if (found.errors.length === 0) return convert(tree, makeContext(text, base), found.comments, []);
  const { magics, regions } = scan(text);
  if (magics.length === 0 && regions.length === 0) return convert(tree, makeContext(text, base), found.comments, found.errors);

  const repaired = blank(text, magics, regions);
  const ctx = makeContext(repaired, base);
  const errors: SyntaxErrorInfo[] = magics.map((span) => ({ message: 'IPython magic or shell command is not Python', span: { start: span.start + base, end: span.end + base } }));
  const comments: Comment[] = [];
  for (const region of regions) {
    const piece = parseRegion(text, region, base);
    ctx.placeholders.set(region.start, { stmts: piece.body, compound: piece.compound });
    errors.push(...piece.errors);
    comments.push(...piece.comments);
  }
  const tree2 = parser.parse(repaired);
  const found2 = collectDiagnostics(tree2, repaired, base);
  errors.push(...found2.errors);
  comments.push(...found2.comments);
  errors.sort((a, b) => a.span.start - b.span.start);
  comments.sort((a, b) => a.span.start - b.span.start);
  return convert(tree2, ctx, comments, errors);
}

/**
 * Lezer reads `1.e-3` as `1.e - 3` (a member access minus 3). Such literals in code are rewritten
 * to the same-length `1e-03`, which has the same value, and the text is parsed again. Only the
 * digits of those literals change, so offsets, strings and comments are untouched.
 */
function parseFloatsFixed(text: string): { text: string; tree: Tree } {
  const tree = parser.parse(text);
  if (!DOT_EXPONENT.test(text)) return { text, tree };
  let fixed = text;
  for (const m of text.matchAll(DOT_EXPONENT_ALL)) {
    const dot = m.index + m[1].length;
    // Only literals in code: Lezer sees the digits as a Number directly followed by a member dot.
    const node = tree.resolveInner(dot - 1, 1);
    if (node.name !== 'Number' || node.to !== dot || node.parent?.name !== 'MemberExpression') continue;
    fixed = fixed.slice(0, m.index) + m[1] + m[2] + m[3] + '0' + m[4] + fixed.slice(m.index + m[0].length);
  }
  return fixed === text ? { text, tree } : { text: fixed, tree: parser.parse(fixed) };
}

const DOT_EXPONENT = /\d\.[eE][+-]?\d/;
const DOT_EXPONENT_ALL = /(\d[\d_]*)\.([eE])([+-]?)(\d)/g;

function convert(tree: Tree, ctx: Context, comments: Comment[], errors: SyntaxErrorInfo[]): Module {
  const top = kids(tree.topNode);
  return { body: block(ctx, top), comments, errors, docstring: docstringOf(ctx, top) };
}

/**
 * The text with magic lines and broken regions replaced by spaces (newlines kept). Each broken
 * region starts with a `0` placeholder statement, which the converter swaps for the region's
 * own statements.
 */
function blank(text: string, magics: { start: number; end: number }[], regions: BrokenRegion[]): string {
  const cuts = [
    ...magics.map((m) => ({ start: m.start, end: m.end, placeholder: '' })),
    ...regions.map((r) => ({ start: r.start, end: r.end, placeholder: isCompoundHeader(text, r) ? 'if 0:' : '0' })),
  ].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const cut of cuts) {
    if (cut.start < at) continue;
    out += text.slice(at, cut.start);
    const spaces = text.slice(cut.start, cut.end).replace(/[^\r\n]/g, ' ');
    out += cut.placeholder + spaces.slice(cut.placeholder.length);
    at = cut.end;
  }
  return out + text.slice(at);
}

/** A region that is a block header left open, such as `def f(X, Y:` followed by its body. */
function isCompoundHeader(text: string, region: BrokenRegion): boolean {
  return region.end - region.start >= 5 && text[region.end - 1] === ':' && COMPOUND_HEADER.test(text.slice(region.start, region.start + 12));
}

const COMPOUND_HEADER = /^(?:async\s+)?(?:def|class|if|for|while|with)\b/;

/** Parse one broken statement on its own, with its open brackets closed at its end. */
function parseRegion(
  text: string,
  region: BrokenRegion,
  base: number,
): { body: Stmt[]; errors: SyntaxErrorInfo[]; comments: Comment[]; compound: boolean } {
  const closers = region.openers.map((o) => CLOSER[o.char]).reverse().join('');
  const compound = isCompoundHeader(text, region);
  // A header gets its brackets closed before its colon and an empty body: `def f(X, Y): pass`.
  const snippet = compound
    ? text.slice(region.start, region.end - 1) + closers + ': pass'
    : text.slice(region.start, region.end) + closers;
  const tree = parser.parse(snippet);
  const ctx = makeContext(snippet, base + region.start, base + region.end);
  const found = collectDiagnostics(tree, snippet, base + region.start, base + region.end);
  const errors: SyntaxErrorInfo[] = region.openers.map((o) => ({
    message: `'${o.char}' was never closed`,
    span: { start: base + o.offset, end: base + o.offset + 1 },
  }));
  errors.push(...found.errors);
  return { body: block(ctx, kids(tree.topNode)), errors, comments: found.comments, compound };
}

/** The whole text as one chunk, with no cache: the reference the chunked parse is tested against. */
export function parsePythonUnchunked(text: string): Module {
  return parseWithRecovery(text, 0);
}
