// Reads and writes the inline expectations of fixtures (test/fixtures/README.md):
//
//     dW1 = np.dot(dZ1, X) / m
//     #     ^^^^^^^^^^^^^^ missing-transpose: inner dimensions
//
// An expectation line refers to the nearest line above it that is not itself an expectation.
// TypeScript and JavaScript fixtures write them as `//` comments (`//    ^^^ missing-transpose`).

import type { Finding } from '../../engine/api';

export interface Expectation {
  /** 0-based line of the code the expectation is about (in the text with expectation lines kept). */
  line: number;
  column: number;
  /** Number of carets; 1 means "anywhere on the line". */
  width: number;
  code: string;
  fragment: string | undefined;
}

const EXPECT = /^(\s*(?:#|\/\/)\s*)(\^+)\s+([a-z0-9-]+)(?::\s*(.*?))?\s*$/;

export function isExpectationLine(line: string): boolean {
  return EXPECT.test(line);
}

export function readExpectations(text: string): Expectation[] {
  const lines = text.split('\n');
  const out: Expectation[] = [];
  let subject = -1;
  lines.forEach((l, i) => {
    const m = EXPECT.exec(l);
    if (!m) {
      subject = i;
      return;
    }
    out.push({ line: subject, column: m[1].length, width: m[2].length, code: m[3], fragment: m[4] || undefined });
  });
  return out;
}

/** Whether a finding satisfies an expectation. */
export function satisfies(f: Finding, e: Expectation): boolean {
  if (f.code !== e.code || f.range.start.line !== e.line) return false;
  if (e.width > 1) {
    const end = f.range.end.line === f.range.start.line ? f.range.end.column : f.range.start.column + e.width;
    if (f.range.start.column !== e.column || end !== e.column + e.width) return false;
  }
  if (e.fragment !== undefined && !f.message.includes(e.fragment)) return false;
  return true;
}

/** The text with its expectation lines rewritten from findings (UPDATE_EXPECT=1); `comment` is `#` or `//`. */
export function rewriteExpectations(text: string, findings: Finding[], comment = '#'): string {
  const lines = text.split('\n');
  const byLine = new Map<number, Finding[]>();
  for (const f of findings) byLine.set(f.range.start.line, [...(byLine.get(f.range.start.line) ?? []), f]);
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (isExpectationLine(l)) return;
    out.push(l);
    for (const f of byLine.get(i) ?? []) {
      // A range that starts left of where the comment leaves room is marked "anywhere on the line".
      const col = Math.max(comment.length, f.range.start.column);
      const width = f.range.start.column < comment.length ? 1 : f.range.end.line === f.range.start.line ? Math.max(1, f.range.end.column - col) : 1;
      const indent = (/^\s*/.exec(l) ?? [''])[0];
      const hashAt = Math.min(indent.length, col - comment.length);
      out.push(' '.repeat(hashAt) + comment + ' '.repeat(col - hashAt - comment.length) + '^'.repeat(width) + ` ${f.code}: ${f.message}`);
    }
  });
  return out.join('\n');
}
