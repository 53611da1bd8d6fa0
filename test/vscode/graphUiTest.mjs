// Browser UI test of "Backprop Lint: Show Graph" in the real VS Code (code-server + headless Chromium):
//   - the planar assignment with a planted missing transpose (test/fixtures/graph/), the cursor on
//     dW1's line: the command opens the view beside the editor; dW1 carries ✗, is selected (the
//     cursor is on its line) and its derivation is typeset with KaTeX;
//   - clicking the tanh node moves the editor's cursor to `A1 = np.tanh(Z1)`;
//   - moving the cursor to `Z2 = …` highlights the node that computes Z2;
//   - an edit redraws the graph (a new version) and keeps the zoom and pan;
//   - the dark theme recolours it; the L-layer network's graph.
// Screenshots (test-results/screenshots/): graph-1-planar.png (light theme, ✗ and its derivation),
// graph-2-dark.png, graph-3-llayer.png, and graph-readme.png (the view alone, for the READMEs).
// Figures: the view's redraw time after an edit (data-render-ms, from the message to the drawn SVG).
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, SCREENSHOTS, launchBrowser, log, makeWorkspace } from './lib.mjs';

const FIX = path.join(ROOT, 'test', 'fixtures');
const PLANAR = 'planar_missing_transpose.py';
const LLAYER = 'llayer.py';

/** The workspace: the fixtures without their expectation comments (what a student's file looks like). */
function workspace(state) {
  const dir = makeWorkspace(state, 'graph-workspace', [
    path.join(FIX, 'graph', 'planar_utils.py'),
    path.join(FIX, 'gradients', 'llayer', 'correct', 'dnn_utils.py'),
    path.join(FIX, 'gradients', 'llayer', 'correct', LLAYER),
  ]);
  const planar = fs.readFileSync(path.join(FIX, 'graph', PLANAR), 'utf8').split('\n').filter((l, i) => i > 0 && !/^\s*#\s+\^/.test(l)).join('\n');
  fs.writeFileSync(path.join(dir, PLANAR), planar);
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': 'Default Light Modern', 'editor.inlayHints.enabled': 'off' }, null, 2));
  return { dir, planar };
}

const lineOf = (text, needle) => text.split('\n').findIndex((l) => l.includes(needle));

export async function runGraphUiTest({ url, state }) {
  const { dir, planar } = workspace(state);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const f of fs.readdirSync(SCREENSHOTS)) if (/^graph-.*\.png$/.test(f)) fs.rmSync(path.join(SCREENSHOTS, f));
  const started = Date.now();
  const step = (m) => log(`graph ui: ${m} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const { ctx, page } = await launchBrowser(state);
  await page.setViewportSize({ width: 1500, height: 1000 });
  const consoleLog = fs.createWriteStream(path.join(state, 'graph-ui-browser-console.log'));
  page.on('console', (m) => consoleLog.write(`${m.type()}: ${m.text()}\n`));
  const shot = async (name, opts = {}) => {
    // the pointer off the tabs and the code (their tooltips and hovers), and their fade-out done
    await page.mouse.move(1, 450);
    await page.locator('.monaco-hover:not(.hidden), .workbench-hover-container').first().waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {});
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SCREENSHOTS, name), ...opts });
    step(`screenshot test-results/screenshots/${name}`);
  };
  const palette = async (command) => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10000 });
    await input.fill(`>${command}`);
    await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: command }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
  };
  const goToLine = async (line) => {
    // Under load the quick input can take the Enter before it has read the typed line (CI saw the
    // cursor stay put once): the status bar says whether the cursor moved, and the jump is tried again.
    const there = page.locator('.statusbar-item').filter({ hasText: new RegExp(`Ln ${line + 1},`) }).first();
    for (let attempt = 1; ; attempt++) {
      // the code's editor first, whatever has the focus (a click in the view gives it to the webview, which keeps the keys)
      await page.locator('.editor-group-container').first().locator('.tab.active').click();
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 10000 });
      await input.fill(`:${line + 1}`);
      await page.waitForFunction((want) => document.querySelector('.quick-input-widget input')?.value === want, `:${line + 1}`, { timeout: 5000 });
      await page.keyboard.press('Enter');
      try {
        await there.waitFor({ timeout: 5000 });
        return;
      } catch (e) {
        if (attempt === 3) throw new Error(`the cursor did not reach line ${line + 1} in 3 tries: ${e.message}`);
        await page.keyboard.press('Escape');
      }
    }
  };
  const open = async (file) => {
    const item = page.getByRole('treeitem', { name: file, exact: true });
    await item.waitFor({ timeout: 30000 });
    await item.dblclick();
    await page.locator('.tab.active').filter({ hasText: file }).first().waitFor({ timeout: 30000 });
    await page.locator('.editor-instance .monaco-editor .view-line').first().waitFor({ timeout: 30000 });
  };
  /** The graph webview's inner frame (VS Code nests it in two iframes): the one holding #stage. */
  const graphFrame = async (ms = 60000) => {
    const end = Date.now() + ms;
    for (;;) {
      for (const f of page.frames()) {
        if (await f.locator('#stage svg').count().catch(() => 0)) return f;
      }
      if (Date.now() > end) throw new Error('the graph view did not draw a graph');
      await page.waitForTimeout(200);
    }
  };
  try {
    await page.goto(`${url}/?folder=${encodeURIComponent(dir)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await open(PLANAR);
    // the analysis has run once the status bar counts the missing transpose
    await page.locator('.statusbar-item').filter({ hasText: /Backprop Lint: 1 finding/ }).first().waitFor({ timeout: 60000 });
    const dw1 = lineOf(planar, '    dW1 = ');
    await goToLine(dw1);
    await palette('Backprop Lint: Show Graph');
    const frame = await graphFrame();
    step('the graph view drew a graph');

    // dW1: ✗, selected from the cursor on its line, its derivation typeset
    const badge = frame.locator('.bp-badge.wrong').filter({ hasText: 'dW1 ✗' });
    await badge.waitFor({ timeout: 10000 });
    await frame.locator('.bp-badge.bp-selected').filter({ hasText: 'dW1' }).waitFor({ timeout: 10000 });
    const panel = frame.locator('#derivation');
    await panel.locator('.katex').first().waitFor({ timeout: 10000 });
    const panelText = (await panel.textContent()) ?? '';
    if (!panelText.includes('expected: dW1 = 1 / m * np.dot(dZ1, X.T)')) throw new Error(`the derivation panel lacks the expected line: ${panelText}`);
    if ((await frame.locator('.bp-transpose').count()) === 0) throw new Error('the transpose is not marked in the typeset derivation');
    const onPath = await frame.locator('.bp-node.bp-on-path').count();
    if (onPath < 5) throw new Error(`dW1's chain-rule path highlights ${onPath} nodes`);
    step(`dW1 ✗ selected, path of ${onPath} nodes, derivation: ${panelText.slice(0, 120)}`);
    await shot('graph-1-planar.png');

    // click the tanh node: the editor's cursor goes to `A1 = np.tanh(Z1)`
    const tanhLine = lineOf(planar, 'A1 = np.tanh(Z1)');
    await frame.locator('.bp-node.activation').filter({ hasText: 'tanh' }).first().click();
    await page.locator('.statusbar-item').filter({ hasText: new RegExp(`Ln ${tanhLine + 1},`) }).first().waitFor({ timeout: 10000 });
    step(`clicking the tanh node moved the cursor to line ${tanhLine + 1}`);

    // move the cursor to Z2's line: the node computing Z2 is highlighted
    const z2Line = lineOf(planar, 'Z2 = np.dot(W2, A1) + b2');
    await goToLine(z2Line);
    await frame.locator('.bp-node.bp-cursor').filter({ hasText: '→ Z2' }).waitFor({ timeout: 10000 });
    step('the cursor on Z2 = … highlights the node computing Z2');

    // an edit redraws the graph and keeps the zoom and pan (the cursor on dW1's line pans the view to its badge first)
    await goToLine(dw1);
    await page.keyboard.press('End');
    await frame.locator('.bp-badge.bp-cursor').filter({ hasText: 'dW1' }).waitFor({ timeout: 10000 });
    const box = await frame.locator('.bp-badge.bp-cursor').first().boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -240);
    await page.keyboard.up('Control');
    await page.waitForTimeout(300);
    const transform = await frame.locator('#stage').evaluate((el) => el.style.transform);
    const version = await frame.locator('body').getAttribute('data-version');
    await page.keyboard.type('  # edited');
    await frame.locator(`body:not([data-version="${version}"])`).waitFor({ timeout: 30000 }).catch(async (e) => {
      const attrs = await frame.locator('body').evaluate((b) => JSON.stringify(b.dataset));
      throw new Error(`no redraw after the edit (view ${attrs}): ${e.message}`);
    });
    const after = await frame.locator('#stage').evaluate((el) => el.style.transform);
    if (after !== transform) throw new Error(`the zoom and pan changed with the edit: ${transform} → ${after}`);
    const renderMs = await frame.locator('body').getAttribute('data-render-ms');
    step(`an edit redrew the graph (version ${version} → ${await frame.locator('body').getAttribute('data-version')}) in ${renderMs} ms, zoom and pan kept`);
    for (let i = 0; i < '  # edited'.length; i++) await page.keyboard.press('Backspace');
    await frame.locator('#fit').click();
    await goToLine(dw1);
    await frame.locator('.bp-badge.bp-selected').filter({ hasText: 'dW1' }).waitFor({ timeout: 10000 });

    // the view alone, for the READMEs
    const view = await page.locator('.webview.ready, iframe.webview').last().boundingBox();
    if (view) await shot('graph-readme.png', { clip: view });

    // the dark theme
    const lightBg = await frame.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor);
    // (the workspace's setting, as a student switching themes would leave it; VS Code reloads it from disk)
    fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': 'Default Dark Modern', 'editor.inlayHints.enabled': 'off' }, null, 2));
    for (const end = Date.now() + 10000; ; ) {
      const bg = await frame.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor);
      if (bg !== lightBg) {
        step(`dark theme: the view's background ${lightBg} → ${bg}`);
        break;
      }
      if (Date.now() > end) throw new Error('the view did not follow the colour theme');
      await page.waitForTimeout(100);
    }
    await shot('graph-2-dark.png');

    // the L-layer network
    await open(LLAYER);
    await goToLine(lineOf(fs.readFileSync(path.join(dir, LLAYER), 'utf8'), '    dW = '));
    await palette('Backprop Lint: Show Graph');
    const f2 = await graphFrame();
    await f2.locator('.bp-node.parameter').filter({ hasText: 'W[3]' }).waitFor({ timeout: 30000 });
    const relus = await f2.locator('.bp-node.activation').filter({ hasText: 'relu' }).count();
    if (relus !== 2) throw new Error(`the L-layer graph shows ${relus} relu layers`);
    await f2.locator('.bp-badge.bp-selected').filter({ hasText: 'dW' }).waitFor({ timeout: 10000 });
    await shot('graph-3-llayer.png');
    const view2 = await page.locator('iframe.webview').last().boundingBox();
    if (view2) await shot('graph-readme-llayer.png', { clip: view2 });
    step('graph UI test PASSED');
    return 0;
  } catch (e) {
    log(`graph ui: FAILED: ${e.message.split('\n')[0]}`);
    await shot('graph-error.png').catch(() => {});
    return 1;
  } finally {
    consoleLog.end();
    await ctx.close().catch(() => {});
  }
}
