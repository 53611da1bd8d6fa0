// Modules a TypeScript or JavaScript file imports: where they are looked for, and their shapes
// reaching the importing file (through a module that imports another, relative to itself).

import { strict as assert } from 'node:assert';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDocument } from '../../engine/analyze';
import { modulePaths } from '../../engine/moduleFiles';
import { rebaseImports } from '../../engine/syntax/typescript/moduleImports';
import { parseTypeScript } from '../../engine/syntax/typescript/lower';
import { NO_WALL_CLOCK } from './budget';

describe('modulePaths: a script\'s relative imports', () => {
  // Only paths are computed here; nothing is read, so the folders need not exist.
  const root = path.join(os.tmpdir(), 'backprop-lint-modules');
  const dir = path.join(root, 'src');
  it('tries the path as written with each script extension, then its folder\'s index', () => {
    assert.deepEqual(modulePaths(dir, './utils'), [
      ...['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'].map((e) => path.join(dir, `utils${e}`)),
      path.join(dir, 'utils', 'index.ts'),
      path.join(dir, 'utils', 'index.js'),
    ]);
  });

  it('takes a named extension as is, and a .js as the .ts it was compiled from', () => {
    assert.deepEqual(modulePaths(dir, '../lib/u.js'), [path.join(root, 'lib', 'u.js'), path.join(root, 'lib', 'u.ts'), path.join(root, 'lib', 'u.tsx')]);
    assert.deepEqual(modulePaths(dir, './m.ts'), [path.join(dir, 'm.ts')]);
  });

  it('keeps the Python rule for module names', () => {
    assert.deepEqual(modulePaths(dir, 'planar_utils'), [path.join(dir, 'planar_utils.py'), path.join(dir, 'planar_utils', '__init__.py')]);
  });
});

describe('rebaseImports: a module\'s own relative imports', () => {
  it('are made relative to the analysed file', () => {
    const m = parseTypeScript("import { f } from './b';\nimport * as c from '../c';\nimport { g } from 'pkg';", 'typescript', 'a.ts').module;
    const names = rebaseImports(m, './lib/a').body.map((s) => (s.kind === 'importfrom' ? s.module : s.kind === 'import' ? s.names[0]!.name : s.kind));
    assert.deepEqual(names.filter((n) => n !== 'numpy'), ['./lib/b', './c', 'pkg']);
  });
});

describe('a TypeScript file\'s imported modules reach its shapes', () => {
  const main = [
    "import * as tf from '@tensorflow/tfjs';",
    "import { init } from './lib/a';",
    '/** @param X inputs, shape [nX, m] */',
    'export function step(X: tf.Tensor2D) {',
    '  const p = init(X.shape[0]);',
    '  const Z = tf.matMul(X, p.W);',
    '  return Z;',
    '}',
  ].join('\n');
  const modules: Record<string, string> = {
    './lib/a': "import { weights } from './b';\nexport function init(nX: number) {\n  return { W: weights(nX, 3) };\n}\n",
    './lib/b': "import * as tf from '@tensorflow/tfjs';\nexport function weights(r: number, c: number) {\n  return tf.randomNormal([r, c]);\n}\n",
    'planar_utils': 'this is a Python file a bare import must never read',
  };
  const asked: string[] = [];
  const readModule = (name: string) => {
    asked.push(name);
    return modules[name];
  };

  it('through a module that imports another beside itself', () => {
    const r = analyzeDocument({ kind: 'typescript', path: 'main.ts', text: main, language: 'typescript' }, { ...NO_WALL_CLOCK, readModule });
    // X is (nX, m) and p.W is (nX, 3), named c after weights(r, c) in ./lib/b, through ./lib/a
    assert.deepEqual(r.findings.map((f) => `${f.range.start.line + 1}:${f.code}:${f.message}`), ['6:missing-transpose:tf.matMul: (nX, m) · (nX, c): inner dimensions m and nX differ']);
    assert.deepEqual(asked.filter((n) => n.startsWith('./')).sort(), ['./lib/a', './lib/b']);
  });

  it('not through a bare package name', () => {
    asked.length = 0;
    analyzeDocument({ kind: 'typescript', path: 'main.ts', text: "import { f } from 'planar_utils';\nconst y = f(1);", language: 'typescript' }, { ...NO_WALL_CLOCK, readModule });
    assert.deepEqual(asked, []);
  });
});
