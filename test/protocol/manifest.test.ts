// package.json agrees with the code table (engine/diagnostics/codes.ts), the settings defaults
// (server/settings.ts) and the client's command ids. No server needed.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../client/ids';
import { fileURLToPath } from 'node:url';
import { ALL_CODES, DIAGNOSTIC_CODES } from '../../engine/diagnostics/codes';
import { DOCS_DIR, docsHref } from '../../server/docs';
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

  it('the READMEs\' code tables list every code of the table once, in its order, with its default severity', () => {
    // engine/diagnostics/codes.ts is the one source: a code added, removed or re-graded there fails here
    // until both READMEs say so (their prose is theirs; the code column and the default are the table's).
    for (const readme of ['README.md', 'client/README.md']) {
      const text = fs.readFileSync(path.join(REPO_ROOT, readme), 'utf8');
      const rows = [...text.matchAll(/^\| <a id="([a-z0-9-]+)"><\/a>`([a-z0-9-]+)` \| (\w+) \|/gm)].map((m) => [m[1], m[2], m[3]]);
      assert.deepEqual(rows, ALL_CODES.map((c) => [c, c, DIAGNOSTIC_CODES[c].severity]), readme);
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

  describe('the diagnostic codes\' documentation (docs/diagnostics)', () => {
    it('has one page per code of the table and an index, nothing else', () => {
      assert.deepEqual(fs.readdirSync(DOCS_DIR).sort(), ['README.md', ...ALL_CODES.map((c) => `${c}.md`)].sort());
    });

    it('each page is titled with its code and opens with the table\'s summary and default severity', () => {
      for (const code of ALL_CODES) {
        const text = fs.readFileSync(path.join(DOCS_DIR, `${code}.md`), 'utf8');
        const [title, blank, summary] = text.split('\n');
        assert.equal(title, `# ${code}`, code);
        assert.equal(blank, '', code);
        assert.equal(summary, DIAGNOSTIC_CODES[code].summary, code);
        assert.ok(text.includes(`- Default severity: **${DIAGNOSTIC_CODES[code].severity}**`), `${code}: severity`);
        assert.ok(text.includes(`ignore[${code}]`), `${code}: how to silence it`);
      }
    });

    it('the index lists every code in the table\'s order, linking its page, with its severity and summary', () => {
      const rows = fs
        .readFileSync(path.join(DOCS_DIR, 'README.md'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('| [`'));
      assert.deepEqual(
        rows,
        ALL_CODES.map((c) => `| [\`${c}\`](${c}.md) | ${DIAGNOSTIC_CODES[c].severity} | ${DIAGNOSTIC_CODES[c].summary} |`),
      );
    });

    it('every diagnostic links (codeDescription.href) to its page: a file: URI of a file that exists', () => {
      for (const code of ALL_CODES) {
        const href = docsHref(code);
        assert.ok(href?.startsWith('file://'), `${code}: ${href}`);
        const file = fileURLToPath(href!);
        assert.equal(file, path.join(DOCS_DIR, `${code}.md`));
        assert.ok(fs.statSync(file).isFile(), file);
      }
    });

    it('nothing shipped or shown to users links to example.invalid (package.json\'s repository URL aside)', () => {
      const { repository, ...rest } = pkg;
      assert.ok(repository);
      const shown = [
        JSON.stringify(rest),
        ...['README.md', 'client/README.md', 'examples/README.md'].map((f) => fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')),
        ...fs.readdirSync(DOCS_DIR).map((f) => fs.readFileSync(path.join(DOCS_DIR, f), 'utf8')),
        ...['dist/server.js', 'dist/client.js', 'dist/analysisWorker.js'].map((f) => fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')),
      ];
      for (const text of shown) assert.ok(!text.includes('example.invalid'), text.slice(0, 80));
    });
  });
});
