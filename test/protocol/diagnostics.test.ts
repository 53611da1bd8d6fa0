// The planted bug end to end: diagnostic → hover → quick fix → applied → diagnostics clear.
// These depend on the engine's findings for the planted bug.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Hover, InlayHint, MarkupContent } from 'vscode-languageserver-protocol';
import { applyEdits, BUG_EXPR, BUG_LINE, FORWARD_WITH_BUG, RETURN_LINE, fileUri, makeTempDir, removeDir, textAt } from './fixtures';
import { LspTestClient, SERVER_JS } from './lspClient';

describe('protocol: diagnostics, hover, fixes', () => {
  let client: LspTestClient;
  let dir: string;
  let uri: string;

  before(async () => {
    dir = makeTempDir();
    client = await LspTestClient.start();
    uri = fileUri(dir, 'forward.py');
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  it('publishes missing-transpose on np.dot(W1, X.T) with source, severity and docs link', async () => {
    await client.open(uri, FORWARD_WITH_BUG);
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    const d = diagnostics.find((x) => x.code === 'missing-transpose');
    assert.ok(d, `codes: ${diagnostics.map((x) => x.code).join(', ') || 'none'}`);
    assert.equal(d.range.start.line, BUG_LINE);
    assert.equal(textAt(FORWARD_WITH_BUG, d.range), BUG_EXPR);
    assert.equal(d.source, 'backprop-lint');
    assert.equal(d.severity, 1);
    // The page shipped beside the server (dist/../docs/diagnostics), for an unpacked .vsix too (BPL_SERVER_JS).
    const page = path.join(path.dirname(process.env.BPL_SERVER_JS ?? SERVER_JS), '..', 'docs', 'diagnostics', 'missing-transpose.md');
    assert.equal(d.codeDescription?.href, pathToFileURL(page).href);
    assert.ok(fs.existsSync(page), page);
    assert.deepEqual(await client.waitForSettled(uri), { state: 'idle', findings: diagnostics.length, uri });
  });

  it('offers the fix as a preferred quick fix replacing X.T by X, and a fix-all', async () => {
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    const d = diagnostics.find((x) => x.code === 'missing-transpose');
    assert.ok(d);
    const actions =
      (await client.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) ?? [];
    const fix = actions.find((a) => a.kind === 'quickfix' && !a.title.startsWith('Ignore'));
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.title, 'Remove .T from X', 'the title says what the edit does');
    assert.deepEqual(fix.diagnostics, [d]);
    const fixed = applyEdits(FORWARD_WITH_BUG, fix.edit?.changes?.[uri] ?? []);
    assert.equal(fixed.split('\n')[BUG_LINE], '    Z1 = np.dot(W1, X) + b1');

    const fixAll = actions.find((a) => a.kind === 'source.fixAll.backpropLint');
    assert.ok(fixAll);
    assert.equal(applyEdits(FORWARD_WITH_BUG, fixAll.edit?.changes?.[uri] ?? []), fixed);
  });

  it('clears the diagnostics once the fix is applied, and hovers Z1 as (n_h, m)', async () => {
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    const d = diagnostics.find((x) => x.code === 'missing-transpose');
    assert.ok(d);
    const actions =
      (await client.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } })) ?? [];
    const fix = actions.find((a) => a.isPreferred);
    const edits = fix?.edit?.changes?.[uri];
    assert.ok(edits);
    const v2 = await client.change(uri, edits.map((e) => ({ range: e.range, text: e.newText })));
    const after = await client.waitForDiagnostics(uri, { version: v2 });
    assert.deepEqual(after.diagnostics, []);

    const col = '    return Z1'.indexOf('Z1') + 1;
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: RETURN_LINE, character: col } });
    assert.ok(hover, 'a hover on Z1');
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /\(n_h, m\)/);
    assert.match(md, /Z1/);
    // where the shape came from: the expression, not just its operator
    assert.match(md, /_from `np\.dot\(W1, X\) \+ b1`, line 9_$/);

    const target = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: BUG_LINE, character: 5 } });
    assert.match((target?.contents as MarkupContent | undefined)?.value ?? '', /\(n_h, m\)/, 'the assignment target Z1 hovers too');
  });

  it('shows inlay hints after assignments, and the shapes request lists them', async () => {
    const hints = await client.request<InlayHint[] | null>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    });
    const z1 = (hints ?? []).find((h) => h.position.line === BUG_LINE);
    assert.ok(z1, 'a hint on the Z1 line');
    assert.equal(z1.label, 'Z1: (n_h, m)');
    assert.equal(z1.tooltip, 'from np.dot(W1, X) + b1, line 9'); // the fix was applied above
    const shapes = await client.request<{ target: string; shape: string }[]>('backpropLint/shapes', { uri });
    assert.ok(shapes.some((s) => s.target === 'Z1' && s.shape === '(n_h, m)'));
  });
});
