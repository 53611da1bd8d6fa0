// Bundles the in-host mocha suite: test/vscode/suite/index.ts -> out/test/vscode/suite/index.js
// (mocha and the test files inside, `vscode` external: the extension host provides it).
import * as esbuild from 'esbuild';
import path from 'node:path';
import { ROOT, SUITE_JS } from './lib.mjs';

export async function buildSuite() {
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'test', 'vscode', 'suite', 'index.ts')],
    outfile: SUITE_JS,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logOverride: { 'require-resolve-not-external': 'silent' }, // mocha's parallel mode, unused here
    external: ['vscode'],
    logLevel: 'warning',
  });
  return SUITE_JS;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildSuite();
  console.log(`built ${path.relative(process.cwd(), SUITE_JS)}`);
}
