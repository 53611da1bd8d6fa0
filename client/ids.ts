// Identifiers the client contributes (package.json `contributes` must list the same; a test checks).
// No vscode import here, so tests can load it.

export const CLIENT_ID = 'backpropLint';
export const CLIENT_NAME = 'Backprop Lint';

export const COMMANDS = {
  restartServer: 'backpropLint.restartServer',
  showShapes: 'backpropLint.showShapes',
  showGraph: 'backpropLint.showGraph',
} as const;

/** Scheme of the read-only "shapes" documents. */
export const SHAPES_SCHEME = 'backprop-lint-shapes';
