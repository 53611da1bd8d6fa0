// Packages the extension (root package.json is the manifest; .vscodeignore keeps it to dist/,
// package.json, README.md, syntaxes/, LICENSE) into out/vscode/backprop-lint.vsix with vsce.
// esbuild bundles all runtime dependencies into dist/, hence --no-dependencies.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, VSIX, log, run } from './lib.mjs';

export function packageVsix() {
  for (const f of ['dist/client.js', 'dist/server.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) log(`warning: ${f} does not exist (npm run build?); packaging anyway`);
  }
  fs.mkdirSync(path.dirname(VSIX), { recursive: true });
  const started = Date.now();
  run('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository',
    // README links are relative (ARCHITECTURE.md ...) and the repository URL isn't GitHub: leave them as they are
    '--no-rewrite-relative-links',
    '--out', VSIX], { stdio: ['ignore', 'ignore', 'inherit'] });
  log(`packaged ${path.relative(ROOT, VSIX)} (${(fs.statSync(VSIX).size / 1024).toFixed(0)} KiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return VSIX;
}

if (import.meta.url === `file://${process.argv[1]}`) packageVsix();
