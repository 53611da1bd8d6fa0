import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { MISSING_TRANSPOSE, describeDiagnostics, hoverText, openFile, positionOf, revertAndCloseAll, waitFor, waitForFinding, waitForNoFinding } from './util';

/** workspace/backward_tfjs.ts, 0-based lines: `const Z1 = tf.matMul(W1, X).add(b1);` and `const dW1 = tf.matMul(dZ1, X).div(m);`. */
const FILE = 'backward_tfjs.ts';
const Z1_LINE = 10;
const DW1_LINE = 20;

suite('Backprop Lint: TypeScript files', () => {
  teardown(revertAndCloseAll);

  test('missing-transpose is reported on tf.matMul(dZ1, X) in a .ts file', async () => {
    const { uri, doc } = await openFile(FILE, 'typescript');
    const d = await waitForFinding(uri, MISSING_TRANSPOSE);
    console.log(`    diagnostic: ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
    assert.strictEqual(d.range.start.line, DW1_LINE, describeDiagnostics(uri));
    assert.strictEqual(doc.getText(d.range), 'tf.matMul(dZ1, X)');
    assert.strictEqual(d.source, 'backprop-lint');
  });

  test('hover on Z1 shows its shape (nH, m) and the tf call it came from', async () => {
    const { uri, doc } = await openFile(FILE, 'typescript');
    await waitForFinding(uri, MISSING_TRANSPOSE); // the document has been analysed
    const pos = positionOf(doc, Z1_LINE, 'Z1', 1);
    let last = '';
    // VS Code's own TypeScript hover answers too; ours is the one with the shape
    const text = await waitFor(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
      last = hoverText(hovers ?? []);
      return last.includes('(nH, m)') ? last : undefined;
    }, 'a hover on Z1 containing (nH, m)', 30000).catch((e: Error) => {
      throw new Error(`${e.message}; last hover: ${JSON.stringify(last) || 'none'}`);
    });
    console.log(`    hover: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
    assert.ok(text.includes('```typescript\nZ1\n```'), text);
    assert.match(text, /_from `tf\.matMul\(W1, X\)\.add\(b1\)`, line 11_/, 'the origin names the tf expression');
  });

  test('the quick fix sets tf.matMul\'s transposeB flag and the diagnostic clears', async () => {
    const { uri, doc } = await openFile(FILE, 'typescript');
    const d = await waitForFinding(uri, MISSING_TRANSPOSE);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const offered = actions ?? [];
    const describe = offered.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`).join(' | ') || 'none';
    console.log(`    quick fixes: ${describe}`);
    // VS Code's TypeScript extension offers its own fixes on the same range; ours is titled by its edit
    const fix = offered.find((a) => a.title === 'Transpose X (tf.matMul(dZ1, X, false, true))');
    assert.ok(fix, `the transposeB fix; offered: ${describe}`);
    assert.strictEqual(fix.isPreferred, true);
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit');
    assert.strictEqual(doc.lineAt(DW1_LINE).text, '  const dW1 = tf.matMul(dZ1, X, false, true).div(m);');
    await waitForNoFinding(uri, MISSING_TRANSPOSE);
  });
});
