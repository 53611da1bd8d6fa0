// Runs the mocha suite (out/test/vscode/suite/index.js) INSIDE code-server's real Node extension host.
// code-server has no test flags, but its web workbench reads a `payload` query parameter: with
// extensionDevelopmentPath + extensionTestsPath it loads the extension under development and calls the
// suite's run(); the outcome arrives through window.codeAutomationExit(code), which we expose.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { SCREENSHOTS, launchBrowser, log } from './lib.mjs';

// workbench chatter that reaches the same console; everything else (mocha's reporter) is printed
const NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin|\[Service Worker\]|ChatSessionStore)/;

/**
 * @param {{ url: string, state: string, extensionDir: string, suite: string, folder: string, timeoutMs?: number }} o
 * @returns {Promise<number>} mocha's exit code (0 = all passed)
 */
export async function runHostTests({ url, state, extensionDir, suite, folder, timeoutMs = 180000 }) {
  const authority = new URL(url).host; // code-server's remoteAuthority is the page's host:port
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(extensionDir)],
    ['extensionTestsPath', remote(suite)],
  ]);
  const pageUrl = `${url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`;
  const started = Date.now();
  const { ctx, page } = await launchBrowser(state);
  const consoleLog = fs.createWriteStream(path.join(state, 'host-tests-browser-console.log'));
  try {
    let done;
    const exited = new Promise((r) => { done = r; });
    await page.exposeFunction('codeAutomationExit', (code) => done(code));
    // The remote extension host's console.* (mocha's spec reporter) arrives in the page console as
    // ['%c INFO', 'color: ...', fmt, ...args]: print those like a terminal would, keep the rest in a log.
    page.on('console', async (m) => {
      consoleLog.write(`${m.type()}: ${m.text()}\n`);
      const a = await Promise.all(m.args().map((x) => x.jsonValue().catch(() => '?')));
      if (typeof a[0] !== 'string' || !a[0].startsWith('%c ') || a.length <= 2) return;
      const line = util.format(...a.slice(2));
      if (!NOISE.test(line)) console.log(line);
    });
    page.on('pageerror', (e) => consoleLog.write(`pageerror: ${e.message}\n`));
    log(`opening the workbench with extensionTestsPath=${path.relative(process.cwd(), suite)}`);
    await page.goto(pageUrl);
    let timer;
    const code = await Promise.race([
      exited,
      new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); }),
    ]);
    clearTimeout(timer);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'host-tests-end.png') }).catch(() => {});
    log(`extension-host tests finished: exit code ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (code === 'timeout') log(`no codeAutomationExit within ${timeoutMs} ms; browser console in ${state}/host-tests-browser-console.log`);
    return code === 0 ? 0 : 1;
  } finally {
    consoleLog.end();
    await ctx.close().catch(() => {});
  }
}
