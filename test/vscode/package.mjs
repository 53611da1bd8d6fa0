// Packages the extension into out/vscode/backprop-lint.vsix exactly as `npm run package` does
// (client/package.mjs: vsce with the users' README, client/README.md, and its images), which also
// checks the package's contents: README and images in, tests, sources and fixtures out.
import fs from 'node:fs';
import path from 'node:path';
import { packageExtension } from '../../client/package.mjs';
import { ROOT, VSIX, log } from './lib.mjs';

export function packageVsix() {
  for (const f of ['dist/client.js', 'dist/server.js', 'dist/analysisWorker.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) log(`warning: ${f} does not exist (npm run build?); packaging anyway`);
  }
  const started = Date.now();
  const { entries } = packageExtension(VSIX, { quiet: true });
  log(`packaged ${path.relative(ROOT, VSIX)} (${(fs.statSync(VSIX).size / 1024).toFixed(0)} KiB, ${entries.length} files, contents checked) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return VSIX;
}

if (import.meta.url === `file://${process.argv[1]}`) packageVsix();
