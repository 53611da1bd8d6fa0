// The Deep Learning Specialization's utility modules for its three-layer network (course 2, week 1:
// `from reg_utils import forward_propagation, compute_cost, initialize_parameters, update_parameters`),
// when they are not beside the file. Their functions are the course's published ones (LINEAR → RELU →
// LINEAR → RELU → LINEAR → SIGMOID, the cache tuple `(z1, a1, W1, b1, ..., z3, a3, W3, b3)`, the
// cross-entropy averaged over the m examples), so an assignment that writes only the backward pass
// (`backward_propagation_with_regularization(X, Y, cache, lambd)`) can be run from its `model()`.
// Like the activations of assumedHelpers.ts they are assumed, not read: a verdict through them may be
// "right" or "off by the batch factor", never "wrong" (verdicts.ts decidedDespiteAssumptions).

import type { FileUnit } from '../interp/interpreter';
import { parsePython } from '../syntax/python/parse';
import { LineIndex } from '../syntax/lineIndex';

/** The course's module names whose three-layer network this file defines. */
const THREE_LAYER_MODULES = /^(reg_utils|init_utils)$/;

/** File name of the assumed definitions (never a real module name). */
export const ASSUMED_THREE_LAYER = '<assumed course module, three-layer network>';

const THREE_LAYER = `import numpy as np

def sigmoid(x):
    return 1 / (1 + np.exp(-x))

def relu(x):
    return np.maximum(0, x)

def initialize_parameters(layer_dims):
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters

def forward_propagation(X, parameters):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]
    z1 = np.dot(W1, X) + b1
    a1 = relu(z1)
    z2 = np.dot(W2, a1) + b2
    a2 = relu(z2)
    z3 = np.dot(W3, a2) + b3
    a3 = sigmoid(z3)
    cache = (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)
    return a3, cache

def compute_cost(a3, Y):
    m = Y.shape[1]
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return 1. / m * np.nansum(logprobs)

def compute_loss(a3, Y):
    return compute_cost(a3, Y)

def backward_propagation(X, Y, cache):
    m = X.shape[1]
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache
    dz3 = 1. / m * (a3 - Y)
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(W3.T, dz3)
    dz2 = np.multiply(da2, np.int64(a2 > 0))
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(W2.T, dz2)
    dz1 = np.multiply(da1, np.int64(a1 > 0))
    dW1 = np.dot(dz1, X.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)
    return {"dz3": dz3, "dW3": dW3, "db3": db3, "da2": da2, "dz2": dz2, "dW2": dW2, "db2": db2, "da1": da1, "dz1": dz1, "dW1": dW1, "db1": db1}

def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for k in range(L):
        parameters["W" + str(k + 1)] = parameters["W" + str(k + 1)] - learning_rate * grads["dW" + str(k + 1)]
        parameters["b" + str(k + 1)] = parameters["b" + str(k + 1)] - learning_rate * grads["db" + str(k + 1)]
    return parameters
`;

let unit: FileUnit | undefined;

/** The assumed unit of a course module not beside the file (`reg_utils`), when the name is one of its functions. */
export function courseModuleUnit(moduleName: string, name: string): FileUnit | undefined {
  if (!THREE_LAYER_MODULES.test(moduleName)) return undefined;
  unit ??= { file: ASSUMED_THREE_LAYER, text: THREE_LAYER, module: parsePython(THREE_LAYER), lines: new LineIndex(THREE_LAYER) };
  return unit.module.body.some((s) => s.kind === 'def' && s.name === name) ? unit : undefined;
}

export function isCourseModuleFile(file: string): boolean {
  return file === ASSUMED_THREE_LAYER;
}
