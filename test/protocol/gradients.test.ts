// Gradient verification over JSON-RPC: a shape-invisible bug (a missing 1/m) is a diagnostic with a
// preferred quick fix that, applied, clears it; a gradient line hovers its chain-rule derivation with
// the shape beneath.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { applyEdits, fileUri } from './fixtures';
import { LspTestClient, REPO_ROOT, startInTempDir, stopAndRemove } from './lspClient';

const SCRIPT = path.join(REPO_ROOT, 'test', 'fixtures', 'gradients', 'script');
/** The training script with `dW2 = np.dot(dZ2, A1.T)`: m times too large. The expectation comment is dropped. */
const BUGGY = fs.readFileSync(path.join(SCRIPT, 'bugs', 'dW2_missing_batch_mean.py'), 'utf8').replace(/\n\s*# \^ missing-batch-mean/, '');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('protocol: gradient verification', () => {
  let client: LspTestClient;
  let dir: string;

  before(async () => ({ client, dir } = await startInTempDir()));
  after(() => stopAndRemove(client, dir));

  it('reports a missing 1/m and its preferred quick fix makes the script verify clean', async () => {
    const uri = fileUri(dir, 'train.py');
    await client.open(uri, BUGGY);
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    const line = lineOf(BUGGY, 'dW2 = np.dot(dZ2, A1.T)');
    assert.deepEqual(diagnostics.map((d) => `${d.range.start.line} ${d.code}`), [`${line} missing-batch-mean`]);
    const d = diagnostics[0];
    assert.equal(d.source, 'backprop-lint');
    assert.match(typeof d.message === 'string' ? d.message : d.message.value, /^dW2 is m times too large/);
    assert.match(d.codeDescription?.href ?? '', /\/docs\/diagnostics\/missing-batch-mean\.md$/);
    const actions = (await client.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } })) ?? [];
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.title, 'Divide by m: 1 / m * ...');
    const edits = fix.edit?.changes?.[uri];
    assert.ok(edits);
    assert.equal(applyEdits(BUGGY, edits).split('\n')[line], '    dW2 = 1 / m * np.dot(dZ2, A1.T)');
    const v2 = await client.change(uri, edits.map((e) => ({ range: e.range, text: e.newText })));
    assert.deepEqual((await client.waitForDiagnostics(uri, { version: v2 })).diagnostics, []);
  });

  it('hovers a gradient line with its derivation, and the shape of the value under the cursor beneath', async () => {
    const uri = fileUri(dir, 'hover.py');
    const text = fs.readFileSync(path.join(SCRIPT, 'correct', 'train_script.py'), 'utf8');
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, { version: 1 });
    const line = lineOf(text, 'dZ1 = np.dot(W2.T, dZ2)');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 5 } });
    const md = (hover?.contents as MarkupContent | undefined)?.value ?? '';
    const [derivation, shape] = md.split('\n\n---\n\n');
    assert.match(derivation, /\*\*dZ1 = ∂L\/∂Z1\*\*|\*\*dZ1 = ∂L\/∂Z1, per example/);
    assert.ok(derivation.includes('dZ1 = (W2ᵀ · dZ2) ⊙ tanh′(Z1)'), derivation);
    assert.ok(derivation.includes(`\`A1 = np.tanh(Z1)\` (line ${lineOf(text, 'A1 = np.tanh(Z1)') + 1})`), derivation);
    assert.match(derivation, /✓ Matches the derivative of the forward pass \(checked numerically/);
    // dZ1 is (n_h, m) = (5, 8): n_h is the constant 5 of `n_x, n_h, m = 3, 5, 8`, m keeps its name.
    assert.ok(shape?.startsWith('```python\ndZ1\n```\n\n**shape** `(5, m)`'), shape);
  });
});
