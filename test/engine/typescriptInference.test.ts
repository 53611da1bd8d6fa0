// Issue 11 for TypeScript and JavaScript: helpers from a local module that is not there
// (engine/interp/missingLinalg.ts), types as shape sources (syntax/typescript/typeShapes.ts,
// interp/annotations.ts), and shapes stated in free form in a function's comment (jsdoc.ts).

import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../engine/analyze';
import type { AnalysisResult } from '../../engine/api';
import { freeFormShapes, docstringFromJsDoc, parseJsDoc } from '../../engine/syntax/typescript/jsdoc';
import { NO_WALL_CLOCK } from './budget';

function ts(text: string, path = 'model.ts'): AnalysisResult {
  return analyzeDocument({ kind: 'typescript', path, text, language: path.endsWith('.js') ? 'javascript' : 'typescript' }, NO_WALL_CLOCK);
}

function py(text: string): AnalysisResult {
  return analyzeDocument({ kind: 'python', path: 'model.py', text }, NO_WALL_CLOCK);
}

/** The shape the engine shows for `target` (its last assignment), or undefined. */
function shapeOf(r: AnalysisResult, target: string): string | undefined {
  const all = r.shapes.filter((s) => s.target === target);
  return all[all.length - 1]?.shape;
}

describe('TypeScript inference: helpers from a missing local module', () => {
  const layer = `
import { dot, transpose } from '../math';

function linearBackward(dZ: number[][], cache: { A: number[][]; W: number[][] }) {
  const { A, W } = cache;
  const dW = dot(dZ, transpose(A));
  const dAPrev = dot(transpose(W), dZ);
  return { dAPrev, dW };
}
`;

  it('dot and transpose keep NumPy shapes: dW is (rows of dZ, rows of A), dAPrev (columns of W, columns of dZ)', () => {
    const r = ts(layer);
    assert.deepEqual(r.findings, []);
    assert.equal(shapeOf(r, 'dW'), '(dZ.shape[0], A.shape[0])');
    assert.equal(shapeOf(r, 'dAPrev'), '(W.shape[1], dZ.shape[1])');
  });

  it('without the module the same names are unknown when they are not the modelled helpers', () => {
    const r = ts(layer.replace(/\bdot\b/g, 'combine'));
    assert.equal(shapeOf(r, 'dW'), undefined);
  });

  it('a contradiction through an assumed helper leaves the result unknown and reports nothing', () => {
    const r = ts(`
import { dot } from './linalg';

/**
 * @param A activations, shape [nPrev, m]
 * @param dZ gradient, shape [n, m]
 */
export function bad(A: number[][], dZ: number[][]) {
  const dW = dot(dZ, A);
  return dW;
}
`);
    assert.deepEqual(r.findings, []);
    assert.equal(shapeOf(r, 'dW'), undefined);
  });

  it('multiply is a matrix product in some libraries: only its scalar case has a shape', () => {
    const r = ts(`
import { multiply } from './linalg';

/**
 * @param A activations, shape [n, m]
 * @param B other, shape [m, k]
 */
export function f(A: number[][], B: number[][]) {
  const scaled = multiply(A, 0.5);
  const both = multiply(A, B);
  return { scaled, both };
}
`);
    assert.equal(shapeOf(r, 'scaled'), '(n, m)');
    assert.equal(shapeOf(r, 'both'), undefined);
    assert.deepEqual(r.findings, []);
  });

  it('camel-case activation helpers keep their argument\'s shape', () => {
    const r = ts(`
import { sigmoidBackward, relu } from './activations';

/**
 * @param dA gradient, shape [n, m]
 * @param Z pre-activations, shape [n, m]
 */
export function f(dA: number[][], Z: number[][]) {
  const dZ = sigmoidBackward(dA, Z);
  const A = relu(Z);
  return { dZ, A };
}
`);
    assert.equal(shapeOf(r, 'dZ'), '(n, m)');
    assert.equal(shapeOf(r, 'A'), '(n, m)');
  });
});

describe('TypeScript inference: types as shape sources', () => {
  it('number[] is 1-D, number[][] and Tensor2D are 2-D; number alone is no shape', () => {
    const r = ts(`
import * as tf from '@tensorflow/tfjs';
export function f(v: number[], M: number[][], T: tf.Tensor2D, k: number) {
  const a = tf.mul(v, 2);
  const b = tf.mul(M, 2);
  const c = tf.mul(T, 2);
  const d = tf.mul(k, 2);
  return { a, b, c, d };
}
`);
    assert.equal(shapeOf(r, 'a'), '(v.shape[0],)');
    assert.equal(shapeOf(r, 'b'), '(M.shape[0], M.shape[1])');
    assert.equal(shapeOf(r, 'c'), '(T.shape[0], T.shape[1])');
    assert.notEqual(shapeOf(r, 'd')?.split(',').length, 2);
  });

  it('a type alias, an interface and an object type are dicts of their fields', () => {
    const r = ts(`
import * as tf from '@tensorflow/tfjs';
type Grads = { dW: number[][] };
interface Cache { A: number[][]; Z: tf.Tensor2D }
export function f(g: Grads, cache: Cache, o: { x: number[] }) {
  const a = tf.mul(g.dW, 2);
  const b = tf.mul(cache.Z, 2);
  const c = tf.mul(o.x, 2);
  return { a, b, c };
}
`);
    assert.equal(shapeOf(r, 'a'), '(dW.shape[0], dW.shape[1])');
    assert.equal(shapeOf(r, 'b'), '(Z.shape[0], Z.shape[1])');
    assert.equal(shapeOf(r, 'c'), '(x.shape[0],)');
  });

  it('ReturnType<typeof f> gives f\'s analysed result, its named sizes kept apart', () => {
    const r = ts(`
import * as tf from '@tensorflow/tfjs';
type Params = ReturnType<typeof weights>;
export function weights(nIn: number, nOut: number) {
  return { W: tf.randomNormal([nOut, nIn]) };
}
export function apply(p: Params, X: tf.Tensor2D) {
  const Z = tf.matMul(p.W, X);
  const bad = tf.matMul(p.W, p.W);
  return Z;
}
`);
    assert.equal(shapeOf(r, 'Z'), '(nOut, X.shape[1])');
    // (nOut, nIn) · (nOut, nIn): nIn and nOut are different sizes of the initialisation.
    assert.deepEqual(r.findings.map((f) => f.code), ['shape-mismatch']);
    assert.match(r.findings[0]!.message, /nIn and nOut differ|nOut and nIn differ/);
  });

  it('a class of the file\'s own named Matrix is not taken as an array type', () => {
    const r = ts(`
class Matrix { rows = 0; cols = 0; }
export function f(M: Matrix) {
  const r = M.rows;
  return r;
}
`);
    assert.deepEqual(r.findings, []);
    assert.equal(shapeOf(r, 'r'), undefined);
  });

  it('a Python annotation is never read as a TypeScript type', () => {
    const r = py(`
import numpy as np

def f(M: list[list[float]], k):
    a = M * 2
    return a
`);
    assert.equal(shapeOf(r, 'a'), undefined);
  });
});

describe('TypeScript inference: shapes in free form in a function\'s comment', () => {
  it('reads `X: [nX, m]`, `Y (1 × m)`, `b -- [n]` for the function\'s own parameters only', () => {
    assert.deepEqual(freeFormShapes('X: [nX, m] inputs\nY (1 × m) labels, b -- [n]\nfoo: [a, b]', ['X', 'Y', 'b']), [
      { name: 'X', shape: '(nX, m)' },
      { name: 'Y', shape: '(1, m)' },
      { name: 'b', shape: '(n,)' },
    ]);
    assert.deepEqual(freeFormShapes('see the docs [1, 2]', ['X']), []);
  });

  it('an @param tag wins over a free-form shape of the same parameter', () => {
    const doc = docstringFromJsDoc(parseJsDoc('/**\n * X: [a, b]\n * @param X inputs, shape [nX, m]\n */'), ['X']);
    assert.match(doc!, /X -- inputs of shape \(nX, m\)/);
    assert.doesNotMatch(doc!, /X -- of shape \(a, b\)/);
  });

  it('line comments above a function state its parameters\' shapes', () => {
    const r = ts(`
import * as tf from '@tensorflow/tfjs';
// W (n × nPrev), A (nPrev × m)
export function layer(W: tf.Tensor2D, A: tf.Tensor2D) {
  const Z = tf.matMul(W, A);
  return Z;
}
`);
    assert.equal(shapeOf(r, 'Z'), '(n, m)');
  });

  it('a line comment that states no shape is no docstring', () => {
    const r = ts(`
import * as tf from '@tensorflow/tfjs';
// multiplies the weights (see the notes) by the input
export function layer(W: tf.Tensor2D, A: tf.Tensor2D) {
  const Z = tf.matMul(W, A);
  return Z;
}
`);
    assert.equal(shapeOf(r, 'Z'), '(W.shape[0], A.shape[1])');
  });
});

describe('TypeScript inference: a cost\'s gradient helper from a missing module', () => {
  it('quadraticCostBackward(yHat, y) has the prediction\'s shape; two shapes that differ give nothing', () => {
    const r = ts(`
import { quadraticCostBackward, mseDerivative } from '../costFunction';

/**
 * @param yHat predictions, shape [nY, m]
 * @param y labels, shape [nY, m]
 * @param other something else, shape [k]
 */
export function f(yHat: number[][], y: number[][], other: number[]) {
  const dy = quadraticCostBackward(yHat, y);
  const dz = mseDerivative(yHat, other);
  return { dy, dz };
}
`);
    assert.equal(shapeOf(r, 'dy'), '(nY, m)');
    assert.equal(shapeOf(r, 'dz'), undefined);
    assert.deepEqual(r.findings, []);
  });
});

describe('JavaScript inference: JSDoc types', () => {
  it('`@param {number[][]} M` is 2-D, `{Array<number>}` 1-D, `{tf.Tensor2D}` 2-D, `{number}` nothing', () => {
    const r = ts(`
const tf = require('@tensorflow/tfjs');
/**
 * @param {number[][]} M a matrix
 * @param {Array<number>} v a vector
 * @param {tf.Tensor2D} T a tensor
 * @param {number} k a rate
 */
function f(M, v, T, k) {
  const a = tf.mul(M, 2);
  const b = tf.mul(v, 2);
  const c = tf.mul(T, 2);
  return { a, b, c };
}
module.exports = { f };
`, 'model.js');
    assert.equal(shapeOf(r, 'a'), '(M.shape[0], M.shape[1])');
    assert.equal(shapeOf(r, 'b'), '(v.shape[0],)');
    assert.equal(shapeOf(r, 'c'), '(T.shape[0], T.shape[1])');
  });
});

describe('TypeScript inference: tuple types', () => {
  it('`cache: [tf.Tensor2D, number[], string]` is a tuple of a 2-D array, a 1-D array and a hole', () => {
    const r = ts(`
import * as tf from '@tensorflow/tfjs';
export function f(cache: [tf.Tensor2D, number[], string]) {
  const [A, v, s] = cache;
  const a = tf.mul(A, 2);
  const b = tf.mul(v, 2);
  return { a, b, s };
}
`);
    assert.equal(shapeOf(r, 'a'), '(cache[0].shape[0], cache[0].shape[1])');
    assert.equal(shapeOf(r, 'b'), '(cache[1].shape[0],)');
  });
});

describe('TypeScript inference: the file\'s own matrix functions on nested arrays', () => {
  const loops = (name: string) => `
function ${name}(a: number[][], b: number[][]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.length; i++) {
    out.push([]);
    for (let j = 0; j < b[0].length; j++) {
      let s = 0;
      for (let k = 0; k < b.length; k++) s += a[i][k] * b[k][j];
      out[i][j] = Math.tanh(s);
    }
  }
  return out;
}

/**
 * @param W weights, shape [n, nPrev]
 * @param A activations, shape [nPrev, m]
 */
export function layer(W: number[][], A: number[][]) {
  const Z = ${name}(W, A);
  return Z;
}
`;
  it('a triple loop named as a product is np.dot at its calls', () => {
    assert.equal(shapeOf(ts(loops('matmul')), 'Z'), '(n, m)');
  });
  it('a triple loop in a function whose name says something else is not taken for a product', () => {
    // forward does more than its loop's product (a tanh): lowering it to np.dot would misstate it.
    const r = ts(loops('forward'));
    assert.notEqual(shapeOf(r, 'Z'), '(n, m)');
    assert.deepEqual(r.findings, []);
  });
});
