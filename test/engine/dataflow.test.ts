// Reaching definitions inside one function (engine/verify/dataflow.ts): which statements a gradient's
// value is computed from, for "verified as part of" notes.

import * as assert from 'node:assert/strict';
import { parsePython } from '../../engine/syntax/python/parse';
import { enclosingDef, feeding } from '../../engine/verify/dataflow';
import type { Stmt } from '../../engine/syntax/ast';

function feedingOf(src: string, line: string, atEnd: string[] = []): string[] {
  const text = src.replace(/^\n/, '');
  const mod = parsePython(text);
  const offset = text.indexOf(line);
  assert.ok(offset >= 0, line);
  const def = enclosingDef(mod.body, offset)!;
  let target: Stmt | undefined;
  const visit = (body: Stmt[]) => {
    for (const s of body) {
      if (s.span.start === offset) target = s;
      if (s.kind === 'for' || s.kind === 'if' || s.kind === 'while') { visit(s.body); visit(s.orelse); }
    }
  };
  visit(def.body);
  assert.ok(target, `no statement ${line}`);
  return feeding(def, [target], atEnd).map((s) => text.slice(s.span.start, s.span.end).split('\n')[0].trim());
}

describe('dataflow: what a statement is computed from', () => {
  it('goes back to the last rebinding that always runs, through statements that write into a name', () => {
    const src = `
def backward(dout, cache):
    x, w = cache
    dtmp = dout * 3
    dtmp = dout * 2
    dtmp[0] += 1
    dunused = dout * 5
    dx = dtmp * w
    return dx
`;
    assert.deepEqual(feedingOf(src, 'dx = dtmp * w'), ['x, w = cache', 'dtmp = dout * 2', 'dtmp[0] += 1']);
  });

  it("keeps both sides of a branch, and a loop body's later writes (the previous iteration's value)", () => {
    const src = `
def backward(dh, caches, flag):
    dnext = 0
    if flag:
        dnext = dh[0]
    total = 0
    for t in range(3):
        dstep = dh[t] + dnext
        total += dstep
        dnext = dstep * 2
    dsum = total
    return dsum
`;
    assert.deepEqual(feedingOf(src, 'dsum = total'), ['dnext = 0', 'dnext = dh[0]', 'total = 0', 'for t in range(3):', 'dstep = dh[t] + dnext', 'total += dstep', 'dnext = dstep * 2']);
  });

  it('a name read at the end: a gradient built in place over a loop', () => {
    const src = `
def backward(dh):
    dx = None
    dx = np.zeros((2, 3))
    for t in range(3):
        dx[:, t] = dh[t]
    other = 1
    return dx
`;
    assert.deepEqual(feedingOf(src, 'other = 1', ['dx']), ['dx = np.zeros((2, 3))', 'for t in range(3):', 'dx[:, t] = dh[t]']);
  });
});
