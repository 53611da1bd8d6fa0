// One line of Python code walked the light way (strings, comments and brackets only), shared by the
// scans that run before any parse: chunks.ts (where top-level chunks start) and recovery.ts (magic
// lines, brackets left open).

/** What a line's code ended with. */
export interface LineEnd {
  /** The quote of a triple-quoted string still open at the end of the line. */
  triple: string | undefined;
  /** The last character of code on the line (a string counts as its quote), or '' when the line has none. */
  lastChar: string;
  /** The offset just past that character. */
  lastEnd: number;
}

/** A line of the text: [start, eol); its code starts at `from`, past a triple-quoted string it continues. */
export interface Line {
  start: number;
  eol: number;
  from: number;
  /** The line starts inside a triple-quoted string opened above (which ends at `from`). */
  inString: boolean;
}

/** The lines of a text in order, skipping those wholly inside a triple-quoted string; `walk` reads a line's code and carries an open string to the next. */
export class LineCursor {
  private pos = 0;
  private triple: string | undefined;

  constructor(private readonly text: string) {}

  next(): Line | undefined {
    const text = this.text;
    while (this.pos < text.length) {
      const start = this.pos;
      let eol = text.indexOf('\n', start);
      if (eol < 0) eol = text.length;
      this.pos = eol + 1;
      if (!this.triple) return { start, eol, from: start, inString: false };
      const from = skipString(text, start, eol, this.triple, true);
      if (from < 0) continue;
      this.triple = undefined;
      return { start, eol, from, inString: true };
    }
    return undefined;
  }

  /** Walks the code from `from` to the end of the line (see walkLineCode). */
  walk(from: number, eol: number, onBracket: (c: string, at: number) => void): LineEnd {
    const end = walkLineCode(this.text, from, eol, onBracket);
    this.triple = end.triple;
    return end;
  }
}

/** Walks the code from `i` to `eol`, calling `onBracket` for each bracket outside strings and comments. */
export function walkLineCode(text: string, i: number, eol: number, onBracket: (c: string, at: number) => void): LineEnd {
  const end: LineEnd = { triple: undefined, lastChar: '', lastEnd: i };
  while (i < eol) {
    const c = text[i]!;
    if (c === '#') break;
    if (c === '"' || c === "'") {
      const quote = text.startsWith(c + c + c, i) ? c + c + c : c;
      const after = skipString(text, i + quote.length, eol, quote, quote.length === 3);
      end.lastChar = c;
      if (after < 0) {
        if (quote.length === 3) end.triple = quote;
        end.lastEnd = eol;
        break;
      }
      i = after;
      end.lastEnd = i;
      continue;
    }
    if (c === '(' || c === '[' || c === '{' || c === ')' || c === ']' || c === '}') onBracket(c, i);
    if (c !== ' ' && c !== '\t' && c !== '\r') {
      end.lastEnd = i + 1;
      end.lastChar = c;
    }
    i++;
  }
  return end;
}

/** Past the closing quote of a string whose body starts at `i`, or -1 if it runs past `eol`. */
export function skipString(text: string, i: number, eol: number, quote: string, multiline: boolean): number {
  const limit = multiline ? text.length : eol;
  while (i < limit) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote[0] && text.startsWith(quote, i)) return i + quote.length;
    if (multiline && i >= eol) return -1;
    i++;
  }
  return -1;
}
