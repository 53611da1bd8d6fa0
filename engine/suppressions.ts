// Suppression comments: `# backprop-lint: ignore[missing-transpose]` (or `ignore[a, b]`, or a bare
// `ignore` for every code) at the end of a line silences findings that start on that line.

import type { Comment } from './syntax/ast';
import type { LineIndex } from './syntax/lineIndex';

const PATTERN = /backprop-lint:\s*ignore(?:\[([^\]]*)\])?/;

/** For each line with a suppression comment: the codes it silences, or 'all'. */
export function suppressionsByLine(comments: Comment[], lines: LineIndex): Map<number, Set<string> | 'all'> {
  const out = new Map<number, Set<string> | 'all'>();
  for (const c of comments) {
    const m = PATTERN.exec(c.text);
    if (!m) continue;
    const line = lines.positionAt(c.span.start).line;
    if (m[1] === undefined) {
      out.set(line, 'all');
      continue;
    }
    const codes = m[1].split(',').map((s) => s.trim()).filter(Boolean);
    const prev = out.get(line);
    if (prev === 'all') continue;
    out.set(line, new Set([...(prev ?? []), ...codes]));
  }
  return out;
}

export function isSuppressed(map: Map<number, Set<string> | 'all'>, line: number, code: string): boolean {
  const s = map.get(line);
  return s === 'all' || (s !== undefined && s.has(code));
}
