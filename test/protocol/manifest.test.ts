// package.json agrees with the code table (engine/diagnostics/codes.ts), the settings defaults
// (server/settings.ts) and the client's command ids. No server needed.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../client/ids';
import { ALL_CODES, DIAGNOSTIC_CODES } from '../../engine/diagnostics/codes';
import { FILE_LANGUAGES, SCRIPT_LANGUAGES } from '../../server/languages';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, SEVERITY_SETTING_VALUES, TRACE_SETTING_VALUES } from '../../server/settings';
import { REPO_ROOT } from './lspClient';

interface Property {
  type: string;
  default: unknown;
  scope?: string;
  enum?: string[];
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, Property>;
  additionalProperties?: boolean;
}

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const props: Record<string, Property> = pkg.contributes?.configuration?.properties ?? {};
const key = (name: string) => `${SETTINGS_SECTION}.${name}`;

describe('package.json manifest', () => {
  it('contributes exactly the settings of server/settings.ts', () => {
    assert.deepEqual(
      Object.keys(props).sort(),
      ['enable', 'severity', 'inlayHints.enabled', 'dimensionNames', 'trace.server'].map(key).sort(),
    );
    assert.equal(props[key('enable')].default, DEFAULT_SETTINGS.enable);
    assert.equal(props[key('inlayHints.enabled')].default, DEFAULT_SETTINGS.inlayHints.enabled);
    assert.deepEqual(props[key('dimensionNames')].default, DEFAULT_SETTINGS.dimensionNames);
    assert.equal(props[key('trace.server')].default, DEFAULT_SETTINGS.trace.server);
    assert.deepEqual(props[key('trace.server')].enum, [...TRACE_SETTING_VALUES]);
  });

  it('describes every setting and scopes them to resources (trace, read by the client process, is per window)', () => {
    for (const [name, p] of Object.entries(props)) {
      assert.ok(p.description || p.markdownDescription, `${name} has a description`);
      assert.equal(p.scope, name === key('trace.server') ? 'window' : 'resource', `${name} scope`);
    }
  });

  it('lists every diagnostic code under severity, with the table default and summary', () => {
    const sev = props[key('severity')];
    assert.deepEqual(Object.keys(sev.properties ?? {}).sort(), [...ALL_CODES].sort());
    assert.deepEqual(sev.default, DEFAULT_SETTINGS.severity);
    assert.equal(sev.additionalProperties, false);
    for (const code of ALL_CODES) {
      const p = sev.properties![code];
      assert.equal(p.default, DIAGNOSTIC_CODES[code].severity, code);
      assert.equal(p.description, DIAGNOSTIC_CODES[code].summary, code);
      assert.deepEqual(p.enum, [...SEVERITY_SETTING_VALUES], code);
    }
  });

  it('contributes the client commands and activates on the languages the server analyses and on Jupyter notebooks', () => {
    const commands: { command: string; title: string; category?: string }[] = pkg.contributes?.commands ?? [];
    assert.deepEqual(commands.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
    for (const c of commands) assert.equal(c.category, 'Backprop Lint');
    assert.deepEqual(
      [...pkg.activationEvents].sort(),
      [...FILE_LANGUAGES.map((l) => `onLanguage:${l}`), 'onNotebook:jupyter-notebook'].sort(),
    );
    assert.deepEqual(Object.keys(SCRIPT_LANGUAGES).sort(), ['javascript', 'javascriptreact', 'typescript', 'typescriptreact']);
    // "Show Shapes" is offered in the palette for exactly those languages.
    const when: string = (pkg.contributes?.menus?.commandPalette ?? []).find((m: { command: string }) => m.command === COMMANDS.showShapes)?.when ?? '';
    const pattern = /^editorLangId =~ \/(.+)\/$/.exec(when);
    assert.ok(pattern, when);
    const re = new RegExp(pattern[1]);
    for (const l of FILE_LANGUAGES) assert.ok(re.test(l), `${l} in ${when}`);
    for (const l of ['markdown', 'plaintext', 'pythonx', 'xtypescript']) assert.ok(!re.test(l), `${l} not in ${when}`);
    assert.equal(pkg.main, './dist/client.js');
    assert.equal(pkg.bin['backprop-lint-ls'], './bin/backprop-lint-ls.js');
  });
});
