// Browser UI test: what a student sees in VS Code (code-server + headless Debian Chromium).
// Opens the planar assignment (examples/planar_classifier_buggy.py, or the workspace fixture while
// that doesn't exist) from the Explorer, then asserts by polling the DOM, with a screenshot per step:
//   1-squiggle.png       squiggle on the missing transpose + its Problems entry
//   2-hover-finding.png  hover on the squiggle (the finding's message)
//   3-hover-shape.png    hover on the assigned variable shows its shape
//   4-quickfix-menu.png  Ctrl+. lists the fix
//   5-fixed.png          fix applied: line changed, squiggle and Problems entry gone
//   6-derivation-hover.png  hover on a gradient line (dZ1): its chain-rule derivation, checked numerically
//   7-typescript-hover.png  a TensorFlow.js file (test/vscode/workspace/backward_tfjs.ts): the squiggle on
//                           tf.matMul(dZ1, X), the finding's hover, shapes as inlay hints
//   8-still-checking.png  a long script whose gradients take longer to check than the editor's first
//                         budget (test/fixtures/slowVerification.cjs): its shape finding is shown and
//                         the status bar says "checking gradients…"
//   9-checked.png         then, the background verification done, the status bar "2 findings"
// and crops of the editor for the extension's README (client/README.md, copied to client/media/
// by hand after looking at them): readme-overview.png (squiggles, inlay hints, Problems),
// readme-hover.png (the hover on the squiggle), readme-quickfix.png (the quick-fix menu),
// readme-typescript.png (the TensorFlow.js file from forward's JSDoc down: highlighted shapes, the hover).
import fs from 'node:fs';
import path from 'node:path';
import { slowVerificationScript } from '../fixtures/slowVerification.cjs';
import { ROOT, SCREENSHOTS, launchBrowser, log, makeWorkspace } from './lib.mjs';

const CODE = 'missing-transpose';
/** The TypeScript file opened after the Python steps, and its flagged line. */
const TS_FILE = path.join(ROOT, 'test', 'vscode', 'workspace', 'backward_tfjs.ts');
const TS_LINE = 'const dW1 = tf.matMul(dZ1, X).div(m);';
/** The long, slow-to-verify script of steps 8 and 9. */
const SLOW_FILE = 'slow_training.py';
const SHAPE = /\(\s*[\w.+\-* ]+(?:,\s*[\w.+\-* ]+)+\s*\)|\(\s*[\w]+\s*,\s*\)/; // (n_h, m), (n_x,)

/** Which file the student opens; the fixture has exact expectations, the example generic ones. */
export function uiTarget() {
  const example = path.join(ROOT, 'examples', 'planar_classifier_buggy.py');
  if (process.env.BPL_UI_FILE) return { sources: [path.resolve(process.env.BPL_UI_FILE)], file: path.basename(process.env.BPL_UI_FILE) };
  if (fs.existsSync(example)) {
    // copy the whole examples folder: the assignment may import helpers that sit beside it
    return { sources: [path.dirname(example)], file: path.basename(example) };
  }
  return {
    sources: [path.join(ROOT, 'test', 'vscode', 'workspace', 'forward_buggy.py')],
    file: 'forward_buggy.py',
    hoverExpect: '(n_h, m)',
    fixedLine: 'np.dot(W1, X) + b1',
  };
}

const text = (s) => (s ?? '').replace(/\u00a0/g, ' ');

/** Waits until `locator`'s element has finished its fade-in (opacity 1, no running animation) before a screenshot. */
async function settled(locator) {
  await locator.evaluate((el) => new Promise((resolve) => {
    const end = Date.now() + 3000;
    const check = () => {
      const nodes = [el, ...el.querySelectorAll('*')].slice(0, 50);
      const busy = nodes.some((n) => n.getAnimations().some((a) => a.playState === 'running'))
        || Number(getComputedStyle(el).opacity) < 1;
      if (!busy || Date.now() > end) resolve(undefined); else requestAnimationFrame(check);
    };
    check();
  })).catch(() => {});
}

/**
 * Moves the mouse onto (x, y) until a hover containing `want` shows: leave the editor first so any
 * earlier hover hides, then approach in a few steps; retry with a 1 px nudge (hover is mouse-move driven).
 */
async function hoverUntil(page, x, y, want, ms = 20000) {
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: want }).first();
  const end = Date.now() + ms;
  for (let i = 0; ; i++) {
    await page.mouse.move(1, 450, { steps: 2 });
    await page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).first()
      .waitFor({ state: 'detached', timeout: 2000 }).catch(() => {});
    await page.mouse.move(x + (i % 2), y, { steps: 4 });
    try {
      await hover.waitFor({ timeout: Math.min(4000, Math.max(500, end - Date.now())) });
      await settled(page.locator('.monaco-hover:not(.hidden)').first());
      return text(await hover.textContent());
    } catch (e) {
      if (Date.now() > end) throw new Error(`no hover containing ${want} at (${Math.round(x)}, ${Math.round(y)})`);
    }
  }
}

/**
 * @param {{ url: string, state: string }} o
 * @returns {Promise<number>} 0 on success
 */
export async function runUiTest({ url, state }) {
  const target = uiTarget();
  const folder = makeWorkspace(state, 'ui-workspace', [...target.sources, TS_FILE]);
  // VS Code's TypeScript service: no automatic type acquisition (npm installs of @types, offline here), which
  // keeps the file's project loading and its part of the hover at "(loading...) any"
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'typescript.disableAutomaticTypeAcquisition': true }, null, 2));
  fs.writeFileSync(path.join(folder, SLOW_FILE), slowVerificationScript());
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const f of fs.readdirSync(SCREENSHOTS)) if (/^\d-.*\.png$|^readme-.*\.png$|^ui-error\.png$/.test(f)) fs.rmSync(path.join(SCREENSHOTS, f));
  const started = Date.now();
  const step = (m) => log(`ui: ${m} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const { ctx, page } = await launchBrowser(state);
  const consoleLog = fs.createWriteStream(path.join(state, 'ui-browser-console.log'));
  page.on('console', (m) => consoleLog.write(`${m.type()}: ${m.text()}\n`));
  const shot = async (name) => {
    await page.screenshot({ path: path.join(SCREENSHOTS, name) });
    step(`screenshot ${path.relative(ROOT, path.join(SCREENSHOTS, name))}`);
  };
  /** A screenshot of the editor's full width, from `above` px over the highest box to `below` px under the lowest. */
  const crop = async (name, boxes, { above = 12, below = 40, align = true, editorOnly = true } = {}) => {
    const area = await page.locator('.editor-instance').first().boundingBox();
    if (!area) throw new Error('no editor area to crop to');
    // a tall hover may rise above the editor (over the tabs): editorOnly: false keeps all of it
    let top = Math.max(editorOnly ? area.y : 0, Math.min(...boxes.map((b) => b.y)) - above);
    let bottom = Math.min(900, Math.max(...boxes.map((b) => b.y + b.height)) + below);
    // start and end on whole editor lines (when the edge falls inside the editor's text)
    const lineBoxes = !align ? [] : (await Promise.all((await page.locator('.editor-instance .view-lines .view-line').all()).map((l) => l.boundingBox())))
      .filter((b) => b);
    const firstWhole = lineBoxes.filter((b) => b.y >= top).sort((p, q) => p.y - q.y)[0];
    if (firstWhole && firstWhole.y - top < firstWhole.height) top = firstWhole.y;
    const lastWhole = lineBoxes.filter((b) => b.y + b.height <= bottom).sort((p, q) => q.y - p.y)[0];
    if (lastWhole && bottom - (lastWhole.y + lastWhole.height) < lastWhole.height) bottom = lastWhole.y + lastWhole.height;
    await page.screenshot({ path: path.join(SCREENSHOTS, name), clip: { x: area.x, y: top, width: area.width, height: bottom - top } });
    step(`screenshot ${path.relative(ROOT, path.join(SCREENSHOTS, name))}`);
  };
  try {
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    step(`workbench loaded, opening ${target.file} from the Explorer`);
    const item = page.getByRole('treeitem', { name: target.file, exact: true });
    await item.waitFor({ timeout: 30000 });
    await item.dblclick();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-line').first().waitFor({ timeout: 30000 });
    // Problems panel entry for the finding (also the way to reveal it when it's below the fold)
    await page.keyboard.press('Control+Shift+M');
    const problemRow = page.locator('.markers-panel .monaco-list-row').filter({ hasText: CODE }).first();
    await problemRow.waitFor({ timeout: 60000 });
    step(`Problems: ${text(await problemRow.textContent())}`);
    await problemRow.click(); // reveals the range in the editor and moves the cursor there

    // the flagged line = the view line under the cursor; its squiggle must be on it
    const cursor = editor.locator('.cursors-layer .cursor').first();
    await cursor.waitFor({ state: 'attached' });
    const squiggles = editor.locator('.squiggly-error, .squiggly-warning');
    const lineOf = async (box) => {
      const lines = await editor.locator('.view-lines .view-line').all();
      for (const l of lines) {
        const b = await l.boundingBox();
        if (b && box.y + box.height / 2 >= b.y && box.y + box.height / 2 < b.y + b.height) return { loc: l, box: b };
      }
      return undefined;
    };
    const findSquiggleOnCursorLine = async () => {
      const cbox = await cursor.boundingBox();
      if (!cbox) return undefined;
      for (const s of await squiggles.all()) {
        const b = await s.boundingBox();
        if (b && Math.abs(b.y + b.height - (cbox.y + cbox.height)) < cbox.height) return { loc: s, box: b };
      }
      return undefined;
    };
    // The editor may still be scrolling to the revealed range: the squiggle and the line under it are
    // measured together, again until both are found.
    let sq;
    let line;
    for (const end = Date.now() + 30000; !((sq = await findSquiggleOnCursorLine()) && (line = await lineOf(sq.box))); ) {
      if (Date.now() > end) throw new Error(sq ? 'could not find the editor line under the squiggle' : 'no squiggle on the line of the missing-transpose finding');
      await page.waitForTimeout(100);
    }
    const kind = (await sq.loc.getAttribute('class')).includes('squiggly-error') ? 'error' : 'warning';
    const originalLine = text(await line.loc.textContent());
    step(`squiggle (${kind}) on: ${originalLine.trim()}`);
    await shot('1-squiggle.png');
    // README overview: the editor and the Problems panel (keys would go to the Problems list: none pressed)
    const editorBox = await page.locator('.editor-instance').first().boundingBox();
    const rows = await page.locator('.markers-panel .monaco-list-row').all();
    const lastRow = rows.length ? await rows[rows.length - 1].boundingBox() : undefined;
    await crop('readme-overview.png', [editorBox, ...(lastRow ? [lastRow] : [])], { below: 8, align: false });

    // hover the squiggle: the finding's message
    const finding = await hoverUntil(page, sq.box.x + sq.box.width / 2, sq.box.y + sq.box.height / 2 - 4, /transpose/i);
    step(`hover on squiggle: ${finding.slice(0, 160)}`);
    await shot('2-hover-finding.png');
    const hoverBox = await page.locator('.monaco-hover:not(.hidden)').first().boundingBox();
    await crop('readme-hover.png', [sq.box, ...(hoverBox ? [hoverBox] : [])], { above: 30, below: 30 });

    // hover the assigned variable (e.g. Z1) on the flagged line: its shape
    // (inlay hints may sit between the name and the `=`, so find the name's own token span)
    const m = /^\s*([A-Za-z_]\w*)\b.*=/.exec(originalLine);
    if (!m) throw new Error(`the flagged line is not an assignment: ${originalLine}`);
    const nameToken = line.loc.locator('span span').filter({ hasText: new RegExp(`^\\s*${m[1]}\\s*$`) }).first();
    const nbox = await nameToken.boundingBox();
    if (!nbox) throw new Error(`no token span for ${m[1]}`);
    const tokText = text(await nameToken.textContent()); // e.g. '    Z1' (indentation shares the span)
    const at = tokText.indexOf(m[1]) + m[1].length / 2;
    const expectShape = target.hoverExpect ?? SHAPE;
    const shapeHover = await hoverUntil(page, nbox.x + (nbox.width * at) / tokText.length, nbox.y + nbox.height / 2, expectShape);
    step(`hover on ${m[1]}: ${shapeHover.slice(0, 160)}`);
    await shot('3-hover-shape.png');
    await page.mouse.move(1, 450);

    // quick fix: cursor inside the squiggle, Ctrl+.
    await page.keyboard.press('Escape');
    await page.mouse.click(sq.box.x + Math.min(sq.box.width / 2, 20), sq.box.y + sq.box.height / 2 - 4);
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget');
    await menu.locator('.monaco-list-row').first().waitFor({ timeout: 20000 });
    const items = await menu.locator('.monaco-list-row.action').allTextContents();
    step(`quick-fix menu: ${items.map(text).join(' | ')}`);
    // move the keyboard focus to the transpose fix (the first action is focused when the menu opens)
    const focused = menu.locator('.monaco-list-row.action.focused');
    const wanted = /^(?!Ignore)(Transpose|Remove \.T)/; // the engine's fix, not "Ignore missing-transpose on this line"
    for (let i = 0; i < items.length && !wanted.test(text(await focused.textContent().catch(() => ''))); i++) {
      await page.keyboard.press('ArrowDown');
    }
    const chosen = text(await focused.textContent().catch(() => ''));
    if (!wanted.test(chosen)) throw new Error(`no transpose fix in the quick-fix menu: ${items.map(text).join(' | ')}`);
    await settled(menu.first());
    await shot('4-quickfix-menu.png');
    const menuBox = await menu.first().boundingBox();
    await crop('readme-quickfix.png', [sq.box, ...(menuBox ? [menuBox] : [])], { above: 80, below: 30 });
    await page.keyboard.press('Enter');

    // fixed: the line changed, squiggle and Problems entry gone
    await page.waitForFunction(
      ({ before }) => ![...document.querySelectorAll('.editor-instance .view-line')]
        .some((l) => l.textContent.replace(/\u00a0/g, ' ') === before),
      { before: originalLine }, { timeout: 20000 });
    if (target.fixedLine) await editor.locator('.view-line').filter({ hasText: target.fixedLine }).first().waitFor({ timeout: 10000 });
    await page.locator('.markers-panel .monaco-list-row').filter({ hasText: CODE }).first().waitFor({ state: 'detached', timeout: 30000 });
    const fixedLine = await lineOf(sq.box);
    step(`fixed line: ${text(fixedLine ? await fixedLine.loc.textContent() : '?').trim()}`);
    for (const end = Date.now() + 20000; await findSquiggleOnCursorLine(); ) {
      if (Date.now() > end) throw new Error('the squiggle is still there after the quick fix');
      await page.waitForTimeout(100);
    }
    await page.mouse.move(1, 450);
    await shot('5-fixed.png');

    // a gradient line hovers its chain-rule derivation (gradient verification), the shape beneath
    const dz1Line = editor.locator('.view-line').filter({ hasText: 'dZ1 = np.dot(W2.T, dZ2)' }).first();
    await dz1Line.waitFor({ timeout: 10000 });
    const dz1Token = dz1Line.locator('span span').filter({ hasText: /^\s*dZ1\s*$/ }).first();
    const dbox = await dz1Token.boundingBox();
    if (!dbox) throw new Error('no token span for dZ1');
    const dText = text(await dz1Token.textContent());
    const dAt = dText.indexOf('dZ1') + 1.5;
    const derivation = await hoverUntil(page, dbox.x + (dbox.width * dAt) / dText.length, dbox.y + dbox.height / 2, /tanh′/);
    step(`derivation hover on dZ1: ${derivation.slice(0, 200)}`);
    if (!derivation.includes('dZ1 = (W2ᵀ · dZ2) ⊙ tanh′(Z1)')) throw new Error(`the derivation hover lacks the chain rule: ${derivation}`);
    await shot('6-derivation-hover.png');
    const dHover = await page.locator('.monaco-hover:not(.hidden)').first().boundingBox();
    await crop('readme-derivation.png', [dbox, ...(dHover ? [dHover] : [])], { above: 8, below: 30, editorOnly: false });
    await page.mouse.move(1, 450);

    // a TypeScript file: the squiggle on tf.matMul(dZ1, X) and the finding's hover
    await page.keyboard.press('Escape');
    const tsName = path.basename(TS_FILE);
    const tsItem = page.getByRole('treeitem', { name: tsName, exact: true });
    await tsItem.waitFor({ timeout: 30000 });
    await tsItem.dblclick();
    await page.locator('.tab.active').filter({ hasText: tsName }).first().waitFor({ timeout: 30000 });
    const tsLine = editor.locator('.view-line').filter({ hasText: TS_LINE }).first();
    await tsLine.waitFor({ timeout: 30000 });
    let tsSquiggle;
    for (const end = Date.now() + 30000; !tsSquiggle; ) {
      const lbox = await tsLine.boundingBox();
      for (const s of await squiggles.all()) {
        const b = await s.boundingBox();
        if (lbox && b && b.y + b.height / 2 >= lbox.y && b.y + b.height / 2 < lbox.y + lbox.height) tsSquiggle = b;
      }
      if (tsSquiggle) break;
      if (Date.now() > end) throw new Error(`no squiggle on \`${TS_LINE}\` in ${tsName}`);
      await page.waitForTimeout(100);
    }
    step(`TypeScript: squiggle on ${text(await tsLine.textContent()).trim()}`);
    const tsHover = await hoverUntil(page, tsSquiggle.x + tsSquiggle.width / 2, tsSquiggle.y + tsSquiggle.height / 2 - 4, /tf\.matMul: \(nH, m\)/);
    step(`TypeScript hover: ${tsHover.slice(0, 160)}`);
    // VS Code's own TypeScript hover and quick-fix check join the same hover; let them finish loading
    const busy = /Loading\.\.\.|Checking for quick fixes/;
    const shown = page.locator('.monaco-hover:not(.hidden)').first();
    // (it comes back to "Loading..." now and then while its project loads; the README crop below waits longer)
    for (const end = Date.now() + 15000; busy.test(text(await shown.textContent().catch(() => ''))) && Date.now() < end; ) await page.waitForTimeout(100);
    await settled(shown);
    await shot('7-typescript-hover.png');
    // README crop: VS Code's own TypeScript part of the hover says "Loading..." while it asks its service,
    // and "(loading...) any" when the service hasn't loaded the file's project yet (a hover shown keeps
    // that), so wait for the project ("Analyzing ... and its dependencies" in the status bar), then hover
    // again until the hover is quiet twice 300 ms apart. The crop is taken either way: it is for a person
    // to judge, not a check.
    const tsNoise = /Loading\.\.\.|Checking for quick fixes|\(loading\.\.\.\)/i;
    const ours = /tf\.matMul: \(nH, m\)/;
    const hoverText = async () => text(await shown.textContent().catch(() => ''));
    const quiet = async () => {
      for (let i = 0; i < 2; i++) {
        await page.waitForTimeout(300);
        const t = await hoverText();
        if (tsNoise.test(t) || !ours.test(t)) return false;
      }
      return true;
    };
    await page.locator('.statusbar-item').filter({ hasText: /Analyzing|Initializing JS\/TS/ }).first()
      .waitFor({ state: 'hidden', timeout: 20000 }).catch(() => {});
    for (const end = Date.now() + 20000; !(await quiet()) && Date.now() < end; ) {
      // "Loading..." and "Checking for quick fixes" resolve in place; "(loading...)" (or a hover gone) needs a new hover
      if (busy.test(await hoverText())) {
        for (const until = Date.now() + 5000; busy.test(await hoverText()) && Date.now() < until; ) await page.waitForTimeout(100);
        continue;
      }
      await page.waitForTimeout(1000);
      await hoverUntil(page, tsSquiggle.x + tsSquiggle.width / 2, tsSquiggle.y + tsSquiggle.height / 2 - 4, ours);
    }
    step(`TypeScript hover for the README: ${(await hoverText()).slice(-120)}`);
    await settled(shown);
    const jsdocStart = await editor.locator('.view-line').filter({ hasText: /^\s*\/\*\*\s*$/ }).first().boundingBox();
    const tsHoverBox = await shown.boundingBox();
    const lineHeight = (await tsLine.boundingBox())?.height ?? 19;
    await crop('readme-typescript.png', [tsSquiggle, ...(jsdocStart ? [jsdocStart] : []), ...(tsHoverBox ? [tsHoverBox] : [])], { above: 4, below: Math.round(3 * lineHeight + 6) });
    await page.mouse.move(1, 450);

    // a long script whose gradient verification outlasts the editor's first budget: the shape finding
    // first, "checking gradients…" in the status bar, then the gradient finding and "2 findings"
    await page.keyboard.press('Escape');
    const slowItem = page.getByRole('treeitem', { name: SLOW_FILE, exact: true });
    await slowItem.waitFor({ timeout: 30000 });
    await slowItem.dblclick();
    await page.locator('.tab.active').filter({ hasText: SLOW_FILE }).first().waitFor({ timeout: 30000 });
    const ourStatus = page.locator('.statusbar-item').filter({ hasText: /Backprop Lint/ }).first();
    const checking = page.locator('.statusbar-item').filter({ hasText: /Backprop Lint: 1 finding, checking gradients/ }).first();
    await checking.waitFor({ timeout: 60000 });
    step(`status bar while verifying: ${text(await checking.textContent()).trim()}`);
    await shot('8-still-checking.png');
    await page.locator('.statusbar-item').filter({ hasText: /^\s*Backprop Lint: 2 findings\s*$/ }).first().waitFor({ timeout: 90000 });
    step(`status bar once verified: ${text(await ourStatus.textContent()).trim()}`);
    await shot('9-checked.png');
    step('UI test PASSED');
    return 0;
  } catch (e) {
    log(`ui: FAILED: ${e.message.split('\n')[0]}`);
    await shot('ui-error.png').catch(() => {});
    return 1;
  } finally {
    consoleLog.end();
    await ctx.close().catch(() => {});
  }
}
