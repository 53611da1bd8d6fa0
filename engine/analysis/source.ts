// Phase 1 of analyzeDocument: the source database. The document's text (a notebook's code cells
// joined), its parse (through the caller's ParseCache), the modules it imports (read once, parsed
// once, in its own language), and the mapping from spans back to lines, columns and cells.

import type { AnalyzeOptions, DocumentInput, Range, ScriptDocumentInput } from '../api';
import type { Module, Span } from '../syntax/ast';
import { parsePython, variantCache } from '../syntax/python/parse';
import { ParseCache } from '../syntax/parseCache';
import { MAX_DOCUMENT_CHARS, overSizeLimit } from '../limits';
import { parseTypeScript, type LoweringInfo } from '../syntax/typescript/lower';
import { typescriptLoaded, typescriptLoadMs } from '../syntax/typescript/load';
import { rebaseImports } from '../syntax/typescript/moduleImports';
import { isRelativeModule, isScriptFile, scriptLanguageOf } from '../syntax/typescript/files';
import { LineIndex } from '../syntax/lineIndex';
import { joinCells } from '../syntax/notebook';
import type { FileUnit } from '../interp/interpreter';

export interface Source {
  input: DocumentInput | ScriptDocumentInput;
  /** The analysed text (a notebook's code cells joined). */
  text: string;
  lines: LineIndex;
  module: Module;
  /** The document as a unit of the interpreter (file ''). */
  unit: FileUnit;
  /** Every unit read so far, by module name ('' is the document); undefined: not there or unreadable. */
  units: Map<string, FileUnit | undefined>;
  /** A TypeScript or JavaScript document's lowering (libraries, namespaces, notes); undefined for Python. */
  lowering: LoweringInfo | undefined;
  /** The compiler's one-time load, when this analysis paid it. */
  loadMs: number | undefined;
  parseMs: number;
  /** Parses an edited copy of the document the same way (verification's re-runs of single edits). */
  parse(src: string): Module;
  /** Reads and parses an imported module once. */
  loadModule(name: string): FileUnit | undefined;
  /** A span as a range of the document (of its cell, in a notebook). */
  toRange(span: Span): { range: Range; cell?: number };
  /** How a message cites a line of the document: `line 12`, or in a notebook `cell 7, line 3` (cells counted as Jupyter shows them). */
  lineLabel(line: number): string;
}

/** The document's source database, or why it is not analysed (`not analysed: …`). */
export function openSource(input: DocumentInput | ScriptDocumentInput, options: AnalyzeOptions, t0: number): Source | string {
  const joined = input.kind === 'notebook' ? joinCells(input.cells) : undefined;
  const text = input.kind === 'notebook' ? joined!.text : input.text;
  const over = overSizeLimit(text.length);
  if (over) return over;
  if (text.includes('\u0000')) return 'not analysed: the file looks binary (it contains NUL characters)';

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
    return `not analysed: the parser failed (${err instanceof Error ? err.message : String(err)})`;
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
  const toRange = (span: Span): { range: Range; cell?: number } => {
    const s = lines.positionAt(span.start);
    const e = lines.positionAt(span.end);
    if (!joined) return { range: { start: s, end: e } };
    const cs = joined.toCell(s.line);
    const ce = joined.toCell(e.line);
    const end = ce.cell === cs.cell ? { line: ce.line, column: e.column } : { line: cs.line, column: lines.lineText(s.line).length };
    return { range: { start: { line: cs.line, column: s.column }, end }, cell: cs.cell };
  };
  const lineLabel = (line: number): string => {
    if (!joined) return `line ${line + 1}`;
    const c = joined.toCell(line);
    const n = input.kind === 'notebook' && input.cellNumbers ? input.cellNumbers[c.cell] ?? c.cell : c.cell;
    return `cell ${n + 1}, line ${c.line + 1}`;
  };
  return { input, text, lines, module, unit, units, lowering, loadMs, parseMs, parse, loadModule, toRange, lineLabel };
}
