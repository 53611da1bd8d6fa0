// Where each diagnostic code's documentation is: docs/diagnostics/<code>.md, one page per code (the
// code table's order and summaries; test/protocol/manifest.test.ts checks they agree). The pages
// ship in the .vsix beside dist/ (.vscodeignore), so a diagnostic's code links to a file: URI inside
// the installed extension, which VS Code opens in an editor from the Problems panel and the hover.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DiagnosticCode } from '../engine/index';

/** docs/diagnostics beside the server: dist/server.js (bundled) and server/docs.ts (tests) are both one level down. */
export const DOCS_DIR = path.join(__dirname, '..', 'docs', 'diagnostics');

export function docsPath(code: DiagnosticCode): string {
  return path.join(DOCS_DIR, `${code}.md`);
}

const hrefs = new Map<DiagnosticCode, string | undefined>();

/** The file: URI of the code's page, or undefined when the page is not there (a server copied without docs/): no link rather than a broken one. */
export function docsHref(code: DiagnosticCode): string | undefined {
  if (!hrefs.has(code)) {
    const file = docsPath(code);
    hrefs.set(code, fs.existsSync(file) ? pathToFileURL(file).href : undefined);
  }
  return hrefs.get(code);
}
