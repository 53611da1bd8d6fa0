// "Backprop Lint: Show Graph": the computational graph of the unit under the cursor in a webview
// beside the editor. The graph comes from the server (`backpropLint/graph`, which waits for the
// analysis of the current text, so the view follows edits with the diagnostics' pause and
// cancellation); the webview (graphWebview/, dist/graphView.js and .css) lays it out and draws it.
// Clicking a node reveals its line; moving the cursor highlights the node and selects the gradient there.

import * as vscode from 'vscode';
import type { GraphParams, GraphResult } from '../server/graphProtocol';
import type { FromView, ToView } from './graphWebview/messages';

export type GraphFetcher = (params: GraphParams, token: vscode.CancellationToken) => Promise<GraphResult | null>;

export const GRAPH_VIEW_TYPE = 'backpropLint.graph';

interface Source {
  /** The file, or the notebook. */
  key: vscode.Uri;
  /** The document the command was run in (the file, or a cell). */
  doc: vscode.Uri;
  notebook: vscode.NotebookDocument | undefined;
}

export class GraphView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private source: Source | undefined;
  private unit: string | undefined;
  private line: number | undefined;
  private pending: vscode.CancellationTokenSource | undefined;
  private last: GraphResult | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly fetch: () => GraphFetcher | undefined,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        // After the language client's own listener has sent the change (the server answers for the newest text anyway).
        if (this.panel && e.contentChanges.length && this.owns(e.document)) setTimeout(() => void this.refresh(), 0);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (!this.panel || !this.owns(e.textEditor.document)) return;
        this.post({ type: 'cursor', line: e.selections[0].active.line, ...this.cellOf(e.textEditor.document) });
      }),
    );
  }

  /** Whether a document is the shown file or one of the shown notebook's cells. */
  private owns(doc: vscode.TextDocument): boolean {
    const s = this.source;
    if (!s) return false;
    if (s.notebook) return doc.uri.scheme === 'vscode-notebook-cell' && s.notebook.getCells().some((c) => c.document === doc);
    return doc.uri.toString() === s.key.toString();
  }

  /** The engine's cell index of a notebook cell (code cells in order), for the view's cursor. */
  private cellOf(doc: vscode.TextDocument): { cell?: number } {
    const nb = this.source?.notebook;
    if (!nb) return {};
    const code = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
    const i = code.findIndex((c) => c.document === doc);
    return i < 0 ? {} : { cell: i };
  }

  /** `arg`: the editor title button's resource URI, or the notebook cell of the cell toolbar; else the active editor. */
  async show(arg?: unknown): Promise<void> {
    const cellArg = arg && typeof arg === 'object' && 'document' in arg && 'notebook' in arg ? (arg as vscode.NotebookCell) : undefined;
    const active = vscode.window.activeTextEditor;
    const editor = cellArg ? vscode.window.visibleTextEditors.find((e) => e.document === cellArg.document) : active;
    const doc = cellArg?.document ?? editor?.document;
    if (!doc) {
      void vscode.window.showInformationMessage('Backprop Lint: open a Python, TypeScript or JavaScript file or a notebook first.');
      return;
    }
    const notebook = cellArg?.notebook ?? (doc.uri.scheme === 'vscode-notebook-cell' ? vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === doc)) : undefined);
    this.source = { key: notebook?.uri ?? doc.uri, doc: doc.uri, notebook };
    this.unit = undefined;
    this.line = editor?.document === doc ? editor.selection.active.line : 0;
    const name = this.source.key.path.split('/').pop() ?? 'document';
    if (!this.panel) {
      const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
      this.panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, `Graph: ${name}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [dist],
        retainContextWhenHidden: true,
      });
      this.ready = false;
      this.panel.webview.html = this.html(this.panel.webview, dist);
      this.panel.webview.onDidReceiveMessage((m: FromView) => this.onMessage(m), undefined, this.disposables);
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.pending?.cancel();
      }, undefined, this.disposables);
    } else {
      this.panel.title = `Graph: ${name}`;
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    await this.refresh();
  }

  private async onMessage(m: FromView): Promise<void> {
    if (m.type === 'ready') {
      this.ready = true;
      if (this.last) this.post({ type: 'graph', result: this.last, ...this.cursor() });
    } else if (m.type === 'unit') {
      this.unit = m.unit;
      await this.refresh();
    } else if (m.type === 'reveal') {
      const uri = this.last?.docUris[m.cell ?? 0] ?? this.source?.doc.toString();
      if (!uri) return;
      const target = vscode.Uri.parse(uri);
      const range = new vscode.Range(m.range.start.line, m.range.start.column, m.range.end.line, m.range.end.column);
      const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString());
      const editor = await vscode.window.showTextDocument(open?.document ?? (await vscode.workspace.openTextDocument(target)), { viewColumn: open?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false, selection: new vscode.Range(range.start, range.start) });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  /** Asks the server for the graph of the current text (it waits for the analysis); a newer ask cancels this one. */
  private async refresh(): Promise<void> {
    const fetch = this.fetch();
    const s = this.source;
    if (!s) return;
    this.pending?.cancel();
    const cts = new vscode.CancellationTokenSource();
    this.pending = cts;
    if (!fetch) {
      this.post({ type: 'graph', result: { graph: { unit: '', units: [], nodes: [], edges: [], gradients: [], sizes: '', message: 'The Backprop Lint server is not running.' }, docUris: [], version: '' } });
      return;
    }
    try {
      const params: GraphParams = this.unit !== undefined ? { uri: s.doc.toString(), unit: this.unit } : { uri: s.doc.toString(), ...(this.line !== undefined ? { line: this.line } : {}) };
      const result = await fetch(params, cts.token);
      // Null: the text changed while the server analysed it; the next change's ask brings the graph.
      if (cts.token.isCancellationRequested || !result) return;
      this.last = result;
      // After the first answer the view keeps its unit while the text changes under it.
      this.unit = result.graph.unit || this.unit;
      this.post({ type: 'graph', result, ...this.cursor() });
    } catch (e) {
      if (!cts.token.isCancellationRequested) this.post({ type: 'graph', result: { graph: { unit: '', units: [], nodes: [], edges: [], gradients: [], sizes: '', message: `Could not get the graph: ${String(e)}` }, docUris: [], version: '' } });
    }
  }

  /** Where the cursor is in the shown document, when an editor shows it. */
  private cursor(): { cursor?: { line: number; cell?: number } } {
    const editor = vscode.window.visibleTextEditors.find((e) => this.owns(e.document));
    return editor ? { cursor: { line: editor.selection.active.line, ...this.cellOf(editor.document) } } : {};
  }

  private post(m: ToView): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(m);
  }

  private html(webview: vscode.Webview, dist: vscode.Uri): string {
    const nonce = Array.from({ length: 32 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'graphView.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'graphView.css'));
    // No network: scripts by nonce only, styles and fonts from the extension (KaTeX sets inline styles).
    const csp = [`default-src 'none'`, `img-src ${webview.cspSource} data:`, `style-src ${webview.cspSource} 'unsafe-inline'`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Backprop Lint graph</title></head>
<body>
<header><select id="units" title="The unit drawn"></select><button id="fit" title="Fit the graph to the view">Fit</button><span id="info"></span>
<span class="legend">click a badge (✓ ✗ ?) for its derivation, a node for its line · drag or scroll to pan · Ctrl+wheel to zoom</span></header>
<div id="canvas"><div id="stage"></div></div>
<section id="derivation" hidden></section>
<script nonce="${nonce}" src="${script}"></script>
</body></html>`;
  }

  dispose(): void {
    this.pending?.cancel();
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
