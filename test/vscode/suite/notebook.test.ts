import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { MISSING_TRANSPOSE, fixture, revertAndCloseAll, waitForFinding } from './util';

suite('Backprop Lint: notebooks', () => {
  teardown(revertAndCloseAll);

  test('missing-transpose is reported on a notebook cell', async () => {
    const nb = await vscode.workspace.openNotebookDocument(fixture('forward.ipynb'));
    await vscode.window.showNotebookDocument(nb);
    assert.strictEqual(nb.notebookType, 'jupyter-notebook');
    const cell = nb.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code && c.document.getText().includes('np.dot'));
    assert.ok(cell, 'a code cell containing np.dot');
    assert.strictEqual(cell.document.languageId, 'python');
    const d = await waitForFinding(cell.document.uri, MISSING_TRANSPOSE);
    console.log(`    cell ${cell.index + 1}, line ${d.range.start.line + 1}: ${d.message}`);
    assert.match(cell.document.lineAt(d.range.start.line).text, /np\.dot\(W1, X\.T\)/);
  });
});
