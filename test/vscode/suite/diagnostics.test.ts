import * as assert from 'node:assert';
import * as vscode from 'vscode';
import {
  MISSING_TRANSPOSE, Z1_LINE, describeDiagnostics, findings, hoverText, inlayLabel, openPython,
  positionOf, revertAndCloseAll, waitFor, waitForFinding, waitForNoFinding,
} from './util';

suite('Backprop Lint: python files', () => {
  teardown(revertAndCloseAll);

  test('missing-transpose is reported on np.dot(W1, X.T)', async () => {
    const { uri, doc } = await openPython('forward_buggy.py');
    const d = await waitForFinding(uri, MISSING_TRANSPOSE);
    console.log(`    diagnostic: ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
    assert.strictEqual(d.range.start.line, Z1_LINE, `expected on line ${Z1_LINE + 1}: ${describeDiagnostics(uri)}`);
    const flagged = doc.getText(d.range);
    assert.ok(flagged.length > 0 && 'np.dot(W1, X.T)'.includes(flagged),
      `the range should lie within 'np.dot(W1, X.T)', got '${flagged}'`);
  });

  test('hover on Z1 shows its shape (n_h, m)', async () => {
    const { uri, doc } = await openPython('forward_buggy.py');
    await waitForFinding(uri, MISSING_TRANSPOSE); // the document has been analysed
    const pos = positionOf(doc, Z1_LINE, 'Z1', 1);
    let last = '';
    const text = await waitFor(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
      last = hoverText(hovers ?? []);
      return last.includes('(n_h, m)') ? last : undefined;
    }, 'a hover on Z1 containing (n_h, m)', 30000).catch((e: Error) => {
      throw new Error(`${e.message}; last hover: ${JSON.stringify(last) || 'none'}`);
    });
    console.log(`    hover: ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
    assert.match(text, /_from `np\.dot\(W1, X\.T\) \+ b1`, line 9_/, 'the origin names the expression');
  });

  test('the quick fix replaces X.T with X and the diagnostic clears', async () => {
    const { uri, doc } = await openPython('quickfix.py');
    const d = await waitForFinding(uri, MISSING_TRANSPOSE);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const offered = actions ?? [];
    const describe = offered.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`).join(' | ') || 'none';
    // the engine's fix, not "Ignore missing-transpose on this line" (whose title also says transpose)
    const fix = offered.find((a) => a.isPreferred) ?? offered.find((a) => !a.title.startsWith('Ignore'));
    assert.ok(fix, `a quick fix for ${MISSING_TRANSPOSE}; offered: ${describe}`);
    console.log(`    quick fixes: ${describe}`);
    assert.strictEqual(fix.title, 'Remove .T from X', 'the title says what the edit does');
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit');
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.strictEqual(doc.lineAt(Z1_LINE).text, '    Z1 = np.dot(W1, X) + b1');
    await waitForNoFinding(uri, MISSING_TRANSPOSE);
  });

  test('inlay hints show shapes and a correct file has no finding', async () => {
    const { uri, doc } = await openPython('forward_ok.py');
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const hints = await waitFor(async () => {
      const h = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, whole);
      return h && h.some((x) => x.position.line === Z1_LINE && inlayLabel(x).includes('(n_h, m)')) ? h : undefined;
    }, `an inlay hint with (n_h, m) on line ${Z1_LINE + 1}`, 20000);
    console.log(`    inlay hints: ${hints.map((h) => `${h.position.line + 1}:${h.position.character + 1} ${inlayLabel(h)}`).join(', ')}`);
    // hints are computed from a finished analysis, so the (absent) findings are final too
    assert.deepStrictEqual(findings(uri, MISSING_TRANSPOSE), [], describeDiagnostics(uri));
  });
});
