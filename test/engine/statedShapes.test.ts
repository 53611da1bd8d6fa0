import { strict as assert } from 'node:assert';
import { statementShapes } from './statementShapes';
import {
  DIM_PHRASES,
  lookupDimPhrase,
  parseDim,
  shapeFromComment,
  shapesFromDocstring,
  type StatedDim,
  type StatedShape,
} from '../../engine/shapes/statedShapes';

const n = (name: string): StatedDim => ({ kind: 'name', name });
const c = (value: number): StatedDim => ({ kind: 'const', value });
const u: StatedDim = { kind: 'unknown' };

/** name -> dims, to compare whole lists compactly */
function dimsByName(shapes: StatedShape[]): Record<string, StatedDim[]> {
  const out: Record<string, StatedDim[]> = {};
  for (const s of shapes) out[s.name] = s.dims;
  return out;
}

function only(shapes: StatedShape[]): StatedShape {
  assert.equal(shapes.length, 1, `expected one shape, got ${JSON.stringify(shapes)}`);
  return shapes[0]!;
}

/** One-entry docstring helper: the shape of `name` in an Arguments section, or undefined. */
function argShape(line: string): StatedShape | undefined {
  const doc = `\n    Arguments:\n    ${line}\n    `;
  const r = shapesFromDocstring(doc);
  assert.equal(r.returns.length, 0);
  assert.ok(r.params.length <= 1, JSON.stringify(r.params));
  return r.params[0];
}

describe('statedShapes: Coursera docstrings', () => {
  it('initialize_parameters: members of the returned dict are parameters["W1"] ...', () => {
    const doc = `
    Argument:
    n_x -- size of the input layer
    n_h -- size of the hidden layer
    n_y -- size of the output layer

    Returns:
    params -- python dictionary containing your parameters:
                    W1 -- weight matrix of shape (n_h, n_x)
                    b1 -- bias vector of shape (n_h, 1)
                    W2 -- weight matrix of shape (n_y, n_h)
                    b2 -- bias vector of shape (n_y, 1)
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(r.params, []);
    assert.deepEqual(r.returns, [
      { name: 'params["W1"]', dims: [n('n_h'), n('n_x')], line: 8, raw: '(n_h, n_x)' },
      { name: 'params["b1"]', dims: [n('n_h'), c(1)], line: 9, raw: '(n_h, 1)' },
      { name: 'params["W2"]', dims: [n('n_y'), n('n_h')], line: 10, raw: '(n_y, n_h)' },
      { name: 'params["b2"]', dims: [n('n_y'), c(1)], line: 11, raw: '(n_y, 1)' },
    ]);
  });

  it('forward_propagation: input data of size, sigmoid output of shape, dict entries are not shapes', () => {
    const doc = `
    Argument:
    X -- input data of size (n_x, m)
    parameters -- python dictionary containing your parameters (output of initialization function)

    Returns:
    A2 -- The sigmoid output of the second activation, of shape (1, number of examples)
    cache -- a dictionary containing "Z1", "A1", "Z2" and "A2"
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(r.params, [{ name: 'X', dims: [n('n_x'), n('m')], line: 2, raw: '(n_x, m)' }]);
    assert.deepEqual(r.returns, [
      { name: 'A2', dims: [c(1), n('m')], line: 6, raw: '(1, number of examples)' },
    ]);
  });

  it('compute_cost: "true" labels vector of shape, and equation (13) is no shape', () => {
    const doc = `
    Computes the cross-entropy cost given in equation (13)

    Arguments:
    A2 -- The sigmoid output of the second activation, of shape (1, number of examples)
    Y -- "true" labels vector of shape (1, number of examples)

    Returns:
    cost -- cross-entropy cost given equation (13)
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(dimsByName(r.params), { A2: [c(1), n('m')], Y: [c(1), n('m')] });
    assert.deepEqual(r.returns, []);
  });

  it('linear_activation_forward: English dims, "(or input data):" before the shape', () => {
    const doc = `
    Implement the forward propagation for the LINEAR->ACTIVATION layer

    Arguments:
    A_prev -- activations from previous layer (or input data): (size of previous layer, number of examples)
    W -- weights matrix: numpy array of shape (size of current layer, size of previous layer)
    b -- bias vector, numpy array of shape (size of the current layer, 1)
    activation -- the activation to be used in this layer, stored as a text string: "sigmoid" or "relu"

    Returns:
    A -- the output of the activation function, also called the post-activation value
    cache -- a python tuple containing "linear_cache" and "activation_cache";
             stored for computing the backward pass efficiently
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(r.params, [
      { name: 'A_prev', dims: [n('n[l-1]'), n('m')], line: 4, raw: '(size of previous layer, number of examples)' },
      { name: 'W', dims: [n('n[l]'), n('n[l-1]')], line: 5, raw: '(size of current layer, size of previous layer)' },
      { name: 'b', dims: [n('n[l]'), c(1)], line: 6, raw: '(size of the current layer, 1)' },
    ]);
    assert.deepEqual(r.returns, []);
  });

  it('logistic regression: arithmetic dims stay names, non-cat parentheses are skipped', () => {
    const doc = `
    Implement the cost function and its gradient for the propagation explained above

    Arguments:
    w -- weights, a numpy array of size (num_px * num_px * 3, 1)
    b -- bias, a scalar
    X -- data of size (num_px * num_px * 3, number of examples)
    Y -- true "label" vector (containing 0 if non-cat, 1 if cat) of size (1, number of examples)

    Return:
    cost -- negative log-likelihood cost for logistic regression
    dw -- gradient of the loss with respect to w, thus same shape as w
    db -- gradient of the loss with respect to b, thus same shape as b
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(r.params, [
      { name: 'w', dims: [n('num_px * num_px * 3'), c(1)], line: 4, raw: '(num_px * num_px * 3, 1)' },
      { name: 'X', dims: [n('num_px * num_px * 3'), n('m')], line: 6, raw: '(num_px * num_px * 3, number of examples)' },
      { name: 'Y', dims: [c(1), n('m')], line: 7, raw: '(1, number of examples)' },
    ]);
    assert.deepEqual(r.returns, []);
  });

  it('relu_backward / linear_backward: "of any shape" and "same shape as" state no shape', () => {
    const doc = `
    Implement the backward propagation for a single RELU unit.

    Arguments:
    dA -- post-activation gradient, of any shape
    cache -- 'Z' where we store for computing backward propagation efficiently

    Returns:
    dZ -- Gradient of the cost with respect to Z
    dA_prev -- Gradient of the cost with respect to the activation (of the previous layer l-1), same shape as A_prev
    dW -- Gradient of the cost with respect to W (current layer l), same shape as W
    `;
    assert.deepEqual(shapesFromDocstring(doc), { params: [], returns: [], scalars: [] });
  });

  it('initialize_parameters_deep: generic Wl/bl members, python array (list) is no shape', () => {
    const doc = `
    Arguments:
    layer_dims -- python array (list) containing the dimensions of each layer in our network

    Returns:
    parameters -- python dictionary containing your parameters "W1", "b1", ..., "WL", "bL":
                    Wl -- weight matrix of shape (layer_dims[l], layer_dims[l-1])
                    bl -- bias vector of shape (layer_dims[l], 1)
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(r.params, []);
    assert.deepEqual(r.returns, [
      { name: 'parameters["Wl"]', dims: [n('layer_dims[l]'), n('layer_dims[l-1]')], line: 6, raw: '(layer_dims[l], layer_dims[l-1])' },
      { name: 'parameters["bl"]', dims: [n('layer_dims[l]'), c(1)], line: 7, raw: '(layer_dims[l], 1)' },
    ]);
  });

  it('cache tuples, lists of caches, (0/1), "of length (...)" produce nothing', () => {
    const doc = `
    Arguments:
    X -- data set of examples you would like to label
    layers_dims -- list containing the input size and each layer size, of length (number of layers + 1).
    cache -- tuple of values (A_prev, W, b) coming from the forward propagation in the current layer

    Returns:
    Y_prediction -- a numpy array (vector) containing all predictions (0/1) for the examples in X
    caches -- list of caches containing:
                every cache of linear_activation_forward() (there are L-1 of them, indexed from 0 to L-1)
    `;
    assert.deepEqual(shapesFromDocstring(doc), { params: [], returns: [], scalars: [] });
  });
});

describe('statedShapes: dict members (`<dict> -- python dictionary containing ...`)', () => {
  it('members listed at the same indent after a header ending in ":" belong to the dict', () => {
    const doc = `
    Returns:
    parameters -- python dictionary containing your parameters:
    W1 -- weight matrix of shape (n_h, n_x)
    b1 -- bias vector of shape (n_h, 1)
    `;
    assert.deepEqual(shapesFromDocstring(doc).returns.map((s) => s.name), ['parameters["W1"]', 'parameters["b1"]']);
  });

  it('a dict header not ending in ":" leaves same-indent siblings alone', () => {
    const doc = `
    Arguments:
    parameters -- python dictionary containing your parameters
    X -- input data of size (n_x, m)
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(r.params.map((s) => s.name), ['X']);
  });

  it('a blank line or a dedent ends the member list', () => {
    const doc = `
    Arguments:
    parameters -- python dictionary containing your parameters:
    W1 -- weight matrix of shape (n_h, n_x)

    X -- input data of size (n_x, m)
    grads -- python dictionary containing your gradients
        dW1 -- gradient of shape (n_h, n_x)
    Y -- labels of shape (1, m)
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(r.params.map((s) => s.name), ['parameters["W1"]', 'X', 'grads["dW1"]', 'Y']);
  });

  it('indented members after a blank line still belong to the dict', () => {
    const doc = `
    Returns:
    parameters -- python dictionary containing your parameters:

                    W1 -- weight matrix of shape (n_h, n_x)
    `;
    assert.equal(only(shapesFromDocstring(doc).returns).name, 'parameters["W1"]');
  });

  it('a dictionary mentioned after the shape does not make the entry a dict', () => {
    const s = argShape('W1 -- weight matrix of shape (n_h, n_x), stored in the parameters dictionary');
    assert.equal(s?.name, 'W1');
  });

  it('CS231n bn_param keys, including a bullet with no colon', () => {
    const doc = `
    Input:
    - x: Data of shape (N, D)
    - gamma: Scale parameter of shape (D,)
    - bn_param: Dictionary with the following keys:
      - mode: 'train' or 'test'; required
      - eps: Constant for numeric stability
      - running_mean: Array of shape (D,) giving running mean of features
      - running_var Array of shape (D,) giving running variance of features
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(dimsByName(r.params), {
      x: [n('N'), n('D')],
      gamma: [n('D')],
      'bn_param["running_mean"]': [n('D')],
      'bn_param["running_var"]': [n('D')],
    });
  });
});

describe('statedShapes: CS231n docstrings', () => {
  const affineForward = `
    Computes the forward pass for an affine (fully-connected) layer.

    The input x has shape (N, d_1, ..., d_k) and contains a minibatch of N
    examples, where each example x[i] has shape (d_1, ..., d_k).

    Inputs:
    - x: A numpy array containing input data, of shape (N, d_1, ..., d_k)
    - w: A numpy array of weights, of shape (D, M)
    - b: A numpy array of biases, of shape (M,)

    Returns a tuple of:
    - out: output, of shape (N, M)
    - cache: (x, w, b)
    `;

  it('affine_forward: variadic x, rank-1 b, and the cache tuple is no shape', () => {
    const r = shapesFromDocstring(affineForward);
    assert.deepEqual(r.params, [
      { name: 'x', dims: [n('N')], line: 7, raw: '(N, d_1, ..., d_k)', variadic: true },
      { name: 'w', dims: [n('D'), n('M')], line: 8, raw: '(D, M)' },
      { name: 'b', dims: [n('M')], line: 9, raw: '(M,)' },
    ]);
    assert.deepEqual(r.returns, [{ name: 'out', dims: [n('N'), n('M')], line: 12, raw: '(N, M)' }]);
  });

  it('affine_backward: tuple elements under cache are skipped; d1, ..., d_k; a missing comma before ...', () => {
    const doc = `
    Inputs:
    - dout: Upstream derivative, of shape (N, M)
    - cache: Tuple of:
      - x: Input data, of shape (N, d_1, ... d_k)
      - w: Weights, of shape (D, M)
      - b: Biases, of shape (M,)

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, d1, ..., d_k)
    - dw: Gradient with respect to w, of shape (D, M)
    - db: Gradient with respect to b, of shape (M,)
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(dimsByName(r.params), { dout: [n('N'), n('M')] });
    assert.deepEqual(dimsByName(r.returns), { dx: [n('N')], dw: [n('D'), n('M')], db: [n('M')] });
    assert.equal(r.returns[0]!.variadic, true);
    assert.equal(r.returns[1]!.variadic, undefined);
  });

  it('svm_loss: shape before the description, (float) and "loss as single float" are no shapes', () => {
    const doc = `
    Structured SVM loss function, naive implementation (with loops).

    Inputs have dimension D, there are C classes, and we operate on minibatches
    of N examples.

    Inputs:
    - W: A numpy array of shape (D, C) containing weights.
    - X: A numpy array of shape (N, D) containing a minibatch of data.
    - y: A numpy array of shape (N,) containing training labels; y[i] = c means
      that X[i] has label c, where 0 <= c < C.
    - reg: (float) regularization strength

    Returns a tuple of:
    - loss as single float
    - gradient with respect to weights W; an array of same shape as W
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(dimsByName(r.params), { W: [n('D'), n('C')], X: [n('N'), n('D')], y: [n('N')] });
    assert.deepEqual(r.returns, []);
  });

  it('softmax_loss: "(N,) where y[i] ..." and a tuple of loss/dx without shapes', () => {
    const doc = `
    Computes the loss and gradient for softmax classification.

    Inputs:
    - x: Input data, of shape (N, C) where x[i, j] is the score for the jth
      class for the ith input.
    - y: Vector of labels, of shape (N,) where y[i] is the label for x[i] and
      0 <= y[i] < C

    Returns a tuple of:
    - loss: Scalar giving the loss
    - dx: Gradient of the loss with respect to x
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(r.params, [
      { name: 'x', dims: [n('N'), n('C')], line: 4, raw: '(N, C)' },
      { name: 'y', dims: [n('N')], line: 6, raw: '(N,)' },
    ]);
    assert.deepEqual(r.returns, []);
  });

  it('TwoLayerNet.loss: prose Returns and "(data loss and regularization loss)"', () => {
    const doc = `
        Inputs:
        - X: Input data of shape (N, D). Each X[i] is a training sample.
        - y: Vector of training labels. y[i] is the label for X[i], and each y[i] is
          an integer in the range 0 <= y[i] < C.
        - reg: Regularization strength.

        Returns:
        If y is None, return a matrix scores of shape (N, C) where scores[i, c] is
        the classification score for class c on input X[i].

        If y is not None, instead return a tuple of:
        - loss: Loss (data loss and regularization loss) for this batch of training
          samples.
        - grads: Dictionary mapping parameter names to gradients of those parameters
          with respect to the loss function; has the same keys as self.params.
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(dimsByName(r.params), { X: [n('N'), n('D')] });
    assert.deepEqual(r.returns, []);
  });

  it('conv_forward_naive: 4-D shapes, primes in H\' and W\', dict keys without shapes', () => {
    const doc = `
    Input:
    - x: Input data of shape (N, C, H, W)
    - w: Filter weights of shape (F, C, HH, WW)
    - b: Biases, of shape (F,)
    - conv_param: A dictionary with the following keys:
      - 'stride': The number of pixels between adjacent receptive fields in the
        horizontal and vertical directions.
      - 'pad': The number of pixels that will be used to zero-pad the input.

    Returns a tuple of:
    - out: Output data, of shape (N, F, H', W') where H' and W' are given by
      H' = 1 + (H + 2 * pad - HH) / stride
    - cache: (x, w, b, conv_param)
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(dimsByName(r.params), {
      x: [n('N'), n('C'), n('H'), n('W')],
      w: [n('F'), n('C'), n('HH'), n('WW')],
      b: [n('F')],
    });
    assert.deepEqual(dimsByName(r.returns), { out: [n('N'), n('F'), n("H'"), n("W'")] });
  });

  it('a shape wrapped onto the continuation line gets that line', () => {
    const doc = `
    Returns a tuple of:
    - dx: Gradient with respect to x, of shape
      (N, d1, ..., d_k)
    `;
    const s = only(shapesFromDocstring(doc).returns);
    assert.equal(s.line, 3);
    assert.equal(s.raw, '(N, d1, ..., d_k)');
    assert.equal(s.variadic, true);
  });

  it('a run followed by more dims has unknown layout and is omitted; numeric runs are expanded', () => {
    assert.equal(argShape('x -- input of shape (d_1, ..., d_k, M)'), undefined);
    assert.deepEqual(argShape('x -- input of shape (N, d_1, ..., d_3)')?.dims, [n('N'), n('d_1'), n('d_2'), n('d_3')]);
    assert.equal(argShape('x -- input of shape (N, d_1, ..., d_3)')?.variadic, undefined);
    const all = argShape('x -- input of shape (d_1, ..., d_k)');
    assert.deepEqual(all?.dims, []);
    assert.equal(all?.variadic, true);
  });
});

describe('statedShapes: plain, numpydoc and Google docstrings', () => {
  it('plain "X: (n_x, m)" lines without any section header count as params', () => {
    const doc = `Two-layer forward pass.
    X: (n_x, m)
    W1: [n_h, n_x]
    b1: (n_h, 1)
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(r.params, [
      { name: 'X', dims: [n('n_x'), n('m')], line: 1, raw: '(n_x, m)' },
      { name: 'W1', dims: [n('n_h'), n('n_x')], line: 2, raw: '[n_h, n_x]' },
      { name: 'b1', dims: [n('n_h'), c(1)], line: 3, raw: '(n_h, 1)' },
    ]);
  });

  it('numpydoc Parameters / Returns with underlines', () => {
    const doc = `
    Fit the model.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Training data.
    y : array-like, shape (n_samples,)
        Target values.
    alpha : float, optional
        Regularization strength.
    sample_weight : array-like, shape = [n_samples] or None

    Returns
    -------
    coef : ndarray of shape (n_features,)
        Weights.
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(r.params, [
      { name: 'X', dims: [n('n_samples'), n('n_features')], line: 5, raw: '(n_samples, n_features)' },
      { name: 'y', dims: [n('n_samples')], line: 7, raw: '(n_samples,)' },
      { name: 'sample_weight', dims: [n('n_samples')], line: 11, raw: '[n_samples]' },
    ]);
    assert.deepEqual(r.returns, [{ name: 'coef', dims: [n('n_features')], line: 15, raw: '(n_features,)' }]);
  });

  it('Google style Args / Returns with a type in parentheses', () => {
    const doc = `Forward propagation.

    Args:
        X (np.ndarray): shape (n_x, m), the input batch.
        W1 (np.ndarray of shape (n_h, n_x)): first-layer weights.
        learning_rate (float): step size.
        keep_prob (float, optional): dropout keep probability.

    Returns:
        A2 (np.ndarray): shape (1, m)
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(r.params, [
      { name: 'X', dims: [n('n_x'), n('m')], line: 3, raw: '(n_x, m)' },
      { name: 'W1', dims: [n('n_h'), n('n_x')], line: 4, raw: '(n_h, n_x)' },
    ]);
    assert.deepEqual(r.returns, [{ name: 'A2', dims: [c(1), n('m')], line: 9, raw: '(1, m)' }]);
  });

  it('Note/Raises sections and prose "Note:" lines are not entries', () => {
    const doc = `
    Arguments:
    X -- input data of size (n_x, m)
    Note: the result has shape (n_h, m)

    Raises:
    ValueError: if X has shape (0, m)
    `;
    const r = shapesFromDocstring(doc);
    assert.deepEqual(r.params.map((s) => s.name), ['X']);
    assert.deepEqual(r.returns, []);
  });

  it('a shape without any introduction is read when it is unambiguous', () => {
    assert.deepEqual(argShape('b -- bias vector (n_h, 1)')?.dims, [n('n_h'), c(1)]);
    assert.deepEqual(argShape('Z1 -- pre-activations [n_h, m]')?.dims, [n('n_h'), n('m')]);
    assert.deepEqual(argShape('X -- (n_x, m) input data')?.dims, [n('n_x'), n('m')]);
  });
});

describe('statedShapes: negatives in docstrings (no invented shapes)', () => {
  const negatives = [
    'A_prev -- activations from previous layer (or input data)',
    'X -- data (see Figure 1)',
    'keep_prob -- probability of keeping a neuron active (optional)',
    'W1 -- weights (≈ 1 line of code)',
    'A -- output of sigmoid(z), same shape as Z',
    'Z -- numpy array of any shape',
    'reg -- (float) regularization strength',
    'A -- sigmoid output, values in (0, 1)',
    'Y -- labels (1 for cat, 0 otherwise)',
    'pair -- the pair (i, j) of indices',
    'cache -- a python tuple containing (linear_cache, activation_cache)',
    'grads -- the gradients (dW, db)',
    'layer_dims -- python array (list) containing the dimensions of each layer [12288, 20, 7, 5, 1]',
    'v -- python dictionary containing the current velocity (v["dW1"], v["db1"])',
    'X -- data, indexed as X[i, j]',
    'Y -- labels, see equations (3) and (4)',
    'y -- labels in the range (0, C)',
    'x -- data, of shape (same as w)',
    'W -- weights of shape (see above)',
    'X -- input data; compute np.dot(W1, X) first',
    'params -- (int, optional) number of params',
  ];
  for (const line of negatives) {
    it(`no shape: ${line}`, () => {
      assert.equal(argShape(line), undefined);
    });
  }

  it('a tuple of documented names after a colon is a value tuple, but "of shape" wins', () => {
    const doc = `
    Inputs:
    - x: data of shape (N, D)
    - w: weights of shape (D, M)
    - pair: (x, w)
    - n_x: the number of features
    - z: activations of shape (x, w)
    `;
    assert.deepEqual(shapesFromDocstring(doc).params.map((s) => s.name), ['x', 'w', 'z']);
  });
});

describe('statedShapes: dims', () => {
  it('phrase table: known phrases map to short names, with or without articles and case', () => {
    assert.equal(lookupDimPhrase('number of examples'), 'm');
    assert.equal(lookupDimPhrase('Number of  training examples'), 'm');
    assert.equal(lookupDimPhrase('size of the current layer'), 'n[l]');
    assert.equal(lookupDimPhrase('size of current layer'), 'n[l]');
    assert.equal(lookupDimPhrase('size of previous layer'), 'n[l-1]');
    assert.equal(lookupDimPhrase('size of the output layer'), 'n_y');
    assert.equal(lookupDimPhrase('size of the hidden layer'), 'n_h');
    assert.equal(lookupDimPhrase('size of the input layer'), 'n_x');
    assert.equal(lookupDimPhrase('number of words'), undefined);
    for (const [phrase, name] of DIM_PHRASES) assert.equal(lookupDimPhrase(phrase), name, phrase);
  });

  it('unknown phrases are kept trimmed as names in a strong context', () => {
    assert.deepEqual(argShape('E -- embeddings of shape (number of  words , embedding size)')?.dims, [
      n('number of words'),
      n('embedding size'),
    ]);
    // ... but never in a bare parenthesis
    assert.equal(argShape('E -- embeddings (number of words, embedding size)'), undefined);
  });

  it('integers are consts, constant arithmetic is folded, symbolic arithmetic is normalised', () => {
    assert.deepEqual(parseDim('12288').dim, c(12288));
    assert.deepEqual(parseDim('64*64*3').dim, c(12288));
    assert.deepEqual(parseDim('num_px*num_px*3').dim, n('num_px * num_px * 3'));
    assert.deepEqual(parseDim(' n_H_prev + 2*pad ').dim, n('n_H_prev + 2 * pad'));
    // CS231n's fused LSTM width: `4H` is `4 * H`; `3x` is still no dim.
    assert.deepEqual(parseDim('4H').dim, n('4 * H'));
    assert.deepEqual(parseDim('4H').dim, parseDim('4*H').dim);
    assert.equal(parseDim('4H_prev').cls, 'expr');
    assert.deepEqual(parseDim('(n_H - f) // stride + 1').dim, n('(n_H - f) // stride + 1'));
    assert.deepEqual(parseDim('layer_dims[l - 1]').dim, n('layer_dims[l-1]'));
    assert.deepEqual(parseDim('X.shape[0]').dim, n('X.shape[0]'));
    assert.deepEqual(parseDim('n^[l]').dim, n('n[l]'));
    assert.deepEqual(parseDim('n^{[l-1]}').dim, n('n[l-1]'));
    assert.deepEqual(parseDim('n_{l-1}').dim, n('n_{l-1}'));
    assert.deepEqual(parseDim('len(layer_dims)').dim, n('len(layer_dims)'));
  });

  it('?, ..., *, None are unknown dims; floats and quoted keys are unreadable', () => {
    for (const t of ['?', '...', '*', 'None']) assert.deepEqual(parseDim(t), { dim: u, cls: 'unknown' }, t);
    assert.equal(parseDim('1.5').cls, 'bad');
    assert.equal(parseDim('"W1"').cls, 'bad');
    assert.equal(parseDim('≈ 1 line').cls, 'bad');
  });

  it('(M,) is rank 1, () is a scalar, unknown dims and numbers mix', () => {
    assert.deepEqual(argShape('b -- of shape (M,)')?.dims, [n('M')]);
    assert.deepEqual(argShape('loss -- scalar of shape ()')?.dims, []);
    assert.deepEqual(argShape('X -- of shape (None, 784)')?.dims, [u, c(784)]);
    assert.deepEqual(argShape('X -- of shape (?, n_x)')?.dims, [u, n('n_x')]);
    assert.deepEqual(argShape('X -- of shape (N, ..., D)')?.dims, [n('N'), u, n('D')]);
    assert.deepEqual(argShape('X -- of shape [ n_h ,m ]')?.dims, [n('n_h'), n('m')]);
    assert.deepEqual(argShape('b -- of shape (m)')?.dims, [n('m')]);
    assert.equal(argShape('b -- bias (m)'), undefined); // a single bare dim needs "of shape"
    assert.equal(argShape('b -- (M,) bias')?.raw, '(M,)');
  });
});

describe('statedShapes: comments', () => {
  const cases: Array<[string, string, StatedDim[]]> = [
    ['# (n_h, m)', '', [n('n_h'), n('m')]],
    ['(n_h, m)', '', [n('n_h'), n('m')]],
    ['# shape: (n_h, m)', '', [n('n_h'), n('m')]],
    ['# Z1: (n_h, m)', 'Z1', [n('n_h'), n('m')]],
    ['# Z1 shape (n_h, m)', 'Z1', [n('n_h'), n('m')]],
    ['# Z1 shape: (n_h, m)', 'Z1', [n('n_h'), n('m')]],
    ['# -> (n_h, m)', '', [n('n_h'), n('m')]],
    ['# Z1 -> (n_h, m)', 'Z1', [n('n_h'), n('m')]],
    ['# Z1.shape == (n_h, m)', 'Z1', [n('n_h'), n('m')]],
    ['# A1 has shape (n_h, m)', 'A1', [n('n_h'), n('m')]],
    ['# X is (n_x, m)', 'X', [n('n_x'), n('m')]],
    ['# A_prev of shape (size of previous layer, number of examples)', 'A_prev', [n('n[l-1]'), n('m')]],
    ["# parameters['W1'].shape == (n_h, n_x)", 'parameters["W1"]', [n('n_h'), n('n_x')]],
    ['# self.W1: (D, H)', 'self.W1', [n('D'), n('H')]],
    ['# hidden activations, shape (n_h, m)', '', [n('n_h'), n('m')]],
    ['# Output: (n_y, m)', '', [n('n_y'), n('m')]],
    ['# (M,)', '', [n('M')]],
    ['# shape (m,)', '', [n('m')]],
    ['# [n_h, m]', '', [n('n_h'), n('m')]],
    ['# (n_h, m) hidden layer activations', '', [n('n_h'), n('m')]],
    ['# Z1 (n_h, m)', 'Z1', [n('n_h'), n('m')]],
    ['# (n_h, n_x) . (n_x, m) -> (n_h, m)', '', [n('n_h'), n('m')]],
    ['# (1, m)', '', [c(1), n('m')]],
    ['# shape: (num_px*num_px*3, 1)', '', [n('num_px * num_px * 3'), c(1)]],
  ];
  for (const [comment, name, dims] of cases) {
    it(`reads ${comment}`, () => {
      const s = shapeFromComment(comment);
      assert.ok(s, 'expected a shape');
      assert.equal(s.name, name);
      assert.deepEqual(s.dims, dims);
      assert.equal(s.line, 0);
    });
  }

  it('keeps the raw text and marks variadic shapes', () => {
    const s = shapeFromComment('# x: (N, d_1, ..., d_k)');
    assert.deepEqual(s, { name: 'x', dims: [n('N')], line: 0, raw: '(N, d_1, ..., d_k)', variadic: true });
  });

  const negatives = [
    '# GRADED FUNCTION: forward_propagation',
    '# Retrieve each parameter from the dictionary "parameters"',
    '# (≈ 4 lines of code)',
    '### START CODE HERE ### (≈ 2 lines of code)',
    '# (see Figure 1)',
    '# (optional)',
    '# Implement LINEAR -> RELU. Add "cache" to the "caches" list.',
    '# Z1 = np.dot(W1, X) + b1',
    '# cache = (Z1, A1, W1, b1)',
    '# cache: (Z1, A1, W1, b1)',
    '# cost = -(1/m) * np.sum(Y * np.log(A2))',
    '# dZ1 = dA1 * (1 - np.power(A1, 2))',
    '# compute cost (see equation (6))',
    '# A1 (or input data)',
    '# values in (0, 1)',
    '# x: (float)',
    '# shape: (same as A)',
    '# Step 1: (1 line of code, no loops)',
    '# this is (a, b)',
    '# Backward propagation: calculate dW1, db1, dW2, db2.',
    '# [12288, 20, 7, 5, 1]',
    '#             ^^^^^^^^^^^^^^^^ accidental-broadcast: (N, N)',
    '# Planted bug: W1 is initialised with shape (n_x, n_h) instead of (n_h, n_x); the assert then fails.',
    '# Note: (n_h, m)',
    '#',
    '',
  ];
  for (const comment of negatives) {
    it(`no shape: ${JSON.stringify(comment)}`, () => {
      assert.equal(shapeFromComment(comment), undefined);
    });
  }
});

describe('scalars a docstring states', () => {
  it('reads parameters called a scalar, never a returned one, an array or a shaped one', () => {
    const doc = `
    Arguments:
    w -- weights, a numpy array of size (n_x, 1)
    b -- bias, a scalar
    lambd -- regularization hyperparameter, scalar
    scores -- scalar scores of shape (N, C)
    v -- scalar array of the running means

    Returns:
    cost -- negative log-likelihood cost, a scalar
    `;
    assert.deepEqual(shapesFromDocstring(doc).scalars, ['b', 'lambd']);
  });
});

describe('statedShapes: a docstring seen from a call site', () => {
  it("a column's trailing 1 (`b -- (size of current layer, 1)`) stays 1: it broadcasts over the caller's m examples", () => {
    const got = statementShapes(`import numpy as np
def linear_forward(A, W, b):
    """
    A -- activations of the previous layer: (size of previous layer, number of examples)
    W -- weights: (size of current layer, size of previous layer)
    b -- bias: (size of current layer, 1)
    """
    return W.dot(A) + b


def model_forward(X, parameters):
    Z = linear_forward(X, parameters["W1"], parameters["b1"])
    return Z
`);
    assert.equal(got.get('Z = linear_forward(X, parameters["W1"], parameters["b1"]) [Z]'), '(n[l], m)');
  });
});
