// Verification of training scripts as people write them: plots, logging and progress bars around the
// training (no-ops whose results are opaque), data from sklearn's generators one-hot encoded by keras,
// NumPy's linspace / asmatrix / array_equal / RandomState, and gradients applied by `W += lr * g`
// (gradient ascent) under any name.

import { strict as assert } from 'node:assert';
import { snippet } from './snippet';

/** A linear model on X (n, d), y (n,) trained by descent; `extra` runs before the loop, `inLoop` inside it. */
const linear = (data: string, extra = '', inLoop = '', loop = 'for epoch in range(100):') => `
import numpy as np
${data}
${extra}
w = np.random.randn(X.shape[1], 1)
t = y.reshape(-1, 1) * 1.0
${loop}
    p = X.dot(w)
    loss = 0.5 * np.sum((p - t) ** 2)
    dw = X.T.dot(p - t)
    w -= 0.01 * dw
${inLoop.split('\n').map((l) => `    ${l}`).join('\n')}
`;

const RANDOM = 'X = np.random.randn(20, 3)\ny = np.random.randn(20)';

describe('training scripts: display and logging are no-ops', () => {
  it('runs past plots, figures and axes, seaborn, logging, warnings, sys.stdout and IPython.display', () => {
    const extra = [
      'import matplotlib.pyplot as plt', 'import seaborn as sns', 'import logging', 'import warnings', 'import sys',
      'from IPython.display import display, clear_output',
      'logging.basicConfig(level=logging.INFO)', 'log = logging.getLogger(__name__)', 'warnings.warn("careful")',
      'plt.rcParams["figure.figsize"] = (8, 6)', 'sns.set()', 'plt.scatter(X[:, 0], X[:, 1], c=y)',
      'fig, ax = plt.subplots()', 'ax.plot(X[:, 0]); ax.set_title("data")', 'fig, (a1, a2) = plt.subplots(1, 2)', 'a2.hist(y)',
      'fig, axes = plt.subplots(2, 2, figsize=(6, 6))', 'axes[0, 1].plot(y)', 'fig.savefig("data.png")', 'display(fig)', 'plt.show()',
    ].join('\n');
    const { status, codes } = snippet(linear(RANDOM, extra, 'log.info("loss %.3f", loss)\nsys.stdout.write("loss %.3f\\n" % loss)\nclear_output(wait=True)'));
    assert.equal(status('dw = X.T.dot(p - t)'), 'verified');
    assert.deepEqual(codes, []);
  });

  it('takes tqdm(iterable) and trange(n) as the iterable, lazily for a long range', () => {
    for (const [imp, loop] of [['from tqdm import tqdm', 'for epoch in tqdm(range(10 ** 9), desc="train"):'], ['from tqdm import trange', 'for epoch in trange(10 ** 9):'], ['from tqdm.auto import tqdm', 'for epoch in tqdm(range(100)):']]) {
      const { result, status } = snippet(linear(RANDOM, imp, '', loop));
      assert.equal(status('dw = X.T.dot(p - t)'), 'verified', loop);
      assert.equal(result.verificationCutShort, undefined, loop);
    }
  });

  it('stops when a display result flows into the computation or decides a branch', () => {
    const into = snippet(linear(RANDOM, 'import matplotlib.pyplot as plt\nline = plt.plot(y)\nX = X * line'));
    assert.notEqual(into.status('dw = X.T.dot(p - t)'), 'verified');
    const branch = snippet(linear(RANDOM, 'import matplotlib.pyplot as plt\nif plt.gcf():\n    X = X * 2'));
    assert.notEqual(branch.status('dw = X.T.dot(p - t)'), 'verified');
  });
});

describe('training scripts: generated data', () => {
  it('makes sklearn datasets of the stated sizes with every class present', () => {
    for (const [call, asserts] of [
      ['X, y = make_blobs(n_samples=60, n_features=3, centers=4, random_state=0)', 'assert X.shape == (60, 3)\nassert y.shape == (60,)\nassert y.max() == 3 and y.min() == 0'],
      ['X, y = make_blobs(40, 5)', 'assert X.shape == (40, 5)\nassert y.max() == 2'],
      ['X, y = make_moons(n_samples=50, noise=0.1)', 'assert X.shape == (50, 2)\nassert y.max() == 1'],
      ['X, y = make_circles(30, factor=0.5, noise=0.05)', 'assert X.shape == (30, 2)'],
      ['X, y = make_classification(n_samples=30, n_features=4, n_classes=3, n_informative=3)', 'assert X.shape == (30, 4)\nassert y.max() == 2'],
      ['X, y = make_regression(n_samples=25, n_features=2, noise=0.1)', 'assert X.shape == (25, 2)\nassert y.shape == (25,)'],
    ]) {
      const { status } = snippet(linear(`from sklearn.datasets import make_blobs, make_moons, make_circles, make_classification, make_regression\n${call}\n${asserts}`));
      assert.equal(status('dw = X.T.dot(p - t)'), 'verified', call);
    }
    // The asserts decide: a wrong one stops the run.
    const wrong = snippet(linear('from sklearn.datasets import make_moons\nX, y = make_moons(n_samples=50)\nassert X.shape == (50, 3)'));
    assert.notEqual(wrong.status('dw = X.T.dot(p - t)'), 'verified');
  });

  it('one-hot encodes labels with to_categorical (keras, keras.utils.np_utils, tensorflow.keras)', () => {
    for (const imp of ['from keras.utils import to_categorical', 'from keras.utils.np_utils import to_categorical', 'from tensorflow.keras.utils import to_categorical']) {
      const data = `from sklearn.datasets import make_blobs\n${imp}\nX, labels = make_blobs(n_samples=30, centers=3)\nT = to_categorical(labels, num_classes=3)\nassert T.shape == (30, 3)\nassert np.array_equal(T.argmax(axis=1), labels)\nassert np.array_equal(to_categorical(labels), T)\ny = T[:, 0]`;
      assert.equal(snippet(linear(data)).status('dw = X.T.dot(p - t)'), 'verified', imp);
    }
  });
});

describe('training scripts: train_test_split', () => {
  it('splits arrays into the same random rows of each', () => {
    const data = [
      'from sklearn.model_selection import train_test_split', 'A = np.random.randn(40, 3)', 'b = np.arange(40)',
      'X, X_test, idx, idx_test = train_test_split(A, b, test_size=0.25, random_state=0)',
      'assert X.shape == (30, 3) and X_test.shape == (10, 3) and idx.shape == (30,)',
      'assert np.array_equal(X, A[idx]) and np.array_equal(X_test, A[idx_test])',
      'assert np.array_equal(np.sort(np.concatenate([idx, idx_test])), b)', 'y = np.random.randn(30)',
    ].join('\n');
    assert.equal(snippet(linear(data)).status('dw = X.T.dot(p - t)'), 'verified');
  });
});

describe('training scripts: NumPy calls', () => {
  it('runs np.linspace, np.array_equal and np.random.RandomState with its methods', () => {
    const data = [
      'x = np.linspace(0, 1, 5)', 'assert x[1] == 0.25 and x[4] == 1.0 and x.shape == (5,)', 'assert np.linspace(0, 1, 4, endpoint=False)[3] == 0.75',
      'assert np.array_equal(x, np.linspace(0, 1, 5)) and not np.array_equal(x, x[:4])',
      'rng = np.random.RandomState(0)', 'X = rng.randn(20, 3) + rng.normal(0, 1, (20, 3)) + rng.uniform(-1, 1, size=(20, 3)) + rng.rand(20, 3)',
      'y = rng.randint(0, 2, size=20) * 1.0', 'idx = rng.permutation(20)', 'assert np.array_equal(np.sort(idx), np.arange(20))',
      'X, y = X[idx], y[idx]', 'rng.shuffle(idx)', 'k = rng.choice(20)', 'X = rng.permutation(X)',
    ].join('\n');
    const { status, codes } = snippet(linear(data));
    assert.equal(status('dw = X.T.dot(p - t)'), 'verified');
    assert.deepEqual(codes, []);
  });

  it('shuffles an array in place, rows moving together', () => {
    const data = 'X = np.arange(12).reshape(4, 3) * 1.0\nnp.random.shuffle(X)\nassert np.array_equal(np.sort(X[:, 0]), np.array([0.0, 3.0, 6.0, 9.0]))\nassert np.array_equal(X[:, 1] - X[:, 0], np.ones(4))\ny = np.random.randn(4)';
    assert.equal(snippet(linear(data)).status('dw = X.T.dot(p - t)'), 'verified');
  });

  it('keeps np.asmatrix 2-D, and stops at what a matrix does differently (`*` of two matrices)', () => {
    const ok = snippet(linear('X = np.asmatrix(np.random.randn(20, 3))\nassert X.shape == (20, 3) and np.asmatrix(np.ones(3)).shape == (1, 3)\nX = np.asarray(X + 0.5 * X.T.T)\ny = np.random.randn(20)'));
    assert.equal(ok.status('dw = X.T.dot(p - t)'), 'verified');
    assert.deepEqual(ok.codes, []);
    const product = snippet(`
import numpy as np
X = np.asmatrix(np.random.randn(3, 3))
W = np.asmatrix(np.random.randn(3, 3))
t = np.random.randn(3, 3)
for i in range(10):
    p = X * W
    loss = 0.5 * np.sum(np.asarray(p - t) ** 2)
    dW = X.T * (p - t)
    W -= 0.1 * dW
`);
    assert.equal(product.status('dW = X.T * (p - t)'), undefined);
    assert.deepEqual(product.codes, []);
  });
});

describe('training scripts: gradients applied by the updates', () => {
  /** A softmax classifier trained by ascent on J = Σ T log Y (or descent on its negative, `sign = -1`). */
  const classifier = (opts: { cost: string; update: (p: string, g: string) => string; grad2?: string }) => `
import numpy as np
X = np.random.randn(30, 4)
labels = np.random.randint(0, 3, size=30)
T = np.zeros((30, 3))
T[np.arange(30), labels] = 1
W1 = np.random.randn(4, 5)
W2 = np.random.randn(5, 3)
for epoch in range(100):
    Z = np.tanh(X.dot(W1))
    A = Z.dot(W2)
    Y = np.exp(A) / np.exp(A).sum(axis=1, keepdims=True)
    J = ${opts.cost}
    step2 = ${opts.grad2 ?? 'Z.T.dot(T - Y)'}
    step1 = X.T.dot((T - Y).dot(W2.T) * (1 - Z * Z))
    ${opts.update('W2', 'step2')}
    ${opts.update('W1', 'step1')}
`;

  it('pairs a gradient with the parameter its update applies it to, whatever its name', () => {
    const { status, codes } = snippet(classifier({ cost: '(T * np.log(Y)).sum()', update: (p, g) => `${p} += 0.01 * ${g}` }));
    assert.equal(status('step2 = Z.T.dot(T - Y)'), 'verified');
    assert.equal(status('step1 = X.T.dot((T - Y).dot(W2.T) * (1 - Z * Z))'), 'verified');
    assert.deepEqual(codes, []);
  });

  it('finds a wrong gradient applied by such an update', () => {
    const { codes } = snippet(classifier({ cost: '(T * np.log(Y)).sum()', update: (p, g) => `${p} = ${p} + 0.01 * ${g}`, grad2: 'Z.T.dot(T - Y) * 0.5' }));
    assert.deepEqual(codes, ['wrong-scale']);
  });

  it('ascent on the negative of the cost computed: every gradient −∂J/∂W is right; one sign against the others is wrong', () => {
    const negative = snippet(classifier({ cost: '-(T * np.log(Y)).sum()', update: (p, g) => `${p} += 0.01 * ${g}` }));
    assert.deepEqual(negative.codes, []);
    assert.equal(negative.status('step2 = Z.T.dot(T - Y)'), 'verified');
    const oneSign = snippet(classifier({ cost: '(T * np.log(Y)).sum()', update: (p, g) => `${p} += 0.01 * ${g}`, grad2: 'Z.T.dot(Y - T)' }));
    assert.deepEqual(oneSign.codes, ['wrong-scale']);
    // Descent on a cost with gradients of its negative: the parameters move the wrong way (as before).
    const descent = snippet(classifier({ cost: '-(T * np.log(Y)).sum()', update: (p, g) => `${p} -= 0.01 * ${g}` }));
    assert.deepEqual(descent.codes, ['wrong-scale', 'wrong-scale']);
    // Mixed directions: nothing is taken from them (as before).
    const mixed = snippet(classifier({ cost: '-(T * np.log(Y)).sum()', update: (p, g) => (p === 'W2' ? `${p} -= 0.01 * ${g}` : `${p} += 0.01 * ${g}`) }));
    assert.ok(mixed.codes.includes('wrong-scale'));
  });

  it('pairs nothing through a momentum velocity or an Adam step', () => {
    const momentum = snippet(classifier({ cost: '(T * np.log(Y)).sum()', update: (p, g) => `v${p} = 0.9 * v${p} + 0.01 * ${g}\n    ${p} += v${p}` }).replace('for epoch', 'vW1 = 0\nvW2 = 0\nfor epoch'));
    assert.deepEqual(momentum.codes, []);
    assert.equal(momentum.status(`vW2 = 0.9 * vW2 + 0.01 * step2`), undefined);
  });
});
