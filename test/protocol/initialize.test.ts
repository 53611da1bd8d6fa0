// The handshake: capabilities, dynamic registrations, and settings pulled per document.

import * as assert from 'node:assert/strict';
import { CLEAN_PYTHON, fileUri } from './fixtures';
import { LspTestClient, startInTempDir, stopAndRemove } from './lspClient';

describe('protocol: initialize', () => {
  let client: LspTestClient;
  let dir: string;

  before(async () => ({ client, dir } = await startInTempDir()));
  after(() => stopAndRemove(client, dir));

  it('announces incremental sync, notebook sync for Jupyter Python cells, hover, code actions and inlay hints', () => {
    const caps = client.initializeResult?.capabilities;
    assert.ok(caps);
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(caps.notebookDocumentSync, {
      notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }],
    });
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.backpropLint'] });
    assert.equal(caps.inlayHintProvider, true);
    assert.equal(client.initializeResult?.serverInfo?.name, 'backprop-lint-ls');
  });

  it('registers for configuration changes and for changes to .py files and script modules (which importers read)', async () => {
    await client.waitFor(() => client.registrations.length >= 2 || undefined, 'two registrations');
    const methods = client.registrations.map((r) => r.method).sort();
    assert.deepEqual(methods, ['workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles']);
    const watchers = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')?.registerOptions;
    assert.deepEqual(watchers, { watchers: [{ globPattern: '**/*.{py,ts,tsx,mts,cts,js,jsx,mjs,cjs}' }] });
  });

  it('asks for the backpropLint section scoped to the opened document, then publishes and reports idle', async () => {
    const uri = fileUri(dir, 'clean.py');
    await client.open(uri, CLEAN_PYTHON);
    const diags = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(diags.diagnostics, []);
    assert.ok(
      client.configurationRequests.some((items) => items.some((i) => i.scopeUri === uri && i.section === 'backpropLint')),
      'a workspace/configuration request scoped to the document',
    );
    const status = await client.waitForSettled(uri);
    assert.deepEqual(status, { state: 'idle', findings: 0, uri });
    assert.ok(client.statuses.some((s) => s.uri === uri && s.state === 'analysing'), 'an analysing status before idle');
  });

  it('answers the custom shapes request (empty for a document it does not know)', async () => {
    const shapes = await client.request<unknown[]>('backpropLint/shapes', { uri: fileUri(dir, 'not-open.py') });
    assert.deepEqual(shapes, []);
    const known = await client.request<unknown[]>('backpropLint/shapes', { uri: fileUri(dir, 'clean.py') });
    assert.ok(Array.isArray(known));
  });

  it('works without the configuration capability (defaults apply)', async () => {
    const bare = await LspTestClient.start({ configuration: false });
    try {
      const uri = fileUri(dir, 'bare.py');
      await bare.open(uri, CLEAN_PYTHON);
      await bare.waitForDiagnostics(uri, { version: 1 });
      assert.equal(bare.configurationRequests.length, 0);
    } finally {
      await bare.stop();
    }
  });
});
