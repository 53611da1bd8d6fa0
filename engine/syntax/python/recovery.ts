// Finds the spots where Lezer's own error recovery does badly, so parse.ts can repair them.
//
// Two things are found by a light scan of the text (strings, comments and brackets only):
// - IPython magic and shell lines (`%matplotlib inline`, `!pip install x`, `obj?`);
// - brackets left open while typing: Lezer then reads every following line as part of the open
//   call, so a whole function (or file) disappears into one broken expression. A line inside the
//   open bracket that plainly starts a new statement ends the broken region there.
// The scan runs only when Lezer reported errors, so valid code is never touched.

import type { Span } from '../ast';
import { LineCursor } from './lineCode';

export interface BrokenRegion {
  /** First character of the statement that opened the bracket. */
  start: number;
  /** End of the last code before the line that starts the next statement. */
  end: number;
  /** The brackets left open, outermost first. */
  openers: { offset: number; char: string }[];
}

export interface ScanResult {
  magics: Span[];
  regions: BrokenRegion[];
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Keywords that can never continue an expression inside brackets. */
const STATEMENT_KEYWORDS = new Set([
  'def', 'class', 'return', 'import', 'from', 'with', 'while', 'try', 'except', 'finally', 'pass',
  'break', 'continue', 'raise', 'assert', 'del', 'global', 'nonlocal', 'elif',
]);

/** Keywords that may continue an expression (`x if c else y`, comprehensions) unless the line ends in `:`. */
const HEADER_KEYWORDS = new Set(['if', 'for', 'else', 'async', 'while', 'with']);

const COMPOUND_START = /^(?:async\s+)?(?:def|class|if|elif|else|for|while|with|try|except|finally)\b/;

/** `name = ...`, `a.b[i] += ...`, `x, y = ...` at the start of a line. */
const ASSIGNMENT = /^[A-Za-z_][\w.]*(?:\[[^\]\n]*\])?(?:\s*,\s*[A-Za-z_][\w.]*)*\s*(?:[-+*/%@&|^]|\*\*|\/\/|<<|>>)?=(?!=)/;

/** Characters that, ending a line, say the expression continues on the next one. */
const CONTINUES = new Set([',', '(', '[', '{', '+', '-', '*', '/', '%', '@', '&', '|', '^', '=', '<', '>', '.', '\\', ':', '~']);

interface Open {
  offset: number;
  char: string;
}

/** Scan `text` for magic lines and for statements whose brackets are never closed. */
export function scan(text: string): ScanResult {
  const magics: Span[] = [];
  const regions: BrokenRegion[] = [];
  const stack: Open[] = [];
  let statementStart = 0;
  let statementIndent = 0;
  let lastCodeEnd = 0;
  let lastCodeChar = '';
  let backslash = false;
  const lines = new LineCursor(text);
  for (let line = lines.next(); line; line = lines.next()) {
    const { start: pos, eol } = line;
    if (!line.inString) {
      let p = pos;
      while (p < eol && (text[p] === ' ' || text[p] === '\t' || text[p] === '\f')) p++;
      const indent = p - pos;
      const first = text[p];
      if (p >= eol || first === '#' || first === '\r') continue;
      const continued = backslash || stack.length > 0;
      if (!continued && (first === '%' || first === '!' || endsWithQuestionMark(text, p, eol))) {
        magics.push({ start: p, end: trimEnd(text, p, eol) });
        continue;
      }
      if (stack.length > 0 && startsStatement(text.slice(p, eol), indent, statementIndent, lastCodeChar, text, statementStart)) {
        regions.push({ start: statementStart, end: lastCodeEnd, openers: stack.splice(0) });
      }
      if (stack.length === 0 && !backslash) {
        statementStart = p;
        statementIndent = indent;
      }
    }
    // Walk the code on this line: strings, comments and brackets.
    const end = lines.walk(line.from, eol, (c, at) => {
      if (c === '(' || c === '[' || c === '{') stack.push({ offset: at, char: c });
      else if (stack.length > 0 && CLOSER[stack[stack.length - 1].char] === c) stack.pop();
    });
    if (end.lastChar !== '') {
      lastCodeEnd = end.lastEnd;
      lastCodeChar = end.lastChar;
    }
    backslash = end.lastChar === '\\';
  }
  return { magics, regions };
}

function trimEnd(text: string, from: number, to: number): number {
  while (to > from && /\s/.test(text[to - 1])) to--;
  return to;
}

/** Whether a line inside open brackets plainly starts a new statement. */
function startsStatement(
  line: string,
  indent: number,
  openerIndent: number,
  prevLast: string,
  text: string,
  statementStart: number,
): boolean {
  const word = /^[A-Za-z_]\w*/.exec(line)?.[0];
  if (word && STATEMENT_KEYWORDS.has(word)) return true;
  const code = line.replace(/#.*$/, '').trimEnd();
  if (word && HEADER_KEYWORDS.has(word) && code.endsWith(':') && indent <= openerIndent) return true;
  // A compound header left open (`for l in range(1, L:`) followed by its indented body.
  if (prevLast === ':' && indent > openerIndent && COMPOUND_START.test(text.slice(statementStart, statementStart + 20))) return true;
  if (indent > openerIndent || !word) return false;
  // A line that closes brackets it did not open (`b=1)`) continues the open expression.
  if (bracketBalance(code) < 0) return false;
  if (ASSIGNMENT.test(line)) return true;
  return !CONTINUES.has(prevLast);
}

/** `np.dot?` asks IPython for help: a line whose code (before any comment) ends with `?`. */
function endsWithQuestionMark(text: string, from: number, eol: number): boolean {
  const end = trimEnd(text, from, eol);
  if (text[end - 1] !== '?') return false;
  const line = text.slice(from, end);
  return !line.includes('#') && !line.includes("'") && !line.includes('"');
}

/** Openers minus closers on a line of code (strings are not skipped: a rough count suffices). */
function bracketBalance(code: string): number {
  let balance = 0;
  for (const c of code) {
    if (c === '(' || c === '[' || c === '{') balance++;
    else if (c === ')' || c === ']' || c === '}') balance--;
  }
  return balance;
}
