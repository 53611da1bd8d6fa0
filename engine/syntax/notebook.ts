// Reads Jupyter notebooks (nbformat 4) and joins their code cells into one Python program.
//
// IPython magics and shell lines are not Python: joinCells turns them into comments of the same
// length, so every other character keeps its line and column.

/** `cellNumbers[i]`: the 0-based position of code cell i among all the notebook's cells (markdown ones too), as Jupyter shows them. */
export type NotebookResult = { cells: string[]; cellNumbers: number[] } | { error: string };

/** The code cells of a notebook, in order. Never throws: bad input gives `{ error }`. */
export function readNotebook(json: string): NotebookResult {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    return { error: `not a notebook: invalid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!isObject(doc)) return { error: 'not a notebook: the JSON is not an object' };
  if (!Array.isArray(doc.cells)) return { error: 'not a notebook: no "cells" list (nbformat 4 is required)' };
  if (typeof doc.nbformat === 'number' && doc.nbformat < 4) return { error: `unsupported notebook format ${doc.nbformat} (nbformat 4 is required)` };
  const language = notebookLanguage(doc.metadata);
  if (language !== undefined && !/python/i.test(language)) return { error: `not a Python notebook (kernel language: ${language})` };
  const cells: string[] = [];
  const cellNumbers: number[] = [];
  for (const [n, cell] of (doc.cells as unknown[]).entries()) {
    if (!isObject(cell) || cell.cell_type !== 'code') continue;
    const source = cellSource(cell.source);
    if (source === undefined) continue;
    // A code cell can name another language (e.g. a `%%R` kernel cell in VS Code metadata).
    const cellLanguage = isObject(cell.metadata) && isObject(cell.metadata.vscode) ? cell.metadata.vscode.languageId : undefined;
    if (typeof cellLanguage === 'string' && !/python/i.test(cellLanguage)) continue;
    cells.push(source);
    cellNumbers.push(n);
  }
  return { cells, cellNumbers };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The kernel language from `language_info.name` or `kernelspec.language`, if given. */
function notebookLanguage(metadata: unknown): string | undefined {
  if (!isObject(metadata)) return undefined;
  const info = metadata.language_info;
  if (isObject(info) && typeof info.name === 'string' && info.name !== '') return info.name;
  const spec = metadata.kernelspec;
  if (isObject(spec) && typeof spec.language === 'string' && spec.language !== '') return spec.language;
  return undefined;
}

function cellSource(source: unknown): string | undefined {
  if (typeof source === 'string') return source;
  if (Array.isArray(source) && source.every((s) => typeof s === 'string')) return source.join('');
  return undefined;
}

export interface JoinedCells {
  /** The cells' code, each followed by a newline, with magic lines commented out. */
  text: string;
  /** The cell and line within that cell of a line of `text`. */
  toCell(line: number): { cell: number; line: number };
  /** The line of `text` where a cell starts. */
  cellStartLine(cell: number): number;
}

/** A line IPython handles itself: `%magic`, `!shell`, or `obj?` help (a `?` not in a comment or string). */
function isMagicLine(line: string): boolean {
  if (/^\s*[%!]/.test(line)) return true;
  return /\?\s*$/.test(line) && !/[#'"]/.test(line);
}

/** Cell magics whose body is still Python; any other `%%name` cell is another language. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'pypy', 'python', 'python3']);

/** Join code cells into one program whose lines map back to cells. */
export function joinCells(cells: string[]): JoinedCells {
  const starts: number[] = [];
  const parts: string[] = [];
  let line = 0;
  for (const cell of cells) {
    starts.push(line);
    const lines = cell.split(/\r\n|\r|\n/);
    const cellMagic = /^\s*%%(\w+)/.exec(lines[0] ?? '')?.[1];
    const foreign = cellMagic !== undefined && !PYTHON_CELL_MAGICS.has(cellMagic);
    parts.push(lines.map((l) => (foreign || isMagicLine(l) ? commentOut(l) : l)).join('\n') + '\n');
    line += lines.length;
  }
  const text = parts.join('');
  const toCell = (l: number): { cell: number; line: number } => {
    if (starts.length === 0) return { cell: 0, line: Math.max(0, l) };
    // The last cell whose start is <= l.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= l) lo = mid;
      else hi = mid - 1;
    }
    return { cell: lo, line: Math.max(0, l - starts[lo]) };
  };
  const cellStartLine = (cell: number): number => {
    if (cell < 0) return 0;
    return cell < starts.length ? starts[cell] : line;
  };
  return { text, toCell, cellStartLine };
}

/** Replace the first non-space character of a line with `#`, keeping its length. */
function commentOut(line: string): string {
  const at = line.search(/\S/);
  return at < 0 ? line : line.slice(0, at) + '#' + line.slice(at + 1);
}
