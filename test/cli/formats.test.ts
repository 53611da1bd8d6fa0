// What CI needs of the CLI: SARIF for GitHub code scanning, workflow annotations, --quiet,
// --exit-zero, --select/--ignore, --help, --version, and the same output order on every run.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Log } from 'sarif';
import { ALL_CODES, SCRIPT_EXTENSIONS } from '../../engine/index';
import { BUGGY, ROOT, runCli as run } from './helpers';

describe('backprop-lint CLI output formats and options', function () {
  this.timeout(60000);
  let dir: string;
  let file: string;
  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'run `npm run build` first');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-formats-'));
    fs.mkdirSync(path.join(dir, 'src'));
    file = path.join(dir, 'src', 'model.py');
    fs.writeFileSync(file, BUGGY);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--format sarif gives what GitHub code scanning requires', () => {
    const r = run(['check', '--format', 'sarif', 'src'], dir);
    assert.equal(r.code, 1, r.err);
    const log = JSON.parse(r.out) as Log;
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema!, /sarif-2\.1\.0\.json$/);
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'backprop-lint');
    assert.deepEqual(driver.rules!.map((x) => x.id), ALL_CODES);
    for (const rule of driver.rules!) {
      assert.equal(rule.helpUri, `docs/diagnostics/${rule.id}.md`);
      assert.ok(fs.existsSync(path.join(ROOT, rule.helpUri)), `${rule.helpUri} exists`);
      assert.ok(rule.shortDescription!.text.length > 0);
      // The README holds the anchor the link points at.
      assert.ok(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').includes(`<a id="${rule.id}"></a>`), rule.id);
    }
    const results = log.runs[0].results!;
    assert.equal(results.length, 1);
    const [res] = results;
    assert.equal(res.ruleId, 'missing-transpose');
    assert.equal(driver.rules![res.ruleIndex!].id, 'missing-transpose');
    assert.equal(res.level, 'error');
    assert.match(res.message.text!, /^np\.dot: \(n_h, m\) · \(n_x, m\)/);
    const loc = res.locations![0].physicalLocation!;
    // Relative to the working folder, with forward slashes; 1-based region.
    assert.equal(loc.artifactLocation!.uri, 'src/model.py');
    assert.deepEqual(loc.region, { startLine: 9, startColumn: 20, endLine: 9, endColumn: 34 });
  });

  it('--format github prints one workflow annotation per finding', () => {
    const r = run(['check', '--format', 'github', 'src/model.py'], dir);
    assert.equal(r.code, 1);
    assert.equal(
      r.out,
      '::error file=src/model.py,line=9,col=20,endLine=9,endColumn=34,title=backprop-lint missing-transpose::np.dot: (n_h, m) · (n_x, m): inner dimensions m and n_x differ\n',
    );
  });

  it('--quiet prints findings only; --exit-zero exits 0 with findings', () => {
    const q = run(['check', '--quiet', 'src'], dir);
    assert.equal(q.code, 1);
    assert.equal(q.out.trim().split('\n').length, 1);
    assert.match(q.out, /^src\/model\.py:9:20: error\[missing-transpose\]/);
    const clean = path.join(dir, 'clean.py');
    fs.writeFileSync(clean, 'x = 1\n');
    assert.equal(run(['check', '--quiet', clean]).out, '');
    const z = run(['check', '--exit-zero', 'src'], dir);
    assert.equal(z.code, 0);
    assert.match(z.out, /1 problem/);
  });

  it('--select and --ignore choose the codes reported', () => {
    const ignored = run(['check', '--ignore', 'missing-transpose', 'src'], dir);
    assert.equal(ignored.code, 0, ignored.out);
    assert.match(ignored.out, /No problems found in 1 file\./);
    const selected = run(['check', '--select', 'missing-keepdims,rank-1-array', 'src'], dir);
    assert.equal(selected.code, 0, selected.out);
    assert.equal(run(['check', '--select', 'missing-transpose', 'src'], dir).code, 1);
    const bad = run(['check', '--ignore', 'no-such-code', 'src'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown code 'no-such-code'/);
  });

  it('--help exits 0 and lists every extension and code; --version prints the package version', () => {
    const h = run(['--help']);
    assert.equal(h.code, 0);
    for (const ext of ['.py', '.ipynb', ...SCRIPT_EXTENSIONS]) assert.ok(h.out.includes(ext), ext);
    for (const code of ALL_CODES) assert.ok(h.out.includes(code), code);
    assert.equal(run(['check', '--help']).code, 0);
    const v = run(['--version']);
    assert.equal(v.code, 0);
    assert.equal(v.out.trim(), `backprop-lint ${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}`);
    const none = run([]);
    assert.equal(none.code, 2);
    assert.match(none.err, /^usage:/);
  });

  it('checks a folder in worker threads with the same output, in the same order, as one thread', () => {
    const many = path.join(dir, 'many');
    fs.mkdirSync(many);
    // Files of very different cost, so workers finish out of order.
    for (let i = 0; i < 12; i++) {
      const body = i % 3 === 0 ? fs.readFileSync(path.join(ROOT, 'examples', 'planar_gradients_buggy.py'), 'utf8') : BUGGY;
      fs.writeFileSync(path.join(many, `m${String(i).padStart(2, '0')}.py`), body);
    }
    const one = run(['check', '--jobs', '1', many]);
    const four = run(['check', '--jobs', '4', many]);
    assert.equal(one.code, 1);
    assert.equal(four.out, one.out);
    assert.equal(four.code, one.code);
    const lines = one.out.trim().split('\n');
    const files = lines.slice(0, -1).map((l) => l.split(':')[0]);
    assert.deepEqual(files, [...files].sort());
    assert.equal(four.err, '', 'no progress line when stderr is not a terminal');
  });
});
