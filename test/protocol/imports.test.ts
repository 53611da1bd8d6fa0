// Files beside the open one: a change to one (on disk or in the editor) re-analyses its importers.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLEAN_PYTHON, fileUri, makeTempDir, removeDir } from './fixtures';
import { LspTestClient } from './lspClient';

const IMPORTER = 'import numpy as np\nfrom model import forward\n\nA = forward(np.zeros((3, 5)))\n';
const MODEL = 'import numpy as np\n\ndef forward(X):\n    return X\n';

describe('protocol: neighbouring modules', () => {
  let client: LspTestClient;
  let dir: string;

  before(async () => {
    dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'model.py'), MODEL);
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  it('re-analyses an open importer when a .py file in its folder changes on disk', async () => {
    const uri = fileUri(dir, 'train.py');
    await client.open(uri, IMPORTER);
    await client.waitForDiagnostics(uri, { version: 1 });
    const from = client.diagnosticsHistory.length;
    fs.writeFileSync(path.join(dir, 'model.py'), MODEL.replace('return X', 'return X.T'));
    await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(dir, 'model.py'), type: 2 }] });
    await client.waitForDiagnostics(uri, { after: from });
  });

  it('re-analyses an open importer when the imported file is edited in the editor', async () => {
    const uri = fileUri(dir, 'train.py');
    const model = fileUri(dir, 'model.py');
    await client.open(model, MODEL);
    await client.waitForDiagnostics(model, { version: 1 });
    const from = client.diagnosticsHistory.length;
    await client.change(model, [{ text: CLEAN_PYTHON }]);
    await client.waitForDiagnostics(uri, { after: from });
  });
});

describe('protocol: modules in subfolders (dotted imports)', () => {
  let client: LspTestClient;
  let dir: string;

  before(async () => {
    dir = makeTempDir();
    fs.mkdirSync(path.join(dir, 'pkg'));
    fs.writeFileSync(path.join(dir, 'pkg', 'model.py'), MODEL);
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  it('re-analyses the importer when pkg/model.py changes (found through the modules the engine read)', async () => {
    const uri = fileUri(dir, 'train.py');
    await client.open(uri, IMPORTER.replace('from model import', 'from pkg.model import'));
    await client.waitForDiagnostics(uri, { version: 1 });
    const from = client.diagnosticsHistory.length;
    await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(dir, 'pkg/model.py'), type: 2 }] });
    await client.waitForDiagnostics(uri, { after: from });
  });
});

describe('protocol: a TypeScript model importing its layers', () => {
  const FIXTURES = path.join(__dirname, '..', 'fixtures', 'typescript', 'imports');
  const LAYERS = fs.readFileSync(path.join(FIXTURES, 'correct', 'layers.ts'), 'utf8');
  // The bug fixture, importing the layers from beside it here.
  const MODEL = fs.readFileSync(path.join(FIXTURES, 'bugs', 'dW1_missing_transpose_imported.ts'), 'utf8').replace("'../correct/layers'", "'./layers'");
  let client: LspTestClient;
  let dir: string;

  before(async () => {
    dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'layers.ts'), LAYERS);
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  /**
   * Opens the model: the missing transpose is found through the layers' shapes. Then the layers, open in
   * the editor, stop saying what W2 is (only in the editor: the file on disk keeps its shapes), so dZ1
   * has no known shape and the model's line falls silent.
   */
  async function findingFollowsTheLayers(modelUri: string, model: string, layersUri: string): Promise<void> {
    await client.open(modelUri, model, 'typescript');
    const first = await client.waitForDiagnostics(modelUri, { version: 1 });
    assert.deepEqual(first.diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`), ['23:missing-transpose']);
    await client.open(layersUri, LAYERS, 'typescript');
    await client.waitForDiagnostics(layersUri, { version: 1 });
    const from = client.diagnosticsHistory.length;
    await client.change(layersUri, [{ text: LAYERS.replace('const W2 = tf.randomNormal([nY, nH]).mul(0.01);', 'const W2 = loadWeights();') }]);
    const after = await client.waitForDiagnostics(modelUri, { after: from });
    assert.deepEqual(after.diagnostics, []);
  }

  it('reads ./layers.ts for the shapes (the finding needs them), and follows its edits in the editor', async () => {
    await findingFollowsTheLayers(fileUri(dir, 'model.ts'), MODEL, fileUri(dir, 'layers.ts'));
  });

  it('reads ../lib/layers.ts from the editor too (an import climbing out of the folder), before it is saved', async () => {
    fs.mkdirSync(path.join(dir, 'app'));
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.writeFileSync(path.join(dir, 'lib', 'layers.ts'), LAYERS);
    await findingFollowsTheLayers(fileUri(path.join(dir, 'app'), 'model.ts'), MODEL.replace("'./layers'", "'../lib/layers'"), fileUri(path.join(dir, 'lib'), 'layers.ts'));
  });
});
