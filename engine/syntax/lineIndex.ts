// Converts between UTF-16 offsets and 0-based line/column positions of one text.
//
// Lines end at `\n`, `\r\n` or a lone `\r` (as in LSP). Columns count UTF-16 code units, as
// JavaScript strings and LSP do. Out-of-range inputs are clamped rather than rejected.

import type { Position } from '../api';

export class LineIndex {
  /** Offset of the first character of each line; always starts with 0. */
  private readonly starts: number[];
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The line and column of an offset; offsets past the end map to the end of the text. */
  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(Math.floor(offset) || 0, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    // Find the last line whose start is <= at.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    // An offset between `\r` and `\n` belongs to the line the pair ends.
    const column = Math.min(at - this.starts[lo], this.contentEnd(lo) - this.starts[lo]);
    return { line: lo, column };
  }

  /** The offset of a position; columns past the line's end clamp to its end (before the line break). */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    return Math.max(start, Math.min(start + Math.max(0, position.column), this.contentEnd(position.line)));
  }

  /** The text of a line without its line break; empty for lines out of range. */
  lineText(line: number): string {
    if (line < 0 || line >= this.starts.length) return '';
    return this.text.slice(this.starts[line], this.contentEnd(line));
  }

  /** Offset of the end of a line's content, before its line break. */
  private contentEnd(line: number): number {
    let end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    if (end > this.starts[line] && line + 1 < this.starts.length) {
      end--;
      if (this.text.charCodeAt(end) === 10 && end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    }
    return end;
  }
}
