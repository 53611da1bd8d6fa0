// What the CLI does with awkward input: a BOM, bytes that are not UTF-8, binary and oversized files,
// FIFOs, symbolic links (and loops of them), syntax errors, and a reader that closes the pipe.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BIN, BUGGY, ROOT, runCli as run } from './helpers';

const FINDING = 'error[missing-transpose] np.dot: (n_h, m) · (n_x, m): inner dimensions m and n_x differ';

describe('backprop-lint CLI on awkward input', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'run `npm run build` first');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-inputs-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a UTF-8 BOM as Python does: no syntax error, the finding at its column', () => {
    const file = path.join(dir, 'bom.py');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BUGGY)]));
    const r = run(['check', file]);
    assert.equal(r.code, 1, r.out + r.err);
    assert.ok(r.out.includes(`${file}:9:20: ${FINDING}`), r.out);
    assert.doesNotMatch(r.out, /syntax error/);
  });

  it('--fix changes only the bytes it replaces: a 0xE9 byte in a comment and the BOM survive', () => {
    const file = path.join(dir, 'latin1.py');
    // Put the 0xE9 at the end of the `m = ...` comment line, before its newline.
    const text = BUGGY.replace('    m = X.shape[1]\n', '    m = X.shape[1]  # caf\u0000\n');
    const bytes = Buffer.from(text);
    bytes[bytes.indexOf(0)] = 0xe9;
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    fs.writeFileSync(file, withBom);
    const r = run(['check', '--fix', file]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /fixed .*latin1\.py:9:20 \[missing-transpose\]/);
    const after = fs.readFileSync(file);
    const expected = Buffer.from(withBom.toString('latin1').replace('np.dot(dZ1, X)', 'np.dot(dZ1, X.T)'), 'latin1');
    assert.ok(after.equals(expected), `bytes changed beyond the edit:\n${after.toString('latin1')}`);
  });

  it('says a binary file and a file over 2,000,000 characters were not analysed, counts them apart, exits 2', () => {
    const sub = path.join(dir, 'skipped');
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, 'a_binary.py'), 'x = 1\u0000\n');
    fs.writeFileSync(path.join(sub, 'b_huge.py'), '#'.repeat(99) + '\n'.repeat(1) + ('#'.repeat(99) + '\n').repeat(21_000));
    fs.writeFileSync(path.join(sub, 'c_buggy.py'), BUGGY);
    const r = run(['check', sub]);
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.out, /a_binary\.py: not analysed: the file looks binary/);
    assert.match(r.out, /b_huge\.py: not analysed: 2100100 characters is over the limit of 2000000/);
    assert.match(r.out, /1 problem \(1 error, 0 warnings\) in 1 of 1 file; 2 files not analysed\.$/m);
    const json = JSON.parse(run(['check', '--format', 'json', sub]).out);
    assert.deepEqual(json.files.map((f: { notAnalysed?: string }) => Boolean(f.notAnalysed)), [true, true, false]);
  });

  it('shows a syntax error that stops analysis of a region in text output', () => {
    const file = path.join(dir, 'broken.py');
    fs.writeFileSync(file, 'import numpy as np\nx = np.zeros((3, 4)\ny = x +\n');
    const r = run(['check', file]);
    assert.match(r.out, /broken\.py:\d+:\d+: syntax error: /);
    assert.match(r.out, /No problems found in 1 file; 2 syntax errors\./);
  });

  it('never opens a FIFO: named or found in a folder, it is reported as not analysed', () => {
    const sub = path.join(dir, 'fifo');
    fs.mkdirSync(sub);
    const fifo = path.join(sub, 'pipe.py');
    const made = spawnSync('mkfifo', [fifo]);
    assert.equal(made.status, 0, 'mkfifo is needed for this test');
    fs.writeFileSync(path.join(sub, 'ok.py'), BUGGY);
    for (const target of [fifo, sub]) {
      const r = spawnSync(process.execPath, [BIN, 'check', target], { encoding: 'utf8', timeout: 20000 });
      assert.notEqual(r.signal, 'SIGTERM', 'check hung on a FIFO');
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stdout, /pipe\.py: not analysed: a FIFO, not a file/);
    }
  });

  it('follows symbolic links to files and folders, and stops at a loop', () => {
    const real = path.join(dir, 'real');
    const proj = path.join(dir, 'proj');
    fs.mkdirSync(real);
    fs.mkdirSync(proj);
    fs.writeFileSync(path.join(real, 'model.py'), BUGGY);
    fs.symlinkSync(path.join(real, 'model.py'), path.join(proj, 'linked.py'));
    fs.symlinkSync(real, path.join(proj, 'vendored'));
    fs.symlinkSync(proj, path.join(proj, 'loop'));
    const r = run(['check', proj]);
    assert.equal(r.code, 1, r.out + r.err);
    // Both links lead to one file: it is checked once, under the first path the walk met.
    assert.ok(r.out.includes(`${path.join(proj, 'linked.py')}:9:20: ${FINDING}`), r.out);
    assert.match(r.out, /in 1 of 1 file\./);
    assert.match(r.err, /loop: symbolic link loop/);
  });

  it('ends quietly when the reader closes the pipe (| head -1)', () => {
    const many = path.join(dir, 'many');
    fs.mkdirSync(many);
    for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(many, `f${String(i).padStart(2, '0')}.py`), BUGGY);
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" check --jobs 1 "${many}" | head -1; exit \${PIPESTATUS[0]}`], { encoding: 'utf8' });
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 1);
    assert.equal(r.stderr, '', r.stderr);
    assert.equal(r.status, 0);
  });
});
