// Notebooks: Python code cells form one program; diagnostics go to each cell's URI.

import * as assert from 'node:assert/strict';
import type { CodeAction, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { applyEdits, BUG_EXPR, CLEAN_PYTHON, NOTEBOOK_BUG_LINE, NOTEBOOK_CELLS, cellUri, fileUri, rangeOf, textAt } from './fixtures';
import { LspTestClient, startInTempDir, stopAndRemove } from './lspClient';

describe('protocol: notebooks', () => {
  let client: LspTestClient;
  let dir: string;

  before(async () => ({ client, dir } = await startInTempDir()));
  after(() => stopAndRemove(client, dir));

  it('publishes to every Python cell URI, never to markdown cells or the notebook itself', async () => {
    const nb = fileUri(dir, 'clean.ipynb');
    const cells = [cellUri(nb, 0), cellUri(nb, 1), cellUri(nb, 2)];
    const from = client.diagnosticsHistory.length;
    await client.openNotebook(nb, [
      { uri: cells[0], kind: 'code', text: CLEAN_PYTHON },
      { uri: cells[1], kind: 'markdown', text: NOTEBOOK_CELLS.markdown },
      { uri: cells[2], kind: 'code', text: 'z = x * 2\n' },
    ]);
    await client.waitForSettled(nb);
    const c0 = await client.waitForDiagnostics(cells[0], { after: from });
    const c2 = await client.waitForDiagnostics(cells[2], { after: from });
    assert.deepEqual(c0.diagnostics, []);
    assert.deepEqual(c2.diagnostics, []);
    const sent = client.diagnosticsHistory.slice(from).map((p) => p.uri);
    assert.ok(!sent.includes(cells[1]), 'nothing for the markdown cell');
    assert.ok(!sent.includes(nb), 'nothing for the notebook URI');
    assert.ok(client.configurationRequests.some((items) => items.some((i) => i.scopeUri === nb)), 'settings scoped to the notebook');
  });

  it('re-publishes a cell after it is edited, and answers hovers in cells with cell-relative origins', async () => {
    const nb = fileUri(dir, 'edit.ipynb');
    const cells = [cellUri(nb, 0), cellUri(nb, 1)];
    await client.openNotebook(nb, [
      { uri: cells[0], kind: 'code', text: CLEAN_PYTHON },
      { uri: cells[1], kind: 'code', text: 'z = y * 2\n' },
    ]);
    await client.waitForDiagnostics(cells[1], { version: 1 });
    const v2 = await client.changeCell(nb, cells[1], [{ range: { start: { line: 0, character: 8 }, end: { line: 0, character: 9 } }, text: '3' }]);
    await client.waitForDiagnostics(cells[1], { version: v2 });
    const hoverAt = async (character: number) =>
      ((await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: cells[1] }, position: { line: 0, character } }))?.contents as MarkupContent | undefined)?.value ?? '';
    // z comes from this cell's `y * 3`; y from `x + 1` on line 4 of the first cell (not line 4 of the joined cells' text)
    assert.match(await hoverAt(0), /\*\*shape\*\* `\(3, 1\)`\n\n_from `y \* 3`, line 1_$/);
    assert.match(await hoverAt(4), /_from `x \+ 1`, cell 1, line 4_$/);
  });

  it('ignores notebooks that are not Jupyter notebooks... or at least survives them', async () => {
    // The client only sends matching notebooks; a stray one must not break anything.
    const nb = fileUri(dir, 'other.ipynb');
    await client.notifyServer('notebookDocument/didOpen', {
      notebookDocument: { uri: nb, notebookType: 'interactive', version: 1, cells: [] },
      cellTextDocuments: [],
    });
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: nb }, position: { line: 0, character: 0 } }), null);
  });

  describe('with findings (from the engine)', () => {
    it('puts missing-transpose on the function cell, with a cell-relative range, and clears it when fixed', async () => {
      const nb = fileUri(dir, 'bug.ipynb');
      const cells = [cellUri(nb, 0), cellUri(nb, 1), cellUri(nb, 2)];
      await client.openNotebook(nb, [
        { uri: cells[0], kind: 'code', text: NOTEBOOK_CELLS.imports },
        { uri: cells[1], kind: 'markdown', text: NOTEBOOK_CELLS.markdown },
        { uri: cells[2], kind: 'code', text: NOTEBOOK_CELLS.forward },
      ]);
      const fwd = await client.waitForDiagnostics(cells[2], { version: 1 });
      const d = fwd.diagnostics.find((x) => x.code === 'missing-transpose');
      assert.ok(d, `codes on the function cell: ${fwd.diagnostics.map((x) => x.code).join(', ') || 'none'}`);
      assert.equal(d.range.start.line, NOTEBOOK_BUG_LINE);
      assert.equal(textAt(NOTEBOOK_CELLS.forward, d.range), BUG_EXPR);
      assert.deepEqual((await client.waitForDiagnostics(cells[0], { version: 1 })).diagnostics, []);

      const xt = rangeOf(NOTEBOOK_CELLS.forward, NOTEBOOK_BUG_LINE, 'X.T');
      const v2 = await client.changeCell(nb, cells[2], [{ range: xt, text: 'X' }]);
      assert.deepEqual((await client.waitForDiagnostics(cells[2], { version: v2 })).diagnostics, []);
    });
  });
});

describe('protocol: notebook quick fixes', () => {
  let client: LspTestClient;
  let dir: string;

  before(async () => ({ client, dir } = await startInTempDir()));
  after(() => stopAndRemove(client, dir));

  it('keys the fix edit by the cell URI', async () => {
    const nb = fileUri(dir, 'fix.ipynb');
    const cells = [cellUri(nb, 0), cellUri(nb, 1)];
    await client.openNotebook(nb, [
      { uri: cells[0], kind: 'code', text: NOTEBOOK_CELLS.imports },
      { uri: cells[1], kind: 'code', text: NOTEBOOK_CELLS.forward },
    ]);
    const { diagnostics } = await client.waitForDiagnostics(cells[1], { version: 1 });
    const d = diagnostics.find((x) => x.code === 'missing-transpose');
    assert.ok(d);
    const actions =
      (await client.request<CodeAction[] | null>('textDocument/codeAction', {
        textDocument: { uri: cells[1] },
        range: d.range,
        context: { diagnostics: [d], only: ['quickfix'] },
      })) ?? [];
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.deepEqual(Object.keys(fix.edit?.changes ?? {}), [cells[1]]);
    const fixed = applyEdits(NOTEBOOK_CELLS.forward, fix.edit!.changes![cells[1]]);
    assert.equal(fixed.split('\n')[NOTEBOOK_BUG_LINE], '    Z1 = np.dot(W1, X) + b1');
    const ignore = actions.find((a) => a.title === 'Ignore missing-transpose on this line');
    assert.deepEqual(Object.keys(ignore?.edit?.changes ?? {}), [cells[1]]);
  });
});
