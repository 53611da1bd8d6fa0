// `backpropLint/graph` over JSON-RPC: the graph of the analysis the diagnostics came from, for the
// unit at a line; after an edit, the graph of the new text (a planted wrong derivative: ✗).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GraphResult } from '../../server/graphProtocol';
import { GRAPH_REQUEST } from '../../server/graphProtocol';
import { fileUri } from './fixtures';
import { LspTestClient, REPO_ROOT, startInTempDir, stopAndRemove } from './lspClient';

const SCRIPT = path.join(REPO_ROOT, 'test', 'fixtures', 'gradients', 'script', 'correct', 'train_script.py');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('protocol: backpropLint/graph', () => {
  let client: LspTestClient;
  let dir: string;

  before(async () => ({ client, dir } = await startInTempDir()));
  after(() => stopAndRemove(client, dir));

  it('answers the graph of the unit at a line, with shapes, gradients on their values and the document\'s URIs', async () => {
    const uri = fileUri(dir, 'train.py');
    const text = fs.readFileSync(SCRIPT, 'utf8');
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, { version: 1 });
    const res = await client.request<GraphResult | null>(GRAPH_REQUEST, { uri, line: lineOf(text, 'dZ1 = ') });
    assert.ok(res);
    assert.deepEqual(res.docUris, [uri]);
    const g = res.graph;
    assert.equal(g.unit, '<module>');
    const byName = (n: string) => g.nodes.find((x) => x.name === n)!;
    assert.equal(byName('A1').label, 'tanh');
    assert.equal(byName('A2').label, 'sigmoid');
    assert.equal(byName('W1').kind, 'parameter');
    assert.equal(byName('Z1').range?.start.line, lineOf(text, 'Z1 = np.dot(W1, X) + b1'));
    const dz1 = g.gradients.find((x) => x.name === 'dZ1')!;
    assert.equal(dz1.node, byName('Z1').id);
    assert.equal(dz1.verdict, 'ok');
    assert.ok(dz1.derivation?.tex.some((t) => t.includes("\\tanh'(Z_{1})")));
    assert.ok(g.edges.some((e) => e.from === byName('X').id && e.shape === '(n_x, m)'));
  });

  it('follows an edit: the planted wrong derivative shows ✗ on dZ1 with the expected line', async () => {
    const uri = fileUri(dir, 'edit.py');
    const text = fs.readFileSync(SCRIPT, 'utf8');
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, { version: 1 });
    const line = lineOf(text, 'dZ1 = ');
    const old = text.split('\n')[line];
    const bad = old.replace('(1 - A1 ** 2)', '(1 - Z1 ** 2)');
    assert.notEqual(bad, old);
    const v2 = await client.change(uri, [{ range: { start: { line, character: 0 }, end: { line, character: old.length } }, text: bad }]);
    // Asked at once: the request waits for the analysis of the new text.
    const res = await client.request<GraphResult | null>(GRAPH_REQUEST, { uri, line });
    assert.ok(res);
    assert.equal(res.version, String(v2));
    const dz1 = res.graph.gradients.find((x) => x.name === 'dZ1')!;
    assert.equal(dz1.verdict, 'wrong');
    assert.equal(dz1.expected, 'dZ1 = np.dot(W2.T, dZ2) * (1 - A1 ** 2)'.replace('A1 ** 2', dz1.expected!.includes('np.power') ? 'np.power(A1, 2)' : 'A1 ** 2'));
    assert.match(dz1.reason ?? '', /activation derivative/);
  });

  it('answers null for a document that is not open', async () => {
    assert.equal(await client.request<GraphResult | null>(GRAPH_REQUEST, { uri: fileUri(dir, 'nope.py') }), null);
  });
});
