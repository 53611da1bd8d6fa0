// TypeScript and JavaScript documents over JSON-RPC, served as Python ones are: the planted-bug
// fixtures of test/fixtures/typescript (their expectation comments dropped) give the finding on its
// range, with a fix in the library's idiom that, applied, clears it; hovers, derivation hovers, inlay
// hints and "ignore" comments (`//`); the compiler loaded once, in the analysis worker, and logged;
// half-typed documents and a server whose compiler is missing keep serving.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Hover, InlayHint, MarkupContent } from 'vscode-languageserver-protocol';
import { LOADING_TYPESCRIPT } from '../../server/analyzer';
import { applyEdits, FORWARD_WITH_BUG, fileUri, makeTempDir, removeDir, textAt } from './fixtures';
import { LspTestClient, REPO_ROOT, startInTempDir, stopAndRemove } from './lspClient';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'typescript');
/** A fixture as a user would have it: without the `//   ^^^ code: message` expectation lines. */
const fixture = (rel: string) =>
  fs
    .readFileSync(path.join(FIXTURES, rel), 'utf8')
    .split('\n')
    .filter((l) => !/^\s*\/\/\s*\^+ [a-z-]+:/.test(l))
    .join('\n');
const lineOf = (text: string, needle: string) => {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${needle}`);
  return i;
};
const lineText = (text: string, line: number) => text.split('\n')[line];
const markdown = (h: Hover | null) => (h?.contents as MarkupContent | undefined)?.value ?? '';
const LOADED = /^backprop-lint: loaded the TypeScript compiler in \d+ ms \((in the analysis worker|on the main thread)\)/;

describe('protocol: TypeScript and JavaScript documents', () => {
  let client: LspTestClient;
  let dir: string;

  before(async () => ({ client, dir } = await startInTempDir()));
  after(() => stopAndRemove(client, dir));

  async function quickFixes(uri: string, d: Diagnostic): Promise<CodeAction[]> {
    return (await client.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } })) ?? [];
  }

  /** Applies the action's edit to `text` and sends it as the next version; resolves with its diagnostics. */
  async function apply(uri: string, text: string, action: CodeAction): Promise<{ text: string; diagnostics: Diagnostic[] }> {
    const edits = action.edit?.changes?.[uri];
    assert.ok(edits && edits.length > 0, `${action.title} has edits for ${uri}`);
    const v = await client.change(uri, edits.map((e) => ({ range: e.range, text: e.newText })));
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: v });
    return { text: applyEdits(text, edits), diagnostics };
  }

  it('loads the compiler once, in the analysis worker, on the first TypeScript document: status "loading TypeScript", one log line', async () => {
    const uri = fileUri(dir, 'first.ts');
    const text = fixture('tfjs/correct/planar.ts');
    await client.open(uri, text, 'typescript');
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(diagnostics, []);
    assert.ok(
      client.statuses.some((s) => s.uri === uri && s.state === 'analysing' && s.detail === LOADING_TYPESCRIPT),
      `an analysing status saying ${LOADING_TYPESCRIPT}: ${JSON.stringify(client.statuses.filter((s) => s.uri === uri))}`,
    );
    assert.deepEqual(await client.waitForSettled(uri), { state: 'idle', findings: 0, uri });
    const loaded = client.logs.filter((l) => LOADED.test(l));
    assert.equal(loaded.length, 1, client.logs.join('\n'));
    assert.match(loaded[0], /in the analysis worker\), for file:.*first\.ts$/);
  });

  it('a missing transpose (tfjs): the finding on tf.matMul(dZ1, X), and the fix sets transposeB; applied, it clears', async () => {
    const uri = fileUri(dir, 'dW1_missing_transpose.ts');
    const text = fixture('tfjs/bugs/dW1_missing_transpose.ts');
    await client.open(uri, text, 'typescript');
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    const line = lineOf(text, 'const dW1 = tf.matMul(dZ1, X).div(m);');
    assert.deepEqual(diagnostics.map((d) => `${d.range.start.line} ${d.code}`), [`${line} missing-transpose`]);
    const d = diagnostics[0];
    assert.equal(textAt(text, d.range), 'tf.matMul(dZ1, X)');
    assert.equal(d.source, 'backprop-lint');
    assert.match(typeof d.message === 'string' ? d.message : d.message.value, /^tf\.matMul: \(4, m\) · \(nX, m\): inner dimensions m and nX differ/);
    assert.match(d.codeDescription?.href ?? '', /\/docs\/diagnostics\/missing-transpose\.md$/);
    const actions = await quickFixes(uri, d);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.title, 'Transpose X (tf.matMul(dZ1, X, false, true))');
    const after = await apply(uri, text, fix);
    assert.equal(lineText(after.text, line), '  const dW1 = tf.matMul(dZ1, X, false, true).div(m);');
    assert.deepEqual(after.diagnostics, []);
  });

  it('a missing 1/m (gradient verification): the fix appends .div(m); applied, the script verifies clean', async () => {
    const uri = fileUri(dir, 'dW2_missing_batch_mean.ts');
    const text = fixture('tfjs/bugs/dW2_missing_batch_mean.ts');
    await client.open(uri, text, 'typescript');
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    const line = lineOf(text, 'const dW2 = tf.matMul(dZ2, A1, false, true);');
    assert.deepEqual(diagnostics.map((d) => `${d.range.start.line} ${d.code}`), [`${line} missing-batch-mean`]);
    assert.match(String(diagnostics[0].message), /^dW2 is m times too large/);
    const fix = (await quickFixes(uri, diagnostics[0])).find((a) => a.isPreferred);
    assert.ok(fix);
    assert.equal(fix.title, 'Divide by m (tf.matMul(dZ2, A1, false, true).div(m))');
    const after = await apply(uri, text, fix);
    assert.equal(lineText(after.text, line), '  const dW2 = tf.matMul(dZ2, A1, false, true).div(m);');
    assert.deepEqual(after.diagnostics, []);
  });

  it('hovers a TypeScript variable with its shape and the library call it came from', async () => {
    const uri = fileUri(dir, 'hover.ts');
    const text = fixture('tfjs/correct/planar.ts');
    await client.open(uri, text, 'typescript');
    await client.waitForDiagnostics(uri, { version: 1 });
    const line = lineOf(text, 'const Z1 = tf.matMul(W1, X).add(b1);');
    const target = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: lineText(text, line).indexOf('Z1') + 1 } });
    assert.equal(markdown(target), `\`\`\`typescript\nZ1\n\`\`\`\n\n**shape** \`(nH, m)\`\n\n_from \`tf.matMul(W1, X).add(b1)\`, line ${line + 1}_`);
    // the inner product: named by the library's spelling, not NumPy's
    const inner = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: lineText(text, line).indexOf('matMul') + 2 } });
    assert.match(markdown(inner), /^```typescript\ntf\.matMul\(W1, X\)\n```\n\n\*\*shape\*\* `\(nH, m\)`/);
    assert.doesNotMatch(markdown(inner), /np\.dot/);
  });

  it('hovers a TypeScript gradient line with its chain-rule derivation, checked numerically', async () => {
    const uri = fileUri(dir, 'derivation.ts');
    const text = fixture('tfjs/correct/planar.ts');
    await client.open(uri, text, 'typescript');
    await client.waitForDiagnostics(uri, { version: 1 });
    const line = lineOf(text, 'const dZ1 = tf.mul(tf.matMul(W2, dZ2, true)');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: lineText(text, line).indexOf('dZ1') + 1 } });
    const [derivation, shape] = markdown(hover).split('\n\n---\n\n');
    assert.ok(derivation.includes('dZ1 = (W2ᵀ · dZ2) ⊙ tanh′(Z1)'), derivation);
    assert.ok(derivation.includes(`\`A1 = tf.tanh(Z1)\` (line ${lineOf(text, 'const A1 = tf.tanh(Z1);') + 1})`), derivation);
    assert.match(derivation, /✓ Matches the derivative of the forward pass/);
    assert.ok(shape?.startsWith('```typescript\ndZ1\n```\n\n**shape** `(nH, m)`'), shape);
  });

  it('shows inlay hints with shapes after TypeScript declarations', async () => {
    const uri = fileUri(dir, 'hints.ts');
    const text = fixture('tfjs/correct/planar.ts');
    await client.open(uri, text, 'typescript');
    await client.waitForDiagnostics(uri, { version: 1 });
    const hints = (await client.request<InlayHint[] | null>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } })) ?? [];
    const line = lineOf(text, 'const Z1 = tf.matMul(W1, X).add(b1);');
    const z1 = hints.find((h) => h.position.line === line);
    assert.ok(z1, `hints: ${hints.map((h) => `${h.position.line}:${String(h.label)}`).join(', ')}`);
    assert.equal(z1.label, 'Z1: (nH, m)');
    assert.equal(z1.position.character, lineText(text, line).length);
  });

  it('"Ignore <code> on this line" writes a // comment, which the engine honours', async () => {
    const uri = fileUri(dir, 'ignore.ts');
    const text = fixture('tfjs/bugs/dW1_missing_transpose.ts');
    await client.open(uri, text, 'typescript');
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    const ignore = (await quickFixes(uri, diagnostics[0])).find((a) => a.title === 'Ignore missing-transpose on this line');
    assert.ok(ignore);
    const after = await apply(uri, text, ignore);
    assert.equal(lineText(after.text, diagnostics[0].range.start.line), '  const dW1 = tf.matMul(dZ1, X).div(m);  // backprop-lint: ignore[missing-transpose]');
    assert.deepEqual(after.diagnostics, []);
  });

  it('a JavaScript file (mathjs): the missing transpose, fixed with math.transpose(X); applied, it clears', async () => {
    const uri = fileUri(dir, 'dW1_missing_transpose.js');
    const text = fixture('mathjs/bugs/dW1_missing_transpose.js');
    await client.open(uri, text, 'javascript');
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    const line = lineOf(text, 'const dW1 = math.divide(math.multiply(dZ1, X), m);');
    assert.deepEqual(diagnostics.map((d) => `${d.range.start.line} ${d.code} ${textAt(text, d.range)}`), [`${line} missing-transpose math.multiply(dZ1, X)`]);
    const fix = (await quickFixes(uri, diagnostics[0])).find((a) => a.isPreferred);
    assert.ok(fix);
    assert.equal(fix.title, 'Transpose X (math.multiply(dZ1, math.transpose(X)))');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: lineText(text, line).indexOf('dW1') + 1 } });
    assert.ok(markdown(hover).includes('```javascript\ndW1\n```\n\n**shape** `(nH, nX)`'), markdown(hover));
    const after = await apply(uri, text, fix);
    assert.equal(lineText(after.text, line), '  const dW1 = math.divide(math.multiply(dZ1, math.transpose(X)), m);');
    assert.deepEqual(after.diagnostics, []);
  });

  it('a .tsx file (typescriptreact) is analysed too; its JSX is left alone', async () => {
    const uri = fileUri(dir, 'view.tsx');
    const text = `${fixture('tfjs/bugs/dW1_missing_transpose.ts')}\nexport function View() {\n  return <div className="cost">{String(cost)}</div>;\n}\n`;
    await client.open(uri, text, 'typescriptreact');
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(diagnostics.map((d) => d.code), ['missing-transpose']);
  });

  it('a document in another language (plaintext) is not analysed', async () => {
    const uri = fileUri(dir, 'notes.txt');
    await client.open(uri, fixture('tfjs/bugs/dW1_missing_transpose.ts'), 'plaintext');
    const probe = fileUri(dir, 'probe-after-plaintext.ts');
    await client.open(probe, 'const x = 1;\n', 'typescript');
    await client.waitForDiagnostics(probe, { version: 1 });
    assert.ok(!client.diagnosticsHistory.some((p) => p.uri === uri), 'no diagnostics for the plaintext document');
    assert.ok(!client.statuses.some((s) => s.uri === uri), 'no status for the plaintext document');
  });

  it('editing a TypeScript file does not re-analyse the Python files beside it (they cannot import it)', async () => {
    const py = fileUri(dir, 'beside.py');
    const ts = fileUri(dir, 'beside.ts');
    await client.open(py, FORWARD_WITH_BUG);
    await client.waitForDiagnostics(py, { version: 1 });
    await client.open(ts, fixture('tfjs/correct/planar.ts'), 'typescript');
    await client.waitForDiagnostics(ts, { version: 1 });
    const from = client.statuses.length;
    const v = await client.change(ts, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// edited\n' }]);
    await client.waitForDiagnostics(ts, { version: v });
    await client.waitForSettled(ts, from);
    assert.deepEqual(client.statuses.slice(from).filter((s) => s.uri === py), []);
  });

  it('survives half-typed and broken TypeScript: every version gets diagnostics, and the fixed text is clean again', async () => {
    const uri = fileUri(dir, 'typing.ts');
    const good = fixture('tfjs/correct/planar.ts');
    await client.open(uri, good, 'typescript');
    await client.waitForDiagnostics(uri, { version: 1 });
    const line = lineOf(good, 'const db1 = dZ1.sum(1, true).div(m);');
    const end = lineText(good, line).length;
    const broken: string[] = [
      '  const dW3 = tf.matMul(dZ1, ',
      '  const dW3 = tf.matMul(dZ1, X.',
      '  const { a, ...',
      '  const t = `unterminated ${tf.matMul(',
      '  <<<<<<< HEAD',
      '  }}}} ))) ]]]',
      '  type T = Partial<{ [K in keyof typeof tf]: ',
      '  const r = /unterminated[ regex',
      '  /* an unclosed comment',
    ];
    for (const insert of broken) {
      const v = await client.change(uri, [{ range: { start: { line, character: end }, end: { line, character: end } }, text: `\n${insert}` }]);
      const p = await client.waitForDiagnostics(uri, { version: v });
      assert.ok(Array.isArray(p.diagnostics), insert);
      assert.ok(client.alive, `server exited after ${JSON.stringify(insert)}: ${client.stderr}`);
      const undo = await client.change(uri, [{ range: { start: { line, character: end }, end: { line: line + 1, character: insert.length } }, text: '' }]);
      assert.deepEqual((await client.waitForDiagnostics(uri, { version: undo })).diagnostics, [], `after undoing ${JSON.stringify(insert)}`);
    }
    // the file cut at arbitrary points, one after another (every prefix is a half-typed file)
    for (const fraction of [0.9, 0.61, 0.33, 0.07, 0]) {
      const cut = good.slice(0, Math.floor(good.length * fraction));
      const v = await client.change(uri, [{ text: cut }]);
      await client.waitForDiagnostics(uri, { version: v });
    }
    const v = await client.change(uri, [{ text: good }]);
    assert.deepEqual((await client.waitForDiagnostics(uri, { version: v })).diagnostics, []);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: lineText(good, line).indexOf('db1') + 1 } });
    assert.match(markdown(hover), /\*\*shape\*\* `\(nH, 1\)`/);
  });

  it('a binary TypeScript document: no findings, an error status and one log line naming the reason', async () => {
    const uri = fileUri(dir, 'binary.ts');
    const from = client.statuses.length;
    await client.open(uri, 'const a = 1;\u0000\u0000\u0001', 'typescript');
    assert.deepEqual((await client.waitForDiagnostics(uri, { version: 1 })).diagnostics, []);
    assert.equal((await client.waitForSettled(uri, from)).state, 'error');
    const v = await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }]);
    await client.waitForDiagnostics(uri, { version: v });
    assert.equal(client.logs.filter((l) => l.includes(uri) && /not analysed: the file looks binary/.test(l)).length, 1, client.logs.join('\n'));
    assert.ok(client.alive);
  });

  it('after all these documents, the compiler was still loaded only once', () => {
    assert.equal(client.logs.filter((l) => LOADED.test(l)).length, 1, client.logs.filter((l) => LOADED.test(l)).join('\n'));
  });
});

describe('protocol: TypeScript with --no-worker, and without the compiler', () => {
  it('--no-worker loads the compiler on the main thread and serves TypeScript the same', async () => {
    const { client, dir } = await startInTempDir({ args: ['--no-worker'] });
    try {
      const uri = fileUri(dir, 'main-thread.ts');
      await client.open(uri, fixture('tfjs/bugs/dW1_missing_transpose.ts'), 'typescript');
      const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
      assert.deepEqual(diagnostics.map((d) => d.code), ['missing-transpose']);
      assert.ok(client.logs.some((l) => LOADED.test(l) && l.includes('(on the main thread)')), client.logs.join('\n'));
    } finally {
      await stopAndRemove(client, dir);
    }
  });

  it('a server whose compiler cannot be loaded: TypeScript gets an error status and one log line; Python is unaffected', async () => {
    // dist/server.js and its worker copied where no node_modules (and no dist/node_modules) can be found
    const copy = makeTempDir();
    for (const f of ['server.js', 'analysisWorker.js']) fs.copyFileSync(path.join(REPO_ROOT, 'dist', f), path.join(copy, f));
    const { client, dir } = await startInTempDir({ serverJs: path.join(copy, 'server.js') });
    try {
      const uri = fileUri(dir, 'no-compiler.ts');
      const from = client.statuses.length;
      await client.open(uri, fixture('tfjs/bugs/dW1_missing_transpose.ts'), 'typescript');
      assert.deepEqual((await client.waitForDiagnostics(uri, { version: 1 })).diagnostics, []);
      assert.equal((await client.waitForSettled(uri, from)).state, 'error');
      const v = await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
      await client.waitForDiagnostics(uri, { version: v });
      const lines = client.logs.filter((l) => l.includes(uri) && l.includes('not analysed'));
      assert.deepEqual(lines, [`backprop-lint: ${uri} not analysed: the parser failed (the TypeScript compiler could not be loaded (Cannot find module 'typescript'))`]);
      const py = fileUri(dir, 'still.py');
      await client.open(py, FORWARD_WITH_BUG);
      assert.deepEqual((await client.waitForDiagnostics(py, { version: 1 })).diagnostics.map((d) => d.code), ['missing-transpose']);
      assert.ok(client.alive);
    } finally {
      await stopAndRemove(client, dir);
      removeDir(copy);
    }
  });
});
