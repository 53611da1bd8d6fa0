// Bundles the CLI, the language server and the VS Code client with esbuild.
// Type checking is separate: `npm run typecheck`.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

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
// The TypeScript compiler (3.5 MB) stays out of the bundles: engine/syntax/typescript/load.ts
// requires it from node_modules the first time a TypeScript or JavaScript file is analysed.
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
