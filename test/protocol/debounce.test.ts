// Analysis waits for a short pause after edits, longer for documents that take longer to analyse; a
// burst of edits is published once, at its last version.

import * as assert from 'node:assert/strict';
import { MAX_PAUSE_MS, MIN_PAUSE_MS, pauseFor } from '../../server/analyzer';
import { CLEAN_PYTHON, fileUri } from './fixtures';
import { LspTestClient, startInTempDir, stopAndRemove } from './lspClient';

describe('the pause before analysing', () => {
  it('is the minimum for a document not analysed yet, or analysed in under 40 ms', () => {
    assert.equal(pauseFor(undefined), MIN_PAUSE_MS);
    assert.equal(pauseFor(0), MIN_PAUSE_MS);
    assert.equal(pauseFor(35), MIN_PAUSE_MS);
  });

  it('grows with the last analysis time (0.3 × (t − 40 ms)) up to the maximum', () => {
    assert.equal(pauseFor(100), 18);
    assert.equal(pauseFor(280), 72);
    assert.equal(pauseFor(2000), MAX_PAUSE_MS);
  });
});

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

  it('logs each analysis with its time and the pause before it (debug level)', async () => {
    const uri = fileUri(dir, 'logged.py');
    await client.open(uri, CLEAN_PYTHON);
    await client.waitForDiagnostics(uri, { version: 1 });
    const line = await client.waitFor(() => client.logs.find((l) => l.includes(`analysed ${uri} (version 1)`)), 'the analysis log line');
    assert.match(line, /analysed \S+ \(version 1\) in \d+ ms \(worker, engine \d+ ms\) after a \d+ ms pause; next pause \d+ ms$/);
  });
});
