// Code actions that do not need findings: the suppression comment, and refusal when the document
// changed after the analysis the actions would come from.

import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits, BUG_EXPR, BUG_LINE, FORWARD_WITH_BUG, fileUri, rangeOf } from './fixtures';
import { LspTestClient, startInTempDir, stopAndRemove } from './lspClient';

/** `np.dot(dZ1, X)` needs `X.T`; `np.sum(dZ1, axis=1)` needs keepdims to match b1. */
const BACKWARD_WITH_BUGS = `import numpy as np

def backward(X, dZ1, b1):
    """
    X -- input data of size (n_x, m)
    dZ1 -- gradient of shape (n_h, m)
    b1 -- bias of shape (n_h, 1)
    """
    m = X.shape[1]
    dW1 = 1. / m * np.dot(dZ1, X)
    db1 = 1. / m * np.sum(dZ1, axis=1)
    b1 = b1 - 0.1 * db1
    return dW1, db1, b1
`;

function diagnosticAt(text: string, line: number, needle: string, code: string): Diagnostic {
  return { range: rangeOf(text, line, needle), message: 'planted', severity: 1, code, source: 'backprop-lint' };
}

describe('protocol: code actions', () => {
  let client: LspTestClient;
  let dir: string;

  before(async () => ({ client, dir } = await startInTempDir()));
  after(() => stopAndRemove(client, dir));

  async function codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[] | null> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return client.request<CodeAction[] | null>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
  }

  it('offers "Ignore <code> on this line", appending a suppression comment', async () => {
    const uri = fileUri(dir, 'ignore.py');
    await client.open(uri, FORWARD_WITH_BUG);
    await client.waitForDiagnostics(uri, { version: 1 });
    const d = diagnosticAt(FORWARD_WITH_BUG, BUG_LINE, BUG_EXPR, 'missing-transpose');
    const actions = (await codeActions(uri, [d], ['quickfix'])) ?? [];
    const ignore = actions.find((a) => a.title === 'Ignore missing-transpose on this line');
    assert.ok(ignore, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(ignore.kind, 'quickfix');
    assert.deepEqual(ignore.diagnostics, [d]);
    const edits = ignore.edit?.changes?.[uri];
    assert.ok(edits);
    const after = applyEdits(FORWARD_WITH_BUG, edits).split('\n')[BUG_LINE];
    assert.equal(after, '    Z1 = np.dot(W1, X.T) + b1  # backprop-lint: ignore[missing-transpose]');
  });

  it('adds the code to an existing suppression comment instead of writing a second one', async () => {
    const uri = fileUri(dir, 'ignore2.py');
    const text = FORWARD_WITH_BUG.replace('X.T) + b1', 'X.T) + b1  # backprop-lint: ignore[accidental-broadcast]');
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, { version: 1 });
    const actions = (await codeActions(uri, [diagnosticAt(text, BUG_LINE, BUG_EXPR, 'missing-transpose')], ['quickfix'])) ?? [];
    const ignore = actions.find((a) => a.title.startsWith('Ignore missing-transpose'));
    const edits = ignore?.edit?.changes?.[uri];
    assert.ok(edits);
    assert.equal(
      applyEdits(text, edits).split('\n')[BUG_LINE],
      '    Z1 = np.dot(W1, X.T) + b1  # backprop-lint: ignore[accidental-broadcast, missing-transpose]',
    );
  });

  it('titles each fix by what its edit does: "Transpose X (X.T)", "Add keepdims=True"', async () => {
    const uri = fileUri(dir, 'titles.py');
    await client.open(uri, BACKWARD_WITH_BUGS);
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    const titles = new Map<string, string[]>();
    for (const d of diagnostics) {
      const actions = (await codeActions(uri, [d], ['quickfix'])) ?? [];
      titles.set(String(d.code), actions.filter((a) => !a.title.startsWith('Ignore')).map((a) => a.title));
    }
    assert.deepEqual(titles.get('missing-transpose'), ['Transpose X (X.T)'], `fixes: ${JSON.stringify([...titles])}`);
    assert.deepEqual(titles.get('missing-keepdims'), ['Add keepdims=True'], `fixes: ${JSON.stringify([...titles])}`);
  });

  it('ignores diagnostics from other sources and unknown codes', async () => {
    const uri = fileUri(dir, 'ignore.py');
    const foreign = { ...diagnosticAt(FORWARD_WITH_BUG, BUG_LINE, BUG_EXPR, 'missing-transpose'), source: 'pylance' };
    const unknown = diagnosticAt(FORWARD_WITH_BUG, BUG_LINE, BUG_EXPR, 'no-such-code');
    assert.deepEqual(await codeActions(uri, [foreign, unknown], ['quickfix']), []);
  });

  it('refuses (returns nothing) when the document changed after the last analysis', async () => {
    const uri = fileUri(dir, 'stale.py');
    await client.open(uri, FORWARD_WITH_BUG);
    await client.waitForDiagnostics(uri, { version: 1 });
    const d = diagnosticAt(FORWARD_WITH_BUG, BUG_LINE, BUG_EXPR, 'missing-transpose');
    assert.ok(((await codeActions(uri, [d])) ?? []).length > 0, 'actions for the analysed version');
    // Insert a line above: the planted diagnostic's range is now stale. The request is processed
    // right after the didChange, well before the debounced re-analysis.
    const v2 = await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# moved\n' }]);
    assert.equal(await codeActions(uri, [d]), null);
    // Once the new version is analysed, actions come back.
    await client.waitForDiagnostics(uri, { version: v2 });
    const moved = { ...d, range: { start: { ...d.range.start, line: BUG_LINE + 1 }, end: { ...d.range.end, line: BUG_LINE + 1 } } };
    assert.ok(((await codeActions(uri, [moved])) ?? []).length > 0, 'actions for the re-analysed version');
  });
});
