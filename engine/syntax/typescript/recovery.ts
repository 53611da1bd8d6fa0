// Syntax errors of a parse, and recovery of half-typed text: declarations a broken statement
// swallowed are parsed again so they are still analysed.

import type * as TS from 'typescript';
import type { SyntaxErrorInfo } from '../ast';

export function parseErrors(ts: typeof TS, sf: TS.SourceFile): SyntaxErrorInfo[] {
  const diags = (sf as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return diags.map((d) => ({
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    span: { start: d.start ?? 0, end: (d.start ?? 0) + (d.length ?? 0) },
  }));
}

/** A line that starts a top-level declaration in code laid out the usual way. */
const TOP_LEVEL_LINE = /^(?:export\s+(?:default\s+)?)?(?:async\s+)?(?:function\b|class\b|const\b|let\b|var\b|import\b|interface\b|type\s+\w+\s*=|\/\*\*)/gm;

/**
 * Mid-edit text: an unclosed brace or a broken parameter list can make the parser swallow the
 * declarations after it. When a line that starts a top-level declaration (at column 0) lies inside
 * another top-level statement, that statement is blanked (same length, so offsets hold) up to the
 * line and the text parsed again, so later functions are still analysed. The syntax errors the
 * user sees are those of the text as written.
 */
export function recover(first: TS.SourceFile, text: string, create: (t: string) => TS.SourceFile): { sf: TS.SourceFile; text: string } {
  let sf = first;
  let t = text;
  for (let round = 0; round < 16; round++) {
    // Each statement's start once per round (getStart skips trivia): the lines are matched
    // against them by binary search, not by a scan of the statements per line.
    const statements = sf.statements;
    const starts = statements.map((st) => st.getStart(sf));
    const startSet = new Set(starts);
    let swallowed: { stmt: TS.Statement; start: number; at: number } | undefined;
    TOP_LEVEL_LINE.lastIndex = 0;
    for (let m = TOP_LEVEL_LINE.exec(t); m; m = TOP_LEVEL_LINE.exec(t)) {
      const at = m.index;
      if (startSet.has(at)) continue;
      // the statement around `at`: the last one starting before it, if it ends after it
      const k = lastBefore(starts, at);
      const stmt = k >= 0 && at < statements[k]!.end ? statements[k] : undefined;
      // a JSDoc right before a statement is that statement's
      if (stmt && !(m[0] === '/**' && starts.some((x) => x > at && !/\S/.test(t.slice(t.indexOf('*/', at) + 2, x))))) {
        swallowed = { stmt, start: starts[k]!, at };
        break;
      }
    }
    if (!swallowed) break;
    const from = t.lastIndexOf('\n', swallowed.start - 1) + 1;
    t = t.slice(0, from) + t.slice(from, swallowed.at).replace(/[^\r\n]/g, ' ') + t.slice(swallowed.at);
    sf = create(t);
  }
  return { sf, text: t };
}

/** The index of the last of the ascending `starts` below `at`, or -1. */
function lastBefore(starts: number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
