// Settings: pulled per document, re-read on didChangeConfiguration; enable, severity, inlay hints.

import * as assert from 'node:assert/strict';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { BUG_LINE, CLEAN_PYTHON, FORWARD_WITH_BUG, fileUri, makeTempDir, removeDir } from './fixtures';
import { LspTestClient } from './lspClient';

describe('protocol: settings', () => {
  let client: LspTestClient;
  let dir: string;

  beforeEach(async () => {
    dir = makeTempDir();
    client = await LspTestClient.start();
  });
  afterEach(async () => {
    await client.stop();
    removeDir(dir);
  });

  async function republished(uri: string, change: () => Promise<void>) {
    const from = client.diagnosticsHistory.length;
    const fromStatus = client.statuses.length;
    await change();
    await client.waitForSettled(uri, fromStatus);
    return client.waitForDiagnostics(uri, { after: from });
  }

  it('re-reads settings for open documents after didChangeConfiguration', async () => {
    const uri = fileUri(dir, 'a.py');
    await client.open(uri, CLEAN_PYTHON);
    await client.waitForDiagnostics(uri, { version: 1 });
    const before = client.configurationRequests.length;
    await republished(uri, () => client.changeSettings({ enable: true, dimensionNames: ['n_features'] }));
    assert.ok(client.configurationRequests.length > before, 'a new workspace/configuration request');
  });

  it('enable: false publishes no diagnostics and no inlay hints', async () => {
    const uri = fileUri(dir, 'b.py');
    client.settings = { enable: false };
    await client.open(uri, FORWARD_WITH_BUG);
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(diagnostics, []);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    });
    assert.deepEqual(hints, []);
  });

  it('inlayHints.enabled: false gives no hints', async () => {
    const uri = fileUri(dir, 'c.py');
    client.settings = { inlayHints: { enabled: false } };
    await client.open(uri, FORWARD_WITH_BUG);
    await client.waitForDiagnostics(uri, { version: 1 });
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    });
    assert.deepEqual(hints, []);
  });

  it('survives malformed settings (defaults apply)', async () => {
    const uri = fileUri(dir, 'd.py');
    client.settings = { enable: 'yes', severity: ['error'], inlayHints: null, dimensionNames: 'n' } as Record<string, unknown>;
    await client.open(uri, CLEAN_PYTHON);
    await client.waitForDiagnostics(uri, { version: 1 });
    assert.ok(client.alive);
  });

  describe('severity', () => {
    it('follows the severity setting, and "off" removes the code', async () => {
      const uri = fileUri(dir, 'e.py');
      await client.open(uri, FORWARD_WITH_BUG);
      const first = await client.waitForDiagnostics(uri, { version: 1 });
      assert.equal(first.diagnostics.find((d) => d.code === 'missing-transpose')?.severity, 1);

      const warned = await republished(uri, () => client.changeSettings({ severity: { 'missing-transpose': 'warning' } }));
      const d = warned.diagnostics.find((x) => x.code === 'missing-transpose');
      assert.equal(d?.severity, 2);
      assert.equal(d?.range.start.line, BUG_LINE);

      const off = await republished(uri, () => client.changeSettings({ severity: { 'missing-transpose': 'off' } }));
      assert.deepEqual(off.diagnostics.filter((x) => x.code === 'missing-transpose'), []);
    });
  });
});
