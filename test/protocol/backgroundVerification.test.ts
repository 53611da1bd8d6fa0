// A document whose gradient verification needs more than the editor's first budget: the server
// publishes the shape findings at once, says it is still checking (`verifying`), goes on verifying
// in the worker, and publishes again with what the CLI reports; an edit cancels that run.

import * as assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LONG_DOCUMENT_CHARS } from '../../server/analyzer';
import { FORWARD_WITH_BUG, fileUri, makeTempDir, removeDir } from './fixtures';
import { slowVerificationScript } from '../fixtures/slowVerification.cjs';
import { LspTestClient, startInTempDir, stopAndRemove } from './lspClient';

const TEXT = slowVerificationScript();
const lineOf = (needle: string) => TEXT.slice(0, TEXT.indexOf(needle)).split('\n').length - 1;
const SHAPE_BUG_LINE = lineOf('return np.dot(W1, X.T)');
const GRADIENT_BUG_LINE = lineOf('dW2 = np.dot(dZ2, A1.T)');
/** A comment line to edit (far from the code). */
const NOTE_LINE = lineOf('# note 00007');

const findings = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${d.range.start.line}:${String(d.code)}`).sort();
const hasGradientFinding = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === 'missing-batch-mean');

describe('protocol: verification continued in the background', function () {
  this.timeout(120_000);
  let client: LspTestClient;
  let dir: string;

  before(async () => ({ client, dir } = await startInTempDir()));
  after(() => stopAndRemove(client, dir));

  it('the document is one whose first verification budget runs out (long, slow top level)', () => {
    assert.ok(TEXT.length > LONG_DOCUMENT_CHARS, `${TEXT.length} characters`);
  });

  it('publishes the shape finding first, says it is still checking, then adds the gradient finding', async () => {
    const uri = fileUri(dir, 'slow_training.py');
    const fromStatus = client.statuses.length;
    const fromDiagnostics = client.diagnosticsHistory.length;
    await client.open(uri, TEXT);

    const first = await client.waitForDiagnostics(uri, { version: 1, after: fromDiagnostics, timeoutMs: 30_000 });
    assert.deepEqual(findings(first), [`${SHAPE_BUG_LINE}:missing-transpose`]);
    const next = await client.waitFor(
      () => client.statuses.slice(fromStatus).find((s) => s.uri === uri && s.state !== 'analysing'),
      'the status after the first publish',
      30_000,
    );
    assert.deepEqual(next, { state: 'verifying', findings: 1, uri });

    const firstIndex = client.diagnosticsHistory.indexOf(first);
    const later = await client.waitForDiagnostics(uri, { version: 1, after: firstIndex + 1, timeoutMs: 90_000 });
    assert.deepEqual(findings(later), [`${GRADIENT_BUG_LINE}:missing-batch-mean`, `${SHAPE_BUG_LINE}:missing-transpose`].sort());
    const dW2 = later.diagnostics.find((d) => d.code === 'missing-batch-mean')!;
    assert.match(typeof dW2.message === 'string' ? dW2.message : dW2.message.value, /dW2 is m times too large/);
    assert.equal(dW2.range.start.character, TEXT.split('\n')[GRADIENT_BUG_LINE]!.indexOf('dW2'));
    assert.deepEqual(await client.waitForSettled(uri, fromStatus, 30_000), { state: 'idle', findings: 2, uri });
    assert.ok(
      client.logs.some((l) => l.includes(`verified ${uri} (version 1) in the background`)),
      'the debug log line of the background run',
    );
    await client.close(uri);
  });

  it('an edit cancels the running background verification; the new version is verified in full', async () => {
    const uri = fileUri(dir, 'slow_edited.py');
    const fromStatus = client.statuses.length;
    const fromDiagnostics = client.diagnosticsHistory.length;
    await client.open(uri, TEXT);
    await client.waitFor(
      () => client.statuses.slice(fromStatus).find((s) => s.uri === uri && s.state === 'verifying'),
      'verifying status for version 1',
      30_000,
    );
    // Edit once the run is in the worker (after BACKGROUND_DELAY_MS): the engine is stopped through its flag.
    await client.waitFor(() => client.logs.find((l) => l.includes(`verifying ${uri} (version 1) in the background`)), 'the background run started', 30_000);
    const version = await client.change(uri, [{ range: { start: { line: NOTE_LINE, character: 0 }, end: { line: NOTE_LINE, character: 0 } }, text: '# edited\n' }]);
    await client.waitFor(
      () => client.logs.find((l) => l.includes(`background verification of ${uri} (version 1) cancelled`)),
      'the log line of the cancelled background verification',
      30_000,
    );
    const full = await client.waitForDiagnostics(uri, { version, after: fromDiagnostics, accept: hasGradientFinding, timeoutMs: 90_000 });
    assert.deepEqual(findings(full), [`${GRADIENT_BUG_LINE + 1}:missing-batch-mean`, `${SHAPE_BUG_LINE + 1}:missing-transpose`].sort());
    const v1 = client.diagnosticsHistory.slice(fromDiagnostics).filter((p) => p.uri === uri && p.version === 1);
    assert.ok(v1.length >= 1, 'version 1 had its first publish');
    assert.ok(!v1.some(hasGradientFinding), 'nothing from the cancelled run was published');
    await client.close(uri);
  });

  it('another document is analysed before a running background verification, which starts again after it', async () => {
    // Folders of their own: opening a file re-analyses the open files beside it.
    const own = makeTempDir();
    const other = makeTempDir();
    const uri = fileUri(own, 'slow_preempted.py');
    try {
      const otherUri = fileUri(other, 'quick.py');
      const fromStatus = client.statuses.length;
      const fromDiagnostics = client.diagnosticsHistory.length;
      await client.open(uri, TEXT);
      // Once the background job has been handed to the worker (after BACKGROUND_DELAY_MS), nothing else queued.
      await client.waitFor(() => client.logs.find((l) => l.includes(`verifying ${uri} (version 1) in the background`)), 'the background run started', 30_000);
      await client.open(otherUri, FORWARD_WITH_BUG);
      const quick = await client.waitForDiagnostics(otherUri, { version: 1, after: fromDiagnostics });
      assert.equal(quick.diagnostics.length, 1);
      const quickIndex = client.diagnosticsHistory.indexOf(quick);
      assert.ok(
        !client.diagnosticsHistory.slice(fromDiagnostics, quickIndex).some((p) => p.uri === uri && hasGradientFinding(p)),
        'the quick document was not held up by the background verification',
      );
      const full = await client.waitForDiagnostics(uri, { version: 1, after: quickIndex, accept: hasGradientFinding, timeoutMs: 90_000 });
      assert.deepEqual(findings(full), [`${GRADIENT_BUG_LINE}:missing-batch-mean`, `${SHAPE_BUG_LINE}:missing-transpose`].sort());
      const line = await client.waitFor(() => client.logs.find((l) => l.includes(`verified ${uri} (version 1) in the background`)), 'the background run\'s log line');
      assert.match(line, / \(stopped for other documents once and started again\)/, `stopped for the other document and started again: ${line}`);
      await client.close(otherUri);
      await client.close(uri);
    } finally {
      removeDir(own);
      removeDir(other);
    }
  });
});
