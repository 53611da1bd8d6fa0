// When the engine throws, the document gets no diagnostics, one log line and an `error` status;
// the server keeps serving. Uses a server entry with a stub engine (test/protocol/servers).

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CLEAN_PYTHON, cellUri, fileUri } from './fixtures';
import { LspTestClient, startInTempDir, stopAndRemove } from './lspClient';

describe('protocol: engine failure', () => {
  let client: LspTestClient;
  let dir: string;

  before(async () => ({ client, dir } = await startInTempDir({ serverScript: path.join(__dirname, 'servers', 'throwingEngine.ts') })));
  after(() => stopAndRemove(client, dir));

  it('publishes no diagnostics, logs one line and reports error for a file', async () => {
    const uri = fileUri(dir, 'boom.py');
    await client.open(uri, 'x = 1  # PLANTED_FAILURE\n');
    const status = await client.waitForSettled(uri);
    assert.deepEqual(status, { state: 'error', findings: 0, uri });
    assert.deepEqual((await client.waitForDiagnostics(uri, { version: 1 })).diagnostics, []);
    const lines = client.logs.filter((l) => l.includes(uri));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /could not analyse .*RangeError/);
  });

  it('recovers once the document analyses again, and answers hovers meanwhile', async () => {
    const uri = fileUri(dir, 'boom.py');
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
    const from = client.statuses.length;
    await client.change(uri, [{ text: CLEAN_PYTHON }]);
    assert.deepEqual(await client.waitForSettled(uri, from), { state: 'idle', findings: 0, uri });
  });

  it('does the same for a notebook', async () => {
    const nb = fileUri(dir, 'boom.ipynb');
    const cells = [cellUri(nb, 0), cellUri(nb, 1)];
    await client.openNotebook(nb, [
      { uri: cells[0], kind: 'code', text: CLEAN_PYTHON },
      { uri: cells[1], kind: 'code', text: '# PLANTED_FAILURE\n' },
    ]);
    assert.equal((await client.waitForSettled(nb)).state, 'error');
    assert.deepEqual((await client.waitForDiagnostics(cells[0], { version: 1 })).diagnostics, []);
    assert.ok(client.alive);
  });
});
