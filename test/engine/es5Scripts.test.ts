// JavaScript written before modules and classes (syntax/typescript/es5.ts): a file's code inside a
// wrapper function, constructor functions with methods on their prototype, feature tests with
// `typeof`, and typed arrays of rows * cols numbers as a matrix's storage.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Expr, Stmt } from '../../engine/syntax/ast';
import { parseTypeScript } from '../../engine/syntax/typescript/lower';
import { analyzeDocument } from '../../engine/analyze';
import type { AnalysisResult } from '../../engine/api';
import { NO_WALL_CLOCK } from './budget';
import { Evaluator } from '../../engine/concrete/evaluator';
import type { CValue } from '../../engine/concrete/values';
import { LineIndex } from '../../engine/syntax/lineIndex';

function lower(src: string): Stmt[] {
  const m = parseTypeScript(src, 'javascript').module;
  assert.deepEqual(m.errors, []);
  return m.body.slice(1);
}

function js(text: string): AnalysisResult {
  return analyzeDocument({ kind: 'typescript', path: 'lib.js', text, language: 'javascript' }, NO_WALL_CLOCK);
}

/** Every shape shown on the 1-based line that holds `fragment`. */
function shapesAt(r: AnalysisResult, text: string, fragment: string): string[] {
  const line = text.split('\n').findIndex((l) => l.includes(fragment));
  return r.shapes.filter((s) => s.range.start.line === line).map((s) => s.shape);
}

const valueOf = (s: Stmt | undefined): Expr | undefined => (s?.kind === 'assign' ? s.value : s?.kind === 'return' ? s.value : undefined);

describe('JavaScript before modules: a wrapper function is the top level', () => {
  it('(function (g) { … })(R): g bound to R, the body\'s declarations at the top level, its return dropped', () => {
    const body = lower('var R = {};\n(function (g) {\n  function f(x) { return x; }\n  var k = 2;\n  return g;\n})(R);');
    assert.deepEqual(body.map((s) => s.kind), ['assign', 'assign', 'def', 'assign']);
    const bind = body[1] as Stmt & { kind: 'assign' };
    assert.equal(bind.targets[0].kind === 'name' && bind.targets[0].id, 'g');
    assert.equal(bind.value.kind === 'name' && bind.value.id, 'R');
  });

  it('.call(this), a leading !, and an arrow function are wrappers too; a missing argument is None', () => {
    assert.equal(lower('(function () { function f() {} }).call(this);')[0]?.kind, 'def');
    assert.equal(lower('!function () { function f() {} }();')[0]?.kind, 'def');
    assert.equal(lower('(() => { function f() {} })();')[0]?.kind, 'def');
    assert.equal(valueOf(lower('(function (root) { var a = 1; })();')[0])?.kind, 'none');
  });

  it('the global object a wrapper is handed (this, window) is an empty namespace the script hangs its API on', () => {
    for (const arg of ['this', 'window', 'globalThis']) {
      const [bind] = lower(`(function (root) { root.api = 1; })(${arg});`);
      assert.equal(valueOf(bind)?.kind, 'dict', arg);
    }
    assert.equal(valueOf(lower('var window = 3;\n(function (root) { root.api = 1; })(window);')[1])?.kind, 'name');
  });

  it('a wrapper called inside a function is left as a call', () => {
    const [def] = lower('function outer() { (function () { var a = 1; })(); }');
    assert.ok(def.kind === 'def');
    assert.deepEqual(def.body.map((s) => s.kind), ['def', 'expr']);
  });
});

describe('JavaScript before classes: a constructor function and its prototype are a class', () => {
  it('`var C = function (n) { this.n = n }` with `C.prototype = {…}` and `C.prototype.m = function…`', () => {
    const body = lower('var C = function (n) { this.n = n; };\nC.prototype = { get: function (i) { return this.n; }, size() { return 1; } };\nC.prototype.twice = function () { return 2 * this.n; };\nvar c = new C(3);');
    assert.deepEqual(body.map((s) => s.kind), ['class', 'assign']);
    const cls = body[0] as Stmt & { kind: 'class' };
    assert.deepEqual(cls.body.map((s) => (s.kind === 'def' ? `${s.name}(${s.params.map((p) => p.name).join(', ')})` : s.kind)), ['__init__(self, n)', 'get(self, i)', 'size(self)', 'twice(self)']);
    const made = valueOf(body[1]);
    assert.equal(made?.kind === 'call' && made.func.kind === 'name' && made.func.id, 'C');
  });

  it('a constructor function with no prototype, called with new, that sets fields of this is a class', () => {
    const body = lower('function Layer(nIn, nOut) { this.W = new Float64Array(nIn * nOut); }\nvar layer = new Layer(3, 2);\nvar w = layer.W;');
    assert.deepEqual(body.map((s) => s.kind), ['class', 'assign', 'assign']);
    const read = valueOf(body[2]);
    assert.ok(read?.kind === 'attr' && read.name === 'W');
    // Never called with new, or setting nothing on this: a function.
    assert.equal(lower('function Layer(n) { this.n = n; }')[0]?.kind, 'def');
    assert.equal(lower('function make(n) { return n; }\nvar m = new make(2);')[0]?.kind, 'def');
  });

  it('the constructor functions\' fixture: the gradient a caller reads is rows*cols numbers', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'typescript', 'es5-scripts', 'correct', 'constructor_tensors.js'), 'utf8');
    const r = js(text);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(shapesAt(r, text, 'var dx = x.dw'), ['(rows*cols,)']);
  });

  it('a function with statements written where a value goes is a def before its statement, the value its name', () => {
    const [cls] = lower('function Tape() { this.steps = []; }\nTape.prototype.add = function (x) {\n  this.steps.push(function () { x.grad += 1; });\n};');
    const add = cls.kind === 'class' ? cls.body.find((s) => s.kind === 'def' && s.name === 'add') : undefined;
    assert.ok(add?.kind === 'def');
    assert.deepEqual(add.body.map((s) => s.kind), ['def', 'expr']);
    const [hoisted, push] = add.body;
    const call = push.kind === 'expr' ? push.value : undefined;
    assert.ok(hoisted.kind === 'def' && call?.kind === 'call' && call.args[0].kind === 'name' && call.args[0].id === hoisted.name);
  });

  it('a function declaration with a prototype is a class; a function without one stays a function', () => {
    assert.equal(lower('function Net(k) { this.k = k; }\nNet.prototype.run = function () { return this.k; };')[0]?.kind, 'class');
    assert.equal(lower('function net(k) { return k; }')[0]?.kind, 'def');
  });
});

describe('JavaScript feature tests and typed arrays', () => {
  it('typeof x === "undefined" is `x is None`; typeof of a global every engine has is decided', () => {
    const [a, b, c] = lower('var a = typeof x === "undefined";\nvar b = typeof Float64Array === "undefined";\nvar c = "undefined" !== typeof ArrayBuffer;');
    const t = valueOf(a);
    assert.ok(t?.kind === 'compare' && t.ops[0] === 'is' && t.comparators[0].kind === 'none');
    assert.ok(valueOf(b)?.kind === 'bool' && (valueOf(b) as Expr & { kind: 'bool' }).value === false);
    assert.ok(valueOf(c)?.kind === 'bool' && (valueOf(c) as Expr & { kind: 'bool' }).value === true);
  });

  it('a Float64Array is zeros of a length, or a copy of an array, as the value decides', () => {
    const [a, b] = lower('var a = new Float64Array(n * d);\nvar b = new Float32Array(src);');
    const za = valueOf(a);
    assert.ok(za?.kind === 'call' && za.func.kind === 'attr' && za.func.name === 'zeros');
    assert.equal(valueOf(b)?.kind, 'ifexp');
  });

  const lib = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'typescript', 'es5-scripts', 'correct', 'flat_mat_library.js'), 'utf8');

  it('a matrix of rows x cols numbers in typed arrays: its storage is rows*cols numbers, shown as the code computed it', () => {
    const r = js(lib);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(shapesAt(r, lib, 'this.dval = filled(rows * cols)'), ['(rows*cols,)']);
    // new Tensor(5, 3): 15 numbers, named by the constructor's rows and cols (not by filled's own parameter).
    assert.deepEqual(shapesAt(r, lib, 'var dweights = weights.dval'), ['(rows*cols,)']);
    // A copy of those numbers is as many numbers.
    assert.deepEqual(shapesAt(r, lib, 'var snapshot = new Float64Array(weights.val)'), ['(rows*cols,)']);
  });
});

describe('JavaScript idioms an autograd engine written in JavaScript uses', () => {
  it('typeof x === "number", Array.isArray, instanceof and new Set are Python tests and sets', () => {
    const [a, b, c, d, e] = lower('var a = typeof x === "number";\nvar b = Array.isArray(x);\nvar c = x instanceof Net;\nvar d = new Set(items);\nvar e = typeof x !== "string";');
    const call = (v: Expr | undefined, name: string) => v?.kind === 'call' && v.func.kind === 'name' && v.func.id === name;
    // typeof x === "number": a 0-d array (a number read from an array the lowering made) or isinstance(x, (int, float)).
    const isNumber = valueOf(a);
    assert.ok(isNumber?.kind === 'boolop' && isNumber.op === 'or' && call(isNumber.values[1], 'isinstance'));
    // Array.isArray(x): isinstance(x, list) or (an ndarray with an axis: a number read from one is not an array).
    const isArray = valueOf(b);
    assert.ok(isArray?.kind === 'boolop' && isArray.op === 'or' && call(isArray.values[0], 'isinstance'));
    assert.ok(call(valueOf(c), 'isinstance'));
    assert.ok(call(valueOf(d), 'set'));
    const not = valueOf(e);
    assert.ok(not?.kind === 'unary' && not.op === 'not' && call(not.operand, 'isinstance'));
    // A type name an object's prototype has ('constructor') is no typeof test of the table's.
    assert.ok(!call(valueOf(lower('var f = typeof x === "constructor";')[0]), 'isinstance'));
  });

  it('runs them: a missing field with a default, map with its index, and recursion over nested arrays', () => {
    // Each value must come out as JavaScript computes it; a run that stopped would leave `total` unchecked.
    const text = `function zerosLike(data) {
  if (!Array.isArray(data)) return 0;
  return data.map((v) => zerosLike(v));
}
function addAll(a, b) {
  if (typeof a === 'number') return a + b;
  return a.map((v, i) => addAll(v, b[i]));
}
function make(options) {
  const kids = new Set(options.children || []);
  return { grad: options.requiresGrad || false, kids };
}
const made = make({ children: [1, 2, 2] });
const sum = addAll([[1, 2], [3, 4]], [[10, 20], [30, 40]]);
const zeros = zerosLike([[1, 2], [3, 4]]);
`;
    const module = parseTypeScript(text, 'javascript').module;
    assert.deepEqual(module.errors, []);
    const unit = { file: '', text, module, lines: new LineIndex(text) };
    const ev = new Evaluator({ loadUnit: (n) => (n === '' ? unit : undefined), seed: 1, maxSteps: 10_000 });
    ev.runModule(unit);
    const plain = (v: CValue | undefined): unknown =>
      v?.t === 'num' ? v.v : v?.t === 'bool' ? v.v : v?.t === 'list' || v?.t === 'tuple' ? v.items.map(plain) : v?.t === 'dict' ? Object.fromEntries([...v.map].map(([k, x]) => [k.slice(2), plain(x)])) : v?.t;
    assert.deepEqual(plain(ev.moduleValue('', 'sum')), [[11, 22], [33, 44]]);
    assert.deepEqual(plain(ev.moduleValue('', 'zeros')), [[0, 0], [0, 0]]);
    assert.deepEqual(plain(ev.moduleValue('', 'made')), { grad: false, kids: [1, 2] });
  });

  it('writes a[i][j] into a matrix made with new Array(n).fill(0), and reads a field with a default from an object', () => {
    // Each would have run before and been wrong: the writes went to a copy of the row; the field stopped the run.
    const text = `class Node {
  constructor(v) { this.value = v; this.needsGrad = true; }
}
function product(a, b) {
  const out = Array.from({ length: a.length }, () => new Array(b[0].length).fill(0));
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b[0].length; j++) {
      for (let k = 0; k < b.length; k++) out[i][j] += a[i][k] * b[k][j];
    }
  }
  return out;
}
function flags(n) {
  return [n.needsGrad || false, n.missing || 7];
}
const p = product([[1, 2], [3, 4]], [[5, 6], [7, 8]]);
const f = flags(new Node(1));
`;
    const module = parseTypeScript(text, 'javascript').module;
    const unit = { file: '', text, module, lines: new LineIndex(text) };
    const ev = new Evaluator({ loadUnit: (n) => (n === '' ? unit : undefined), seed: 1, maxSteps: 10_000 });
    ev.runModule(unit);
    const p = ev.moduleValue('', 'p');
    assert.ok(p?.t === 'arr');
    assert.deepEqual([...p.a.data], [19, 22, 43, 50]);
    const f = ev.moduleValue('', 'f');
    assert.ok(f?.t === 'list' || f?.t === 'tuple', f?.t);
    assert.deepEqual(f.items.map((x) => (x.t === 'bool' || x.t === 'num' ? x.v : x.t)), [true, 7]);
  });

  it("a tensor class whose operators attach _backward closures is run as written, not read as the user's matrix library", () => {
    const text = `class Tensor {
  constructor(data) { this.data = data; this.grad = 0; this._backward = () => {}; }
  matmul(other) {
    const out = [];
    for (let i = 0; i < this.data.length; i++) {
      out.push([]);
      for (let j = 0; j < other.data[0].length; j++) {
        let s = 0;
        for (let k = 0; k < other.data.length; k++) s += this.data[i][k] * other.data[k][j];
        out[i].push(s);
      }
    }
    const node = new Tensor(out);
    node._backward = () => { this.grad = 1; };
    return node;
  }
}
`;
    const cls = parseTypeScript(text, 'javascript').module.body.find((x) => x.kind === 'class') as Stmt & { kind: 'class' };
    const matmul = cls.body.find((x) => x.kind === 'def' && x.name === 'matmul') as Stmt & { kind: 'def' };
    // Before: its triple loop made it a matrix class, and \`new Tensor(out)\` inside it could not be lowered.
    const made = matmul.body.map(valueOf).find((v) => v?.kind === 'call' && v.func.kind === 'name' && v.func.id === 'Tensor');
    assert.ok(made, 'new Tensor(out) is a call of the class');
  });
});
