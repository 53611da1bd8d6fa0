// Data a library loads or makes (engine/interp/dataSources.ts): the shapes sklearn's and keras' documentation
// states, whatever the import's spelling; what they do not state (a dataset object, extra results) stays unknown.

import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../engine/analyze';
import { NO_WALL_CLOCK } from './budget';
import { statementShapes } from './statementShapes';

const shapes = (text: string) => statementShapes(text, 'data.py');

describe('data from libraries in the shape analysis', () => {
  it("sklearn's generators give (n_samples, n_features) and (n_samples,), from the call's own sizes or the defaults", () => {
    const got = shapes(`import numpy as np
from sklearn.datasets import make_blobs, make_moons, make_classification
import sklearn.datasets as ds
X, y = make_blobs(n_samples=300, centers=3, n_features=4)
Xm, ym = make_moons(500, noise=0.1)
Xc, yc = make_classification(200, 7)
Xd, yd = ds.make_circles()
`);
    assert.equal(got.get('X, y = make_blobs(n_samples=300, centers=3, n_features=4) [X]'), '(300, 4)');
    assert.equal(got.get('X, y = make_blobs(n_samples=300, centers=3, n_features=4) [y]'), '(300,)');
    assert.equal(got.get('Xm, ym = make_moons(500, noise=0.1) [Xm]'), '(500, 2)');
    assert.equal(got.get('Xc, yc = make_classification(200, 7) [Xc]'), '(200, 7)');
    assert.equal(got.get('Xd, yd = ds.make_circles() [Xd]'), '(100, 2)');
  });

  it('a named dataset with return_X_y is a table and a label per row; without it (a Bunch) nothing is known', () => {
    const got = shapes(`import numpy as np
from sklearn import datasets
X, y = datasets.load_iris(return_X_y=True)
bunch = datasets.load_iris()
Z = bunch.data
`);
    assert.equal(got.get('X, y = datasets.load_iris(return_X_y=True) [X]'), '(n_samples, n_features)');
    assert.equal(got.get('X, y = datasets.load_iris(return_X_y=True) [y]'), '(n_samples,)');
    assert.equal(got.get('Z = bunch.data [Z]'), undefined);
  });

  it('train_test_split keeps trailing axes, one row count for the training parts and one for the test parts', () => {
    const got = shapes(`import numpy as np
from sklearn.model_selection import train_test_split
from keras.utils import to_categorical
X = np.random.randn(1000, 5)
labels = np.random.randint(0, 3, (1000, 1))
Y = to_categorical(labels)
X_tr, X_te, Y_tr, Y_te = train_test_split(X, Y, test_size=0.25)
both = X_tr.T @ Y_tr
`);
    assert.equal(got.get('Y = to_categorical(labels) [Y]'), '(1000, n_classes)');
    assert.equal(got.get('X_tr, X_te, Y_tr, Y_te = train_test_split(X, Y, test_size=0.25) [X_tr]'), '(n_train, 5)');
    assert.equal(got.get('X_tr, X_te, Y_tr, Y_te = train_test_split(X, Y, test_size=0.25) [Y_te]'), '(n_test, n_classes)');
    // The training parts share their rows: their product is defined.
    assert.equal(got.get('both = X_tr.T @ Y_tr [both]'), '(5, n_classes)');
  });

  it("a data size is never rigid: the loaded table's columns may be the sizes a weight matrix states", () => {
    const text = `import numpy as np
from sklearn.datasets import fetch_openml
x, y = fetch_openml('mnist_784', version=1, return_X_y=True)
W = np.random.randn(128, 784)
h = W @ x[0]
`;
    const r = analyzeDocument({ kind: 'python', path: 'data.py', text }, { ...NO_WALL_CLOCK });
    assert.deepEqual(r.findings.map((d) => d.code), []);
    assert.equal(shapes(text).get('h = W @ x[0] [h]'), '(128,)');
  });

  it('extra results and other functions of these libraries stay unknown', () => {
    const got = shapes(`import numpy as np
from sklearn.datasets import make_blobs
from sklearn.preprocessing import StandardScaler
X, y, centers = make_blobs(n_samples=50, return_centers=True)
Xs = StandardScaler().fit_transform(np.random.randn(50, 3))
`);
    assert.equal(got.get('X, y, centers = make_blobs(n_samples=50, return_centers=True) [X]'), undefined);
    assert.equal(got.get('Xs = StandardScaler().fit_transform(np.random.randn(50, 3)) [Xs]'), undefined);
  });
});
