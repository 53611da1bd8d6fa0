// Shared pieces of the real-VS-Code harness: paths, code-server start/stop, Chromium launch.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const CACHE = process.env.BPL_CACHE || path.join(os.homedir(), '.cache', 'backprop-lint', 'code-server');
export const CODE_SERVER = path.join(CACHE, 'node_modules', '.bin', 'code-server');
/** Written last by install.sh, once code-server is completely installed: `code-server@<version>`. */
export const CODE_SERVER_MARKER = path.join(CACHE, '.installed');
/** The version install.sh installs (its CS_VERSION line, the one place it is written). */
export const CODE_SERVER_VERSION = /^CS_VERSION=(\S+)$/m.exec(fs.readFileSync(path.join(HERE, 'install.sh'), 'utf8'))[1];

/** Whether install.sh finished installing code-server (a folder without its marker is an install still running, or a failed one). */
export function codeServerInstalled() {
  try {
    return fs.readFileSync(CODE_SERVER_MARKER, 'utf8').trim() === `code-server@${CODE_SERVER_VERSION}`;
  } catch {
    return false;
  }
}
export const CHROMIUM = process.env.BPL_CHROMIUM || '/usr/bin/chromium';
export const SUITE_JS = path.join(ROOT, 'out', 'test', 'vscode', 'suite', 'index.js');
export const VSIX = path.join(ROOT, 'out', 'vscode', 'backprop-lint.vsix');
export const RESULTS = path.join(ROOT, 'test-results');
export const SCREENSHOTS = path.join(RESULTS, 'screenshots');
export const EXTENSION_ID = 'backprop-lint.backprop-lint';

const t0 = Date.now();
export const log = (msg) => console.log(`[vscode-test ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

/** Runs a command synchronously with inherited stdio; throws on a non-zero exit. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `fn` until it resolves truthy (every `every` ms), or throws after `ms`. */
export async function poll(fn, what, ms = 30000, every = 100) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Copies a folder (or single files) into a fresh throwaway workspace so no test can touch the repo. */
export function makeWorkspace(state, name, sources) {
  const dir = path.join(state, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const src of sources) {
    const st = fs.statSync(src);
    if (st.isDirectory()) fs.cpSync(src, dir, { recursive: true });
    else fs.copyFileSync(src, path.join(dir, path.basename(src)));
  }
  return dir;
}

const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'editor.hover.delay': 100,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

/**
 * Starts code-server 4.100.3 on a free 127.0.0.1 port in its own process group, with throwaway
 * extension/user-data/XDG dirs under `state`; installs `vsix` first (unless null).
 * Returns { url, port, pid, state, extensionsDir, stop }. `stop()` kills the whole group.
 */
export async function startCodeServer({ state, vsix }) {
  if (!codeServerInstalled()) throw new Error(`code-server ${CODE_SERVER_VERSION} is not (completely) installed in ${CACHE}: run test/vscode/install.sh`);
  const dirs = { ext: path.join(state, 'ext'), data: path.join(state, 'data'), config: path.join(state, 'xdg-config'), xdgData: path.join(state, 'xdg-data') };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.data, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.data, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const env = { ...process.env, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.xdgData };
  const common = ['--extensions-dir', dirs.ext, '--user-data-dir', dirs.data];
  if (vsix) {
    const r = spawnSync(CODE_SERVER, [...common, '--install-extension', vsix, '--force'], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
    log(`installed ${path.basename(vsix)} into ${dirs.ext}`);
  }
  const port = await freePort();
  const logFile = path.join(state, 'code-server.log');
  const out = fs.openSync(logFile, 'w');
  const started = Date.now();
  // detached: its own process group (setsid), so stop() can kill the fileWatcher/ext-host children too
  const child = spawn(CODE_SERVER, [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened'], { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => { exited = code ?? signal; });
  const pid = child.pid;
  const stop = async () => {
    if (!pid) return;
    try { process.kill(-pid, 'SIGTERM'); } catch { return; }
    const end = Date.now() + 5000;
    while (Date.now() < end) {
      try { process.kill(-pid, 0); } catch { return; }
      await new Promise((r) => setTimeout(r, 100));
    }
    try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await poll(async () => {
      if (exited !== null) throw new Error('exited');
      const res = await fetch(`${url}/healthz`);
      return res.ok;
    }, 'code-server /healthz', 30000, 50);
  } catch (e) {
    await stop();
    throw new Error(`code-server did not become healthy (exit: ${exited}): ${e.message}\n${fs.readFileSync(logFile, 'utf8')}`);
  }
  log(`code-server ready at ${url} in ${Date.now() - started} ms (pgid ${pid}, state ${state})`);
  const extensionsDir = dirs.ext;
  return { url, port, pid, state, logFile, extensionsDir, stop };
}

/** The folder code-server unpacked our .vsix into. */
export function installedExtensionDir(extensionsDir) {
  const hit = fs.readdirSync(extensionsDir).find((d) => d.toLowerCase().startsWith(`${EXTENSION_ID}-`));
  if (!hit) throw new Error(`${EXTENSION_ID} not found in ${extensionsDir}`);
  return path.join(extensionsDir, hit);
}

const openBrowsers = new Set();
/** Closes every browser launchBrowser() opened that is still open (for signal handlers). */
export async function closeBrowsers() {
  await Promise.all([...openBrowsers].map((ctx) => ctx.close().catch(() => {})));
}

export async function launchBrowser(state) {
  const profile = fs.mkdtempSync(path.join(state, 'chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    // our own signal handlers close the browser and stop code-server (run.mjs)
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  openBrowsers.add(ctx);
  ctx.on('close', () => openBrowsers.delete(ctx));
  const page = ctx.pages()[0] || (await ctx.newPage());
  return { ctx, page };
}
