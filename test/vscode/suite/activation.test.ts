import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, openPython, revertAndCloseAll, waitFor } from './util';

suite('Backprop Lint: activation', () => {
  teardown(revertAndCloseAll);

  test('the extension is installed and activates on a python file', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} should be installed; found: ${vscode.extensions.all
      .filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id).join(', ')}`);
    await openPython('forward_ok.py');
    await waitFor(() => ext.isActive, 'the extension to activate on a python file', 20000);
    await ext.activate();
    console.log(`    ${EXTENSION_ID} ${String(ext.packageJSON.version)} active from ${ext.extensionUri.fsPath}`);
  });
});
