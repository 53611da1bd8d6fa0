// Bundles the CLI, the language server and the VS Code client with esbuild.
// Type checking is separate: `npm run typecheck`.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
  // The CLI's worker threads (cli/pool.ts): one file at a time each.
  { in: 'cli/worker.ts', out: 'dist/cliWorker.js', external: engineExternal },
  // The server's main thread, without the engine: see engineOutOfServer below.
  { in: 'server/main.ts', out: 'dist/server.js', external: engineExternal, plugins: [engineOutOfServer()] },
  // dist/analysisWorker.js, the engine. Started as a worker by dist/server.js (server/engineHost.ts),
  // it is the analysis worker (server/analysisWorker.ts); required on the main thread (`--no-worker`,
  // or the fallback when no worker starts: engineHost.ts loadEngine), it only exports analyzeDocument.
  // One file for both, so the .vsix (.vscodeignore) and the tests that copy dist/server.js and
  // dist/analysisWorker.js need nothing new. (The `require` makes esbuild wrap every module in a lazy
  // initialiser: +55 KB; an analysisWorker.ts that did nothing on the main thread would spare them.)
  {
    stdin: {
      contents: [
        "import { isMainThread } from 'node:worker_threads';",
        "export { analyzeDocument } from './engine/index';",
        "if (!isMainThread) require('./server/analysisWorker');",
      ].join('\n'),
      resolveDir: path.dirname(fileURLToPath(import.meta.url)),
      sourcefile: 'analysisWorker.entry.ts',
      loader: 'ts',
    },
    in: 'server/analysisWorker.ts',
    out: 'dist/analysisWorker.js',
    external: engineExternal,
  },
  { in: 'client/extension.ts', out: 'dist/client.js', external: ['vscode'] },
];
await Promise.all(
  entries
    .filter((e) => existsSync(e.in))
    .map((e) =>
      esbuild.build({ ...common, ...(e.stdin ? { stdin: e.stdin } : { entryPoints: [e.in] }), outfile: e.out, external: e.external, plugins: e.plugins ?? [] }),
    ),
);
// The graph view's webview: its script (the layout and drawing shared with the CLI's SVG, KaTeX) and
// its stylesheet (with KaTeX's, whose fonts are copied beside it: the webview loads nothing remote).
await Promise.all([
  esbuild.build({ ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['client/graphWebview/main.ts'], outfile: 'dist/graphView.js' }),
  esbuild.build({
    ...common,
    platform: 'browser',
    entryPoints: ['client/graphWebview/style.css'],
    outfile: 'dist/graphView.css',
    loader: { '.woff2': 'file', '.woff': 'empty', '.ttf': 'empty' },
    assetNames: 'graphView-fonts/[name]',
  }),
]);
await stageTypeScript();

/**
 * dist/server.js without the engine. The server's modules import a few small things from
 * engine/index.ts (the diagnostic codes, the module-file rule, ParseCache), but the barrel re-exports
 * analyzeDocument too, and its modules build their tables at load, so esbuild would bundle the whole
 * engine and the main thread would load it for nothing (the engine runs in the worker). Marking the
 * engine's modules free of side effects in this bundle lets esbuild drop whatever the main thread does
 * not use: dist/server.js 1.15 MB → 0.50 MB, and the server's peak RSS over the benchmark's 323-line
 * session −7 MiB (94.0 → 86.6 MiB, bench/server.ts sessions, Node 20; idle −4 MiB). None of the
 * engine's modules is imported for its side effects alone. The main thread gets the engine, when it
 * needs one, from dist/analysisWorker.js.
 */
function engineOutOfServer() {
  const engineDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'engine') + path.sep;
  return {
    name: 'engine-out-of-server',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData?.resolving) return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { resolving: true } });
        if (r.errors.length > 0) return { errors: r.errors };
        return { ...r, sideEffects: r.path.startsWith(engineDir) ? false : r.sideEffects };
      });
    },
  };
}

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
