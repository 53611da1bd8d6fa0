// The CLI on TypeScript and JavaScript files, as a separate process (after `npm run build`).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'backprop-lint.js');

function run(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const BUGGY_TS = `import * as tf from '@tensorflow/tfjs';

/**
 * @param dZ1 gradient of the hidden layer, shape [nH, m]
 * @param X input data, shape [nX, m]
 * @param b1 bias, shape [nH, 1]
 */
function backward(dZ1: tf.Tensor2D, X: tf.Tensor2D, b1: tf.Tensor2D) {
  const m = X.shape[1];
  const dW1 = tf.matMul(dZ1, X).div(m);
  const db1 = tf.sum(dZ1, 1).div(m);
  const b1New = b1.sub(db1.mul(0.1));
  return [dW1, db1, b1New];
}
`;

const BUGGY_JS = `const math = require('mathjs');

/**
 * @param dZ1 gradient of the hidden layer, shape [nH, m]
 * @param X input data, shape [nX, m]
 */
function backward(dZ1, X) {
  const m = math.size(X)[1];
  const dW1 = math.divide(math.multiply(dZ1, X), m);
  return dW1;
}
`;

describe('backprop-lint CLI on TypeScript and JavaScript', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'run `npm run build` first');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-cli-ts-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('check reports .ts and .js findings in the library\'s own spelling and exits 1', () => {
    const ts = path.join(dir, 'net.ts');
    const js = path.join(dir, 'net.js');
    fs.writeFileSync(ts, BUGGY_TS);
    fs.writeFileSync(js, BUGGY_JS);
    const r = run(['check', dir]);
    assert.equal(r.code, 1, r.err);
    assert.ok(r.out.includes(`${js}:9:27: error[missing-transpose] math.multiply: (nH, m) · (nX, m): inner dimensions m and nX differ`), r.out);
    assert.ok(r.out.includes(`${ts}:10:15: error[missing-transpose] tf.matMul: (nH, m) · (nX, m): inner dimensions m and nX differ`), r.out);
    assert.ok(r.out.includes(`${ts}:11:15: warning[missing-keepdims] tf.sum(dZ1, 1) drops to rank 1 (nH,)`), r.out);
    assert.match(r.out, /3 problems \(2 errors, 1 warning\) in 2 of 2 files\./);
  });

  it('--format json carries the fixes in the library\'s idiom', () => {
    const ts = path.join(dir, 'json.ts');
    fs.writeFileSync(ts, BUGGY_TS);
    const r = run(['check', '--format', 'json', ts]);
    const json = JSON.parse(r.out) as { files: { diagnostics: { code: string; fixes: { certain: boolean; edits: { newText: string }[] }[] }[] }[] };
    const edits = json.files[0].diagnostics.flatMap((d) => d.fixes.filter((f) => f.certain).flatMap((f) => f.edits.map((e) => e.newText)));
    assert.deepEqual(edits, [', false, true', ', true']);
  });

  it('--fix applies them and the file comes out clean', () => {
    const ts = path.join(dir, 'fix.ts');
    fs.writeFileSync(ts, BUGGY_TS);
    const r = run(['check', '--fix', ts]);
    assert.match(r.out, /fixed .*fix\.ts:10:15 \[missing-transpose\]/);
    const fixed = fs.readFileSync(ts, 'utf8');
    assert.ok(fixed.includes('tf.matMul(dZ1, X, false, true).div(m)'), fixed);
    assert.ok(fixed.includes('tf.sum(dZ1, 1, true).div(m)'), fixed);
    assert.equal(run(['check', ts]).code, 0);
  });

  it('shapes prints what the engine believes about a .ts file', () => {
    const ts = path.join(dir, 'shapes.ts');
    fs.writeFileSync(ts, BUGGY_TS.replace('tf.matMul(dZ1, X)', 'tf.matMul(dZ1, X, false, true)').replace('tf.sum(dZ1, 1)', 'tf.sum(dZ1, 1, true)'));
    const r = run(['shapes', ts]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /10: const dW1 = tf\.matMul\(dZ1, X, false, true\)\.div\(m\);\s+\[dW1\] \(nH, nX\)/);
    assert.match(r.out, /11: const db1 = tf\.sum\(dZ1, 1, true\)\.div\(m\);\s+\[db1\] \(nH, 1\)/);
  });

  it('a syntax error is reported and the rest still analysed', () => {
    const ts = path.join(dir, 'broken.ts');
    fs.writeFileSync(ts, `function half(x) {\n  return tf.matMul(x,\n}\n\n${BUGGY_TS}`);
    const r = run(['check', ts]);
    assert.match(r.out, /missing-transpose/);
  });
});
