// The status bar item: the analysis state of the document in the active editor.

import * as vscode from 'vscode';
import { FILE_LANGUAGES } from '../server/languages';
import type { StatusParams } from '../server/protocol';
import { CLIENT_NAME, COMMANDS } from './ids';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  private readonly byUri = new Map<string, StatusParams>();
  private serverFailed = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.item.name = CLIENT_NAME;
    this.item.command = COMMANDS.showShapes;
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.render()),
    );
    this.render();
  }

  update(status: StatusParams): void {
    this.byUri.set(status.uri, status);
    this.render();
  }

  setServerFailed(failed: boolean): void {
    this.serverFailed = failed;
    this.render();
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
    this.render();
  }

  private activeStatus(): StatusParams | undefined {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.uri.scheme === 'vscode-notebook-cell') {
      const nb = vscode.window.activeNotebookEditor?.notebook.uri.toString();
      return nb === undefined ? undefined : this.byUri.get(nb);
    }
    return editor ? this.byUri.get(editor.document.uri.toString()) : undefined;
  }

  private render(): void {
    if (this.serverFailed) {
      this.item.text = `$(error) ${CLIENT_NAME}`;
      this.item.tooltip = 'The Backprop Lint server stopped. Run "Backprop Lint: Restart Server".';
      this.item.command = COMMANDS.restartServer;
      this.item.show();
      return;
    }
    this.item.command = COMMANDS.showShapes;
    const status = this.activeStatus();
    if (!status) {
      const lang = vscode.window.activeTextEditor?.document.languageId;
      if (lang !== undefined && FILE_LANGUAGES.includes(lang)) {
        this.item.text = CLIENT_NAME;
        this.item.tooltip = undefined;
        this.item.show();
      } else {
        this.item.hide();
      }
      return;
    }
    if (status.state === 'analysing') {
      // `loading TypeScript`: the first TypeScript or JavaScript document loads the compiler.
      this.item.text = `$(sync~spin) ${CLIENT_NAME}${status.detail ? `: ${status.detail}` : ''}`;
      this.item.tooltip = status.detail ? `Analysing shapes (${status.detail})…` : 'Analysing shapes…';
    } else if (status.state === 'verifying') {
      // The findings so far are shown; the hand-written gradients are still being checked numerically.
      const n = status.findings;
      this.item.text = `$(sync~spin) ${CLIENT_NAME}: ${n} finding${n === 1 ? '' : 's'}, checking gradients…`;
      this.item.tooltip = 'Shape findings are shown; the gradients are still being checked numerically (an edit restarts the check).';
    } else if (status.state === 'error') {
      this.item.text = `$(error) ${CLIENT_NAME}`;
      this.item.tooltip = 'This document could not be analysed; see the Backprop Lint output.';
    } else {
      const n = status.findings;
      this.item.text = `${CLIENT_NAME}: ${n} finding${n === 1 ? '' : 's'}`;
      this.item.tooltip = 'Click to show the inferred shapes';
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
