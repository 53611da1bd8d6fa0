// Inline fixtures for the protocol tests, and temporary folders to put them in (real file: URIs,
// so that imports of neighbouring files resolve).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextEdit } from 'vscode-languageserver-protocol';

/** `np.dot(W1, X.T)` on line 8 is a missing-transpose (X is (n_x, m)); the fix turns `X.T` into `X`. */
export const FORWARD_WITH_BUG = `import numpy as np

def forward(X, W1, b1):
    """
    X -- input data of size (n_x, m)
    W1 -- weight matrix of shape (n_h, n_x)
    b1 -- bias vector of shape (n_h, 1)
    """
    Z1 = np.dot(W1, X.T) + b1
    return Z1
`;

export const BUG_LINE = 8;
export const BUG_EXPR = 'np.dot(W1, X.T)';
export const RETURN_LINE = 9;

/** The same function as a notebook: cell 0 the import, cell 1 the function (its bug on line 7). */
export const NOTEBOOK_CELLS = {
  imports: 'import numpy as np\n',
  forward: FORWARD_WITH_BUG.split('\n').slice(2).join('\n'),
  markdown: '# Forward pass\nSome *notes*, not Python: np.dot(W1, X.T)\n',
};
export const NOTEBOOK_BUG_LINE = BUG_LINE - 2;

export const CLEAN_PYTHON = 'import numpy as np\n\nx = np.zeros((3, 1))\ny = x + 1\n';

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-lint-protocol-'));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function fileUri(dir: string, name: string): string {
  return pathToFileURL(path.join(dir, name)).href;
}

/** A `vscode-notebook-cell:` URI like VS Code's (the notebook's path, the cell in the fragment). */
export function cellUri(notebookUri: string, index: number): string {
  return `${notebookUri.replace(/^file:/, 'vscode-notebook-cell:')}#W${index}sZmlsZQ%3D%3D`;
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.py', 'python', 1, text), edits);
}

export function textAt(text: string, range: Range): string {
  return TextDocument.create('file:///x.py', 'python', 1, text).getText(range);
}

/** The range of the first occurrence of `needle` on a line. */
export function rangeOf(text: string, line: number, needle: string): Range {
  const col = text.split('\n')[line].indexOf(needle);
  if (col < 0) throw new Error(`"${needle}" not on line ${line}`);
  return { start: { line, character: col }, end: { line, character: col + needle.length } };
}
