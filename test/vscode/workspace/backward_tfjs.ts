// TensorFlow.js: one hidden layer's forward and backward pass, written by hand (test/vscode).
// @ts-nocheck: @tensorflow/tfjs is not installed here (the repository's tsc and VS Code's TypeScript skip this file)
import * as tf from '@tensorflow/tfjs';

/**
 * @param X input data, shape [nX, m]
 * @param W1 weights, shape [nH, nX]
 * @param b1 bias, shape [nH, 1]
 */
export function forward(X: tf.Tensor2D, W1: tf.Tensor2D, b1: tf.Tensor2D) {
  const Z1 = tf.matMul(W1, X).add(b1);
  return tf.tanh(Z1);
}

/**
 * @param dZ1 gradient of the hidden layer, shape [nH, m]
 * @param X input data, shape [nX, m]
 */
export function backward(dZ1: tf.Tensor2D, X: tf.Tensor2D) {
  const m = X.shape[1];
  const dW1 = tf.matMul(dZ1, X).div(m);
  const db1 = tf.sum(dZ1, 1, true).div(m);
  return { dW1, db1 };
}
