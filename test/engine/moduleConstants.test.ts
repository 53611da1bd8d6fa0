// A module's constants (engine/concrete/moduleConstants.ts): the top-level assignments a run that starts
// at a function defines, so methods that read `EPS` run.

import { strict as assert } from 'node:assert';
import { parsePython } from '../../engine/syntax/python/parse';
import { moduleConstants, moduleSizes } from '../../engine/concrete/moduleConstants';

const constants = (text: string) => {
  const body = parsePython(text).body;
  return [...moduleConstants(body)].map((s) => (s.kind === 'assign' && s.targets[0].kind === 'name' ? s.targets[0].id : s.kind === 'annassign' && s.target.kind === 'name' ? s.target.id : '?'));
};

describe('module constants', () => {
  it('literals, arithmetic of constants, tuples; an annotated one', () => {
    assert.deepEqual(constants(`EPS = 10 ** -3
HIDDEN = 4
H2 = HIDDEN * 2
SIZES = (2, HIDDEN)
NAME = "relu"
RATE: float = 0.5
`), ['EPS', 'HIDDEN', 'H2', 'SIZES', 'NAME', 'RATE']);
  });

  it('not a name bound twice, a call, a value computed from data, or a name used before it is bound', () => {
    assert.deepEqual(constants(`LR = 0.1
LR = 0.01
N = len(data)
K = N + 1
M = LATER + 1
LATER = 3
for STEP in range(3):
    pass
STEP = 2
G = 2
G += 1
`), ['LATER']);
  });

  it("a function's parameter or local of the same name is another variable: the constant stays one", () => {
    // A notebook's `hidden_size = 50` beside `def init_rnn(hidden_size, vocab_size)` (was not a constant).
    assert.deepEqual(constants(`hidden_size = 50
def init(hidden_size):
    return hidden_size
def f():
    G = 1
G = 2
`), ['hidden_size', 'G']);
  });

  it('number constants give sizes, arithmetic of them too', () => {
    assert.deepEqual([...moduleSizes(parsePython(`hidden_size = 6
vocab_size = 4
z_size = hidden_size + vocab_size
rate = 0.1
half = z_size // 2
`).body)], [['hidden_size', 6], ['vocab_size', 4], ['z_size', 10], ['half', 5]]);
  });
});
