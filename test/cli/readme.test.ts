// Every command the README shows with a `$ ` prompt, run from the repository root as a user would
// (after `npm ci && npm start`, i.e. a build), prints what the README shows. And the pre-commit hook
// the README points at runs.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';

interface Example {
  command: string;
  expected: string;
  line: number;
}

/** The `$ ` lines of the README's fenced code blocks, each with the lines after it up to the next `$ ` or the block's end. */
export function readmeExamples(readme: string): Example[] {
  const out: Example[] = [];
  let inBlock = false;
  let current: (Example & { lines: string[] }) | undefined;
  const finish = () => {
    if (current) out.push({ command: current.command, line: current.line, expected: current.lines.join('\n').trimEnd() });
    current = undefined;
  };
  readme.split('\n').forEach((text, i) => {
    if (/^```/.test(text)) {
      if (inBlock) finish();
      inBlock = !inBlock;
      return;
    }
    if (!inBlock) return;
    if (text.startsWith('$ ')) {
      finish();
      current = { command: text.slice(2), expected: '', line: i + 1, lines: [] };
    } else current?.lines.push(text);
  });
  return out;
}

describe('README', function () {
  this.timeout(120000);
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const examples = readmeExamples(readme);

  before(() => assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'run `npm run build` first'));

  it('shows commands with a `$ ` prompt (and this test finds them)', () => {
    assert.ok(examples.length >= 5, `${examples.length} examples`);
    assert.ok(examples.some((e) => e.command.startsWith('npx backprop-lint check')));
  });

  for (const e of examples) {
    it(`README.md:${e.line}: $ ${e.command}`, () => {
      const r = spawnSync('bash', ['-c', e.command], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(r.error, undefined);
      assert.equal(r.stdout.trimEnd(), e.expected, `stderr: ${r.stderr}`);
    });
  }

  it('the pre-commit hook\'s entry checks the files pre-commit passes it', () => {
    const hooks = fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
    const entry = /^\s*entry:\s*(.+)$/m.exec(hooks)![1].trim().split(/\s+/);
    assert.equal(entry[0], 'backprop-lint');
    assert.ok(/"bin":\s*{[^}]*"backprop-lint":/.test(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')));
    assert.match(hooks, /types_or: \[python, jupyter, ts, tsx, javascript, jsx\]/);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'backprop-lint.js'), ...entry.slice(1), 'examples/planar_classifier.py', 'examples/planar_classifier_buggy.py'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /3 problems \(2 errors, 1 warning\) in 1 of 2 files\./);
  });
});
