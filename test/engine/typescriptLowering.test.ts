// The TypeScript/JavaScript adapter on its own: each library spelling lowers to the NumPy the
// engine models (table-driven), statements and classes, JSDoc and comment shapes, throw-as-assert,
// spans, broken text mid-edit, the user's own Matrix class, fixes in each library's idiom, and the
// lazy load of the compiler.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { Expr, Module, Stmt } from '../../engine/syntax/ast';
import { parseTypeScript } from '../../engine/syntax/typescript/lower';
import { show } from './showExpr';
import { analyzeDocument } from '../../engine/analyze';
import type { AnalysisResult } from '../../engine/api';
import { applyEdits } from '../../cli/document';
import { Idiom } from '../../engine/syntax/typescript/fixes';

function showStmt(s: Stmt, indent = ''): string {
  const block = (b: Stmt[]) => b.map((x) => showStmt(x, indent + '  ')).join('\n');
  switch (s.kind) {
    case 'assign':
      return `${indent}${s.targets.map(show).join(' = ')} = ${show(s.value)}`;
    case 'augassign':
      return `${indent}${show(s.target)} ${s.op}= ${show(s.value)}`;
    case 'expr':
      return `${indent}${show(s.value)}`;
    case 'return':
      return `${indent}return ${show(s.value)}`;
    case 'assert':
      return `${indent}assert ${show(s.test)}`;
    case 'if':
      return `${indent}if ${show(s.test)}:\n${block(s.body)}${s.orelse.length ? `\n${indent}else:\n${block(s.orelse)}` : ''}`;
    case 'for':
      return `${indent}for ${show(s.target)} in ${show(s.iter)}:\n${block(s.body)}`;
    case 'while':
      return `${indent}while ${show(s.test)}:\n${block(s.body)}`;
    case 'def':
      return `${indent}def ${s.name}(${s.params.map((p) => (p.default ? `${p.name}=${show(p.default)}` : p.name)).join(', ')}):\n${block(s.body)}`;
    case 'class':
      return `${indent}class ${s.name}(${s.bases.map(show).join(', ')}):\n${block(s.body)}`;
    case 'import':
      return `${indent}import ${s.names.map((n) => n.name + (n.asname ? ` as ${n.asname}` : '')).join(', ')}`;
    case 'importfrom':
      return `${indent}from ${s.module} import ${s.names.map((n) => n.name + (n.asname ? ` as ${n.asname}` : '')).join(', ')}`;
    default:
      return `${indent}${s.kind}`;
  }
}

function lower(src: string, language: 'typescript' | 'javascript' = 'typescript'): Module {
  const m = parseTypeScript(src, language).module;
  assert.deepEqual(m.errors, [], `syntax errors in ${src}`);
  return m;
}

/** The program without the implicit `import numpy as np`, one statement a line. */
function program(src: string): string {
  return lower(src).body.slice(1).map((s) => showStmt(s)).join('\n');
}

/** The value of `const r = <expr>` after the prelude's imports. */
function value(prelude: string, expr: string): string {
  const m = lower(`${prelude}\nconst r = ${expr};`);
  const last = m.body[m.body.length - 1];
  assert.equal(last.kind, 'assign', `${expr} is not an assignment`);
  return show((last as Stmt & { kind: 'assign' }).value);
}

const TF = "import * as tf from '@tensorflow/tfjs';";
const MATH = "import * as math from 'mathjs';";
const ML = "import { Matrix } from 'ml-matrix';";
const NJ = "import nj from 'numjs';";

describe('TypeScript adapter: library spellings lower to NumPy', () => {
  const table: [string, string, string][] = [
    // TensorFlow.js
    [TF, 'tf.matMul(a, b)', 'np.dot(a, b)'],
    [TF, 'tf.matMul(a, b, true, false)', 'np.dot(a.T, b)'],
    [TF, 'tf.matMul(a, b, false, true)', 'np.dot(a, b.T)'],
    [TF, 'a.matMul(b, false, true)', 'np.dot(a, b.T)'],
    [TF, 'tf.matMul(a, b, flag)', '?'],
    [TF, 'tf.transpose(x)', 'x.T'],
    [TF, 'x.transpose()', 'x.T'],
    [TF, 'tf.add(a, b)', '(a + b)'],
    [TF, 'tf.sub(1, a)', '(1 - a)'],
    [TF, 'tf.mul(a, b)', '(a * b)'],
    [TF, 'tf.div(a, m)', '(a / m)'],
    [TF, 'a.matMul(b).add(c)', '(np.dot(a, b) + c)'],
    [TF, 'x.div(m)', '(x / m)'],
    [TF, 'tf.sum(x, 1, true)', 'np.sum(x, axis=1, keepdims=True)'],
    [TF, 'tf.sum(x, 1)', 'np.sum(x, axis=1)'],
    [TF, 'tf.sum(x)', 'np.sum(x)'],
    [TF, 'x.sum(0, true)', 'np.sum(x, axis=0, keepdims=True)'],
    [TF, 'tf.mean(x, 1, true)', 'np.mean(x, axis=1, keepdims=True)'],
    [TF, 'tf.tanh(z)', 'np.tanh(z)'],
    [TF, 'tf.exp(z)', 'np.exp(z)'],
    [TF, 'tf.log(z)', 'np.log(z)'],
    [TF, 'tf.square(z)', 'np.square(z)'],
    [TF, 'z.square()', 'np.square(z)'],
    [TF, 'tf.sigmoid(z)', '(1 / (1 + np.exp((-z))))'],
    [TF, 'tf.relu(z)', 'np.maximum(0, z)'],
    [TF, 'tf.neg(z)', '(-z)'],
    [TF, 'tf.randomNormal([r, c])', 'np.random.randn(r, c)'],
    [TF, 'tf.randomUniform([r, c])', 'np.random.rand(r, c)'],
    [TF, 'tf.zeros([r, c])', 'np.zeros((r, c))'],
    [TF, 'tf.ones([r, 1])', 'np.ones((r, 1))'],
    [TF, 'tf.tensor2d(data)', 'np.array(data)'],
    [TF, 'tf.tensor2d(data, [r, c])', 'np.reshape(np.array(data), (r, c))'],
    [TF, 'tf.scalar(0.5)', '0.5'],
    [TF, 'x.shape', 'x.shape'],
    [TF, 'x.shape[1]', 'x.shape[1]'],
    [TF, 'x.dataSync()', 'np.ravel(x)'],
    [TF, 'x.arraySync()', 'x'],
    [TF, "x.greater(0.5).cast('float32')", '(x > 0.5).astype(float)'],
    // mathjs
    [MATH, 'math.multiply(A, B)', 'np.dot(A, B)'],
    [MATH, 'math.multiply(0.01, B)', '(0.01 * B)'],
    [MATH, 'math.multiply(1 / m, B)', '((1 / m) * B)'],
    [MATH, 'math.dotMultiply(A, B)', '(A * B)'],
    [MATH, 'math.transpose(A)', 'A.T'],
    [MATH, 'math.add(A, B)', '(A + B)'],
    [MATH, 'math.subtract(1, A)', '(1 - A)'],
    [MATH, 'math.divide(A, m)', '(A / m)'],
    [MATH, 'math.map(Z, Math.tanh)', 'np.tanh(Z)'],
    [MATH, 'math.map(Z, math.exp)', 'np.exp(Z)'],
    [MATH, 'math.map(Z, (v) => 1 / (1 + Math.exp(-v)))', '(1 / (1 + np.exp((-Z))))'],
    [MATH, 'math.map(Z, (v) => Math.max(0, v))', 'np.maximum(0, Z)'],
    [MATH, 'math.map(Z, (v, i) => v * i[0])', '?'],
    [MATH, 'math.map(Z, sigmoid)', 'sigmoid(Z)'],
    [MATH, 'math.zeros([r, c])', 'np.zeros((r, c))'],
    [MATH, 'math.zeros(r, c)', 'np.zeros((r, c))'],
    [MATH, 'math.random([r, c])', 'np.random.rand(r, c)'],
    [MATH, 'math.size(A)', 'A.shape'],
    [MATH, 'math.size(A)[0]', 'A.shape[0]'],
    [MATH, 'math.sum(A)', 'np.sum(A)'],
    [MATH, 'math.sum(A, 1)', 'np.sum(A, axis=1)'],
    ["const math = require('mathjs');", 'math.transpose(A)', 'A.T'],
    ["import { create, all } from 'mathjs';\nconst math = create(all);", 'math.transpose(A)', 'A.T'],
    ["import { multiply } from 'mathjs';", 'multiply(A, B)', 'np.dot(A, B)'],
    // ml-matrix
    [ML, 'A.mmul(B)', 'np.dot(A, B)'],
    [ML, 'A.mul(B)', '(A * B)'],
    [ML, 'A.mul(2)', '(A * 2)'],
    [ML, 'Matrix.mul(A, B)', '(A * B)'],
    [ML, 'A.transpose()', 'A.T'],
    [ML, 'Matrix.rand(r, c)', 'np.random.rand(r, c)'],
    [ML, 'Matrix.zeros(r, c)', 'np.zeros((r, c))'],
    [ML, 'new Matrix(r, c)', 'np.zeros((r, c))'],
    [ML, 'A.rows', 'A.shape[0]'],
    [ML, 'A.columns', 'A.shape[1]'],
    [ML, "A.sum('row')", 'np.sum(A, axis=1)'],
    [ML, "A.sum('column')", 'np.sum(A, axis=0)'],
    [ML, 'A.sum()', 'np.sum(A)'],
    [ML, 'A.add(B)', '(A + B)'],
    [ML, 'A.sub(B)', '(A - B)'],
    [ML, 'A.div(m)', '(A / m)'],
    [ML, 'Matrix.columnVector(v)', 'np.expand_dims(np.array(v), 1)'],
    [ML, 'A.addColumnVector(b)', '(A + np.reshape(b, (-1, 1)))'],
    ["const { Matrix } = require('ml-matrix');", 'A.mmul(B)', 'np.dot(A, B)'],
    // numjs
    [NJ, 'nj.dot(a, b)', 'np.dot(a, b)'],
    [NJ, 'a.dot(b)', 'np.dot(a, b)'],
    [NJ, 'a.T', 'a.T'],
    [NJ, 'nj.random([r, c])', 'np.random.rand(r, c)'],
    [NJ, 'nj.tanh(z)', 'np.tanh(z)'],
    [NJ, 'nj.exp(z)', 'np.exp(z)'],
    [NJ, 'nj.zeros([r, c])', 'np.zeros((r, c))'],
    [NJ, 'nj.sigmoid(z)', '(1 / (1 + np.exp((-z))))'],
    [NJ, 'a.add(b)', '(a + b)'],
    [NJ, 'a.subtract(b)', '(a - b)'],
    [NJ, 'a.multiply(b)', '(a * b)'],
    [NJ, 'a.divide(m)', '(a / m)'],
    ["const nj = require('numjs');", 'nj.dot(a, b)', 'np.dot(a, b)'],
    // plain JavaScript
    ['', '1 / m', '(1 / m)'],
    ['', 'Math.exp(x)', 'np.exp(x)'],
    ['', 'Math.max(a, b)', 'max(a, b)'],
    ['', 'Math.floor(n / 2)', '(n // 2)'],
    ['', 'xs.length', 'len(xs)'],
    ['', '"W" + l', '("W" + str(l))'],
    ['', '`W${l}`', '("W" + str(l))'],
    ['', 'a === b', '(a == b)'],
    ['', 'a !== b && c', '((a != b) and c)'],
    ['', 'c ? a : b', '(a if c else b)'],
    ['', 'params.W1', 'params["W1"]'],
    ['', 'params["W" + l]', 'params[("W" + str(l))]'],
    ['', '{ W1, b1: b }', '{"W1": W1, "b1": b}'],
    ['', '[a, b]', '[a, b]'],
    ['', 'undefined', 'None'],
    ['', '(x as any)!', 'x'],
  ];
  for (const [prelude, expr, want] of table) {
    it(`${prelude ? prelude.replace(/;.*$/s, '').replace(/^.*from |^.*require\(/, '').replace(/['")]/g, '') + ': ' : ''}${expr}`, () => {
      assert.equal(value(prelude, expr), want);
    });
  }

  it('decides by the import, not the name: a local `tf` that is not TensorFlow.js is not lowered', () => {
    assert.equal(value('const tf = { matMul: (a: number, b: number) => a * b };', 'tf.matMul(a, b)'), 'tf.matMul(a, b)');
    assert.equal(value("import * as T from '@tensorflow/tfjs';", 'T.matMul(a, b)'), 'np.dot(a, b)');
  });

  it('a global namespace of a script tag is taken by its conventional name when nothing declares it', () => {
    assert.equal(value('', 'tf.matMul(a, b)'), 'np.dot(a, b)');
  });
});

describe('TypeScript adapter: statements', () => {
  it('declarations, destructuring, compound assignment', () => {
    assert.equal(program('const [a, b] = f();\nlet { W1, b1 } = params;\nx += 2;\ni++;'), 'a, b = f()'.replace('a, b', '(a, b)') + '\nW1 = params["W1"]\nb1 = params["b1"]\nx += 2\ni += 1');
  });

  it('object destructuring of a call goes through one temporary', () => {
    assert.equal(program('const { A2, cache } = forward(X);'), '__bpl_tmp1 = forward(X)\nA2 = __bpl_tmp1["A2"]\ncache = __bpl_tmp1["cache"]');
  });

  it('counting loops become range(), others while', () => {
    assert.equal(program('for (let l = 1; l < L; l++) f(l);'), 'for l in range(1, L):\n  f(l)');
    assert.equal(program('for (let l = 1; l <= L; l++) f(l);'), 'for l in range(1, (L + 1)):\n  f(l)');
    assert.equal(program('for (let l = L - 1; l >= 0; l--) f(l);'), 'for l in range((L - 1), (0 - 1), -1):\n  f(l)');
    assert.equal(program('for (let i = 0; i < n; i += 2) f(i);'), 'for i in range(0, n, 2):\n  f(i)');
    assert.equal(program('for (let i = 0; i < n; i *= 2) f(i);'), 'i = 0\nwhile (i < n):\n  f(i)\n  i *= 2');
    assert.equal(program('for (const x of xs) f(x);'), 'for x in xs:\n  f(x)');
    assert.equal(program('for (const [k, v] of pairs) f(v);'), 'for (k, v) in pairs:\n  f(v)');
  });

  it('functions, arrow functions and defaults', () => {
    assert.equal(program('function f(a, b = 2) { return a + b; }\nconst g = (x) => x * 2;'), 'def f(a, b=2):\n  return (a + b)\ndef g(x):\n  return (x * 2)');
    assert.equal(program('function f() { return [a, b]; }'), 'def f():\n  return (a, b)');
  });

  it('classes: constructor → __init__, this → self, fields initialised in __init__', () => {
    const src = 'class Net extends Base {\n  lr = 0.1;\n  constructor(n: number) { super(); this.W = zeros(n); }\n  forward(X) { return this.W; }\n  static make() { return 1; }\n}';
    assert.equal(program(src), 'class Net(Base):\n  def __init__(self, n):\n    self.lr = 0.1\n    pass\n    self.W = zeros(n)\n  def forward(self, X):\n    return self.W\n  def make():\n    return 1');
  });

  it('switch is an if/elif chain when no case falls through', () => {
    const src = "switch (activation) {\n  case 'relu': A = relu(Z); break;\n  case 'sigmoid':\n  case 'logistic': A = sigmoid(Z); break;\n  default: throw new Error();\n}";
    assert.equal(program(src), 'if (activation == "relu"):\n  A = relu(Z)\nelse:\n  if ((activation == "sigmoid") or (activation == "logistic")):\n    A = sigmoid(Z)\n  else:\n    other');
    assert.equal(program("switch (k) { case 1: f(); case 2: g(); break; }"), 'other');
  });

  it('a class field holding an arrow function is a method', () => {
    assert.equal(program('class L {\n  forward = (X) => this.W;\n}'), 'class L():\n  def forward(self, X):\n    return self.W');
  });

  it('a shape check that throws is an assert of its negation', () => {
    assert.equal(program("if (W.shape[0] !== n || W.shape[1] !== m) throw new Error('bad');"), 'assert (W.shape == (n, m))');
    assert.equal(program("if (W.shape[1] !== m) throw new Error('bad');"), 'assert (W.shape[1] == m)');
    assert.equal(program(`${ML}\nif (W.rows !== n || W.columns !== m || k > 2) throw new Error('bad');`), 'pass\nassert (W.shape == (n, m))\nassert (k <= 2)');
    assert.equal(program('if (!(x.shape[0] === n)) { throw new Error(); }'), 'assert (x.shape[0] == n)');
    assert.equal(program('if (JSON.stringify(W.shape) !== JSON.stringify([n, m])) throw new Error();'), 'assert (W.shape == (n, m))');
    assert.equal(program('console.assert(a.shape[1] === m);\ntf.util.assert(b.shape[0] === n, () => "b");'), 'assert (a.shape[1] == m)\nassert (b.shape[0] == n)');
    assert.equal(program('if (x > 0) throw new Error();\nelse y = 1;'), 'assert (x <= 0)\ny = 1');
  });

  it('imports: libraries vanish, modules beside the file are imports', () => {
    assert.equal(program("import * as tf from '@tensorflow/tfjs';\nimport { sigmoid } from './utils';\nimport * as u from '../lib/util.js';"), "pass\nfrom ./utils import sigmoid\nimport ../lib/util.js as u");
  });

  it('tf.tidy(() => { …; return v }) runs its body in place', () => {
    assert.equal(program(`${TF}\nconst y = tf.tidy(() => { const z = tf.matMul(a, b); return z.add(c); });`), 'pass\nz = np.dot(a, b)\ny = (z + c)');
  });

  it('console.log is print, require.main === module is __name__ == "__main__"', () => {
    assert.equal(program("console.log('a', x);\nif (require.main === module) main();"), 'print("a", x)\nif (__name__ == "__main__"):\n  main()');
  });

  it('ml-matrix operators change their receiver: as a statement, an augmented assignment', () => {
    assert.equal(program(`${ML}\nA.add(B);\nconst C = A.mul(2);`), 'pass\nA += B\nC = (A * 2)');
  });
});

describe('TypeScript adapter: spans', () => {
  it('a chained call spans the whole call; operands keep their own spans', () => {
    const src = `${TF}\nconst Z = tf.matMul(W, X).add(b);`;
    const m = lower(src);
    const a = m.body[m.body.length - 1] as Stmt & { kind: 'assign' };
    const v = a.value as Expr & { kind: 'binop' };
    const text = (s: { start: number; end: number }) => src.slice(s.start, s.end);
    assert.equal(text(a.span), 'Z = tf.matMul(W, X).add(b)');
    assert.equal(text(v.span), 'tf.matMul(W, X).add(b)');
    assert.equal(text(v.left.span), 'tf.matMul(W, X)');
    assert.equal(text((v.left as Expr & { kind: 'call' }).args[1].span), 'X');
    assert.equal(text(v.right.span), 'b');
  });

  it('comments are kept with their spans, // and /* */', () => {
    const src = 'const a = 1; // shape: (n, m)\n/* block */ const b = 2;';
    const m = lower(src);
    assert.deepEqual(m.comments.map((c) => [c.text, src.slice(c.span.start, c.span.end)]), [[' shape: (n, m)', '// shape: (n, m)'], [' block ', '/* block */']]);
  });
});

describe('TypeScript adapter: stated shapes', () => {
  const shapeOf = (r: AnalysisResult, target: string) => r.shapes.find((s) => s.target === target)?.shape;

  it('@param shapes become the docstring the shape readers know (dict members too)', () => {
    const src = `${TF}
/**
 * @param X inputs, shape [nIn, m]
 * @param parameters.W1 weights, shape [nH, nIn]
 * @returns Z1 -- pre-activations, shape [nH, m]
 */
function forward(X: tf.Tensor2D, parameters: any) {
  const W1 = parameters.W1;
  const Z1 = tf.matMul(W1, X);
  return Z1;
}`;
    const r = analyzeDocument({ kind: 'typescript', path: 'f.ts', text: src, language: 'typescript' }, { verify: false });
    assert.equal(shapeOf(r, 'W1'), '(nH, nIn)');
    assert.equal(shapeOf(r, 'Z1'), '(nH, m)');
    const def = lower(src).body.find((s) => s.kind === 'def') as Stmt & { kind: 'def' };
    assert.match(def.docstring ?? '', /X -- inputs of shape \(nIn, m\)/);
    assert.match(def.docstring ?? '', /parameters -- dictionary containing:\n {4}W1 -- weights of shape \(nH, nIn\)/);
  });

  it('/** @shape [n_h, m] */ on a declaration and // shape comments state its shape', () => {
    const src = `${TF}
function f(A, B) {
  /** @shape [n_h, m] */
  const Z = A.add(B);
  const Y = B.mul(2); // shape: (n_h, m)
  return [Z, Y];
}`;
    const r = analyzeDocument({ kind: 'typescript', path: 'f.ts', text: src, language: 'typescript' }, { verify: false });
    assert.equal(shapeOf(r, 'Z'), '(n_h, m)');
    assert.equal(shapeOf(r, 'Y'), '(n_h, m)');
  });

  it('a shape check that throws is a shape source, and one that cannot hold is reported', () => {
    const src = `${TF}
function f(X: tf.Tensor2D) {
  if (X.shape[0] !== 3 || X.shape[1] !== 4) throw new Error('X must be 3 × 4');
  const Y = tf.matMul(X, X);
  return Y;
}`;
    const r = analyzeDocument({ kind: 'typescript', path: 'f.ts', text: src, language: 'typescript' }, { verify: false });
    assert.deepEqual(r.findings.map((f) => [f.code, f.range.start.line + 1]), [['shape-mismatch', 4]]);
    assert.match(r.findings[0].message, /^tf\.matMul: \(3, 4\) · \(3, 4\)/);
  });
});

describe('TypeScript adapter: suppression comments', () => {
  it('// backprop-lint: ignore[code] at the end of the line silences it', () => {
    const src = `${TF}\n/** @param dZ grads, shape [nH, m] @param X data, shape [nX, m] */\nfunction f(dZ: tf.Tensor2D, X: tf.Tensor2D) {\n  const dW = tf.matMul(dZ, X); // backprop-lint: ignore[missing-transpose]\n  return dW;\n}\n`;
    const r = analyzeDocument({ kind: 'typescript', path: 'f.ts', text: src, language: 'typescript' }, { verify: false });
    assert.deepEqual(r.findings, []);
    const r2 = analyzeDocument({ kind: 'typescript', path: 'f.ts', text: src.replace(' // backprop-lint: ignore[missing-transpose]', ''), language: 'typescript' }, { verify: false });
    assert.equal(r2.findings.length, 1);
  });
});

describe('TypeScript adapter: broken text mid-edit', () => {
  const GOOD = `${TF}
/** @param X data, shape [nX, m] @param W weights, shape [nH, nX] */
function later(X: tf.Tensor2D, W: tf.Tensor2D) {
  const Z = tf.matMul(W, X.transpose());
  return Z;
}
`;
  const broken = [
    `function f(X) {\n  const Z = tf.matMul(W, X\n}\n`,
    `function f(X) {\n  const Z = X.\n}\n`,
    `function f(X) {\n  const s = tf.sum(dZ2, \n}\n`,
    `function f(X, Y {\n  return X;\n}\n`,
    `const cache = { A1: A1, \n`,
  ];
  for (const b of broken) {
    it(`keeps analysing after ${JSON.stringify(b.split('\n')[1] || b.split('\n')[0])}`, () => {
      const text = b + GOOD;
      const m = parseTypeScript(text, 'typescript').module;
      assert.ok(m.errors.length > 0, 'a syntax error is reported');
      const r = analyzeDocument({ kind: 'typescript', path: 'f.ts', text, language: 'typescript' }, { verify: false });
      assert.ok(r.syntaxErrors.length > 0);
      // the function after the broken one is still checked: X.transpose() makes (nH, nX) · (m, nX)
      assert.ok(r.findings.some((f) => f.code === 'missing-transpose' || f.code === 'shape-mismatch'), JSON.stringify(r.findings.map((f) => f.message)));
    });
  }

  it('never throws on arbitrary text', () => {
    for (const t of ['', '}}}', 'class {', 'const = ;', '<div>{</div>', '\u0001\u0002', 'for (;;', 'x'.repeat(10000)]) {
      const r = analyzeDocument({ kind: 'typescript', path: 'f.ts', text: t, language: 'typescript' });
      assert.ok(Array.isArray(r.findings));
    }
  });
});

describe("TypeScript adapter: a user's own Matrix class", () => {
  const CLASS = `
class M {
  rows: number; cols: number; data: number[][];
  constructor(rows: number, cols: number) { this.rows = rows; this.cols = cols; this.data = []; }
  times(o: M) {
    const out = new M(this.rows, o.cols);
    for (let i = 0; i < this.rows; i++)
      for (let j = 0; j < o.cols; j++) {
        let s = 0;
        for (let k = 0; k < this.cols; k++) s += this.data[i][k] * o.data[k][j];
        out.data[i][j] = s;
      }
    return out;
  }
  hadamard(o: M) {
    const out = new M(this.rows, this.cols);
    for (let i = 0; i < this.rows; i++) for (let j = 0; j < this.cols; j++) out.data[i][j] = this.data[i][j] * o.data[i][j];
    return out;
  }
  flip() {
    const out = new M(this.cols, this.rows);
    for (let i = 0; i < this.rows; i++) for (let j = 0; j < this.cols; j++) out.data[j][i] = this.data[i][j];
    return out;
  }
  /** @backpropLint matmul */
  fast(o: M) { return gpuMultiply(this, o); }
  static multiply(a: M, b: M) {
    const out = new M(a.rows, b.cols);
    for (let i = 0; i < a.rows; i++) for (let j = 0; j < b.cols; j++) for (let k = 0; k < a.cols; k++) out.data[i][j] += a.data[i][k] * b.data[k][j];
    return out;
  }
}
`;
  const table: [string, string][] = [
    ['a.times(b)', 'np.dot(a, b)'],
    ['a.hadamard(b)', '(a * b)'],
    ['a.flip()', 'a.T'],
    ['a.fast(b)', 'np.dot(a, b)'],
    ['M.multiply(a, b)', 'np.dot(a, b)'],
    ['new M(r, c)', 'np.zeros((r, c))'],
    ['a.rows', 'a.shape[0]'],
    ['a.cols', 'a.shape[1]'],
  ];
  for (const [expr, want] of table) it(expr, () => assert.equal(value(CLASS, expr), want));
});

describe('TypeScript adapter: fixes in the library\'s idiom', () => {
  const cases: { name: string; src: string; code: string; fixed: RegExp }[] = [
    {
      name: 'tf.matMul: a missing transpose sets transposeB',
      src: `${TF}\n/** @param dZ grads, shape [nH, m] @param X data, shape [nX, m] */\nfunction f(dZ: tf.Tensor2D, X: tf.Tensor2D) {\n  const dW = tf.matMul(dZ, X);\n  return dW;\n}\n`,
      code: 'missing-transpose',
      fixed: /tf\.matMul\(dZ, X, false, true\)/,
    },
    {
      name: 'tf.matMul: a missing transpose on the left sets transposeA',
      src: `${TF}\n/** @param W w, shape [nH, nX] @param dZ grads, shape [nH, m] */\nfunction f(W: tf.Tensor2D, dZ: tf.Tensor2D) {\n  const dA = W.matMul(dZ);\n  return dA;\n}\n`,
      code: 'missing-transpose',
      fixed: /W\.matMul\(dZ, true\)/,
    },
    {
      name: 'tf.sum: keepDims as its third argument',
      src: `${TF}\n/** @param dZ grads, shape [nH, m] @param b bias, shape [nH, 1] */\nfunction f(dZ: tf.Tensor2D, b: tf.Tensor2D) {\n  const db = tf.sum(dZ, 1);\n  return b.sub(db);\n}\n`,
      code: 'missing-keepdims',
      fixed: /tf\.sum\(dZ, 1, true\)/,
    },
    {
      name: 'x.sum(axis): keepDims after the axis',
      src: `${TF}\n/** @param dZ grads, shape [nH, m] @param b bias, shape [nH, 1] */\nfunction f(dZ: tf.Tensor2D, b: tf.Tensor2D) {\n  const db = dZ.sum(1);\n  return b.sub(db);\n}\n`,
      code: 'missing-keepdims',
      fixed: /dZ\.sum\(1, true\)/,
    },
    {
      name: 'mathjs: math.transpose(x)',
      src: `${MATH}\n/** @param dZ grads, shape [nH, m] @param X data, shape [nX, m] */\nfunction f(dZ, X) {\n  const dW = math.multiply(dZ, X);\n  return dW;\n}\n`,
      code: 'missing-transpose',
      fixed: /math\.multiply\(dZ, math\.transpose\(X\)\)/,
    },
    {
      name: 'ml-matrix: x.transpose()',
      src: `${ML}\n/** @param dZ grads, shape [nH, m] @param X data, shape [nX, m] */\nfunction f(dZ: Matrix, X: Matrix) {\n  const dW = dZ.mmul(X);\n  return dW;\n}\n`,
      code: 'missing-transpose',
      fixed: /dZ\.mmul\(X\.transpose\(\)\)/,
    },
    {
      name: 'numjs: x.T',
      src: `${NJ}\n/** @param dZ grads, shape [nH, m] @param X data, shape [nX, m] */\nfunction f(dZ, X) {\n  const dW = nj.dot(dZ, X);\n  return dW;\n}\n`,
      code: 'missing-transpose',
      fixed: /nj\.dot\(dZ, X\.T\)/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const lang = /\.ts|: tf|: Matrix/.test(c.src) ? 'typescript' : 'javascript';
      const r = analyzeDocument({ kind: 'typescript', path: 'f', text: c.src, language: lang }, { verify: false });
      const f = r.findings.find((x) => x.code === c.code);
      assert.ok(f, JSON.stringify(r.findings));
      const fix = f!.fixes.find((x) => x.certain);
      assert.ok(fix, `no certain fix: ${JSON.stringify(f)}`);
      const fixed = applyEdits(c.src, fix!.edits).text;
      assert.match(fixed, c.fixed);
      const after = analyzeDocument({ kind: 'typescript', path: 'f', text: fixed, language: lang }, { verify: false });
      assert.deepEqual(after.findings.map((x) => x.message), []);
    });
  }

  it('a fix the library cannot say is dropped, never offered in Python', () => {
    // numjs has no keepdims and no axis sums: nothing to offer
    const src = `${NJ}\n/** @param dZ grads, shape [nH, m] @param b bias, shape [nH, 1] */\nfunction f(dZ, b) {\n  const db = np.sum(dZ, 1);\n  return b.subtract(db);\n}\n`;
    const r = analyzeDocument({ kind: 'typescript', path: 'f.js', text: src, language: 'javascript' }, { verify: false });
    for (const f of r.findings) for (const x of f.fixes) for (const e of x.edits) assert.doesNotMatch(e.newText, /keepdims|\bnp\./);
  });
});

describe('TypeScript adapter: NumPy text said in each library', () => {
  const arrays = new Set(['W2', 'dZ2', 'A1', 'dZ', 'X']);
  const say = (prelude: string, code: string) => {
    const text = `${prelude}\nconst unused = 0;\n`;
    const parsed = parseTypeScript(text, 'typescript');
    // the file's library is the one its prelude imports (no call uses it yet)
    if (parsed.info.libraries.length === 0) parsed.info.libraries.push(...new Set(parsed.info.namespaces.values()));
    return new Idiom({ text, module: parsed.module, info: parsed.info, arrayTexts: arrays }).translateExpression(code);
  };
  const table: [string, string, string | undefined][] = [
    [TF, 'np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))', 'tf.mul(tf.matMul(tf.transpose(W2), dZ2), tf.sub(1, tf.square(A1)))'],
    [TF, '1 / m * np.dot(dZ, X.T)', 'tf.matMul(dZ, tf.transpose(X)).div(m)'],
    [TF, 'A1 * (1 - A1)', 'tf.mul(A1, tf.sub(1, A1))'],
    [TF, '(A1 > 0)', 'tf.step(A1)'],
    [TF, '-(dZ)', 'tf.neg(dZ)'],
    [MATH, 'np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))', 'math.dotMultiply(math.multiply(math.transpose(W2), dZ2), math.subtract(1, math.dotPow(A1, 2)))'],
    [MATH, '(1 - np.power(A1, 2))', 'math.map(A1, (v) => 1 - v ** 2)'],
    [MATH, '1 / m * np.dot(dZ, X.T)', 'math.divide(math.multiply(dZ, math.transpose(X)), m)'],
    [ML, '1 / m * np.dot(dZ, X.T)', 'dZ.mmul(X.transpose()).div(m)'],
    [ML, 'A1 * (1 - A1)', 'Matrix.mul(A1, Matrix.mul(A1, -1).add(1))'],
    [ML, '1 / m * dZ', 'Matrix.div(dZ, m)'],
    [NJ, 'np.dot(W2.T, dZ2)', 'nj.dot(W2.T, dZ2)'],
    [NJ, '1 / m * np.dot(dZ, X.T)', 'nj.dot(dZ, X.T).divide(m)'],
    [NJ, 'np.sum(dZ, axis=1)', undefined],
  ];
  for (const [prelude, code, want] of table) {
    it(`${prelude.replace(/^.*from '([^']+)'.*$/, '$1')}: ${code}`, () => assert.equal(say(prelude, code), want));
  }
});

describe('TypeScript adapter: the compiler loads lazily', () => {
  it('a Python document does not load typescript; the first TypeScript document does', () => {
    const root = path.join(__dirname, '..', '..');
    const script = `
      const { analyzeDocument } = require('./engine/analyze');
      const { typescriptLoaded, typescriptLoadMs } = require('./engine/syntax/typescript/load');
      const loaded = () => Object.keys(require.cache).some((k) => /node_modules[\\\\/]typescript[\\\\/]/.test(k));
      analyzeDocument({ kind: 'python', path: 'a.py', text: 'import numpy as np\\nx = np.zeros((2, 3))\\n' });
      const before = loaded() || typescriptLoaded();
      const r = analyzeDocument({ kind: 'typescript', path: 'a.ts', text: 'const x = 1;', language: 'typescript' });
      console.log(JSON.stringify({ before, after: loaded() && typescriptLoaded(), loadMs: r.timings.loadMs, second: analyzeDocument({ kind: 'typescript', path: 'b.ts', text: 'const y = 2;', language: 'typescript' }).timings.loadMs }));
    `;
    const out = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    const r = JSON.parse(out.stdout.trim().split('\n').pop()!);
    assert.equal(r.before, false, 'typescript was loaded for a Python document');
    assert.equal(r.after, true);
    assert.ok(typeof r.loadMs === 'number' && r.loadMs > 0, 'the first TypeScript document reports the load time');
    assert.equal(r.second, undefined, 'only the first one pays for it');
  });
});
