// What the shape analysis shows on two kinds of line real code is full of: a join of arrays of symbolic sizes
// (an LSTM's `np.hstack([h, x])`) and a number stored into part of an array (`dx[margins > 0] = 1`).

import { strict as assert } from 'node:assert';
import { statementShapes } from './statementShapes';

describe('joins and stores in the shape analysis', () => {
  it("a join along an axis of symbolic sizes has their sum, shown as written and compared with nothing", () => {
    const got = statementShapes(`import numpy as np
def step(h, x):
    """
    h -- hidden state, of shape (N, H)
    x -- input, of shape (N, D)
    """
    H = h.shape[1]
    z = np.hstack([h, x])
    zc = np.concatenate([h, x, h], axis=1)
    rows = np.vstack([h, h])
    tail = z[:, H:]
    return z
`);
    assert.equal(got.get('z = np.hstack([h, x]) [z]'), '(N, H+D)');
    assert.equal(got.get('zc = np.concatenate([h, x, h], axis=1) [zc]'), '(N, H+D+H)');
    assert.equal(got.get('rows = np.vstack([h, h]) [rows]'), '(N+N, H)');
    // The columns after the first H of H+D are D.
    assert.equal(got.get('tail = z[:, H:] [tail]'), '(N, D)');
  });

  it('a number stored into part of an array shows the array it writes', () => {
    const got = statementShapes(`import numpy as np
def svm_grad(x, y):
    """
    x -- scores, of shape (N, C)
    y -- labels, of shape (N,)
    """
    N = x.shape[0]
    margins = np.maximum(0, x - x[np.arange(N), y][:, None] + 1.0)
    dx = np.zeros_like(x)
    dx[margins > 0] = 1
    return dx
`);
    assert.equal(got.get('dx[margins > 0] = 1 [dx]'), '(N, C)');
  });
});
