// Wires the language server: capabilities, document sync, and one handler per feature. A thin
// adapter: everything about shapes comes from the engine's analyzeDocument. Python, TypeScript and
// JavaScript files (server/languages.ts) and Jupyter notebooks' Python cells are analysed.

import {
  CodeActionKind,
  CodeActionRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  HoverRequest,
  InlayHintRequest,
  NotebookDocuments,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeActionParams,
  type Connection,
  type HoverParams,
  type InitializeError,
  type InitializeParams,
  type InitializeResult,
  type InlayHintParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isScriptFile, SCRIPT_EXTENSIONS } from '../engine/index';
import { Analyzer } from './analyzer';
import { provideCodeActions } from './codeActions';
import { SettingsStore } from './configuration';
import { InProcessEngine, lazyEngine, WorkerEngine, type AnalysisEngine, type AnalyzeFn, type WorkerEngineOptions } from './engineHost';
import { guarded, guardedRequest } from './guard';
import { registerGraphRequest } from './graph';
import { provideHover } from './hover';
import { provideInlayHints } from './inlayHints';
import { isScriptLanguage } from './languages';
import { originPlain, resolveOrigin } from './origin';
import { FIX_ALL_KIND, SHAPES_REQUEST, type ShapesParams, type ShapesResult } from './protocol';
import { SETTINGS_SECTION } from './settings';
import { CODE_ACTION_PARAMS, HOVER_PARAMS, INLAY_HINT_PARAMS, SHAPES_PARAMS } from './requestParams';
import { uriToPath } from './uris';
import { Workspace } from './workspace';

export const NOTEBOOK_TYPE = 'jupyter-notebook';

export interface ServerOptions {
  /** Run this engine function on the main thread instead of the bundled engine in a worker (test stubs). */
  analyze?: AnalyzeFn;
  /** Run the bundled engine on the main thread (`--no-worker`). */
  inProcess?: boolean;
  /** Worker settings (tests: a stub engine module, a short hang timeout, the .ts worker entry). */
  worker?: Omit<WorkerEngineOptions, 'fallback' | 'log'>;
  /** A fixed pause after edits instead of the adaptive one. */
  pauseMs?: number;
}

function createEngine(connection: Connection, options: ServerOptions): AnalysisEngine {
  if (options.analyze) return new InProcessEngine(options.analyze);
  if (options.inProcess) return new InProcessEngine(lazyEngine(true));
  return new WorkerEngine({ ...options.worker, fallback: lazyEngine(), log: (line) => connection.console.log(line) });
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const notebooks = new NotebookDocuments(TextDocument);
  const workspace = new Workspace(documents, notebooks);
  let analyzer: Analyzer | undefined;
  let engine: AnalysisEngine | undefined;
  let settings: SettingsStore | undefined;
  let canRefreshInlayHints = false;
  let canRegisterConfiguration = false;
  let canRegisterWatchers = false;

  connection.onInitialize((params: InitializeParams): InitializeResult | ResponseError<InitializeError> => {
    // LSP: initialize is sent once. A second one is refused (the LSP library has already read its
    // params by then, but nothing of this server's state changes).
    if (analyzer) return new ResponseError(ErrorCodes.InvalidRequest, 'initialize: the server is already initialized', { retry: false });
    const caps = params.capabilities ?? {};
    settings = new SettingsStore(connection, caps.workspace?.configuration === true);
    engine = createEngine(connection, options);
    analyzer = new Analyzer(connection, workspace, settings, engine, options.pauseMs);
    canRefreshInlayHints = caps.workspace?.inlayHint?.refreshSupport === true;
    canRegisterConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    canRegisterWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        notebookDocumentSync: {
          notebookSelector: [{ notebook: { notebookType: NOTEBOOK_TYPE }, cells: [{ language: 'python' }] }],
        },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        inlayHintProvider: true,
      },
      serverInfo: { name: 'backprop-lint-ls', version: '0.1.0' },
    };
  });

  connection.onInitialized(
    guarded(connection, 'initialized', undefined, async () => {
      analyzer?.start();
      if (canRegisterConfiguration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      }
      if (canRegisterWatchers) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/*.{py,${SCRIPT_EXTENSIONS.map((e) => e.slice(1)).join(',')}}` }] });
      }
    }),
  );

  // Each of these runs after the corresponding document store has updated itself. TextDocuments
  // fires onDidChangeContent for didOpen too. A file's importers (Python files of Python ones, script
  // files of script ones) are analysed again too.
  const onFileChanged = (doc: TextDocument) => {
    if (!analyzer) return;
    analyzer.schedule(doc.uri);
    const p = uriToPath(doc.uri);
    if (p !== undefined) analyzer.scheduleDependents([{ path: p, script: isScriptLanguage(doc.languageId) }], doc.uri);
  };
  documents.onDidChangeContent(guarded(connection, 'didChange', undefined, (e) => onFileChanged(e.document)));
  documents.onDidClose(
    guarded(connection, 'didClose', undefined, (e) => {
      analyzer?.close(e.document.uri);
      const p = uriToPath(e.document.uri);
      // Importers now read that file from disk instead of the editor.
      if (p !== undefined) analyzer?.scheduleDependents([{ path: p, script: isScriptLanguage(e.document.languageId) }]);
    }),
  );
  notebooks.onDidOpen(guarded(connection, 'notebookDidOpen', undefined, (nb) => analyzer?.schedule(nb.uri)));
  notebooks.onDidChange(guarded(connection, 'notebookDidChange', undefined, (e) => analyzer?.schedule(e.notebookDocument.uri)));
  notebooks.onDidClose(guarded(connection, 'notebookDidClose', undefined, (nb) => analyzer?.close(nb.uri)));

  connection.onDidChangeWatchedFiles(
    guarded(connection, 'didChangeWatchedFiles', undefined, (params) => {
      const paths = (params.changes ?? []).map((c) => uriToPath(c.uri)).filter((p): p is string => p !== undefined);
      if (paths.length > 0) analyzer?.scheduleDependents(paths.map((p) => ({ path: p, script: isScriptFile(p) })));
    }),
  );

  connection.onDidChangeConfiguration(
    guarded(connection, 'didChangeConfiguration', undefined, async (params) => {
      settings?.invalidate(params?.settings);
      analyzer?.scheduleAll();
      if (canRefreshInlayHints) await connection.languages.inlayHint.refresh();
    }),
  );

  guardedRequest(connection, HoverRequest.type, HOVER_PARAMS, null, (params: HoverParams) => (analyzer ? provideHover(workspace, analyzer, params) : null));
  guardedRequest(connection, CodeActionRequest.type, CODE_ACTION_PARAMS, null, (params: CodeActionParams) =>
    analyzer ? provideCodeActions(workspace, analyzer, params) : null,
  );
  guardedRequest(connection, InlayHintRequest.type, INLAY_HINT_PARAMS, null, (params: InlayHintParams) =>
    analyzer ? provideInlayHints(workspace, analyzer, params) : null,
  );
  guardedRequest(connection, SHAPES_REQUEST, SHAPES_PARAMS, [] as ShapesResult, async (params: ShapesParams): Promise<ShapesResult> => {
    const key = analyzer ? workspace.unitKeyFor(params.uri) : undefined;
    if (!analyzer || key === undefined) return [];
    const stored = await analyzer.fresh(key);
    if (!stored) return [];
    // Origins name their expression ("np.dot(W1, X) + b1, line 172"), as in hovers.
    return stored.result.shapes.map(({ originSite: _place, ...s }) => {
      const origin = resolveOrigin(stored, { ...s, originSite: _place });
      return origin ? { ...s, origin: originPlain(origin) } : s;
    });
  });

  registerGraphRequest(connection, workspace, () => analyzer, () => engine);

  connection.onShutdown(() => analyzer?.dispose());

  documents.listen(connection);
  notebooks.listen(connection);
  connection.listen();
}
