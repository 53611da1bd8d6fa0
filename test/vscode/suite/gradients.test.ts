import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { describeDiagnostics, hoverText, openPython, positionOf, revertAndCloseAll, waitFor, waitForFinding, waitForNoFinding } from './util';

const MISSING_BATCH_MEAN = 'missing-batch-mean';
/** 0-based lines in workspace/train_gradients.py. */
const DW2_LINE = 23;
const DZ1_LINE = 25;

suite('Backprop Lint: gradient verification', () => {
  teardown(revertAndCloseAll);

  test('a missing 1/m is reported, and the scale-factor quick fix clears it', async () => {
    const { uri, doc } = await openPython('train_gradients.py');
    const d = await waitForFinding(uri, MISSING_BATCH_MEAN);
    console.log(`    diagnostic: ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
    assert.strictEqual(d.range.start.line, DW2_LINE, describeDiagnostics(uri));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = (actions ?? []).find((a) => a.isPreferred);
    assert.ok(fix, `offered: ${(actions ?? []).map((a) => a.title).join(' | ')}`);
    assert.strictEqual(fix.title, 'Divide by m: 1 / m * ...');
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit');
    assert.strictEqual(doc.lineAt(DW2_LINE).text, '    dW2 = 1 / m * np.dot(dZ2, A1.T)');
    await waitForNoFinding(uri, MISSING_BATCH_MEAN);
  });

  test('a gradient line hovers its chain-rule derivation', async () => {
    const { uri, doc } = await openPython('train_gradients.py');
    await waitForFinding(uri, MISSING_BATCH_MEAN); // analysed
    const pos = positionOf(doc, DZ1_LINE, 'dZ1', 1);
    let last = '';
    const text = await waitFor(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
      last = hoverText(hovers ?? []);
      return last.includes('tanh′(Z1)') ? last : undefined;
    }, 'a derivation hover on dZ1', 30000).catch((e: Error) => {
      throw new Error(`${e.message}; last hover: ${JSON.stringify(last) || 'none'}`);
    });
    console.log(`    hover: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
    assert.ok(text.includes('dZ1 = (W2ᵀ · dZ2) ⊙ tanh′(Z1)'), text);
    assert.ok(text.includes('tanh′(Z1) = 1 − A1²'), text);
    assert.match(text, /Matches the derivative of the forward pass/);
  });
});
