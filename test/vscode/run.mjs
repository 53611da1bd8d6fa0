// Whole real-VS-Code flow:
//   install (if missing) -> npm run build -> bundle the in-host suite -> vsce package ->
//   start code-server (free 127.0.0.1 port, throwaway state) + install the .vsix ->
//   grammar test -> mocha suite inside the extension host -> browser UI test with screenshots -> stop (process group).
// Usage: node test/vscode/run.mjs [--host-only | --ui-only | --graph-only] [--no-build] [--keep-state]
// Env:   BPL_CACHE (code-server cache), BPL_VSIX (use this .vsix instead of packaging),
//        BPL_TEST_GREP (mocha grep inside the host), BPL_UI_FILE (file the UI test opens).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSuite } from './buildSuite.mjs';
import { runHostTests } from './hostTests.mjs';
import { codeServerInstalled, HERE, closeBrowsers, ROOT, installedExtensionDir, log, makeWorkspace, run, startCodeServer } from './lib.mjs';
import { packageVsix } from './package.mjs';
import { runUiTest } from './uiTest.mjs';
import { runGraphUiTest } from './graphUiTest.mjs';

const args = new Set(process.argv.slice(2));
const doHost = !args.has('--ui-only') && !args.has('--graph-only');
const doUi = !args.has('--host-only') && !args.has('--graph-only');
const doGraph = !args.has('--host-only') && !args.has('--ui-only');
const t0 = Date.now();

if (!codeServerInstalled() || !fs.existsSync('/usr/bin/chromium')) {
  log('code-server or chromium missing: running test/vscode/install.sh');
  run('bash', [path.join(HERE, 'install.sh')]);
}
if (!args.has('--no-build')) {
  log('npm run build');
  run('npm', ['run', '--silent', 'build']);
}
await buildSuite();
const vsix = process.env.BPL_VSIX ? path.resolve(process.env.BPL_VSIX) : packageVsix();

const state = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-vscode-'));
let server;
const cleanup = async () => {
  await closeBrowsers();
  if (server) await server.stop();
  server = undefined;
  if (!args.has('--keep-state')) fs.rmSync(state, { recursive: true, force: true });
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    log(`${sig}: closing the browser and stopping code-server`);
    cleanup().finally(() => process.exit(130));
  });
}

const results = {};
{
  // the TextMate injection grammar, tokenized with VS Code's own engine (no server needed)
  const r = spawnSync(process.execPath, [path.join(HERE, 'grammarTest.mjs')], { encoding: 'utf8' });
  if (r.status !== 0) process.stdout.write(r.stdout + r.stderr);
  log(`grammar: ${(r.stdout.trim().split('\n').pop() || '').replace(/^grammar: /, '')}`);
  results['shape-comment grammar'] = r.status === 0 ? 0 : 1;
}
try {
  server = await startCodeServer({ state, vsix });
  if (doHost) {
    // the suite runs against the extension exactly as installed from the .vsix
    const extensionDir = installedExtensionDir(server.extensionsDir);
    const folder = makeWorkspace(state, 'host-workspace', [path.join(HERE, 'workspace')]);
    results['mocha in extension host'] = await runHostTests({
      url: server.url, state, extensionDir, suite: path.join(ROOT, 'out', 'test', 'vscode', 'suite', 'index.js'), folder,
    });
  }
  if (doUi) results['browser UI'] = await runUiTest({ url: server.url, state });
  if (doGraph) results['graph view UI'] = await runGraphUiTest({ url: server.url, state });
} catch (e) {
  log(`harness error: ${e.stack || e.message}`);
  results.harness = 1;
} finally {
  if (args.has('--keep-state')) log(`state kept in ${state} (code-server log: ${state}/code-server.log)`);
  await cleanup();
}
for (const [k, v] of Object.entries(results)) log(`${v === 0 ? 'PASS' : 'FAIL'}  ${k}`);
const failed = Object.values(results).some((v) => v !== 0) || !Object.keys(results).length;
log(`${failed ? 'FAILED' : 'PASSED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
