// Arrays of any rank (interp/holes.ts holeLike, Hole.arrayLike): a layer that works on inputs of any
// shape (`dout: Upstream derivatives, of any shape`) has gradients whose rank nothing fixes. They show
// the input they have the shape of (`dout.shape`), never a made-up rank; an input that may be a number
// shows nothing, and a rank use decides wins.

import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';
import { statementShapes } from './statementShapes';

describe('arrays of any rank', () => {
  it("an elementwise result of inputs of any shape has the first one's shape", () => {
    const got = statementShapes(`import numpy as np
def relu_backward(dout, cache):
    """
    - dout: Upstream derivatives, of any shape
    - cache: Input x, of same shape as dout
    """
    x = cache
    dx = dout * (x > 0)
    return dx

def leaky_grad(x, slope):
    g = np.ones_like(x)
    g[x < 0] = slope
    return g

def tanh_grad(z):
    t = np.tanh(z)
    return 1 - t * np.ones_like(t)
`);
    assert.equal(got.get('dx = dout * (x > 0) [dx]'), 'dout.shape');
    assert.equal(got.get('g = np.ones_like(x) [g]'), 'x.shape');
    assert.equal(got.get('g[x < 0] = slope [g]'), 'x.shape');
    assert.equal(got.get('t = np.tanh(z) [t]'), 'z.shape');
  });

  it('says where the shape comes from in the hover text', () => {
    const text = `import numpy as np
def dropout_backward(dout, mask):
    """
    - dout: Upstream derivatives, of any shape
    """
    dx = dout * mask
    return dx
`;
    const r = analyzeDocument({ kind: 'python', path: 't.py', text }, { ...NO_WALL_CLOCK });
    const s = r.shapes.find((x) => x.target === 'dx');
    assert.equal(s?.shape, 'dout.shape');
    assert.match(s?.origin ?? '', /the shape of dout: nothing fixes its rank/);
  });

  it('an input that may be a number shows no shape', () => {
    const got = statementShapes(`def step(lr, decay):
    rate = lr * decay
    same = lr
    return rate, same
`);
    assert.equal(got.get('rate = lr * decay [rate]'), undefined);
    assert.equal(got.get('same = lr [same]'), undefined);
  });

  it('a rank that use decides is shown instead', () => {
    const got = statementShapes(`import numpy as np
def backward(dout, x):
    """
    - dout: Upstream derivatives, of any shape
    """
    dx = np.ones_like(dout)
    dw = x.T.dot(dx)
    return dx, dw
`);
    assert.match(got.get('dx = np.ones_like(dout) [dx]') ?? '', /^\(.*, .*\)$/);
  });
});
