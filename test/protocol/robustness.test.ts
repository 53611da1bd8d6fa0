// Malformed requests and hostile documents must not take the server down: after each, it still
// answers a hover.

import * as assert from 'node:assert/strict';
import { ResponseError } from 'vscode-jsonrpc';
import { CLEAN_PYTHON, fileUri, makeTempDir, removeDir } from './fixtures';
import { LspTestClient } from './lspClient';

describe('protocol: robustness', () => {
  let client: LspTestClient;
  let dir: string;
  let probeUri: string;

  before(async () => {
    dir = makeTempDir();
    client = await LspTestClient.start();
    probeUri = fileUri(dir, 'probe.py');
    await client.open(probeUri, CLEAN_PYTHON);
    await client.waitForDiagnostics(probeUri, { version: 1 });
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  async function stillAnswersHover(): Promise<void> {
    await client.request('textDocument/hover', { textDocument: { uri: probeUri }, position: { line: 2, character: 0 } });
    assert.ok(client.alive, `server exited; stderr: ${client.stderr}`);
  }

  it('answers an unknown method with MethodNotFound', async () => {
    await assert.rejects(client.request('backpropLint/noSuchMethod', {}), (e: unknown) => e instanceof ResponseError && e.code === -32601);
    await stillAnswersHover();
  });

  it('answers requests with bad params InvalidParams (-32602), naming what is wrong, and keeps serving', async () => {
    for (const [method, params, problem] of [
      ['textDocument/hover', null, 'params must be an object, not null'],
      ['textDocument/hover', { textDocument: 42 }, 'textDocument must be an object, not number 42'],
      ['textDocument/hover', { textDocument: { uri: probeUri } }, 'position is missing'],
      ['textDocument/hover', { textDocument: { uri: probeUri }, position: { line: '2', character: 0 } }, 'position.line must be a number, not string "2"'],
      ['textDocument/codeAction', null, 'params must be an object, not null'],
      ['textDocument/codeAction', { textDocument: { uri: probeUri } }, 'range is missing'],
      ['textDocument/codeAction', { textDocument: { uri: probeUri }, range: 'nope', context: { diagnostics: 'x' } }, 'range must be an object, not string "nope"'],
      [
        'textDocument/codeAction',
        { textDocument: { uri: probeUri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: 'x' } },
        'context.diagnostics must be an array, not string "x"',
      ],
      [
        'textDocument/codeAction',
        { textDocument: { uri: probeUri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [null] } },
        'context.diagnostics[0] must be an object, not null',
      ],
      ['textDocument/inlayHint', null, 'params must be an object, not null'],
      ['textDocument/inlayHint', { textDocument: { uri: probeUri } }, 'range is missing'],
      ['backpropLint/shapes', { uri: 7 }, 'uri must be a string, not number 7'],
      ['backpropLint/shapes', null, 'params must be an object, not null'],
      ['backpropLint/shapes', [probeUri], 'params must be an object, not an array'],
    ] as const) {
      await assert.rejects(
        client.request(method, params),
        (e: unknown) => e instanceof ResponseError && e.code === -32602 && e.message === `${method}: ${problem}`,
        `${method} ${JSON.stringify(params)}`,
      );
    }
    assert.ok(!client.logs.some((l) => / failed: /.test(l)), 'no handler ran (and failed) on bad params');
    await stillAnswersHover();
  });

  it('refuses a second initialize with InvalidRequest (-32600) and keeps serving', async () => {
    await assert.rejects(
      client.request('initialize', { processId: null, rootUri: null, capabilities: {} }),
      (e: unknown) => e instanceof ResponseError && e.code === -32600 && /already initialized/.test(e.message),
    );
    await stillAnswersHover();
  });

  it('survives garbage positions and unknown documents', async () => {
    for (const position of [
      { line: -1, character: -1 },
      { line: 1e9, character: 1e9 },
      { line: 0.5, character: Number.MAX_SAFE_INTEGER },
    ]) {
      const hover = await client.request('textDocument/hover', { textDocument: { uri: probeUri }, position });
      assert.equal(hover, null);
    }
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere/x.py' }, position: { line: 0, character: 0 } }), null);
    assert.equal(
      await client.request('textDocument/codeAction', {
        textDocument: { uri: 'untitled:Untitled-9' },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      }),
      null,
    );
    await stillAnswersHover();
  });

  it('survives notifications for documents it never saw, and garbage notifications', async () => {
    await client.change('file:///never/opened.py', [{ text: 'x = 1' }]);
    await client.close('file:///never/opened.py');
    await client.notifyServer('notebookDocument/didChange', { notebookDocument: { uri: 'file:///no.ipynb', version: 3 }, change: {} });
    await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 2 }] });
    await client.notifyServer('textDocument/didOpen', { textDocument: null });
    await stillAnswersHover();
  });

  it('a document over the engine\'s size limit: not analysed, an error status and one log line with the engine\'s reason', async () => {
    const uri = fileUri(dir, 'over_limit.py');
    const text = 'import numpy as np\n' + 'x = 1  # filler\n'.repeat(130_000);
    assert.ok(text.length > 2_000_000);
    const from = client.statuses.length;
    await client.open(uri, text);
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.ok(published.diagnostics.every((d) => typeof d.message === 'string' && /not analysed/.test(d.message)), JSON.stringify(published.diagnostics));
    assert.equal((await client.waitForSettled(uri, from)).state, 'error');
    // An edit that keeps the length keeps the reason: still one line.
    const v = await client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: 'y' }]);
    await client.waitForDiagnostics(uri, { version: v });
    const lines = client.logs.filter((l) => l.includes(uri) && l.includes('not analysed'));
    assert.deepEqual(lines, [`backprop-lint: ${uri} not analysed: ${text.length} characters is over the limit of 2000000`]);
    await stillAnswersHover();
    await client.close(uri);
  });

  const hostile: [string, () => string][] = [
    ['binary junk', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1')],
    ['a 2 MB file', () => 'import numpy as np\n' + 'A = np.dot(np.zeros((3, 4)), np.zeros((4, 5))) + 1  # filler\n'.repeat(36000)],
    ['a 1.9 MB file (just under the engine\'s size limit)', () => 'import numpy as np\n' + 'A = np.dot(np.zeros((3, 4)), np.zeros((4, 5))) + 1  # filler\n'.repeat(30000)],
    ['3000 nested parentheses', () => `x = ${'('.repeat(3000)}1${')'.repeat(3000)}\n`],
    ['3000 nested calls', () => `import numpy as np\nx = ${'np.exp('.repeat(3000)}1${')'.repeat(3000)}\n`],
    ['a lone surrogate and NULs', () => 'x = "\ud800"\0\0\ny = 1\n'],
  ];
  for (const [name, make] of hostile) {
    it(`survives ${name}`, async () => {
      const uri = fileUri(dir, `${name.replace(/\W+/g, '_')}.py`);
      const from = client.statuses.length;
      await client.open(uri, make());
      await client.waitForSettled(uri, from);
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 5 } });
      await client.request('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } },
      });
      await stillAnswersHover();
      await client.close(uri);
    });
  }
});
