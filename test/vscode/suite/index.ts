// Mocha entry point loaded by VS Code's extension host (extensionTestsPath): by code-server through the
// workbench `payload` URL parameter (test/vscode/hostTests.mjs) and by @vscode/test-electron
// (test/vscode/runElectron.ts). Bundled with mocha inside (vscode stays external) to
// out/test/vscode/suite/index.js by test/vscode/buildSuite.mjs.
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    reporter: 'spec',
    timeout: 60000,
    // BPL_TEST_GREP narrows the run (it reaches the extension host through code-server's environment).
    ...(process.env.BPL_TEST_GREP ? { grep: process.env.BPL_TEST_GREP } : {}),
  });
  // The test files are bundled into this file; define suite()/test() globals before they execute.
  mocha.suite.emit('pre-require', globalThis, 'backprop-lint-vscode-suite', mocha);
  require('./activation.test');
  require('./diagnostics.test');
  require('./notebook.test');
  require('./settings.test');
  require('./gradients.test');
  require('./typescript.test');
  require('./graph.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
