// What the shape analysis shows for each assignment target of a Python text, keyed by the statement's
// trimmed text and the target (`X, y = get_data() [X]`), for tests that read shapes line by line.

import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

export function statementShapes(text: string, path = 'test.py'): Map<string, string> {
  const r = analyzeDocument({ kind: 'python', path, text }, { ...NO_WALL_CLOCK });
  const lines = text.split('\n');
  const out = new Map<string, string>();
  for (const s of r.shapes) out.set(`${lines[s.range.start.line].trim()} [${s.target}]`, s.shape);
  return out;
}
