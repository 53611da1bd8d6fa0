// Shapes through a layer library's class hierarchy (the shape analysis, engine/interp): a subclass
// inherits its base's methods, `super().__init__()` runs the base's constructor on the object, a
// @property is read by calling it, and an initializer from a module that is not here, called with a shape
// (`self.initializers[name](self.shapes[name])`), gives an array of that shape (interp/initializers.ts).
// Also sizes from use: `PH * PW` of two inputs named like sizes is a size, an input read with `.get` is a dict.

import { strict as assert } from 'node:assert';
import { statementShapes } from './statementShapes';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';

const LIBRARY = `import numpy as np
from mylib.initializer import XavierUniform, Zeros


class Layer:
    def __init__(self):
        self.params = {p: None for p in self.param_names}
        self.grads = {}
        self.shapes = {}
        self.is_init = False

    @property
    def param_names(self):
        return ()

    def _init_params(self):
        for name in self.param_names:
            self.params[name] = self.initializers[name](self.shapes[name])
        self.is_init = True


class Dense(Layer):
    def __init__(self, num_in, num_out, w_init=XavierUniform(), b_init=Zeros()):
        super().__init__()
        self.initializers = {"w": w_init, "b": b_init}
        self.shapes = {"w": [num_in, num_out], "b": [num_out]}

    def forward(self, inputs):
        if not self.is_init:
            self._init_params()
        self.ctx = {"X": inputs}
        return inputs @ self.params["w"] + self.params["b"]

    def backward(self, grad):
        self.grads["w"] = self.ctx["X"].T @ grad
        self.grads["b"] = np.sum(grad, axis=0)
        d_in = grad @ self.params["w"].T
        return d_in

    @property
    def param_names(self):
        return "w", "b"
`;

describe('shapes through a class hierarchy', () => {
  it("follows super().__init__, an inherited method, a @property and a library's initializer to the parameters' shapes", () => {
    const got = statementShapes(LIBRARY);
    assert.equal(got.get('self.grads["w"] = self.ctx["X"].T @ grad [self.grads["w"]]'), '(num_in, num_out)');
    assert.equal(got.get('self.grads["b"] = np.sum(grad, axis=0) [self.grads["b"]]'), '(num_out,)');
    // Before, the weights were unknown: d_in had no shape at all.
    assert.equal(got.get('d_in = grad @ self.params["w"].T [d_in]'), '(inputs.shape[0], num_in)');
  });

  it('a callee not named as an initializer, or an argument that is not a shape, gives nothing', () => {
    const got = statementShapes(LIBRARY.replace('self.initializers[name](self.shapes[name])', 'self.makers[name](self.shapes[name])').replace('self.initializers = {', 'self.makers = {'));
    assert.equal(got.get('d_in = grad @ self.params["w"].T [d_in]'), undefined);
  });

  it("loops over range imported from builtins (Python 2 compatibility) as over Python's range", () => {
    // `from builtins import range` bound range to an unknown module's member: every loop's index was unknown.
    const got = statementShapes(`from builtins import range
import numpy as np
def pool_backward(dout, x, PH, PW):
    N, C, H, W = x.shape
    dx = np.zeros_like(x)
    for i in range(0, H - PH + 1, 2):
        dx[0, :, i:i + PH, 0:PW] += dout[0].reshape(C, PH, PW)
    return dx
`);
    assert.equal(got.get('dx[0, :, i:i + PH, 0:PW] += dout[0].reshape(C, PH, PW) [dx[0, :, i:i + PH, 0:PW]]'), '(C, PH, PW)');
  });

  it('a window [r_start:r_start + k_h] is k_h long whatever r_start is, and k_h, s_w are sizes', () => {
    // The stride came from a constructor default that may be None (`stride if stride is not None else
    // pool_size`): r_start was unknown, so the window's length was too.
    const got = statementShapes(`import numpy as np
class MaxPool:
    def __init__(self, pool_size=(2, 2), stride=None):
        self.kernel_shape = pool_size
        self.stride = stride if stride is not None else pool_size

    def backward(self, grad, x):
        batch_sz, in_h, in_w, in_c = x.shape
        s_h, s_w = self.stride
        k_h, k_w = self.kernel_shape
        d_in = np.zeros((batch_sz, in_h, in_w, in_c))
        for r in range(3):
            r_start = r * s_h
            d_in[:, r_start:r_start + k_h, :, :] += grad
        return d_in
`);
    assert.equal(got.get('d_in[:, r_start:r_start + k_h, :, :] += grad [d_in[:, r_start:r_start + k_h, :, :]]'), '(batch_sz, 2, in_w, in_c)');
  });

  it('np.asmatrix of an input of no stated rank is a matrix of sizes of its own (a vector would be one row)', () => {
    const text = `import numpy as np
class MultiplyGate:
    def forward(self, W, x):
        return np.dot(W, x)

    def backward(self, W, x, dz):
        dW = np.asarray(np.dot(np.transpose(np.asmatrix(dz)), np.asmatrix(x)))
        dx = np.dot(np.transpose(W), dz)
        return dW, dx
`;
    const got = statementShapes(text);
    assert.equal(got.get('dW = np.asarray(np.dot(np.transpose(np.asmatrix(dz)), np.asmatrix(x))) [dW]'), '(np.asmatrix(dz).shape[1], np.asmatrix(x).shape[1])');
    // Its sizes meet no other: dz and x are vectors in the real code, and nothing is reported.
    assert.deepEqual(analyzeDocument({ kind: 'python', path: 'gate.py', text }, { ...NO_WALL_CLOCK }).findings, []);
  });

  it('a window of PH·PW columns and a parameter dict read with .get', () => {
    const got = statementShapes(`import numpy as np
def pool_backward(dout, x, pool_param, bn_param):
    N, C, H, W = x.shape
    PH, PW = pool_param['pool_height'], pool_param['pool_width']
    eps = bn_param.get('eps', 1e-5)
    window = x[0, :, 0:PH, 0:PW].reshape(C, PH * PW)
    var = x.var(axis=0) + eps
    return window, var
`);
    assert.equal(got.get('window = x[0, :, 0:PH, 0:PW].reshape(C, PH * PW) [window]'), '(C, PH*PW)');
    assert.equal(got.get('var = x.var(axis=0) + eps [var]'), '(C, H, W)');
  });

  it("a layer class's backward right for one layer is not blamed for the wrong upstream gradient another layer's gives it", () => {
    // ReLU.backward forgets its mask: the first Linear layer's gradients are wrong, the second's right, from the
    // same statements. Those statements are right; nothing may be reported on them.
    const text = `import numpy as np


class Linear:
    def __init__(self, n_in, n_out):
        self.W = np.random.randn(n_in, n_out) * 0.1
        self.b = np.zeros((1, n_out))

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0, keepdims=True)
        return dout @ self.W.T


class ReLU:
    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, dout):
        return dout


layers = [Linear(4, 8), ReLU(), Linear(8, 3)]
X = np.random.randn(16, 4)
T = np.random.randn(16, 3)
out = X
for layer in layers:
    out = layer.forward(out)
loss = 0.5 * np.sum((out - T) ** 2)
grad = out - T
for layer in reversed(layers):
    grad = layer.backward(grad)
`;
    const r = analyzeDocument({ kind: 'python', path: 'layers.py', text }, { ...NO_WALL_CLOCK });
    const lines = text.split('\n');
    assert.deepEqual(r.findings.filter((f) => /self\.d[Wb] =/.test(lines[f.range.start.line])).map((f) => f.message), []);
    // The mistake is found where it is: ReLU.backward passes the upstream gradient back unchanged.
    assert.deepEqual(r.findings.map((f) => [f.code, lines[f.range.start.line].trim()]), [['gradient-mismatch', 'return dout']]);
    // An identity layer that does the same is right.
    const identity = text.replace('        self.mask = x > 0\n        return x * self.mask', '        return x');
    assert.ok(identity !== text);
    assert.deepEqual(analyzeDocument({ kind: 'python', path: 'layers.py', text: identity }, { ...NO_WALL_CLOCK }).findings, []);
  });
});
