// Loading a file as the engine's DocumentInput, and writing fixed text back in the file's format.

import * as fs from 'node:fs';
import type { DocumentInput, TextEdit } from '../engine/api';
import { readNotebook } from '../engine/syntax/notebook';
import { LineIndex } from '../engine/syntax/lineIndex';
import { isScriptFile, scriptLanguageOf } from '../engine/syntax/typescript/files';

export function loadDocument(file: string): DocumentInput {
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.ipynb')) {
    const nb = readNotebook(text);
    if ('error' in nb) throw new Error(`${file}: ${nb.error}`);
    return { kind: 'notebook', path: file, cells: nb.cells };
  }
  // TypeScript and JavaScript are source files like Python ones (written back the same way by --fix).
  if (isScriptFile(file)) return { kind: 'python', path: file, text, language: scriptLanguageOf(file) };
  return { kind: 'python', path: file, text };
}

/** Applies non-overlapping edits to a text, last first. Returns the edits actually applied. */
export function applyEdits(text: string, edits: TextEdit[]): { text: string; applied: TextEdit[] } {
  const idx = new LineIndex(text);
  const withOffsets = edits
    .map((e) => ({ e, start: idx.offsetAt(e.range.start), end: idx.offsetAt(e.range.end) }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  const applied: TextEdit[] = [];
  let out = text;
  let limit = Infinity;
  for (const x of withOffsets) {
    if (x.end > limit) continue; // overlaps an edit already applied
    out = out.slice(0, x.start) + x.e.newText + out.slice(x.end);
    limit = x.start;
    applied.push(x.e);
  }
  return { text: out, applied };
}

/** Writes fixed cells back into a notebook's JSON, keeping everything else as it was. */
export function writeNotebookCells(file: string, cells: string[]): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
  let i = 0;
  for (const c of json.cells) {
    if (c.cell_type !== 'code') continue;
    const src = cells[i++];
    if (src === undefined) break;
    c.source = src.split(/(?<=\n)/);
  }
  fs.writeFileSync(file, JSON.stringify(json, null, 1) + '\n');
}
