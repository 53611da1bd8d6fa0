// Where a shape came from, as hovers show it: the engine gives a place (the expression, the assert or
// the shape comment, engine/diagnostics/origin.ts) and the server shows its text and line, or the
// engine's words when no place says it. Nothing is re-read from the line by the server.

import * as assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { fileUri, makeTempDir, removeDir } from './fixtures';
import { LspTestClient } from './lspClient';

const SOURCE = `import numpy as np

def f(X, W1, T, R):
    """
    X -- (n_x, m)
    W1 -- (n_h, n_x)
    """
    Z1 = np.dot(W1, X)
    assert T.shape == (n_h, m)
    U = T
    V = R.load()  # (n_h, 1)
    Z1 += V
    return U, V, Z1
`;

describe('protocol: origins of shapes', () => {
  let client: LspTestClient;
  let dir: string;
  let uri: string;
  const lines = SOURCE.split('\n');
  const hover = async (line: number, text: string): Promise<string> => {
    const character = lines[line].indexOf(text) + 1;
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    return (h?.contents as MarkupContent | undefined)?.value ?? '';
  };

  before(async () => {
    dir = makeTempDir();
    client = await LspTestClient.start();
    uri = fileUri(dir, 'origins.py');
    await client.open(uri, SOURCE);
    await client.waitForDiagnostics(uri, { version: 1 });
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  it('an operation: its expression and line, or "computed here" on the expression itself', async () => {
    assert.match(await hover(7, 'Z1'), /_from `np\.dot\(W1, X\)`, line 8_$/);
    assert.match(await hover(7, 'np.dot'), /_computed here, line 8_$/);
  });

  it('an assert: the statement that stated the shape', async () => {
    assert.match(await hover(9, 'U'), /\*\*shape\*\* `\(n_h, m\)`\n\n_from `assert T\.shape == \(n_h, m\)`, line 9_$/);
  });

  it('a shape comment: the comment itself', async () => {
    assert.match(await hover(10, 'V'), /\*\*shape\*\* `\(n_h, 1\)`\n\n_from `# \(n_h, 1\)`, line 11_$/);
  });

  it('an augmented assignment: the whole statement', async () => {
    assert.match(await hover(12, 'Z1'), /_from `Z1 \+= V`, line 12_$/);
  });
});
