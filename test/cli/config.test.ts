// The project's configuration: parsing (engine/config), how the CLI applies it, and how the language
// server merges it under the editor's settings (server/settings.ts withProjectConfig).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findProjectConfig, globMatches, parseProjectConfig } from '../../engine/config/index';
import { DEFAULT_SETTINGS, normalizeSettings, withProjectConfig } from '../../server/settings';
import { BUGGY, ROOT, runCli as run } from './helpers';

describe('project configuration', function () {
  this.timeout(60000);

  describe('parsing', () => {
    it('reads [tool.backprop-lint] from pyproject.toml, with every key', () => {
      const c = parseProjectConfig(
        'pyproject',
        `[project]\nname = "x"\n\n[tool.backprop-lint]\nseverity = { "rank-1-array" = "off", "missing-keepdims" = "error" }\nignore = ["accidental-broadcast"]\ninclude = ["src/**"]\nexclude = ["legacy"]\nverify-budget = 2.5\ndimension-names = ["n_features"]\n`,
        '/p/pyproject.toml',
        '/p',
      )!;
      assert.deepEqual(c.severity, { 'rank-1-array': 'off', 'missing-keepdims': 'error' });
      assert.deepEqual(c.ignore, ['accidental-broadcast']);
      assert.deepEqual(c.include, ['src/**']);
      assert.deepEqual(c.exclude, ['legacy']);
      assert.equal(c.verifyBudgetSeconds, 2.5);
      assert.deepEqual(c.dimensionNames, ['n_features']);
      assert.deepEqual(c.problems, []);
    });

    it('passes over a pyproject.toml without the section; reads backprop-lint.json and package.json "backpropLint" (camelCase too)', () => {
      assert.equal(parseProjectConfig('pyproject', '[tool.ruff]\nline-length = 100\n', '/p/pyproject.toml', '/p'), undefined);
      assert.equal(parseProjectConfig('package', '{"name": "x"}', '/p/package.json', '/p'), undefined);
      const j = parseProjectConfig('json', '{"verifyBudget": 3, "dimensionNames": ["nIn"]}', '/p/backprop-lint.json', '/p')!;
      assert.equal(j.verifyBudgetSeconds, 3);
      assert.deepEqual(j.dimensionNames, ['nIn']);
      const pkg = parseProjectConfig('package', '{"backpropLint": {"select": ["missing-transpose"]}}', '/p/package.json', '/p')!;
      assert.deepEqual(pkg.select, ['missing-transpose']);
    });

    it('says what is wrong and keeps the rest', () => {
      const c = parseProjectConfig('json', '{"severity": {"nope": "off", "rank-1-array": "loud"}, "colour": 1, "ignore": ["missing-transpose"], "verify-budget": -1}', '/p/backprop-lint.json', '/p')!;
      assert.deepEqual(c.ignore, ['missing-transpose']);
      assert.equal(c.verifyBudgetSeconds, undefined);
      assert.deepEqual(c.problems, [
        "unknown key 'colour'",
        "'severity': unknown code 'nope'",
        "'severity': rank-1-array must be one of error, warning, information, hint, off",
        "'verify-budget' must be a positive number of seconds",
      ]);
      const broken = parseProjectConfig('pyproject', '[tool.backprop-lint\n', '/p/pyproject.toml', '/p')!;
      assert.match(broken.problems[0], /^cannot be read: /);
    });

    it('finds the nearest configuration upwards, the most specific file first', () => {
      const files: Record<string, string> = {
        '/repo/pyproject.toml': '[tool.backprop-lint]\nignore = ["rank-1-array"]\n',
        '/repo/pkg/pyproject.toml': '[tool.black]\n',
        '/repo/web/package.json': '{"backpropLint": {"ignore": ["missing-keepdims"]}}',
        '/repo/web/backprop-lint.json': '{"ignore": ["gradient-shape"]}',
      };
      const reader = { read: (f: string) => files[f] };
      assert.equal(findProjectConfig('/repo/pkg/sub', reader)!.file, '/repo/pyproject.toml');
      assert.equal(findProjectConfig('/repo/web', reader)!.file, '/repo/web/backprop-lint.json');
      assert.equal(findProjectConfig('/elsewhere', reader), undefined);
    });

    it('matches globs as ruff and .gitignore do', () => {
      assert.ok(globMatches('legacy', 'a/legacy/x.py'));
      assert.ok(globMatches('*_test.py', 'pkg/model_test.py'));
      assert.ok(globMatches('src/**/*.py', 'src/a/b/c.py'));
      assert.ok(globMatches('src/**/*.py', 'src/c.py'));
      assert.ok(!globMatches('src/*.py', 'src/a/c.py'));
      assert.ok(globMatches('notebooks/', 'notebooks/a.ipynb'));
      assert.ok(!globMatches('legacy', 'legacy_code.py'));
    });
  });

  describe('in the CLI', () => {
    let dir: string;
    before(() => {
      assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'run `npm run build` first');
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-config-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('applies severity, ignore and exclude from pyproject.toml; the command line overrides it', () => {
      const proj = path.join(dir, 'proj');
      fs.mkdirSync(path.join(proj, 'legacy'), { recursive: true });
      fs.mkdirSync(path.join(proj, 'src'), { recursive: true });
      fs.writeFileSync(path.join(proj, 'src', 'model.py'), BUGGY);
      fs.writeFileSync(path.join(proj, 'legacy', 'old.py'), BUGGY);
      fs.writeFileSync(path.join(proj, 'pyproject.toml'), '[tool.backprop-lint]\nexclude = ["legacy"]\n\n[tool.backprop-lint.severity]\nmissing-transpose = "warning"\n');
      const r = run(['check', '.'], proj);
      assert.equal(r.code, 1, r.out + r.err);
      assert.equal(r.out, 'src/model.py:9:20: warning[missing-transpose] np.dot: (n_h, m) · (n_x, m): inner dimensions m and n_x differ\n1 problem (0 errors, 1 warning) in 1 of 1 file.\n');
      // A file named on the command line is checked even when excluded.
      assert.match(run(['check', 'legacy/old.py'], proj).out, /legacy\/old\.py:9:20: warning\[missing-transpose\]/);
      assert.match(run(['check', '--no-config', '.'], proj).out, /2 problems \(2 errors, 0 warnings\) in 2 of 2 files\./);
      fs.writeFileSync(path.join(proj, 'pyproject.toml'), '[tool.backprop-lint]\nseverity = { missing-transpose = "off" }\n');
      const off = run(['check', 'src'], proj);
      assert.equal(off.code, 0);
      assert.equal(run(['check', '--select', 'missing-transpose', 'src'], proj).code, 0, 'off in the project stays off');
    });

    it('takes the verification budget and dimension names from backprop-lint.json, and warns about bad keys', () => {
      const proj = path.join(dir, 'budget');
      fs.mkdirSync(proj);
      fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'hostile', 'matrix_power.py'), path.join(proj, 'power.py'));
      fs.writeFileSync(path.join(proj, 'backprop-lint.json'), JSON.stringify({ verifyBudget: 0.05, dimensionNames: ['n_features'], colour: 'red' }));
      const r = run(['check', 'power.py'], proj);
      assert.match(r.out, /power\.py: note: gradient verification was cut short \(the time budget of 50 ms ran out\)/);
      assert.match(r.err, /backprop-lint\.json: unknown key 'colour'/);
    });
  });

  describe('in the language server', () => {
    const project = parseProjectConfig('pyproject', '[tool.backprop-lint]\nexclude = ["legacy"]\ndimension-names = ["n_features"]\n[tool.backprop-lint.severity]\nrank-1-array = "off"\nmissing-keepdims = "error"\n', '/p/pyproject.toml', '/p')!;

    it('applies the project over the defaults, the editor over the project', () => {
      const editor = normalizeSettings({ severity: { 'missing-keepdims': 'hint' }, dimensionNames: ['n_h2'] });
      const s = withProjectConfig(editor, project, '/p/src/model.py');
      assert.equal(s.severity['rank-1-array'], 'off');
      assert.equal(s.severity['missing-keepdims'], 'hint', 'the editor set it');
      assert.equal(s.severity['missing-transpose'], 'error');
      assert.deepEqual(s.dimensionNames, ['n_features', 'n_h2']);
      assert.equal(s.enable, true);
      assert.equal(withProjectConfig(normalizeSettings(DEFAULT_SETTINGS), project, '/p/src/model.py').severity['missing-keepdims'], 'error');
    });

    it('does not analyse a file the project excludes', () => {
      assert.equal(withProjectConfig(normalizeSettings(undefined), project, '/p/legacy/old.py').enable, false);
      assert.equal(withProjectConfig(normalizeSettings(undefined), undefined, '/p/legacy/old.py').enable, true);
    });
  });
});
