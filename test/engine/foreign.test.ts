// Values from a module that is not beside the file (engine/interp/foreign.ts): what a call of one returns is a
// hole its use decides, so a script whose data comes from the author's own loader gets shapes; anything else
// unknown stays unknown.

import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';
import { statementShapes } from './statementShapes';

const shapes = (text: string) => statementShapes(text, 'script.py');

describe('values from a module that is not there', () => {
  it("a loader's results are decided by their use: .shape[1] names the columns, a product ties the rows", () => {
    const got = shapes(`import numpy as np
import loaders
from util import get_data
X, y = get_data()
D = X.shape[1]
W = np.random.randn(D, 4)
H = X.dot(W)
Xv = loaders.validation_set()
Hv = Xv @ W
`);
    assert.equal(got.get('X, y = get_data() [X]'), '(X.shape[0], D)');
    assert.equal(got.get('H = X.dot(W) [H]'), '(X.shape[0], 4)');
    assert.equal(got.get('Hv = Xv @ W [Hv]'), '(Xv.shape[0], 4)');
  });

  it('an undefined name or an unknown object is no loader: its results stay unknown', () => {
    const got = shapes(`import numpy as np
X = mystery()
W = np.random.randn(3, 4)
H = X @ W
`);
    assert.equal(got.get('H = X @ W [H]'), undefined);
  });

  it('an unknown named as a shape is a tuple of unknown length, not one size', () => {
    const got = shapes(`import numpy as np
from util import Layer
layer = Layer()
g = np.zeros(layer.ctx["X_shape"])
v = np.zeros(layer.n)
`);
    assert.equal(got.get('g = np.zeros(layer.ctx["X_shape"]) [g]'), undefined);
    assert.equal(got.get('v = np.zeros(layer.n) [v]'), '(?,)');
  });
});

describe("a script's data from a module that is not there: its axes", () => {
  it('are different sizes once the code names them, unless the code makes them equal', () => {
    const text = `import numpy as np
from util import get_data
X, y = get_data()
N, D = X.shape
W = np.random.randn(D, 3)
H = np.tanh(X.dot(W))
dW = X.dot(H)
`;
    const r = analyzeDocument({ kind: 'python', path: 'script.py', text }, { ...NO_WALL_CLOCK });
    assert.deepEqual(r.findings.map((f) => `${f.code}: ${f.message}`), ['missing-transpose: X.dot: (N, D) · (N, 3): inner dimensions D and N differ']);
  });

  it('a square use the code states makes them one size: no finding', () => {
    const text = `import numpy as np
from util import get_data
X, y = get_data()
N, D = X.shape
G = X.T.dot(X)
K = X.dot(X.T)
S = X + X
`;
    const r = analyzeDocument({ kind: 'python', path: 'script.py', text }, { ...NO_WALL_CLOCK });
    assert.deepEqual(r.findings, []);
  });
});
