// Runs the same in-host mocha suite with @vscode/test-electron, on a machine that can download VS Code
// (not this offline one: here test/vscode/run.mjs drives code-server instead). Needs the devDependency
// @vscode/test-electron@2.5.2 (2.x runs on Node 20). Usage:
//   npm run build && node test/vscode/buildSuite.mjs && npx tsx test/vscode/runElectron.ts
import * as path from 'node:path';

interface TestOptions {
  version?: string;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  launchArgs?: string[];
}
// Resolved at run time so that type checking does not need the package where it isn't installed.
const TEST_ELECTRON: string = '@vscode/test-electron';

async function main(): Promise<void> {
  const { runTests } = (await import(TEST_ELECTRON)) as { runTests(o: TestOptions): Promise<number> };
  const root = path.resolve(__dirname, '..', '..');
  await runTests({
    version: process.env.BPL_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'suite', 'index.js'),
    // a fresh VS Code with only this extension, opened on the fixtures
    launchArgs: [path.join(root, 'test', 'vscode', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
