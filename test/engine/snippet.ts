// A Python snippet analysed on its own (no modules beside it, no wall clock): its result, the
// derivation status of the line whose trimmed text is `source`, and its findings' codes.
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

export function snippet(src: string) {
  const text = src.replace(/^\n/, '');
  const result = analyzeDocument({ kind: 'python', path: 'snippet.py', text }, { readModule: () => undefined, ...NO_WALL_CLOCK });
  const lines = text.split('\n');
  const status = (source: string) => result.derivations?.find((d) => d.range.start.line === lines.findIndex((l) => l.trim() === source))?.status;
  return { result, status, codes: result.findings.map((f) => f.code) };
}
