// The chunked, cached Python parse (engine/syntax/python/chunks.ts, parse.ts): where chunks start,
// that a chunked parse of valid code equals the whole-file parse, and that a parse through a
// document's ParseCache equals a fresh one at every step of typing.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chunkStarts } from '../../engine/syntax/python/chunks';
import { parsePython, parsePythonUnchunked, variantCache } from '../../engine/syntax/python/parse';
import { ParseCache } from '../../engine/syntax/parseCache';

const ROOT = path.resolve(__dirname, '..', '..');

/** The first line of each chunk, for readable assertions. */
function chunkLines(text: string): string[] {
  return chunkStarts(text).map((s) => text.slice(s, text.indexOf('\n', s) < 0 ? undefined : text.indexOf('\n', s)));
}

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pythonFiles(p));
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

describe('chunkStarts: where top-level chunks begin', () => {
  it('cuts before each top-level statement, keeping comments and blank lines with the chunk above', () => {
    const src = ['import numpy as np', '', '# helpers', 'def f(x):', '    return x', '', '# a comment at column 0', 'y = f(1)', ''].join('\n');
    assert.deepEqual(chunkLines(src), ['import numpy as np', 'def f(x):', 'y = f(1)']);
  });

  it('keeps a decorator with its definition, and else/elif/except/finally with their statement', () => {
    const src = ['@decorator(', '    1,', ')', '@other', 'def f():', '    pass', 'if a:', '    pass', 'elif b:', '    pass', 'else:', '    pass', 'try:', '    pass', 'except E:', '    pass', 'finally:', '    pass', 'z = 1'].join('\n');
    assert.deepEqual(chunkLines(src), ['@decorator(', 'if a:', 'try:', 'z = 1']);
  });

  it('does not cut inside triple-quoted strings, brackets or after a backslash', () => {
    const src = ['s = """', 'def not_code():', '"""', 'x = np.array([', '1, 2,', '])', 'y = 1 + \\', '2', "t = '''x''' + 'def'", 'w = 3'].join('\n');
    assert.deepEqual(chunkLines(src), ['s = """', 'x = np.array([', 'y = 1 + \\', "t = '''x''' + 'def'", 'w = 3']);
  });

  it('does not cut at a column-0 comment inside a function body', () => {
    const src = ['def f():', '    a = 1', '# old code', '    return a', 'b = 2'].join('\n');
    assert.deepEqual(chunkLines(src), ['def f():', 'b = 2']);
  });

  it('cuts at a def after a bracket left open while typing, so it does not swallow the rest', () => {
    const src = ['def f(dZ2):', '    db2 = np.sum(dZ2, axis=', '    return db2', 'def g():', '    return 1', 'x = (1,', '2)'].join('\n');
    assert.deepEqual(chunkLines(src), ['def f(dZ2):', 'def g():', 'x = (1,']);
  });
});

describe('parsePython: chunked parse', () => {
  const files = [...pythonFiles(path.join(ROOT, 'test', 'fixtures')), ...pythonFiles(path.join(ROOT, 'examples'))];

  it(`equals the whole-file parse on every Python fixture (${files.length} files)`, () => {
    assert.ok(files.length > 50, `only ${files.length} fixtures found`);
    let multi = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const whole = parsePythonUnchunked(text);
      if (whole.errors.length > 0) continue;
      if (chunkStarts(text).length > 3) multi++;
      assert.deepStrictEqual(parsePython(text), whole, path.relative(ROOT, file));
    }
    assert.ok(multi > 40, `only ${multi} fixtures have several chunks`);
  });

  it('keeps every later function when a call is left open mid-file, with the error on its line', () => {
    const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'python', 'planar', 'correct', 'planar.py'), 'utf8');
    const at = text.indexOf('np.sum(dZ2, axis=1, keepdims=True)');
    assert.ok(at > 0);
    const broken = text.slice(0, at) + 'np.sum(dZ2, axis=' + text.slice(at + 'np.sum(dZ2, axis=1, keepdims=True)'.length);
    const defs = (m: ReturnType<typeof parsePython>) => m.body.filter((s) => s.kind === 'def').map((s) => (s.kind === 'def' ? s.name : ''));
    const m = parsePython(broken);
    assert.deepEqual(defs(m), defs(parsePython(text)));
    assert.ok(m.errors.length > 0);
    const errorLine = broken.slice(0, m.errors[0]!.span.start).split('\n').length;
    assert.equal(errorLine, broken.slice(0, at).split('\n').length);
  });
});

describe('parsePython: through a ParseCache', () => {
  const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'python', 'planar', 'correct', 'planar.py'), 'utf8');

  /** Delete `call` where it first occurs after `after`, then type it back one character at a time. */
  function typingSequence(src: string, after: string, call: string): string[] {
    const at = src.indexOf(call, src.indexOf(after));
    assert.ok(at > 0, `${call} not found`);
    const out: string[] = [];
    for (let k = 0; k <= call.length; k++) out.push(src.slice(0, at) + call.slice(0, k) + src.slice(at + call.length));
    return out;
  }

  it('gives at every keystroke what a fresh parse gives (edits at the top, middle and end)', () => {
    const cache = new ParseCache();
    const steps = [
      ...typingSequence(text, 'def backward_propagation', 'np.sum(dZ2, axis=1, keepdims=True)'),
      ...typingSequence(text, 'def layer_sizes', 'X.shape[0]'),
      ...typingSequence(text, 'def nn_model', 'np.random.seed(3)'),
      // lines inserted and removed move every later chunk
      text.replace('import numpy as np', 'import numpy as np\n\n\n'),
      text.replace('def sigmoid', '# a new comment\ndef sigmoid'),
      text,
    ];
    for (const [k, step] of steps.entries()) assert.deepStrictEqual(parsePython(step, cache), parsePython(step), `step ${k}`);
  });

  it('gives the right parse when handed another document, or a document with a repeated chunk', () => {
    const cache = new ParseCache();
    parsePython(text, cache);
    const other = 'import numpy as np\n\ndef f(x):\n    return x\n\ndef f(x):\n    return x\n';
    assert.deepStrictEqual(parsePython(other, cache), parsePython(other));
    const moved = 'y = 1\n' + other;
    const m = parsePython(moved, cache);
    assert.deepStrictEqual(m, parsePython(moved));
    assert.equal(moved.slice(m.body[3]!.span.start, m.body[3]!.span.end), 'def f(x):\n    return x');
  });

  it('reuses unchanged chunks as they are, and parses edited variants without changing the cache', () => {
    const cache = new ParseCache();
    const first = parsePython(text, cache);
    const edited = text.replace('np.dot(W2.T, dZ2)', 'np.dot(W2, dZ2)');
    assert.notEqual(edited, text);
    assert.deepStrictEqual(parsePython(edited, variantCache(cache)), parsePython(edited));
    const again = parsePython(text, cache);
    assert.deepStrictEqual(again, first);
    // every statement object is the one parsed the first time: nothing was parsed again
    assert.ok(again.body.every((s, k) => s === first.body[k]));
  });

  it('reuses each of thousands of identical lines once, in place or moved (the 1.9 MB file of the protocol tests)', () => {
    const cache = new ParseCache();
    const lines = 'import numpy as np\n' + 'A = np.dot(np.zeros((3, 4)), np.zeros((4, 5))) + 1  # filler\n'.repeat(3000);
    const first = parsePython(lines, cache);
    const again = parsePython(lines, cache);
    assert.equal(again.body.length, 3001);
    assert.ok(again.body.every((s, k) => s === first.body[k]), 'an unchanged line was parsed again or handed out twice');
    assert.equal(new Set(again.body).size, 3001);
    const moved = '# a comment\n' + lines;
    assert.deepStrictEqual(parsePython(moved, cache), parsePython(moved));
  });
});
