// "Show Shapes of Current File": a read-only virtual document listing what the engine inferred
// for each assignment target, opened beside the editor.

import * as vscode from 'vscode';
import type { ShapeRecord } from '../engine/index';
import type { ShapesParams, ShapesResult } from '../server/protocol';
import { SHAPES_SCHEME } from './ids';

export type ShapesFetcher = (params: ShapesParams) => Promise<ShapesResult>;

export function formatShapes(source: string, shapes: ShapeRecord[]): string {
  const lines = [`# Shapes inferred by Backprop Lint for ${source}`, ''];
  if (shapes.length === 0) lines.push('(no shapes: nothing analysed yet, or no assignments with known shapes)');
  let cell: number | undefined = -1;
  for (const s of shapes) {
    if (s.cell !== cell) {
      cell = s.cell;
      if (cell !== undefined) lines.push('', `## cell ${cell + 1}`);
    }
    const where = `${s.range.start.line + 1}:${s.range.start.column + 1}`;
    lines.push(`${where.padEnd(8)} ${s.target} : ${s.shape}${s.origin ? `    (${s.origin})` : ''}`);
    lines.push(`         ${s.statement}`);
  }
  return `${lines.join('\n')}\n`;
}

export class ShapesView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly fetch: () => ShapesFetcher | undefined) {}

  /** `backprop-lint-shapes:/Shapes of <name>?<source uri>` */
  static uriFor(source: vscode.Uri): vscode.Uri {
    const name = source.path.split('/').pop() || 'document';
    return vscode.Uri.from({ scheme: SHAPES_SCHEME, path: `/Shapes of ${name}`, query: source.toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const source = uri.query;
    const fetch = this.fetch();
    if (!fetch) return 'The Backprop Lint server is not running.\n';
    try {
      return formatShapes(source, await fetch({ uri: source }));
    } catch (e) {
      return `Could not get shapes from the Backprop Lint server: ${String(e)}\n`;
    }
  }

  /** Opens (or refreshes) the shapes view of the active editor's document. */
  async show(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const nb = vscode.window.activeNotebookEditor;
    const source = editor?.document.uri.scheme === 'vscode-notebook-cell' && nb ? nb.notebook.uri : editor?.document.uri;
    if (!source) {
      void vscode.window.showInformationMessage('Backprop Lint: open a Python, TypeScript or JavaScript file or a notebook first.');
      return;
    }
    const uri = ShapesView.uriFor(source);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

