// Tokenizes Python with VS Code's own TextMate engine (vscode-textmate + vscode-oniguruma, taken from
// the code-server install) and the built-in MagicPython grammar, with syntaxes/shape-comments.injection.json
// injected the way package.json contributes it; asserts which text gets the shape scopes.
// Usage: node test/vscode/grammarTest.mjs   (exit code 1 on a failed expectation)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CACHE, ROOT } from './lib.mjs';

const VSCODE = path.join(CACHE, 'node_modules', 'code-server', 'lib', 'vscode');
const req = createRequire(path.join(VSCODE, 'package.json'));
const tm = req('vscode-textmate');
const onig = req('vscode-oniguruma');

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributed = (manifest.contributes?.grammars ?? []).find((g) => (g.injectTo ?? []).includes('source.python'));
const injectionPath = path.join(ROOT, contributed?.path ?? 'syntaxes/shape-comments.injection.json');
const injection = JSON.parse(fs.readFileSync(injectionPath, 'utf8'));
const python = JSON.parse(fs.readFileSync(path.join(VSCODE, 'extensions', 'python', 'syntaxes', 'MagicPython.tmLanguage.json'), 'utf8'));

await onig.loadWASM(fs.readFileSync(req.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
const registry = new tm.Registry({
  onigLib: Promise.resolve({ createOnigScanner: (s) => new onig.OnigScanner(s), createOnigString: (s) => new onig.OnigString(s) }),
  loadGrammar: async (scope) => (scope === 'source.python' ? python : scope === injection.scopeName ? injection : null),
  getInjections: (scope) => (scope === 'source.python' ? [injection.scopeName] : undefined),
});
const grammar = await registry.loadGrammar('source.python');

/** Every (text, scopes) token of `code`, line by line. */
function tokenize(code) {
  const out = [];
  let state = tm.INITIAL;
  for (const line of code.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) out.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  }
  return out;
}
/** The source text covered by the shape-tuple scope, joined per tuple. */
function shapes(code) {
  const found = [];
  let cur = null;
  for (const t of tokenize(code)) {
    if (t.scopes.includes('meta.shape.backprop-lint')) cur = (cur ?? '') + t.text;
    else if (cur !== null) { found.push(cur); cur = null; }
  }
  if (cur !== null) found.push(cur);
  return found;
}

const cases = [
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
];
let failed = 0;
for (const [code, want] of cases) {
  const got = shapes(code);
  const ok = JSON.stringify(got) === JSON.stringify(want);
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${JSON.stringify(code).slice(0, 70).padEnd(72)} ${JSON.stringify(got)}${ok ? '' : ` (want ${JSON.stringify(want)})`}`);
}
// the dimension names carry their own scope, numbers theirs
const dimScopes = tokenize('# shape: (n_h, 1)').filter((t) => t.scopes.includes('meta.shape.backprop-lint'));
const nameTok = dimScopes.find((t) => t.text === 'n_h');
const numTok = dimScopes.find((t) => t.text === '1');
if (!nameTok?.scopes.includes('entity.name.type.dimension.backprop-lint') || !numTok?.scopes.includes('constant.numeric.dimension.backprop-lint')) {
  failed++;
  console.log('FAIL dimension token scopes:', JSON.stringify(dimScopes));
}
if (!contributed) { failed++; console.log('FAIL package.json contributes.grammars has no injection into source.python'); }
console.log(`grammar: ${cases.length + 2 - failed}/${cases.length + 2} passed`);
process.exit(failed ? 1 : 0);
