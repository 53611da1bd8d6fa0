import * as vscode from 'vscode';
import { MISSING_TRANSPOSE, openPython, revertAndCloseAll, waitForFinding, waitForNoFinding } from './util';

suite('Backprop Lint: settings', () => {
  const config = () => vscode.workspace.getConfiguration('backpropLint');

  teardown(async () => {
    // user settings live in the throwaway profile, but never leave the code switched off for later tests
    await config().update('severity', undefined, vscode.ConfigurationTarget.Global);
    await revertAndCloseAll();
  });

  test('backpropLint.severity can turn missing-transpose off and back on', async () => {
    const { uri } = await openPython('severity.py');
    await waitForFinding(uri, MISSING_TRANSPOSE);
    await config().update('severity', { [MISSING_TRANSPOSE]: 'off' }, vscode.ConfigurationTarget.Global);
    await waitForNoFinding(uri, MISSING_TRANSPOSE);
    await config().update('severity', undefined, vscode.ConfigurationTarget.Global);
    await waitForFinding(uri, MISSING_TRANSPOSE);
  });
});
