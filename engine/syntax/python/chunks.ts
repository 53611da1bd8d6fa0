// Top-level chunks of a Python file: the file cut before each line that starts a new top-level
// statement, so that each chunk parses on its own to the statements a whole-file parse gives.
//
// Why: after an edit only the chunk that changed is parsed again (parse.ts keeps the others, by
// their text, in the document's ParseCache), and a half-typed line (`np.sum(dZ2, axis=`) can no
// longer drag the rest of a 10,000-line file into Lezer's error recovery: it stays in its chunk.
//
// A line starts a chunk when it begins at column 0 with code, outside any string, after a line that
// does not end in `\`, and is neither a decorated definition's next decorator or `def`/`class` (the
// first decorator starts the chunk) nor a clause that continues a compound statement (`else:`,
// `elif`, `except`, `finally`). Inside brackets (a column-0 line there continues an expression in
// valid code) only `def`, `class`, `import` and `from` start a chunk: valid code never has them
// there, and a bracket left open while typing must not swallow the definitions after it.
// Invariant (tested on every fixture): for text without syntax errors, the chunked parse equals
// the whole-file parse.

import { LineCursor } from './lineCode';

/** Clauses that continue the compound statement above them. */
const CONTINUATION = /^(?:else|elif|except|finally)\b/;
/** Column-0 words that start a statement even inside brackets left open (never valid there). */
const ALWAYS_STARTS = /^(?:(?:async\s+)?def|class|import|from)\b/;
/** What a decorator decorates (or another decorator of the same definition). */
const DEFINITION = /^(?:async\s+)?(?:def|class)\b/;

/** Offsets where chunks start; the first is always 0. */
export function chunkStarts(text: string): number[] {
  const starts = [0];
  let depth = 0;
  let backslash = false;
  let afterDecorator = false;
  const lines = new LineCursor(text);
  for (let line = lines.next(); line; line = lines.next()) {
    const { start, eol } = line;
    const first = text[start];
    const code = !line.inString && first !== undefined && first !== ' ' && first !== '\t' && first !== '\f' && first !== '\r' && first !== '\n' && first !== '#';
    if (code && !backslash) {
      const head = text.slice(start, Math.min(eol, start + 16));
      const opensStatement = depth === 0 || ALWAYS_STARTS.test(head);
      const chunk = depth === 0 ? !CONTINUATION.test(head) && !(afterDecorator && (first === '@' || DEFINITION.test(head))) : opensStatement;
      if (chunk && start > 0) starts.push(start);
      if (opensStatement) {
        depth = 0;
        afterDecorator = first === '@';
      }
    }
    const end = lines.walk(line.from, eol, (c) => {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (depth > 0) depth--;
    });
    backslash = end.lastChar === '\\';
  }
  return starts;
}
