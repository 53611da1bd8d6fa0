// Bundles the CLI, the language server and the VS Code client with esbuild.
// Type checking is separate: `npm run typecheck`.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};
// The TypeScript compiler stays out of the bundles: engine/syntax/typescript/load.ts requires it
// the first time a TypeScript or JavaScript file is analysed. Node resolves that `require('typescript')`
// from dist/ first in dist/node_modules/typescript, which stageTypeScript() below fills (the .vsix
// ships no node_modules: .vscodeignore, vsce --no-dependencies).
const engineExternal = ['typescript'];
const entries = [
  { in: 'cli/main.ts', out: 'dist/cli.js', external: engineExternal },
  { in: 'server/main.ts', out: 'dist/server.js', external: engineExternal },
  // the engine in a worker thread, started by dist/server.js from beside itself (server/engineHost.ts)
  { in: 'server/analysisWorker.ts', out: 'dist/analysisWorker.js', external: engineExternal },
  { in: 'client/extension.ts', out: 'dist/client.js', external: ['vscode'] },
];
await Promise.all(
  entries
    .filter((e) => existsSync(e.in))
    .map((e) => esbuild.build({ ...common, entryPoints: [e.in], outfile: e.out, external: e.external })),
);
await stageTypeScript();

/**
 * dist/node_modules/typescript: the compiler the engine loads lazily, beside the bundles that load
 * it, so dist/ (and the .vsix made from it) runs without the repository's node_modules. What
 * `require('typescript')` needs at load time is its package.json (`main`) and lib/typescript.js, which
 * requires only Node's own modules (fs, path, os, crypto, perf_hooks, inspector; source-map-support
 * inside a try). lib/typescript.js is minified (9.1 MB → 3.6 MB, and it loads faster: ≈ 130 instead of
 * ≈ 180 ms), its licence comments kept, with the package's LICENSE.txt and ThirdPartyNoticeText.txt.
 * Redone only when the installed version changes or a file is missing.
 */
async function stageTypeScript() {
  const require = createRequire(import.meta.url);
  const srcPkgPath = require.resolve('typescript/package.json');
  const src = path.dirname(srcPkgPath);
  const srcPkg = JSON.parse(readFileSync(srcPkgPath, 'utf8'));
  const out = path.join('dist', 'node_modules', 'typescript');
  const outPkgPath = path.join(out, 'package.json');
  const files = ['lib/typescript.js', 'LICENSE.txt', 'ThirdPartyNoticeText.txt'];
  const current = existsSync(outPkgPath) && JSON.parse(readFileSync(outPkgPath, 'utf8')).version === srcPkg.version && files.every((f) => existsSync(path.join(out, f)));
  if (current) return;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'lib'), { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(src, srcPkg.main ?? 'lib/typescript.js')],
    outfile: path.join(out, 'lib', 'typescript.js'),
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'inline',
    logLevel: 'warning',
  });
  for (const f of files.slice(1)) if (existsSync(path.join(src, f))) copyFileSync(path.join(src, f), path.join(out, f));
  // Written last: its presence with the right version marks a complete copy.
  const pkg = { name: srcPkg.name, version: srcPkg.version, license: srcPkg.license, main: './lib/typescript.js', description: `${srcPkg.description} (lib/typescript.js only, minified by build.mjs)` };
  writeFileSync(outPkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
}
