// Warm-up: a few analyses of small built-in programs when the analysis worker starts (Python) and
// right after it first loads the TypeScript compiler, so the first edits of a session don't pay for
// V8 compiling the engine (measured: the first two edits of a session took 110 and 64 ms against
// ≈ 20 ms once warm). Each program runs every stage: parse, shapes, gradient verification, derivations.

import type { AnalyzeFn } from './engineHost';

const PYTHON = `import numpy as np

def forward(X, W1, b1, W2, b2):
    """
    X -- input data of shape (n_x, m)
    W1 -- weights of shape (n_h, n_x)
    b1 -- bias of shape (n_h, 1)
    W2 -- weights of shape (n_y, n_h)
    b2 -- bias of shape (n_y, 1)
    """
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = 1 / (1 + np.exp(-Z2))
    return A2, (Z1, A1, Z2, A2)

def model(X, Y, n_h):
    """
    X -- input data of shape (n_x, m)
    Y -- labels of shape (1, m)
    """
    m = X.shape[1]
    W1 = np.random.randn(n_h, X.shape[0]) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(1, n_h) * 0.01
    b2 = np.zeros((1, 1))
    for i in range(100):
        A2, (Z1, A1, Z2, _) = forward(X, W1, b1, W2, b2)
        cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m
        dZ2 = A2 - Y
        dW2 = np.dot(dZ2, A1.T) / m
        db2 = np.sum(dZ2, axis=1, keepdims=True) / m
        dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
        dW1 = np.dot(dZ1, X.T) / m
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m
        W1 = W1 - 0.5 * dW1
        W2 = W2 - 0.5 * dW2
    return W1, W2
`;

const TYPESCRIPT = `import * as tf from '@tensorflow/tfjs';

/**
 * @param X input data, shape [nX, m]
 * @param Y labels, shape [1, m]
 */
export function model(X: tf.Tensor2D, Y: tf.Tensor2D, nH: number) {
  const m = X.shape[1];
  let W1 = tf.randomNormal([nH, X.shape[0]]).mul(0.01);
  const b1 = tf.zeros([nH, 1]);
  let W2 = tf.randomNormal([1, nH]).mul(0.01);
  const b2 = tf.zeros([1, 1]);
  for (let i = 0; i < 100; i++) {
    const Z1 = tf.matMul(W1, X).add(b1);
    const A1 = tf.tanh(Z1);
    const A2 = tf.sigmoid(tf.matMul(W2, A1).add(b2));
    const cost = tf.sum(tf.add(tf.mul(Y, tf.log(A2)), tf.mul(tf.sub(1, Y), tf.log(tf.sub(1, A2))))).mul(-1).div(m);
    const dZ2 = tf.sub(A2, Y);
    const dW2 = tf.matMul(dZ2, A1, false, true).div(m);
    const dZ1 = tf.matMul(W2, dZ2, true, false).mul(tf.sub(1, tf.square(A1)));
    const dW1 = tf.matMul(dZ1, X, false, true).div(m);
    W1 = W1.sub(dW1.mul(0.5));
    W2 = W2.sub(dW2.mul(0.5));
  }
  return [W1, W2];
}
`;

const ROUNDS = 3;

function run(analyze: AnalyzeFn, path: string, text: string, language?: 'typescript'): void {
  for (let i = 0; i < ROUNDS; i++) {
    try {
      analyze({ kind: 'python', path, text, ...(language ? { language } : {}) }, {});
    } catch {
      return; // a warm-up never matters enough to report
    }
  }
}

export function warmUpPython(analyze: AnalyzeFn): void {
  run(analyze, '/backprop-lint-warmup/warmup.py', PYTHON);
}

export function warmUpTypeScript(analyze: AnalyzeFn): void {
  run(analyze, '/backprop-lint-warmup/warmup.ts', TYPESCRIPT, 'typescript');
}
