// Tokenizes Python, TypeScript, TSX, JavaScript and JSX with VS Code's own TextMate engine (vscode-textmate +
// vscode-oniguruma, taken from the code-server install) and VS Code's built-in grammars (MagicPython, the
// TypeScript and JavaScript grammars and their JSDoc injections), with the grammars package.json contributes
// (syntaxes/*.injection.json) injected the way VS Code does: by their injectTo. Asserts which text gets the
// shape scopes, and that the injections change nothing else: every other character of the fixtures keeps
// the scopes VS Code gives it without them.
// Usage: node test/vscode/grammarTest.mjs   (exit code 1 on a failed expectation; run by test/vscode/run.mjs)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CACHE, ROOT } from './lib.mjs';

const VSCODE = path.join(CACHE, 'node_modules', 'code-server', 'lib', 'vscode');
const req = createRequire(path.join(VSCODE, 'package.json'));
const tm = req('vscode-textmate');
const onig = req('vscode-oniguruma');

const SHAPE = 'meta.shape.backprop-lint';
const OURS = /\.backprop-lint$/;
const SOURCES = { python: 'source.python', typescript: 'source.ts', typescriptreact: 'source.tsx', javascript: 'source.js', javascriptreact: 'source.js.jsx' };
const TS_SCOPES = [SOURCES.typescript, SOURCES.typescriptreact, SOURCES.javascript, SOURCES.javascriptreact];

/** Grammars contributed by an extension folder's package.json: { scopeName, file, injectTo }. */
function contributions(dir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return (manifest.contributes?.grammars ?? []).map((g) => ({ scopeName: g.scopeName, file: path.join(dir, g.path), injectTo: g.injectTo ?? [] }));
}
const builtIn = ['python', 'typescript-basics', 'javascript'].flatMap((e) => contributions(path.join(VSCODE, 'extensions', e)));
const ours = contributions(ROOT);
const grammarFiles = new Map([...builtIn, ...ours].map((g) => [g.scopeName, g.file]));

await onig.loadWASM(fs.readFileSync(req.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
const onigLib = Promise.resolve({ createOnigScanner: (s) => new onig.OnigScanner(s), createOnigString: (s) => new onig.OnigString(s) });
/** A registry with VS Code's grammars, and ours unless `withOurs` is false. */
function registry(withOurs) {
  const injectors = withOurs ? [...builtIn, ...ours] : builtIn;
  return new tm.Registry({
    onigLib,
    loadGrammar: async (scope) => {
      const file = grammarFiles.get(scope);
      if (!file || (!withOurs && ours.some((g) => g.scopeName === scope))) return null;
      return tm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
    getInjections: (scope) => injectors.filter((g) => g.injectTo.includes(scope)).map((g) => g.scopeName),
  });
}
const withOurs = registry(true);
const without = registry(false);
const grammars = new Map();
async function grammarFor(reg, scope) {
  const key = `${reg === withOurs}:${scope}`;
  if (!grammars.has(key)) grammars.set(key, await reg.loadGrammar(scope));
  return grammars.get(key);
}

/** Every (text, scopes) token of `code`, line by line, as `scope`'s grammar reads it. */
async function tokenize(code, scope = SOURCES.python, reg = withOurs) {
  const grammar = await grammarFor(reg, scope);
  const out = [];
  let state = tm.INITIAL;
  for (const [line, text] of code.split('\n').entries()) {
    const r = grammar.tokenizeLine(text, state);
    for (const t of r.tokens) out.push({ line, start: t.startIndex, text: text.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  }
  return out;
}
/** The source text covered by the shape scope, joined per list. */
async function shapes(code, scope) {
  const found = [];
  let cur = null;
  for (const t of await tokenize(code, scope)) {
    if (t.scopes.includes(SHAPE)) cur = (cur ?? '') + t.text;
    else if (cur !== null) { found.push(cur); cur = null; }
  }
  if (cur !== null) found.push(cur);
  return found;
}

let failed = 0;
let passed = 0;
const check = (ok, what) => {
  if (ok) passed++;
  else failed++;
  return ok;
};
async function runCases(cases, scopes) {
  for (const [code, want] of cases) {
    for (const scope of scopes) {
      const got = await shapes(code, scope);
      const ok = check(JSON.stringify(got) === JSON.stringify(want));
      if (!ok || scope === scopes[0]) {
        const where = scopes.length > 1 ? (ok ? `[${scopes.length} languages]` : `[${scope}]`) : '';
        console.log(`${ok ? 'ok  ' : 'FAIL'} ${where.padEnd(22)} ${JSON.stringify(code).slice(0, 70).padEnd(72)} ${JSON.stringify(got)}${ok ? '' : ` (want ${JSON.stringify(want)})`}`);
      }
    }
  }
}

// ---------------------------------------------------------------- Python comments and docstrings
await runCases([
  ['# shape: (n_h, m)', ['(n_h, m)']],
  ['Z1 = W1 @ X  # shape: (n_h, m)', ['(n_h, m)']],
  ['# Z1: (n_h, m) -> A1: (n_h, m)', ['(n_h, m)', '(n_h, m)']],
  ['# db1 has shape (n_h, 1), a column', ['(n_h, 1)']],
  ['# a rank-1 array of shape (n,)', ['(n,)']],
  ['# stacked: (2 * n_h, m + 1)', ['(2 * n_h, m + 1)']],
  ['def f(X):\n    """\n    X -- input data of size (n_x, m)\n    W1 -- weight matrix of shape (n_h, n_x)\n    """', ['(n_x, m)', '(n_h, n_x)']],
  ["def f(X):\n    '''Returns A2, of shape (1, m).'''", ['(1, m)']],
  // not shape annotations
  ['# see the notes (section 2) for details', []],
  ['# colours (red, green) are ignored', []],
  ['x = np.zeros((n_h, m))  # zeros', []],
  ['s = "shape: (n_h, m)"', []],
], [SOURCES.python]);

// ---------------------------------------------------------------- TypeScript / JavaScript comments and JSDoc
// The forms engine/syntax/typescript (jsdoc.ts, and engine/shapes/commentShapes.ts for comments) reads,
// each in all four languages.
await runCases([
  // comments on an assignment's line
  ['const Z1 = tf.matMul(W1, X).add(b1); // shape: [n_h, m]', ['[n_h, m]']],
  ['const A1 = tf.tanh(Z1); // shape: (n_h, m)', ['(n_h, m)']],
  ['const A1 = tf.tanh(Z1); // shape [n_h, m]', ['[n_h, m]']],
  ['const A1 = tf.tanh(Z1); // hidden activations, shape [n_h, m]', ['[n_h, m]']],
  ['const A1 = tf.tanh(Z1); // A1.shape == [n_h, m]', ['[n_h, m]']],
  ['const A1 = tf.tanh(Z1); // A1: [n_h, m]', ['[n_h, m]']],
  ['const W1 = p.W1; // parameters.W1: [n_h, n_x]', ['[n_h, n_x]']],
  ['const A2 = sigmoid(Z2); // Output: [n_y, m]', ['[n_y, m]']],
  ['const Z1 = W1.mmul(X); // (n_h, n_x) . (n_x, m) -> (n_h, m)', ['(n_h, m)']],
  ['const b = nj.zeros([n_h]); // shape: [n_h]', ['[n_h]']],
  ['const s = tf.concat([A, B]); // shape: [2 * n_h, m + 1]', ['[2 * n_h, m + 1]']],
  ['const Z = A.add(B); /* shape: [n_h, m] */', ['[n_h, m]']],
  ['  // shape: (n_x, m)\n  // shape: [n_y, m]', ['(n_x, m)', '[n_y, m]']],
  // JSDoc tags
  ['/**\n * Forward pass.\n * @param X inputs, shape [nIn, m]\n * @param parameters.W1 weights, shape: [nH, nIn]\n * @arg b1 bias, of shape (nH, 1)\n * @returns A2 -- output, shape [1, m]\n */\nfunction forward(X, parameters, b1) {}',
    ['[nIn, m]', '[nH, nIn]', '(nH, 1)', '[1, m]']],
  ['/**\n * @param X the input data,\n *   shape [nIn, m]\n * @return Z -- of size [nH, m]\n */', ['[nIn, m]', '[nH, m]']],
  ['/** @param X data, shape [nX, m] @param W weights, shape [nH, nX] */', ['[nX, m]', '[nH, nX]']],
  ['/**\n * See {@link forward}.\n * @param X inputs, shape [nIn, m]\n */', ['[nIn, m]']],
  ['  /** @shape [n_h, m] */\n  const Z1 = tf.matMul(W1, X);', ['[n_h, m]']],
  ['/** @shape (n_h, m) */', ['(n_h, m)']],
  ['/**\n * @shape [n_h, m]\n */', ['[n_h, m]']],
  // not shape annotations
  ['// see the notes (section 2) for details', []],
  ['// colours [red, green] and (red, green) are ignored', []],
  ['const s = x.shape; // the shape, printed below', []],
  ['const shape = [n_h, m];', []],
  ['const t = tf.zeros([n_h, m]); // zeros', []],
  ['const t = tf.tensor(values, { shape: [n_h, m] });', []],
  ["const s = 'shape: [n_h, m]';", []],
  ['const s = `shape: (n_h, m)`;', []],
  ['// TODO: [n_h, m]', []],
  ['// the layer Z1: [n_h, m]', []],
  ['// tf.reshape(x, [n_h, m])', []],
  ['/**\n * Forward pass; X has shape [nIn, m].\n * @param X inputs\n */', []],
  ['/**\n * @param X inputs\n * @throws {Error} when X has shape [a, b]\n */', []],
  ['/** @shape [n_h, m] hidden */', []],
  ['/** @type {[number, number]} */', []],
  ['/** @example\n * const Z = tf.zeros([n, m]); // shape: [n, m]\n */', []],
], TS_SCOPES);
// TypeScript's own syntax around the comments
await runCases([
  ['function f(X: tf.Tensor2D /* shape: [nX, m] */): number[] { return [1, 2]; }', ['[nX, m]']],
  ['type Shape = [rows: number, cols: number]; // a pair', []],
  ['/**\n * @param {tf.Tensor2D} X inputs, shape [nIn, m]\n * @param {{ shape: [number, number] }} opts options\n */', ['[nIn, m]']],
], [SOURCES.typescript, SOURCES.typescriptreact]);

// the dimension names carry their own scope, numbers theirs, brackets theirs
for (const [code, scope] of [['# shape: (n_h, 1)', SOURCES.python], ['// shape: [n_h, 1]', SOURCES.typescript], ['/** @param b bias, shape [n_h, 1] */', SOURCES.javascript]]) {
  const dimScopes = (await tokenize(code, scope)).filter((t) => t.scopes.includes(SHAPE));
  const nameTok = dimScopes.find((t) => t.text === 'n_h');
  const numTok = dimScopes.find((t) => t.text === '1');
  const open = dimScopes.find((t) => t.text === '(' || t.text === '[');
  if (!check(nameTok?.scopes.includes('entity.name.type.dimension.backprop-lint') && numTok?.scopes.includes('constant.numeric.dimension.backprop-lint')
    && open?.scopes.includes('punctuation.definition.shape.begin.backprop-lint'))) console.log(`FAIL dimension token scopes in ${scope}:`, JSON.stringify(dimScopes));
}
// the JSDoc tags keep VS Code's own colours inside the tag region
{
  const toks = await tokenize('/**\n * @param {tf.Tensor2D} X inputs, shape [nIn, m]\n * @shape [n_h, m]\n */', SOURCES.typescript);
  const scopesOf = (text) => toks.find((t) => t.text === text)?.scopes ?? [];
  const ok = scopesOf('X').includes('variable.other.jsdoc') && scopesOf('param').includes('storage.type.class.jsdoc')
    && scopesOf('shape').includes('storage.type.class.jsdoc') && toks.some((t) => t.scopes.includes('entity.name.type.instance.jsdoc'));
  if (!check(ok)) console.log('FAIL JSDoc tag scopes:', JSON.stringify(toks.map((t) => [t.text, t.scopes.slice(2)])));
}

// ---------------------------------------------------------------- nothing else changes
// Every character of the fixtures has the same scopes with and without our injections, once the shape
// scopes (ours, *.backprop-lint) are taken out: the injections add shape scopes and take nothing away.
/** Per line, per character, the scopes (without ours) joined. */
async function charScopes(code, scope, reg) {
  const lines = code.split('\n').map((l) => new Array(l.length).fill(''));
  for (const t of await tokenize(code, scope, reg)) {
    const s = t.scopes.filter((x) => !OURS.test(x)).join(' ');
    for (let i = 0; i < t.text.length; i++) lines[t.line][t.start + i] = s;
  }
  return lines;
}
function filesUnder(dir, re) {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && re.test(d.name)).map((d) => path.join(d.parentPath ?? d.path, d.name)).sort();
}
const SCOPE_OF_EXT = { '.py': SOURCES.python, '.ts': SOURCES.typescript, '.tsx': SOURCES.typescriptreact, '.js': SOURCES.javascript, '.jsx': SOURCES.javascriptreact };
const fixtures = [
  ...filesUnder(path.join(ROOT, 'test', 'fixtures', 'typescript'), /\.(ts|js)$/),
  ...filesUnder(path.join(ROOT, 'test', 'fixtures', 'python'), /\.py$/).slice(0, 20),
  ...filesUnder(path.join(ROOT, 'test', 'vscode', 'workspace'), /\.(ts|py)$/),
];
let marked = 0;
for (const file of fixtures) {
  const code = fs.readFileSync(file, 'utf8');
  const scopes = path.extname(file) === '.py' ? [SCOPE_OF_EXT['.py']] : path.extname(file) === '.ts' ? [SOURCES.typescript, SOURCES.typescriptreact] : [SOURCES.javascript, SOURCES.javascriptreact];
  for (const scope of scopes) {
    const a = await charScopes(code, scope, withOurs);
    const b = await charScopes(code, scope, without);
    const diff = a.flatMap((l, i) => l.map((s, j) => [i, j, s, b[i][j]])).find(([, , s, t]) => s !== t);
    if (!check(!diff)) console.log(`FAIL ${path.relative(ROOT, file)} [${scope}] line ${diff[0] + 1} col ${diff[1] + 1}: scopes differ with the injections:\n  with:    ${diff[2]}\n  without: ${diff[3]}`);
    marked += (await tokenize(code, scope)).filter((t) => t.scopes.includes(SHAPE)).length;
  }
}
console.log(`${fixtures.length} fixtures: same scopes with and without the injections except the shape scopes (${marked} shape tokens)`);

// ---------------------------------------------------------------- package.json
const injectsInto = (scope) => ours.filter((g) => g.injectTo.includes(scope));
if (!check(injectsInto(SOURCES.python).length === 1)) console.log('FAIL package.json contributes.grammars: no one injection into source.python');
for (const scope of TS_SCOPES) {
  const names = injectsInto(scope).map((g) => g.scopeName).sort();
  const want = ['backprop-lint.shape-comments.typescript.injection', 'backprop-lint.shape-jsdoc.typescript.injection'];
  if (!check(JSON.stringify(names) === JSON.stringify(want))) console.log(`FAIL package.json contributes.grammars into ${scope}: ${JSON.stringify(names)} (want ${JSON.stringify(want)})`);
}
for (const g of ours) {
  const scopeName = JSON.parse(fs.readFileSync(g.file, 'utf8')).scopeName;
  if (!check(scopeName === g.scopeName)) console.log(`FAIL ${path.relative(ROOT, g.file)}: scopeName ${scopeName}, package.json says ${g.scopeName}`);
}
console.log(`grammar: ${passed}/${passed + failed} passed`);
process.exit(failed ? 1 : 0);
