// List comprehensions and lambdas in the shape analysis: a list of per-layer arrays built from a list of sizes,
// and a loop over it that chains layers (each layer's output is the next one's input); a lambda called
// through the object that keeps it.

import { strict as assert } from 'node:assert';
import { statementShapes } from './statementShapes';

const NET = `import numpy as np


class Net:
    def __init__(self, sizes):
        self.W = [np.random.randn(n_out, n_in) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        self.b = [np.zeros((n_out, 1)) for n_out in sizes[1:]]
        first_W = self.W[0]
        zero_grads = [np.zeros(w.shape) for w in self.W]
        first_grad = zero_grads[0]

    def forward(self, a):
        for W, b in zip(self.W, self.b):
            a = np.tanh(W @ a + b)
        return a
`;

const shapes = (text: string) => statementShapes(text, 'net.py');

describe('comprehensions in the shape analysis', () => {
  it('a list built by a comprehension over zip(sizes[:-1], sizes[1:]) holds arrays of the sizes it names', () => {
    const got = shapes(NET);
    assert.equal(got.get('first_W = self.W[0] [first_W]'), '(n_out, n_in)');
    assert.equal(got.get('first_grad = zero_grads[0] [first_grad]'), '(n_out, n_in)');
  });

  it('a loop that chains the layers of such a list does not make every layer square', () => {
    // Both passes of the loop on one item unified n_in with n_out: W showed (n_out, n_out).
    const got = shapes(NET);
    assert.equal(got.get('for W, b in zip(self.W, self.b): [W]'), '(n_out, n_in)');
  });

  it('a comprehension over a list of known items gives one item each, the rest of the module reads them', () => {
    const got = shapes(`import numpy as np\nsizes = [4, 5, 2]\nWs = [np.random.randn(o, i) for i, o in zip(sizes[:-1], sizes[1:])]\nlast = Ws[-1]\nfirst = Ws[0]\n`);
    assert.equal(got.get('last = Ws[-1] [last]'), '(2, 5)');
    assert.equal(got.get('first = Ws[0] [first]'), '(5, 4)');
  });
});

describe('lambdas in the shape analysis', () => {
  it('a lambda kept on an object and called through it keeps the shape it computes', () => {
    const got = shapes(`import numpy as np\n\n\nclass Act:\n    def __init__(self, f):\n        self.f = f\n\n    def forward(self, v):\n        return self.f(v)\n\n\nx = np.zeros((3, 2))\nact = Act(lambda z: np.tanh(z) * 2)\nout = act.forward(x)\nsq = (lambda a: a @ a.T)(x)\n`);
    assert.equal(got.get('out = act.forward(x) [out]'), '(3, 2)');
    assert.equal(got.get('sq = (lambda a: a @ a.T)(x) [sq]'), '(3, 3)');
  });
});
