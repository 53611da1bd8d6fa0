// Helpers whose module is not beside the file (`from dnn_utils import sigmoid, relu_backward`): a
// course's utility file defines the standard activations and their backward helpers, so the concrete
// run uses the standard definitions. They are assumed, not read: a gradient verdict that depends on
// them may say "right" or "off by the batch factor", never "wrong" (verdicts.ts, decidedDespiteAssumptions).
//
// Two conventions exist: Coursera's `A, cache = sigmoid(Z)` (the activation returns its input as the
// cache, `relu_backward(dA, cache)` reads Z from it) and the plain `A = sigmoid(Z)`. The document's own
// calls say which: an activation unpacked into two names is the Coursera one.

import type { FileUnit } from '../interp/interpreter';
import type { Module, Stmt } from '../syntax/ast';
import { parsePython } from '../syntax/python/parse';
import { LineIndex } from '../syntax/lineIndex';
import { walkStmts } from '../syntax/walk';
import { courseModuleUnit, isCourseModuleFile } from './courseModules';

/** Module file names of the assumed definitions (never a real module name). */
export const ASSUMED_PLAIN = '<assumed helpers>';
export const ASSUMED_CACHED = '<assumed helpers, (A, cache)>';

export function isAssumedFile(file: string): boolean {
  return file === ASSUMED_PLAIN || file === ASSUMED_CACHED || isCourseModuleFile(file);
}


/**
 * The linear-algebra helpers of a project's own small matrix module (`import { dot, transpose } from
 * '../math'`, `from utils import dot`): NumPy's products, transpose and elementwise sums, as the shape
 * analysis already takes them (interp/missingLinalg.ts). Only from a module named by a relative path or a
 * plain name: a package's module may mean anything by them.
 */
const LINALG_NAMES = ['dot', 'matmul', 'transpose', 'add', 'subtract'];
export const ASSUMED_LINALG = new RegExp(`^(${LINALG_NAMES.join('|')})$`);

/** Every helper run with its assumed definition: the course's activations and their backward passes, and LINALG_NAMES. */
export const ASSUMED_NAMES = new RegExp(`^(sigmoid|relu|tanh|softmax|relu_backward|sigmoid_backward|tanh_backward|${LINALG_NAMES.join('|')})$`);

const LINALG = `
def dot(a, b):
    return np.dot(a, b)

def matmul(a, b):
    return np.dot(a, b)

def transpose(a):
    return np.transpose(a)

def add(a, b):
    return np.add(a, b)

def subtract(a, b):
    return np.subtract(a, b)
`;

const BACKWARD = `
def relu_backward(dA, cache):
    Z = cache
    return dA * (Z > 0)

def sigmoid_backward(dA, cache):
    Z = cache
    s = 1 / (1 + np.exp(-Z))
    return dA * s * (1 - s)

def tanh_backward(dA, cache):
    Z = cache
    return dA * (1 - np.tanh(Z) ** 2)
`;

const PLAIN = `import numpy as np

def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))

def relu(Z):
    return np.maximum(0, Z)

def tanh(Z):
    return np.tanh(Z)

def softmax(Z):
    e = np.exp(Z - np.max(Z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
${BACKWARD}${LINALG}`;

const CACHED = `import numpy as np

def sigmoid(Z):
    A = 1 / (1 + np.exp(-Z))
    return A, Z

def relu(Z):
    A = np.maximum(0, Z)
    return A, Z

def tanh(Z):
    A = np.tanh(Z)
    return A, Z

def softmax(Z):
    e = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    A = e / np.sum(e, axis=0, keepdims=True)
    return A, Z
${BACKWARD}${LINALG}`;

const units = new Map<string, FileUnit>();

export function assumedUnit(file: string): FileUnit | undefined {
  if (isCourseModuleFile(file)) return courseModuleUnit('reg_utils', 'forward_propagation');
  if (!isAssumedFile(file)) return undefined;
  let u = units.get(file);
  if (!u) {
    const text = file === ASSUMED_CACHED ? CACHED : PLAIN;
    u = { file, text, module: parsePython(text), lines: new LineIndex(text) };
    units.set(file, u);
  }
  return u;
}

const conventions = new WeakMap<Module, string>();

/** Which convention a document's calls use: an activation unpacked into two names (`A, cache = relu(Z)`) is Coursera's. */
export function assumedFileFor(module: Module): string {
  const known = conventions.get(module);
  if (known) return known;
  let cached = false;
  const visit = (s: Stmt): void => {
    if (s.kind === 'def' || s.kind === 'class') walkStmts(s.body, visit);
    if (s.kind !== 'assign' || s.value.kind !== 'call' || s.value.func.kind !== 'name') return;
    if (!/^(sigmoid|relu|tanh|softmax)$/.test(s.value.func.id)) return;
    const t = s.targets[0];
    if ((t.kind === 'tuple' || t.kind === 'list') && t.elts.length === 2) cached = true;
  };
  walkStmts(module.body, visit);
  const file = cached ? ASSUMED_CACHED : ASSUMED_PLAIN;
  conventions.set(module, file);
  return file;
}
