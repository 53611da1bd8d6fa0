// Loading a file as the engine's DocumentInput (or saying why it is not analysed), and writing fixes
// back: a source file's edits replace only the bytes they cover (source.ts); a notebook's cells are
// written back into its JSON.

import * as fs from 'node:fs';
import type { DocumentInput, TextEdit } from '../engine/api';
import { readNotebook } from '../engine/syntax/notebook';
import { LineIndex } from '../engine/syntax/lineIndex';
import { MAX_DOCUMENT_CHARS } from '../engine/limits';
import { isScriptFile, scriptLanguageOf } from '../engine/syntax/typescript/files';
import { decodeSource, replaceInBytes, type SourceBytes } from './source';

/** Bytes past which a file is not read: a source file over the engine's character limit in any encoding, a notebook with large outputs. */
const MAX_SOURCE_BYTES = 4 * MAX_DOCUMENT_CHARS;
const MAX_NOTEBOOK_BYTES = 64 * 2 ** 20;

export type Loaded =
  | { doc: DocumentInput; bytes: Buffer; source: SourceBytes; cellNumbers?: undefined }
  | { doc: DocumentInput & { kind: 'notebook' }; bytes: Buffer; source?: undefined; cellNumbers: number[] }
  | { notAnalysed: string };

function specialKind(st: fs.Stats): string {
  return st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isDirectory() ? 'a folder' : 'not a regular file';
}

export function loadDocument(file: string): Loaded {
  let st: fs.Stats;
  let bytes: Buffer;
  try {
    st = fs.statSync(file);
    // A FIFO or device is never opened: reading one can wait forever.
    if (!st.isFile()) return { notAnalysed: `${specialKind(st)}, not a file` };
    const notebook = file.endsWith('.ipynb');
    const max = notebook ? MAX_NOTEBOOK_BYTES : MAX_SOURCE_BYTES;
    if (st.size > max) return { notAnalysed: `${st.size} bytes is over the limit of ${max}` };
    bytes = fs.readFileSync(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { notAnalysed: e.code === 'EACCES' ? 'permission denied' : e.code === 'ENOENT' ? 'no such file' : e.code === 'ELOOP' ? 'a loop of symbolic links' : `cannot be read (${e.code ?? e.message})` };
  }
  if (file.endsWith('.ipynb')) {
    const nb = readNotebook(decodeSource(bytes).text);
    if ('error' in nb) return { notAnalysed: nb.error };
    return { doc: { kind: 'notebook', path: file, cells: nb.cells, cellNumbers: nb.cellNumbers }, bytes, cellNumbers: nb.cellNumbers };
  }
  const source = decodeSource(bytes);
  // TypeScript and JavaScript are source files like Python ones (written back the same way by --fix).
  const doc: DocumentInput = isScriptFile(file) ? { kind: 'python', path: file, text: source.text, language: scriptLanguageOf(file) } : { kind: 'python', path: file, text: source.text };
  return { doc, bytes, source };
}

/** Non-overlapping edits of one text, last first; returns the edits applied and their offsets. */
function chooseEdits(text: string, edits: TextEdit[]): { applied: TextEdit[]; ranges: { start: number; end: number; newText: string }[] } {
  const idx = new LineIndex(text);
  const withOffsets = edits
    .map((e) => ({ e, start: idx.offsetAt(e.range.start), end: idx.offsetAt(e.range.end) }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  const applied: TextEdit[] = [];
  const ranges: { start: number; end: number; newText: string }[] = [];
  let limit = Infinity;
  for (const x of withOffsets) {
    if (x.end > limit) continue; // overlaps an edit already applied
    ranges.push({ start: x.start, end: x.end, newText: x.e.newText });
    limit = x.start;
    applied.push(x.e);
  }
  return { applied, ranges };
}

/** Applies non-overlapping edits to a text, last first. Returns the edits actually applied. */
export function applyEdits(text: string, edits: TextEdit[]): { text: string; applied: TextEdit[] } {
  const { applied, ranges } = chooseEdits(text, edits);
  let out = text;
  for (const r of ranges) out = out.slice(0, r.start) + r.newText + out.slice(r.end);
  return { text: out, applied };
}

/** Writes edits into a source file, changing only the bytes they replace. */
export function writeSourceEdits(file: string, loaded: { bytes: Buffer; source: SourceBytes }, edits: TextEdit[]): TextEdit[] {
  const { applied, ranges } = chooseEdits(loaded.source.text, edits);
  fs.writeFileSync(file, replaceInBytes(loaded.bytes, loaded.source, ranges));
  return applied;
}

/** Writes fixed cells back into a notebook's JSON (cell i of the program is cell cellNumbers[i] of the notebook), keeping everything else as it was. */
export function writeNotebookCells(file: string, cells: string[], cellNumbers: number[]): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
  cells.forEach((src, i) => {
    const c = json.cells[cellNumbers[i]];
    if (c) c.source = src.split(/(?<=\n)/);
  });
  fs.writeFileSync(file, JSON.stringify(json, null, 1) + '\n');
}
