// Big size constants a script states are made small when its top level's arrays outgrow a run
// (verify/shrink.ts): which constants may be, and a script that is checked only that way.

import { strict as assert } from 'node:assert';
import { parsePython } from '../../engine/syntax/python/parse';
import { shrunkConstants } from '../../engine/verify/shrink';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

/** The constants shrunk, as `name=size`. */
function shrunk(src: string): string[] {
  const module = parsePython(src);
  const out = shrunkConstants(module.body);
  return [...out].map(([offset, size]) => `${/^\s*(\w+)\s*=/.exec(src.slice(src.lastIndexOf('\n', offset) + 1))![1]}=${size}`);
}

describe('big size constants made small for a run', () => {
  it('shrinks a module-level size constant, and constants of one value to one size', () => {
    assert.deepEqual(shrunk('hidden = 100\nsteps = 100\nvocab = 65\nW = f(hidden, vocab)\n'), ['hidden=5', 'steps=5', 'vocab=6']);
  });

  it('keeps a number written elsewhere too (the same size spelled as a number), small constants, floats and rebound names', () => {
    assert.deepEqual(shrunk('hidden = 100\nstate = g(100)\n'), []);
    assert.deepEqual(shrunk('hidden = 12\nrate = 100.0\n'), []);
    assert.deepEqual(shrunk('hidden = 100\nhidden = hidden * 2\n'), []);
    assert.deepEqual(shrunk('hidden = 100\ndef f(hidden):\n    return hidden\n'), []);
  });

  it('a `% 100` is a period, not a size; a chosen size avoids the numbers the document writes', () => {
    assert.deepEqual(shrunk('hidden = 100\nfor i in range(9):\n    if i % 100 == 0:\n        print(i, 5)\n'), ['hidden=6']);
  });

  it('a script whose arrays outgrow a run is checked with its sizes made small', () => {
    const text = `
import numpy as np

n_h = 400
n_x = 300
steps = 40
W = np.random.randn(n_h, n_x) * 0.01
U = np.random.randn(n_h, n_h) * 0.01
X = np.random.randn(n_x, steps)
for it in range(10):
    H = np.tanh(W @ X)
    loss = np.sum(U @ H)
    dH = U.T @ np.ones((n_h, steps))
    dW = (1 - H ** 2) * dH @ X.T
    dU = np.ones((n_h, steps)) @ H.T
    W -= 0.1 * dW
    U -= 0.1 * dU
`.replace(/^\n/, '');
    const status = (t: string, g: string) => analyzeDocument({ kind: 'python', path: 'big.py', text: t }, { readModule: () => undefined, ...NO_WALL_CLOCK }).derivations?.find((d) => d.gradient === g)?.status;
    assert.equal(status(text, 'dW'), 'verified');
    const wrong = text.replace('dW = (1 - H ** 2) * dH @ X.T', 'dW = dH @ X.T');
    assert.deepEqual(analyzeDocument({ kind: 'python', path: 'big.py', text: wrong }, { readModule: () => undefined, ...NO_WALL_CLOCK }).findings.map((f) => `${f.range.start.line + 1}:${f.code}`), ['13:gradient-mismatch']);
  });
});
