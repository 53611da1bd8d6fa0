// Analysis waits for a pause in typing: a burst of edits is analysed once, at its last version.

import * as assert from 'node:assert/strict';
import { CLEAN_PYTHON, fileUri } from './fixtures';
import { LspTestClient, startInTempDir, stopAndRemove } from './lspClient';

describe('protocol: debounce', () => {
  let client: LspTestClient;
  let dir: string;

  before(async () => ({ client, dir } = await startInTempDir()));
  after(() => stopAndRemove(client, dir));

  it('publishes only the last version of a burst of edits', async () => {
    const uri = fileUri(dir, 'burst.py');
    await client.open(uri, CLEAN_PYTHON);
    await client.waitForDiagnostics(uri, { version: 1 });
    const from = client.diagnosticsHistory.length;
    let last = 1;
    for (let i = 0; i < 5; i++) {
      last = await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `# ${i}\n` }]);
    }
    await client.waitForDiagnostics(uri, { version: last });
    const versions = client.diagnosticsHistory.slice(from).filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(versions, [last]);
  });
});
