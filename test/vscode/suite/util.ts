// Helpers shared by the tests that run INSIDE the VS Code extension host.
import * as assert from 'node:assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'backprop-lint.backprop-lint';
/** The engine's finding for `np.dot(W1, X.T)` in the fixtures. */
export const MISSING_TRANSPOSE = 'missing-transpose';
/** 0-based line of `    Z1 = np.dot(W1, X.T) + b1` in the .py fixtures. */
export const Z1_LINE = 8;

/** Longest a single attempt of `waitFor` may take before it is abandoned and the next one starts. */
const ATTEMPT_MS = 5000;

/**
 * Polls `fn` every 100 ms until it returns a truthy value; fails after `ms`. Never a blind sleep.
 * Each attempt is bounded too: a request that never answers (a hover sent while the document was
 * being closed and reopened, say) is abandoned after ATTEMPT_MS and asked again, instead of hanging
 * the whole wait until mocha's timeout.
 */
export async function waitFor<T>(fn: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  what: string, ms = 30000): Promise<T> {
  const end = Date.now() + ms;
  let lastError: unknown;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const budget = Math.max(500, Math.min(ATTEMPT_MS, end - Date.now()));
    try {
      const v = await Promise.race([
        Promise.resolve().then(fn),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`an attempt got no answer within ${budget} ms`)), budget);
        }),
      ]);
      if (v) return v;
    } catch (e) {
      lastError = e;
    } finally {
      clearTimeout(timer);
    }
    if (Date.now() > end) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${ms} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace (test/vscode/workspace) must be open');
  return folder.uri;
}

export function fixture(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), name);
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  if (c === undefined) return '';
  return typeof c === 'object' ? String(c.value) : String(c);
}

export function findings(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === code);
}

export function describeDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  if (!all.length) return 'no diagnostics';
  return all.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} [${codeOf(d)}] ${d.message}`).join('; ');
}

/** Waits until `uri` carries a diagnostic with `code`; the error lists what it has instead. */
export async function waitForFinding(uri: vscode.Uri, code: string, ms = 30000): Promise<vscode.Diagnostic> {
  try {
    return await waitFor(() => findings(uri, code)[0], `a '${code}' diagnostic on ${uri.path.split('/').pop()}`, ms);
  } catch (e) {
    throw new Error(`${(e as Error).message}; has: ${describeDiagnostics(uri)}`);
  }
}

export async function waitForNoFinding(uri: vscode.Uri, code: string, ms = 30000): Promise<void> {
  try {
    await waitFor(() => findings(uri, code).length === 0, `the '${code}' diagnostic to go away`, ms);
  } catch (e) {
    throw new Error(`${(e as Error).message}; has: ${describeDiagnostics(uri)}`);
  }
}

export async function openPython(name: string): Promise<{ uri: vscode.Uri; doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  return openFile(name, 'python');
}

/** Opens a workspace file in an editor and checks VS Code gave it `languageId`. */
export async function openFile(name: string, languageId: string): Promise<{ uri: vscode.Uri; doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const uri = fixture(name);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  assert.strictEqual(doc.languageId, languageId, `${name} should open as ${languageId}`);
  return { uri, doc, editor };
}

/** Drops unsaved edits and closes every editor, so the fixtures on disk never change. */
export async function revertAndCloseAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.uri.scheme === 'file') {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .join('\n');
}

export function inlayLabel(h: vscode.InlayHint): string {
  return typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
}

/** Position of the first occurrence of `word` on `line` (fails if absent). */
export function positionOf(doc: vscode.TextDocument, line: number, word: string, offset = 0): vscode.Position {
  const col = doc.lineAt(line).text.indexOf(word);
  assert.ok(col >= 0, `'${word}' not found on line ${line + 1}: ${doc.lineAt(line).text}`);
  return new vscode.Position(line, col + offset);
}
