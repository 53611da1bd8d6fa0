// The engine runs in a worker thread: a stale run is really cancelled (the engine stops early and its
// result is dropped), the main thread keeps answering while a long analysis runs, and a worker that
// dies or hangs is replaced with one log line while the server carries on.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { buildLargeFile, LARGE_LINES } from '../../bench/inputs';
import { CLEAN_PYTHON, FORWARD_WITH_BUG, RETURN_LINE, fileUri } from './fixtures';
import { LspTestClient, REPO_ROOT, startInTempDir, stopAndRemove } from './lspClient';

const PLANAR_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'python', 'planar', 'correct');

/** The benchmark's 10,000-line file (renamed copies of the planar assignment), with planar_utils.py beside it. */
function writeLargeFile(dir: string): { uri: string; text: string } {
  const text = buildLargeFile(fs.readFileSync(path.join(PLANAR_DIR, 'planar.py'), 'utf8'), LARGE_LINES);
  fs.copyFileSync(path.join(PLANAR_DIR, 'planar_utils.py'), path.join(dir, 'planar_utils.py'));
  const file = path.join(dir, 'planar_10k.py');
  fs.writeFileSync(file, text);
  return { uri: fileUri(dir, 'planar_10k.py'), text };
}

const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

describe('protocol: analysis in a worker thread', () => {
  let client: LspTestClient;
  let dir: string;

  before(async () => ({ client, dir } = await startInTempDir()));
  after(() => stopAndRemove(client, dir));

  it('cancels the running analysis of a stale version: the engine stops early and its result is dropped', async () => {
    const { uri, text } = writeLargeFile(dir);
    const from = client.statuses.length;
    const fromDiagnostics = client.diagnosticsHistory.length;
    await client.open(uri, text);
    // version 1 is being analysed (the first run of a 10,000-line file takes several hundred ms)
    await client.waitFor(() => client.statuses.slice(from).find((s) => s.uri === uri && s.state === 'analysing'), 'analysing status for version 1');
    // two quick edits: the first cancels version 1, the second supersedes the first
    await client.change(uri, [{ range: top, text: '# edit 1\n' }]);
    const last = await client.change(uri, [{ range: top, text: '# edit 2\n' }]);
    await client.waitForDiagnostics(uri, { version: last, after: fromDiagnostics, timeoutMs: 20_000 });
    const line = client.logs.find((l) => l.includes(`analysis of ${uri} (version 1) cancelled after`));
    assert.ok(line, `a cancellation of version 1 in the log:\n${client.logs.filter((l) => l.includes(uri)).join('\n')}`);
    assert.match(line, /cancelled after \d+ ms; result dropped$/);
    const versions = client.diagnosticsHistory.slice(fromDiagnostics).filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(versions, [last], 'only the last version is published');
    await client.close(uri);
  });

  it("publishes a version's diagnostics once, before its shapes have come back from the worker; a hover and code actions right after them see that version", async () => {
    const uri = fileUri(dir, 'early.py');
    const fromDiagnostics = client.diagnosticsHistory.length;
    const fromLogs = client.logs.length;
    await client.open(uri, FORWARD_WITH_BUG);
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.ok(published.diagnostics.some((d) => d.code === 'missing-transpose'));
    // Asked at once: the hover waits for the rest of the result, the code actions have the findings already.
    const [hover, actions] = await Promise.all([
      client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: RETURN_LINE, character: 12 } }),
      client.request<{ title: string }[] | null>('textDocument/codeAction', { textDocument: { uri }, range: published.diagnostics[0]!.range, context: { diagnostics: published.diagnostics, only: ['quickfix'] } }),
    ]);
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /\(n_h, m\)/);
    assert.ok((actions ?? []).some((a) => a.title === 'Ignore missing-transpose on this line'), `actions: ${(actions ?? []).map((a) => a.title).join(', ')}`);
    await client.waitFor(() => client.logs.slice(fromLogs).find((l) => l.includes(`analysed ${uri} (version 1)`)), 'the analysis log line');
    const versions = client.diagnosticsHistory.slice(fromDiagnostics).filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(versions, [1], 'published once');
    await client.close(uri);
  });

  it('keeps answering from stored results while a long analysis runs', async () => {
    const small = fileUri(dir, 'forward.py');
    await client.open(small, FORWARD_WITH_BUG);
    await client.waitForDiagnostics(small, { version: 1 });
    const { uri, text } = writeLargeFile(dir);
    const from = client.statuses.length;
    await client.open(uri, text);
    await client.waitFor(() => client.statuses.slice(from).find((s) => s.uri === uri && s.state === 'analysing'), 'analysing status for the large file');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: small }, position: { line: RETURN_LINE, character: 12 } });
    const settledWhileHovering = client.statuses.slice(from).some((s) => s.uri === uri && s.state !== 'analysing');
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /\(n_h, m\)/);
    assert.equal(settledWhileHovering, false, 'the hover was answered before the large file finished analysing');
    assert.equal((await client.waitForSettled(uri, from, 20_000)).state, 'idle');
    await client.close(uri);
    await client.close(small);
  });
});

describe('protocol: a worker that dies or hangs', () => {
  let client: LspTestClient;
  let dir: string;

  before(async () => ({ client, dir } = await startInTempDir({ serverScript: path.join(__dirname, 'servers', 'workerStub.ts') })));
  after(() => stopAndRemove(client, dir));

  async function recovers(uri: string): Promise<void> {
    const from = client.statuses.length;
    const v = await client.change(uri, [{ text: FORWARD_WITH_BUG }]);
    assert.equal((await client.waitForSettled(uri, from)).state, 'idle');
    const { diagnostics } = await client.waitForDiagnostics(uri, { version: v });
    assert.deepEqual(diagnostics.map((d) => d.code), ['missing-transpose'], 'the new worker analyses the next version');
  }

  it('a worker that exits during an analysis: one log line, an error status, no diagnostics; the next version is analysed', async () => {
    const uri = fileUri(dir, 'exit.py');
    const fromLogs = client.logs.length;
    await client.open(uri, 'x = 1  # PLANTED_WORKER_EXIT\n');
    assert.deepEqual(await client.waitForSettled(uri), { state: 'error', findings: 0, uri });
    assert.deepEqual((await client.waitForDiagnostics(uri, { version: 1 })).diagnostics, []);
    const lines = client.logs.slice(fromLogs).filter((l) => !/analysed |result dropped/.test(l));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /could not analyse .*exit\.py \(version 1\): the analysis worker stopped \(exit code 7\); restarted/);
    await recovers(uri);
    assert.ok(client.alive);
  });

  it('a worker that dies while idle: one log line, and the next analysis runs in a new worker', async () => {
    const uri = fileUri(dir, 'throw.py');
    const fromLogs = client.logs.length;
    await client.open(uri, `${CLEAN_PYTHON}# PLANTED_WORKER_THROW\n`);
    assert.equal((await client.waitForSettled(uri)).state, 'idle');
    const line = await client.waitFor(() => client.logs.slice(fromLogs).find((l) => l.includes('the analysis worker stopped')), 'the worker-stopped log line');
    assert.match(line, /stopped \(exit code 1, TypeError: planted uncaught error in the worker\); restarted$/);
    await recovers(uri);
    assert.equal(client.logs.slice(fromLogs).filter((l) => l.includes('the analysis worker stopped')).length, 1);
  });

  it("keeps the worker's stdout off the JSON-RPC channel: its lines reach the log", async () => {
    const uri = fileUri(dir, 'log.py');
    await client.open(uri, `${CLEAN_PYTHON}# PLANTED_WORKER_LOG\n`);
    assert.equal((await client.waitForSettled(uri)).state, 'idle');
    await client.waitFor(() => client.logs.includes('backprop-lint: analysis worker: second line'), 'the worker output in the log');
    assert.ok(client.logs.includes('backprop-lint: analysis worker: planted output'));
    assert.ok(client.alive);
  });

  it('a worker that hangs is stopped after the timeout and replaced', async () => {
    const uri = fileUri(dir, 'hang.py');
    await client.open(uri, 'x = 1  # PLANTED_WORKER_HANG\n');
    assert.equal((await client.waitForSettled(uri)).state, 'error');
    assert.ok(client.logs.some((l) => /could not analyse .*hang\.py \(version 1\): the analysis did not finish within 1500 ms; its worker was stopped and restarted/.test(l)));
    await recovers(uri);
  });
});
