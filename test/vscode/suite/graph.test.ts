import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openPython, revertAndCloseAll, waitFor, waitForFinding } from './util';

const DZ1_LINE = 25;

/** Webview tabs of the graph view (viewType ends with backpropLint.graph: VS Code prefixes the extension's). */
function graphTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('backpropLint.graph'));
}

suite('Backprop Lint: graph view', () => {
  teardown(async () => {
    for (const t of graphTabs()) await vscode.window.tabGroups.close(t);
    await revertAndCloseAll();
  });

  test('Show Graph opens one view beside the editor, named for the file; running it again reuses it', async () => {
    const { uri, editor } = await openPython('train_gradients.py');
    await waitForFinding(uri, 'missing-batch-mean'); // analysed
    editor.selection = new vscode.Selection(DZ1_LINE, 0, DZ1_LINE, 0);
    await vscode.commands.executeCommand('backpropLint.showGraph');
    const tab = await waitFor(() => graphTabs()[0], 'the graph view tab', 20000);
    assert.strictEqual(tab.label, 'Graph: train_gradients.py');
    assert.notStrictEqual(tab.group.viewColumn, editor.viewColumn, 'beside the editor');
    // the editor keeps the focus
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    await vscode.commands.executeCommand('backpropLint.showGraph');
    assert.strictEqual(graphTabs().length, 1);
    console.log(`    graph view: ${tab.label} in column ${String(tab.group.viewColumn)}`);
  });
});
