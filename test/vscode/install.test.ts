// test/vscode/install.sh with npm, dpkg-query, rg and chromium replaced by stubs (nothing is
// downloaded): code-server is installed into a temporary folder and renamed into place with a marker
// written last, so a second run never takes a first run's half-finished install for a complete one.

import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const INSTALL_SH = path.join(__dirname, 'install.sh');
const VERSION = /^CS_VERSION=(\S+)$/m.exec(fs.readFileSync(INSTALL_SH, 'utf8'))![1]!;

/**
 * The npm stub "installs" code-server the way npm leaves it half-way: the bin and package.json
 * first, then (once the file named by STUB_HOLD, if set, is gone) the rest, `postinstall-done`.
 * STUB_FAIL=1 makes it fail half-way.
 */
const STUBS: Record<string, string> = {
  npm: `#!/usr/bin/env bash
set -e
mkdir -p node_modules/code-server node_modules/.bin
echo '{"version":"${VERSION}"}' > node_modules/code-server/package.json
printf '#!/usr/bin/env bash\\necho "${VERSION} stub with Code 1.100.3"\\n' > node_modules/.bin/code-server
chmod +x node_modules/.bin/code-server
echo "$PWD" >> "$STUB_LOG"
[ "\${STUB_FAIL:-}" = 1 ] && exit 3
if [ -n "\${STUB_HOLD:-}" ]; then while [ -e "$STUB_HOLD" ]; do sleep 0.02; done; fi
touch node_modules/code-server/postinstall-done
`,
  'dpkg-query': `#!/usr/bin/env bash\necho 'install ok installed'\n`,
  rg: `#!/usr/bin/env bash\necho 'ripgrep stub'\n`,
  chromium: `#!/usr/bin/env bash\necho 'Chromium stub'\n`,
};

describe('test/vscode/install.sh', function () {
  this.timeout(20_000);
  let root: string;
  let cache: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-install-test-'));
    const bin = path.join(root, 'bin');
    fs.mkdirSync(bin);
    for (const [name, text] of Object.entries(STUBS)) fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });
    fs.mkdirSync(path.join(root, 'tmp'));
    cache = path.join(root, 'cache', 'code-server');
    env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, BPL_CACHE: cache, TMPDIR: path.join(root, 'tmp'), STUB_LOG: path.join(root, 'npm.log') };
    delete env.STUB_HOLD;
    delete env.STUB_FAIL;
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const run = (extra: NodeJS.ProcessEnv = {}) => spawnSync('bash', [INSTALL_SH], { env: { ...env, ...extra }, encoding: 'utf8' });
  const complete = () =>
    fs.readFileSync(path.join(cache, '.installed'), 'utf8').trim() === `code-server@${VERSION}` &&
    fs.existsSync(path.join(cache, 'node_modules', 'code-server', 'postinstall-done'));
  const leftovers = () => fs.readdirSync(path.dirname(cache)).filter((f) => f !== 'code-server');
  const npmRuns = () => (fs.existsSync(env.STUB_LOG!) ? fs.readFileSync(env.STUB_LOG!, 'utf8').split('\n').filter(Boolean) : []);

  it('installs into a temporary folder, renames it into place with its marker, and does nothing the second time', () => {
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    assert.ok(complete());
    assert.deepEqual(leftovers(), []);
    assert.match(npmRuns()[0]!, /code-server\.installing\.\w+$/, 'npm ran in the temporary folder');
    const second = run();
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /already in/);
    assert.equal(npmRuns().length, 1);
  });

  it('a run that starts while another is half-way installs its own copy instead of taking the unfinished one', async () => {
    const hold = path.join(root, 'hold');
    fs.writeFileSync(hold, '');
    const slow = spawn('bash', [INSTALL_SH], { env: { ...env, STUB_HOLD: hold }, stdio: 'ignore' });
    const slowDone = new Promise<number | null>((resolve) => slow.on('exit', resolve));
    // Poll until the first run's npm has written the bin (and waits on the hold file).
    const deadline = Date.now() + 10_000;
    while (npmRuns().length === 0) {
      assert.ok(Date.now() < deadline, 'the first run reached npm');
      await new Promise((r) => setTimeout(r, 10));
    }
    const second = run();
    assert.equal(second.status, 0, second.stderr);
    assert.ok(complete(), 'when the second run exits, what is in place is a complete install');
    assert.equal(npmRuns().length, 2, 'the second run installed its own copy');
    fs.rmSync(hold);
    assert.equal(await slowDone, 0);
    assert.ok(complete());
    assert.deepEqual(leftovers(), [], 'the first run dropped its copy: the second one was in place');
  });

  it('replaces a half-finished install left by an older script or an interrupted run (no marker)', () => {
    fs.mkdirSync(path.join(cache, 'node_modules', '.bin'), { recursive: true });
    fs.writeFileSync(path.join(cache, 'node_modules', '.bin', 'code-server'), '#!/bin/sh\n', { mode: 0o755 });
    const r = run();
    assert.equal(r.status, 0, r.stderr);
    assert.ok(complete());
    assert.deepEqual(leftovers(), []);
  });

  it('a failed install leaves nothing in place and no temporary folder', () => {
    const r = run({ STUB_FAIL: '1' });
    assert.notEqual(r.status, 0);
    assert.ok(!fs.existsSync(cache));
    assert.deepEqual(leftovers(), []);
  });
});
