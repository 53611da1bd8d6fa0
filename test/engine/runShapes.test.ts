// Shapes a verification run wrote, for lines the shape analysis leaves open (engine/verify/writtenShapes.ts).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { witnessedShapes, WrittenShapes } from '../../engine/verify/writtenShapes';
import type { Expr, Stmt } from '../../engine/syntax/ast';
import { NO_WALL_CLOCK } from './budget';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'gradients', 'run_shapes', 'correct', 'lazy_layers.py');

function shapesOf(file: string) {
  const text = fs.readFileSync(file, 'utf8');
  const r = analyzeDocument({ kind: 'python', path: file, text }, NO_WALL_CLOCK);
  const at = (needle: string) => {
    const line = text.split('\n').findIndex((l) => l.includes(needle));
    assert.ok(line >= 0, needle);
    return r.shapes.find((s) => s.range.start.line === line);
  };
  return { r, at };
}

describe('shapes from the numeric check\'s runs', () => {
  it('a slice of a weight matrix whose columns are n_h + n_in gets the run\'s shape in the code\'s names, and says where it came from', () => {
    const { r, at } = shapesOf(FIXTURE);
    assert.deepEqual(r.findings, []);
    const dIn = at('d_in[:, t] = d_a @');
    assert.equal(dIn?.shape, '(batch, n_in)');
    // The shape analysis now follows the slice itself (the join's parts and the loop's items: issue 11),
    // so the run's shape is not needed there; where a run does give one it says so, as the unit test below checks.
    assert.match(dIn?.origin ?? '', /^@ on line 35$|^the numeric check's runs \(batch = \d+, n_in = \d+, then each one size larger\)$/);
    // The shape analysis's own shapes stay (they say more than a run: steps+1, the cache's `_`).
    assert.equal(at('h = np.zeros((batch, steps + 1')?.shape, '(batch, steps+1, n_h)');
    // n_h + n_in columns: the code's own sum, never a size a run happened to have.
    assert.equal(at('self.grads["W"] = np.zeros_like')?.shape, '(n_h, n_h+n_in)');
  });

  it('a window of PH·PW columns is not named after a size it happened to equal in one run (PH = 2, PW = 3, H = 6)', () => {
    const { at } = shapesOf(FIXTURE);
    const window = at('dwin = mask * dout');
    // PH and PW are sizes (their product is the window's columns), shown as the code writes them.
    assert.equal(window?.shape, '(C, PH*PW)');
    assert.equal(window?.origin?.includes('numeric check'), false);
  });

  it('an axis is a dimension only where it has that dimension\'s size in the run and in its witness', () => {
    const target = (start: number): Expr => ({ kind: 'name', id: `dW${start}`, span: { start, end: start + 1 } }) as Expr;
    const stmt = { kind: 'pass', span: { start: 0, end: 1 } } as unknown as Stmt;
    const first = new WrittenShapes();
    const witness = new WrittenShapes();
    // (N, H): N = 4 → 5 and H = 6 → 7 in the witness.
    first.record(target(1), [4, 6], stmt);
    witness.record(target(1), [5, 7], stmt);
    // A product of two windows: 6 in the first run (= H), 6 again in the witness (windows do not move).
    first.record(target(2), [4, 6], stmt);
    witness.record(target(2), [5, 6], stmt);
    // A column: 1 stays 1.
    first.record(target(3), [6, 1], stmt);
    witness.record(target(3), [7, 1], stmt);
    // A loop writing two shapes: no one shape.
    first.record(target(4), [4, 6], stmt);
    first.record(target(4), [6, 6], stmt);
    witness.record(target(4), [5, 7], stmt);
    const names = (m: [number, string][]) => ({ sizeNames: () => new Map(m) });
    const got = witnessedShapes(first, names([[4, 'N'], [6, 'H']]), witness, names([[5, 'N'], [7, 'H']]), () => true);
    assert.equal(got.get(1)?.shape, '(N, H)');
    assert.equal(got.get(1)?.sizes, 'N = 4, H = 6');
    assert.equal(got.has(2), false);
    assert.equal(got.get(3)?.shape, '(H, 1)');
    assert.equal(got.has(4), false);
    // Only gradients' targets are recorded (a witness run is spent on gradient lines).
    const other = new WrittenShapes();
    other.record({ kind: 'name', id: 'window', span: { start: 9, end: 10 } } as Expr, [4, 6], stmt);
    assert.equal(other.byTarget.size, 0);
    // Only the targets asked for.
    assert.equal(witnessedShapes(first, names([[4, 'N'], [6, 'H']]), witness, names([[5, 'N'], [7, 'H']]), (s) => s !== 1).has(1), false);
  });
});
