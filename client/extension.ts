// The VS Code extension: starts the bundled language server (dist/server.js) over IPC for Python,
// TypeScript and JavaScript files and notebooks' Python cells, shows its state in the status bar,
// and adds its commands.

import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { FILE_LANGUAGES } from '../server/languages';
import { SHAPES_REQUEST, STATUS_NOTIFICATION, type ShapesParams, type ShapesResult, type StatusParams } from '../server/protocol';
import { CLIENT_ID, CLIENT_NAME, COMMANDS, SHAPES_SCHEME } from './ids';
import { ShapesView } from './shapesView';
import { GraphView } from './graphView';
import { GRAPH_REQUEST, type GraphResult } from '../server/graphProtocol';
import { StatusBar } from './statusBar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  const statusBar = new StatusBar();
  const shapesView = new ShapesView(() =>
    client?.state === State.Running ? (params: ShapesParams) => client!.sendRequest<ShapesResult>(SHAPES_REQUEST, params) : undefined,
  );
  const graphView = new GraphView(context.extensionUri, () =>
    client?.state === State.Running ? (params, token) => client!.sendRequest<GraphResult | null>(GRAPH_REQUEST, params, token) : undefined,
  );
  context.subscriptions.push(output, statusBar, shapesView, graphView);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Files on disk in the languages the server analyses (server/languages.ts: Python, TypeScript,
    // JavaScript and their React variants; package.json activates on the same), and Python cells of
    // any notebook (the server narrows notebooks to Jupyter ones).
    documentSelector: [...FILE_LANGUAGES.map((language) => ({ scheme: 'file', language })), { notebook: '*', language: 'python' }],
    outputChannel: output,
  };
  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);

  context.subscriptions.push(
    client.onNotification(STATUS_NOTIFICATION, (status: StatusParams) => statusBar.update(status)),
    client.onDidChangeState((e) => statusBar.setServerFailed(e.newState === State.Stopped)),
    vscode.workspace.registerTextDocumentContentProvider(SHAPES_SCHEME, shapesView),
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      if (!client) return;
      output.info('Restarting the server');
      await client.restart();
    }),
    vscode.commands.registerCommand(COMMANDS.showShapes, () => shapesView.show()),
    vscode.commands.registerCommand(COMMANDS.showGraph, (arg?: unknown) => graphView.show(arg)),
    vscode.workspace.onDidCloseTextDocument((doc) => statusBar.forget(doc.uri.toString())),
  );

  try {
    await client.start();
  } catch (e) {
    statusBar.setServerFailed(true);
    output.error(`Could not start the server: ${String(e)}`);
  }
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
