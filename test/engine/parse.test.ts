import { strict as assert } from 'node:assert';
import type { Expr, Module, Stmt } from '../../engine/syntax/ast';
import { parsePython } from '../../engine/syntax/python/parse';
import { TWO_LAYER } from './parse.fixture';

/** Parse source that must be valid: no syntax errors allowed. */
function parseOk(src: string): Module {
  const m = parsePython(src);
  assert.deepEqual(m.errors, [], `unexpected syntax errors in ${JSON.stringify(src)}`);
  return m;
}

function only<K extends Stmt['kind']>(src: string, kind: K): Extract<Stmt, { kind: K }> {
  const m = parseOk(src);
  assert.equal(m.body.length, 1);
  const s = m.body[0];
  assert.equal(s.kind, kind);
  return s as Extract<Stmt, { kind: K }>;
}

function exprOf(src: string): Expr {
  return only(src, 'expr').value;
}

/** A compact rendering of an expression, for structure assertions. */
function show(e: Expr | undefined): string {
  if (!e) return '_';
  switch (e.kind) {
    case 'name':
      return e.id;
    case 'num':
      return `${e.value}${e.isInt ? 'i' : 'f'}`;
    case 'str':
      return e.value === undefined ? 'f?' : JSON.stringify(e.value);
    case 'bool':
      return String(e.value);
    case 'none':
      return 'None';
    case 'attr':
      return `${show(e.obj)}.${e.name}`;
    case 'subscript':
      return `${show(e.obj)}[${show(e.index)}]`;
    case 'slice':
      return `${show(e.lower)}:${show(e.upper)}:${show(e.step)}`;
    case 'ellipsis':
      return '...';
    case 'starred':
      return `*${show(e.value)}`;
    case 'call':
      return `${show(e.func)}(${[...e.args.map(show), ...e.keywords.map((k) => `${k.name ?? '**'}=${show(k.value)}`)].join(', ')})`;
    case 'binop':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'unary':
      return `(${e.op} ${show(e.operand)})`;
    case 'compare':
      return `(${show(e.left)}${e.ops.map((o, i) => ` ${o} ${show(e.comparators[i])}`).join('')})`;
    case 'boolop':
      return `(${e.values.map(show).join(` ${e.op} `)})`;
    case 'ifexp':
      return `(${show(e.body)} if ${show(e.test)} else ${show(e.orelse)})`;
    case 'tuple':
      return `(${e.elts.map(show).join(', ')},)`;
    case 'list':
      return `[${e.elts.map(show).join(', ')}]`;
    case 'dict':
      return `{${e.values.map((v, i) => `${show(e.keys[i]) === '_' ? '**' : show(e.keys[i])}: ${show(v)}`).join(', ')}}`;
    case 'comprehension':
      return `${e.form}<${e.key ? show(e.key) + ': ' : ''}${show(e.elt)} ${e.generators
        .map((g) => `for ${show(g.target)} in ${show(g.iter)}${g.ifs.map((c) => ` if ${show(c)}`).join('')}`)
        .join(' ')}>`;
    case 'lambda':
      return `lambda ${e.params.map((p) => p.name).join(',')}: ${show(e.body)}`;
    case 'unknown':
      return '?';
  }
}

function slice(src: string, span: { start: number; end: number }): string {
  return src.slice(span.start, span.end);
}

function defNames(m: Module): string[] {
  return m.body.flatMap((s) => (s.kind === 'def' ? [s.name] : []));
}

describe('parsePython: expressions', () => {
  it('reads the classic gradient line with a `1.` float', () => {
    const src = 'dW1 = 1./m * np.dot(dZ1, X.T)';
    const s = only(src, 'assign');
    assert.equal(s.targets.length, 1);
    assert.equal(show(s.targets[0]), 'dW1');
    const v = s.value;
    assert.equal(v.kind, 'binop');
    if (v.kind !== 'binop') return;
    assert.equal(v.op, '*');
    assert.equal(show(v.left), '(1f / m)');
    const call = v.right;
    assert.equal(call.kind, 'call');
    if (call.kind !== 'call') return;
    assert.equal(show(call.func), 'np.dot');
    assert.equal(call.args.length, 2);
    const second = call.args[1];
    assert.equal(second.kind, 'attr');
    if (second.kind !== 'attr') return;
    assert.equal(second.name, 'T');
    assert.equal(slice(src, second.nameSpan), 'T');
    assert.equal(slice(src, second.span), 'X.T');
    assert.equal(slice(src, call.span), 'np.dot(dZ1, X.T)');
    assert.equal(slice(src, v.span), '1./m * np.dot(dZ1, X.T)');
  });

  it('reads numbers of every form', () => {
    const cases: [string, number, boolean][] = [
      ['1', 1, true],
      ['1.', 1, false],
      ['.5', 0.5, false],
      ['1e-3', 0.001, false],
      ['1.e-3', 0.001, false],
      ['2.5E2', 250, false],
      ['1_000', 1000, true],
      ['1_000.5', 1000.5, false],
      ['0x1F', 31, true],
      ['0b101', 5, true],
    ];
    for (const [src, value, isInt] of cases) {
      const e = exprOf(src);
      assert.equal(e.kind, 'num', src);
      if (e.kind !== 'num') continue;
      assert.equal(e.value, value, src);
      assert.equal(e.isInt, isInt, src);
      assert.equal(slice(src, e.span), src);
    }
  });

  it('keeps `1.` a float inside calls, lists and before operators', () => {
    assert.equal(show(exprOf('f(1., [2., 3.])')), 'f(1f, [2f, 3f])');
    assert.equal(show(exprOf('2. * a')), '(2f * a)');
    assert.equal(show(exprOf('a + 1.e-3 - 2.E+4 * 1.e5')), '((a + 0.001f) - (20000f * 100000f))');
    assert.equal(show(exprOf('"1.e-3"')), '"1.e-3"');
  });

  it('reads string values: adjacent literals, escapes, prefixes', () => {
    assert.equal(show(exprOf(`'a' "b" 'c'`)), '"abc"');
    assert.equal(show(exprOf(`"a\\tb\\n\\x41\\\\"`)), JSON.stringify('a\tb\nA\\'));
    assert.equal(show(exprOf(`r'\\n'`)), JSON.stringify('\\n'));
    assert.equal(show(exprOf(`b'xy'`)), '"xy"');
    assert.equal(show(exprOf(`"""tri"ple"""`)), '"tri\\"ple"');
    assert.equal(show(exprOf(`f'{x}'`)), 'f?');
    assert.equal(show(exprOf(`'a' f'{x}'`)), 'f?');
  });

  it('reads calls with positional, starred and keyword arguments', () => {
    const e = exprOf('np.sum(dZ2, *rest, axis=1, keepdims=True, **kw)');
    assert.equal(show(e), 'np.sum(dZ2, *rest, axis=1i, keepdims=true, **=kw)');
    assert.equal(e.kind, 'call');
    if (e.kind === 'call') assert.equal(e.keywords[0].name, 'axis');
  });

  it('reads subscripts with slices, tuples, ellipsis and None', () => {
    assert.equal(show(exprOf('a[:, 0]')), 'a[(_:_:_, 0i,)]');
    assert.equal(show(exprOf('a[1:2, ..., None, ::2]')), 'a[(1i:2i:_, ..., None, _:_:2i,)]');
    assert.equal(show(exprOf('a[::-1]')), 'a[_:_:(- 1i)]');
    assert.equal(show(exprOf('a[i]')), 'a[i]');
    assert.equal(show(exprOf('a[i,]')), 'a[(i,)]');
    assert.equal(show(exprOf('a[:, np.newaxis]')), 'a[(_:_:_, np.newaxis,)]');
    const src = 'x[1:n, :]';
    const e = exprOf(src);
    assert.ok(e.kind === 'subscript' && e.index.kind === 'tuple');
    if (e.kind === 'subscript' && e.index.kind === 'tuple') {
      assert.equal(slice(src, e.index.elts[0].span), '1:n');
      assert.equal(slice(src, e.index.span), '1:n, :');
    }
  });

  it('keeps comparison chains and the two-word operators', () => {
    const e = exprOf('a < b <= c');
    assert.equal(e.kind, 'compare');
    if (e.kind === 'compare') {
      assert.deepEqual(e.ops, ['<', '<=']);
      assert.equal(e.comparators.length, 2);
    }
    assert.equal(show(exprOf('x not in y')), '(x not in y)');
    assert.equal(show(exprOf('x is not None')), '(x is not None)');
    assert.equal(show(exprOf('(a < b) < c')), '((a < b) < c)');
  });

  it('reads boolean operators, unary operators and precedence', () => {
    assert.equal(show(exprOf('not x and y or z')), '(((not x) and y) or z)');
    assert.equal(show(exprOf('not a or b and not c')), '((not a) or (b and (not c)))');
    assert.equal(show(exprOf('not (a and b)')), '(not (a and b))');
    assert.equal(show(exprOf('not a == b')), '(not (a == b))');
    assert.equal(show(exprOf('a and b and c')), '(a and b and c)');
    assert.equal(show(exprOf('a or b and c')), '(a or (b and c))');
    assert.equal(show(exprOf('-x ** 2')), '(- (x ** 2i))');
    assert.equal(show(exprOf('~x')), '(~ x)');
    assert.equal(show(exprOf('not x')), '(not x)');
    assert.equal(show(exprOf('a @ b + c')), '((a @ b) + c)');
    assert.equal(show(exprOf('a // b % c')), '((a // b) % c)');
    assert.equal(show(exprOf('a | b & c ^ d << 1 >> 2')), '(a | ((b & c) ^ ((d << 1i) >> 2i)))');
  });

  it('reads lambdas, comprehensions and conditional expressions', () => {
    const lam = exprOf('lambda x, *a, y=2, **k: x + 1');
    assert.equal(lam.kind, 'lambda');
    if (lam.kind === 'lambda') {
      assert.deepEqual(
        lam.params.map((p) => [p.name, p.form, show(p.default)]),
        [['x', 'normal', '_'], ['a', 'vararg', '_'], ['y', 'normal', '2i'], ['k', 'kwarg', '_']],
      );
      assert.equal(show(lam.body), '(x + 1i)');
    }
    assert.equal(show(exprOf('[x * 2 for x in y if x if z for w in x]')), 'list<(x * 2i) for x in y if x if z for w in x>');
    assert.equal(show(exprOf('{k: v for k, v in d.items()}')), 'dict<k: v for (k, v,) in d.items()>');
    assert.equal(show(exprOf('{x for x in y}')), 'set<x for x in y>');
    assert.equal(show(exprOf('(x for x in y)')), 'generator<x for x in y>');
    assert.equal(show(exprOf('sum(x for x in y)')), 'sum(generator<x for x in y>)');
    assert.equal(show(exprOf('a if b else c')), '(a if b else c)');
  });

  it('reads tuples, lists and dicts', () => {
    assert.equal(show(exprOf('()')), '(,)');
    assert.equal(show(exprOf('(1,)')), '(1i,)');
    assert.equal(show(exprOf('(1)')), '1i');
    assert.equal(show(exprOf('[1, *a]')), '[1i, *a]');
    assert.equal(show(exprOf(`{'a': 1, **e}`)), '{"a": 1i, **: e}');
    assert.equal(show(exprOf('{1, 2}')), '?');
  });

  it('maps walrus and await to unknown without errors', () => {
    assert.equal(show(exprOf('(x := 3)')), '?');
  });
});

describe('parsePython: statements', () => {
  it('reads tuple targets with and without parentheses, starred and chained targets', () => {
    assert.equal(show(only('n_x, m = X.shape', 'assign').targets[0]), '(n_x, m,)');
    assert.equal(show(only('(Z1, A1) = cache', 'assign').targets[0]), '(Z1, A1,)');
    assert.equal(show(only('[a, b] = c', 'assign').targets[0]), '[a, b]');
    assert.equal(show(only('*a, b = c', 'assign').targets[0]), '(*a, b,)');
    const chained = only('a = b = 0', 'assign');
    assert.deepEqual(chained.targets.map(show), ['a', 'b']);
    assert.equal(show(chained.value), '0i');
    assert.equal(show(only('x = a, b', 'assign').value), '(a, b,)');
  });

  it('reads augmented and annotated assignments', () => {
    const aug = only('W1 -= learning_rate * dW1', 'augassign');
    assert.equal(aug.op, '-');
    assert.equal(show(aug.value), '(learning_rate * dW1)');
    assert.equal(only('a @= b', 'augassign').op, '@');
    assert.equal(only('a //= b', 'augassign').op, '//');
    assert.equal(only('a **= 2', 'augassign').op, '**');
    const ann = only('x: int = 3', 'annassign');
    assert.equal(show(ann.annotation), 'int');
    assert.equal(show(ann.value), '3i');
    assert.equal(only('y: np.ndarray', 'annassign').value, undefined);
  });

  it('reads a def with decorators, parameters, annotations and docstring', () => {
    const src = '@dec(1)\n@a.b\ndef f(x, y=1, *args, z: int = 2, **kw) -> int:\n    """Doc\\n here."""\n    return x\n';
    const d = only(src, 'def');
    assert.equal(d.name, 'f');
    assert.equal(slice(src, d.nameSpan), 'f');
    assert.deepEqual(d.decorators.map(show), ['dec(1i)', 'a.b']);
    assert.deepEqual(
      d.params.map((p) => [p.name, p.form, show(p.default), show(p.annotation)]),
      [
        ['x', 'normal', '_', '_'],
        ['y', 'normal', '1i', '_'],
        ['args', 'vararg', '_', '_'],
        ['z', 'normal', '2i', 'int'],
        ['kw', 'kwarg', '_', '_'],
      ],
    );
    assert.equal(d.docstring, 'Doc\\n here.');
    assert.equal(d.body.length, 2);
    assert.equal(d.body[1].kind, 'return');
    assert.ok(slice(src, d.span).startsWith('@dec(1)'));
    assert.ok(slice(src, d.span).endsWith('return x'));
  });

  it('reads docstrings with every quote and prefix', () => {
    const cases: [string, string | undefined][] = [
      ["'''a'''", 'a'],
      ['"""b\n  c"""', 'b\n  c'],
      ["'d'", 'd'],
      ['"e"', 'e'],
      ['r"""f\\n"""', 'f\\n'],
      ["u'g'", 'g'],
      ["b'h'", 'h'],
      ['f"""{x}"""', undefined],
    ];
    for (const [lit, doc] of cases) {
      const d = only(`def f():\n    ${lit}\n    pass\n`, 'def');
      assert.equal(d.docstring, doc, lit);
    }
    assert.equal(only('def f():\n    x = "no"\n', 'def').docstring, undefined);
    assert.equal(only('class A(B, metaclass=M):\n    """cdoc"""\n    x = 1\n', 'class').docstring, 'cdoc');
    assert.equal(parseOk('"""Module doc."""\nimport numpy as np\n').docstring, 'Module doc.');
    assert.equal(parseOk('import numpy as np\n"""not a doc"""\n').docstring, undefined);
  });

  it('reads a class with bases', () => {
    const c = only('class A(B, metaclass=M):\n    x = 1\n', 'class');
    assert.equal(c.name, 'A');
    assert.deepEqual(c.bases.map(show), ['B']);
    assert.equal(c.body[0].kind, 'assign');
  });

  it('reads if/elif/else as nested ifs', () => {
    const s = only('if a:\n    x = 1\nelif b:\n    x = 2\nelse:\n    x = 3\n', 'if');
    assert.equal(show(s.test), 'a');
    assert.equal(s.orelse.length, 1);
    const elif = s.orelse[0];
    assert.equal(elif.kind, 'if');
    if (elif.kind === 'if') {
      assert.equal(show(elif.test), 'b');
      assert.equal(elif.orelse.length, 1);
      assert.equal(elif.orelse[0].kind, 'assign');
    }
  });

  it('reads for and while with else, with, and try', () => {
    const f = only('for i, x in enumerate(y):\n    pass\nelse:\n    break\n', 'for');
    assert.equal(show(f.target), '(i, x,)');
    assert.equal(show(f.iter), 'enumerate(y)');
    assert.deepEqual([f.body.map((s) => s.kind), f.orelse.map((s) => s.kind)], [['pass'], ['break']]);
    const w = only('while x:\n    continue\nelse:\n    pass\n', 'while');
    assert.deepEqual([show(w.test), w.body[0].kind, w.orelse[0].kind], ['x', 'continue', 'pass']);
    const wi = only('with open(f) as g, h:\n    pass\n', 'with');
    assert.deepEqual(wi.items.map((i) => [show(i.context), show(i.target)]), [['open(f)', 'g'], ['h', '_']]);
    const t = only('try:\n    a = 1\nexcept ValueError as e:\n    pass\nexcept (A, B):\n    pass\nexcept:\n    pass\nelse:\n    b = 2\nfinally:\n    c = 3\n', 'try');
    assert.equal(t.body.length, 1);
    assert.deepEqual(t.handlers.map((h) => [show(h.type), h.name]), [['ValueError', 'e'], ['(A, B,)', undefined], ['_', undefined]]);
    assert.equal(t.orelse[0].kind, 'assign');
    assert.equal(t.finalbody[0].kind, 'assign');
  });

  it('reads imports', () => {
    const i = only('import a.b as c, d', 'import');
    assert.deepEqual(i.names.map((n) => [n.name, n.asname]), [['a.b', 'c'], ['d', undefined]]);
    const f = only('from .x import (a, b as c)', 'importfrom');
    assert.deepEqual([f.module, f.level], ['x', 1]);
    assert.deepEqual(f.names.map((n) => [n.name, n.asname]), [['a', undefined], ['b', 'c']]);
    const up = only('from .. import y', 'importfrom');
    assert.deepEqual([up.module, up.level, up.names[0].name], ['', 2, 'y']);
    const star = only('from numpy.linalg import *', 'importfrom');
    assert.deepEqual([star.module, star.level, star.names[0].name], ['numpy.linalg', 0, '*']);
  });

  it('reads assert, del, return and the statements the engine ignores', () => {
    const a = only('assert x.shape == (1, 2), "msg"', 'assert');
    assert.equal(show(a.test), '(x.shape == (1i, 2i,))');
    assert.equal(show(a.msg), '"msg"');
    assert.deepEqual(only('del a[0], b', 'del').targets.map(show), ['a[0i]', 'b']);
    assert.equal(show(only('return a, b', 'return').value), '(a, b,)');
    assert.equal(only('return', 'return').value, undefined);
    const m = parseOk('global a, b\nraise ValueError("x")\nprint x\nx = 1\n');
    assert.deepEqual(m.body.map((s) => s.kind), ['other', 'other', 'other', 'assign']);
  });

  it('splits semicolon-separated statements', () => {
    const m = parseOk('a = 1; b = 2\n');
    assert.deepEqual(m.body.map((s) => s.kind), ['assign', 'assign']);
  });

  it('collects every comment with the text after #', () => {
    const src = '# top\nx = 1  # one\ndef f():\n    return (a,  # inside\n            b)\n';
    const m = parseOk(src);
    assert.deepEqual(m.comments.map((c) => c.text), [' top', ' one', ' inside']);
    for (const c of m.comments) assert.equal(slice(src, c.span), '#' + c.text);
  });

  it('gives statement spans that slice back to the statement text', () => {
    const m = parseOk(TWO_LAYER);
    const fwd = m.body.find((s) => s.kind === 'def' && s.name === 'forward_propagation');
    assert.ok(fwd && fwd.kind === 'def');
    if (!fwd || fwd.kind !== 'def') return;
    assert.equal(fwd.docstring, 'Forward pass: LINEAR -> TANH -> LINEAR -> SIGMOID.');
    const texts = fwd.body.map((s) => slice(TWO_LAYER, s.span));
    assert.ok(texts.includes('Z1 = np.dot(W1, X) + b1'));
    assert.ok(texts.includes('A2 = 1 / (1 + np.exp(-Z2))'));
    assert.equal(texts[texts.length - 1], 'return A2, cache');
    assert.ok(slice(TWO_LAYER, fwd.span).startsWith('def forward_propagation'));
    assert.ok(slice(TWO_LAYER, fwd.span).endsWith('return A2, cache'));
  });

  it('reads the whole realistic file without errors', () => {
    const m = parseOk(TWO_LAYER);
    assert.deepEqual(defNames(m), [
      'layer_sizes', 'initialize_parameters', 'forward_propagation', 'compute_cost', 'backward_propagation',
      'update_parameters', 'nn_model', 'predict', 'softmax', 'sgd_momentum', 'conv_single_step', 'zero_pad', 'pool_forward',
    ]);
    assert.deepEqual(m.body.slice(0, 4).map((s) => s.kind), ['expr', 'import', 'import', 'importfrom']);
  });

  it('keeps spans in UTF-16 offsets after non-ASCII text', () => {
    const src = 's = "é😀"\nx = y\n';
    const m = parseOk(src);
    assert.equal(slice(src, m.body[1].span), 'x = y');
    assert.equal(show(m.body[0].kind === 'assign' ? m.body[0].value : undefined), JSON.stringify('é😀'));
  });
});

describe('parsePython: error recovery', () => {
  it('keeps later functions when a paren is left open', () => {
    const broken = TWO_LAYER.replace('Z1 = np.dot(W1, X) + b1', 'Z1 = np.dot(W1, X + b1');
    const m = parsePython(broken);
    assert.deepEqual(defNames(m), defNames(parseOk(TWO_LAYER)));
    assert.equal(m.errors.length, 1);
    assert.equal(m.errors[0].message, "'(' was never closed");
    assert.equal(broken[m.errors[0].span.start], '(');
    // The broken statement is read with its paren closed, and the rest of its function survives.
    const fwd = m.body.find((s) => s.kind === 'def' && s.name === 'forward_propagation');
    assert.ok(fwd && fwd.kind === 'def');
    if (!fwd || fwd.kind !== 'def') return;
    const z1 = fwd.body.find((s) => s.kind === 'assign' && show(s.targets[0]) === 'Z1');
    assert.ok(z1 && z1.kind === 'assign');
    if (z1 && z1.kind === 'assign') {
      assert.equal(show(z1.value), 'np.dot(W1, (X + b1))');
      assert.equal(slice(broken, z1.span), 'Z1 = np.dot(W1, X + b1');
    }
    assert.ok(fwd.body.some((s) => s.kind === 'assign' && show(s.targets[0]) === 'A1'));
    assert.equal(fwd.body[fwd.body.length - 1].kind, 'return');
  });

  it('keeps the statements after an open subscript and a half-typed keyword argument', () => {
    for (const [from, to] of [
      ['A1 = cache["A1"]', 'A1 = cache["A1"'],
      ['db2 = 1./m * np.sum(dZ2, axis=1, keepdims=True)', 'db2 = 1./m * np.sum(dZ2, axis='],
    ]) {
      const m = parsePython(TWO_LAYER.replace(from, to));
      assert.ok(m.errors.length > 0, to);
      assert.deepEqual(defNames(m), defNames(parseOk(TWO_LAYER)), to);
      const bp = m.body.find((s) => s.kind === 'def' && s.name === 'backward_propagation');
      assert.ok(bp && bp.kind === 'def' && bp.body.some((s) => s.kind === 'assign' && show(s.targets[0]) === 'dZ1'), to);
    }
  });

  it('keeps a block header left open together with its body', () => {
    const broken = TWO_LAYER.replace('for i in range(0, num_iterations):', 'for i in range(0, num_iterations:');
    const m = parsePython(broken);
    assert.deepEqual(m.errors.map((e) => e.message), ["'(' was never closed"]);
    const model = m.body.find((s) => s.kind === 'def' && s.name === 'nn_model');
    assert.ok(model && model.kind === 'def');
    if (!model || model.kind !== 'def') return;
    const loop = model.body.find((s) => s.kind === 'for');
    assert.ok(loop && loop.kind === 'for');
    if (loop && loop.kind === 'for') {
      assert.equal(show(loop.iter), 'range(0i, num_iterations)');
      assert.equal(loop.body.length, 5);
    }
    const header = TWO_LAYER.replace('def predict(parameters, X):', 'def predict(parameters, X:');
    const m2 = parsePython(header);
    const predict = m2.body.find((s) => s.kind === 'def' && s.name === 'predict');
    assert.ok(predict && predict.kind === 'def');
    if (predict && predict.kind === 'def') {
      assert.deepEqual(predict.params.map((p) => p.name), ['parameters', 'X']);
      assert.deepEqual(predict.body.map((s) => s.kind), ['assign', 'assign', 'return']);
    }
  });

  it('keeps IPython magics as local errors', () => {
    const src = '%matplotlib inline\n!pip install numpy\nimport numpy as np\ndef f(x):\n    return x\n';
    const m = parsePython(src);
    assert.deepEqual(m.errors.map((e) => slice(src, e.span)), ['%matplotlib inline', '!pip install numpy']);
    assert.deepEqual(m.body.map((s) => s.kind), ['import', 'def']);
  });

  it('keeps a half-typed attribute local', () => {
    const m = parsePython('m = Y.\nn = 2\ndef g():\n    pass\n');
    assert.ok(m.errors.length >= 1);
    assert.deepEqual(m.body.map((s) => s.kind).slice(-2), ['assign', 'def']);
    const n = m.body.find((s) => s.kind === 'assign' && show(s.targets[0]) === 'n');
    assert.ok(n);
  });

  it('does not flag valid multi-line calls even when an error exists elsewhere', () => {
    const src = 'x = f(a,\nb=1)\ny = g(\n    c)\nz = )\n';
    const m = parsePython(src);
    assert.ok(m.errors.length > 0);
    assert.ok(!m.errors.some((e) => e.message.includes('never closed')));
    assert.deepEqual(m.body.map((s) => (s.kind === 'assign' ? show(s.value) : s.kind)), ['f(a, b=1i)', 'g(c)', '?']);
  });

  it('never throws on 2000 nested parentheses, brackets or operators', () => {
    for (const src of ['x = ' + '('.repeat(2000) + '1' + ')'.repeat(2000), 'x = ' + '['.repeat(2000), '-'.repeat(5000) + 'x', 'x = ' + 'a + '.repeat(3000) + 'a']) {
      const m = parsePython(src);
      assert.ok(Array.isArray(m.body));
    }
    const deepBlocks = Array.from({ length: 300 }, (_, i) => ' '.repeat(i) + 'if x:\n').join('') + ' '.repeat(300) + 'pass\n';
    assert.ok(Array.isArray(parsePython(deepBlocks).body));
  });

  it('never throws on binary junk and large files', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const junk = Array.from({ length: 20000 }, () => String.fromCharCode(Math.floor(rand() * 65536))).join('');
    const m = parsePython(junk);
    assert.ok(m.errors.length > 0);
    const big = TWO_LAYER.repeat(Math.ceil(1_000_000 / TWO_LAYER.length));
    const mb = parsePython(big);
    assert.ok(mb.body.length > 1000);
  });

  it('never throws on random truncations and edits of a realistic file', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let k = 0; k < 150; k++) {
      const cut = Math.floor(rand() * TWO_LAYER.length);
      const truncated = TWO_LAYER.slice(0, cut);
      const m = parsePython(truncated);
      assert.ok(!m.errors.some((e) => e.message.startsWith('internal')), `cut at ${cut}`);
      for (const s of m.body) assert.ok(s.span.start >= 0 && s.span.end <= truncated.length && s.span.start <= s.span.end);
      const at = Math.floor(rand() * TWO_LAYER.length);
      const edited = TWO_LAYER.slice(0, at) + TWO_LAYER.slice(at + 1 + Math.floor(rand() * 5));
      const e = parsePython(edited);
      assert.ok(!e.errors.some((x) => x.message.startsWith('internal')), `edit at ${at}`);
    }
  });
});
