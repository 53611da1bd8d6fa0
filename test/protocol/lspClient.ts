// Test plumbing: starts the bundled language server (`node dist/server.js --stdio`) as a child
// process and drives it over JSON-RPC like an editor would. Notifications are recorded; tests await
// them with `waitFor` (a predicate re-checked on every message, with a timeout; never fixed sleeps).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeNotebookDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenNotebookDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  type ClientCapabilities,
  type ConfigurationItem,
  type InitializeResult,
  type NotebookCell,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
  type TextDocumentItem,
} from 'vscode-languageserver-protocol/node';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/protocol';
import { makeTempDir, removeDir } from './fixtures';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');
export const DEFAULT_TIMEOUT_MS = 8000;

/** The `backpropLint` section the test answers configuration requests with; tests mutate it. */
export type SettingsObject = Record<string, unknown>;

export interface StartOptions {
  /** Answer `workspace/configuration` (default true). */
  configuration?: boolean;
  settings?: SettingsObject;
  /** Per scope URI overrides of the settings. */
  settingsFor?: (scopeUri: string | undefined) => SettingsObject | undefined;
  /** Run this TypeScript entry (through tsx) instead of the bundled server, e.g. with a stub engine. */
  serverScript?: string;
  /** Run this bundled server instead of dist/server.js (a copy elsewhere; default: BPL_SERVER_JS, e.g. an unpacked .vsix's). */
  serverJs?: string;
  /** Extra arguments after `--stdio` (`--no-worker`). */
  args?: string[];
}

export class LspTestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly diagnosticsHistory: PublishDiagnosticsParams[] = [];
  readonly statuses: StatusParams[] = [];
  readonly logs: string[] = [];
  readonly configurationRequests: ConfigurationItem[][] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  settings: SettingsObject;
  stderr = '';
  exitCode: number | null | undefined = undefined;
  initializeResult: InitializeResult | undefined;

  private readonly waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
    private readonly options: StartOptions,
  ) {
    this.settings = options.settings ?? {};
  }

  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    const serverJs = options.serverJs ?? process.env.BPL_SERVER_JS ?? SERVER_JS;
    const args = [...(options.serverScript ? ['--require', 'tsx/cjs', options.serverScript, '--stdio'] : [serverJs, '--stdio']), ...(options.args ?? [])];
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: 'pipe' });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspTestClient(child, connection, options);
    child.stderr.on('data', (d: Buffer) => (client.stderr += d.toString()));
    child.on('exit', (code) => {
      client.exitCode = code;
      client.notify();
    });
    client.listen();
    connection.listen();
    await client.initialize();
    return client;
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.diagnosticsHistory.push(p);
      this.notify();
    });
    c.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
      this.statuses.push(p);
      this.notify();
    });
    c.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
      this.notify();
    });
    c.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationRequests.push(params.items);
      this.notify();
      return params.items.map((item) => (item.section === 'backpropLint' ? this.settingsFor(item.scopeUri) : null));
    });
    c.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations.map((r) => ({ method: r.method, registerOptions: r.registerOptions })));
      this.notify();
    });
    c.onRequest('workspace/inlayHint/refresh', () => null);
  }

  private settingsFor(scopeUri: string | undefined): SettingsObject {
    return this.options.settingsFor?.(scopeUri) ?? this.settings;
  }

  private async initialize(): Promise<void> {
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: this.options.configuration !== false,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        inlayHint: { refreshSupport: true },
      },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true },
        inlayHint: {},
      },
      notebookDocument: { synchronization: {} },
    };
    this.initializeResult = await this.request(InitializeRequest.method, {
      processId: process.pid,
      rootUri: null,
      capabilities,
      workspaceFolders: null,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Sends a request; rejects after the timeout so a hung server fails the test instead of stalling it. */
  request<R>(method: string, params: unknown, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to ${method} within ${timeoutMs} ms${this.describeState()}`)), timeoutMs);
    });
    return Promise.race([this.connection.sendRequest<R>(method, params), timeout]).finally(() => clearTimeout(timer));
  }

  notifyServer(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** Resolves with the predicate's first non-undefined value, re-checked on every message from the server. */
  waitFor<T>(predicate: () => T | undefined | false, description: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        let value: T | undefined | false;
        try {
          value = predicate();
        } catch (e) {
          finish();
          reject(e);
          return;
        }
        if (value !== undefined && value !== false) {
          finish();
          resolve(value);
        } else if (this.exitCode !== undefined) {
          finish();
          reject(new Error(`server exited (code ${this.exitCode}) while waiting for ${description}${this.describeState()}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}${this.describeState()}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** The next diagnostics for `uri` at `version` (or any version) that satisfy `accept`. */
  waitForDiagnostics(
    uri: string,
    opts: { version?: number; accept?: (p: PublishDiagnosticsParams) => boolean; after?: number; timeoutMs?: number } = {},
  ): Promise<PublishDiagnosticsParams> {
    const from = opts.after ?? 0;
    return this.waitFor(
      () =>
        this.diagnosticsHistory
          .slice(from)
          .find((p) => p.uri === uri && (opts.version === undefined || p.version === opts.version) && (opts.accept?.(p) ?? true)),
      `diagnostics for ${uri}${opts.version !== undefined ? ` version ${opts.version}` : ''}`,
      opts.timeoutMs,
    );
  }

  /** Waits until the server reports `idle` or `error` for a unit (a file or notebook URI) after index `after` (not `verifying`: it is still at work). */
  waitForSettled(uri: string, after = 0, timeoutMs?: number): Promise<StatusParams> {
    return this.waitFor(
      () => this.statuses.slice(after).find((s) => s.uri === uri && (s.state === 'idle' || s.state === 'error')),
      `status idle/error for ${uri}`,
      timeoutMs,
    );
  }

  async open(uri: string, text: string, languageId = 'python'): Promise<TextDocumentItem> {
    const item: TextDocumentItem = { uri, languageId, version: 1, text };
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: item });
    return item;
  }

  /** Sends a didChange; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async openNotebook(uri: string, cells: { uri: string; kind: 'code' | 'markdown'; language?: string; text: string }[]): Promise<void> {
    const nbCells: NotebookCell[] = cells.map((c) => ({ kind: c.kind === 'code' ? 2 : 1, document: c.uri }));
    for (const c of cells) this.versions.set(c.uri, 1);
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: { uri, notebookType: 'jupyter-notebook', version: 1, cells: nbCells },
      cellTextDocuments: cells.map((c) => ({
        uri: c.uri,
        languageId: c.language ?? (c.kind === 'code' ? 'python' : 'markdown'),
        version: 1,
        text: c.text,
      })),
    });
  }

  /** Edits one cell's text; returns the cell document's new version. */
  async changeCell(notebookUri: string, cellUri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const nbVersion = (this.versions.get(notebookUri) ?? 1) + 1;
    const version = (this.versions.get(cellUri) ?? 1) + 1;
    this.versions.set(notebookUri, nbVersion);
    this.versions.set(cellUri, version);
    await this.connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
      notebookDocument: { uri: notebookUri, version: nbVersion },
      change: { cells: { textContent: [{ document: { uri: cellUri, version }, changes }] } },
    });
    return version;
  }

  /** Replaces the settings and tells the server they changed (pull model: the notification carries nothing). */
  async changeSettings(settings: SettingsObject): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  async stop(): Promise<void> {
    if (this.alive) {
      try {
        await this.request(ShutdownRequest.method, null, 3000);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // Fall through to the kill below.
      }
      await new Promise<void>((resolve) => {
        if (!this.alive) return resolve();
        const timer = setTimeout(() => {
          this.child.kill();
          resolve();
        }, 3000);
        this.child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.connection.dispose();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private describeState(): string {
    const last = this.diagnosticsHistory.slice(-3).map((p) => `${p.uri}@${p.version}: ${p.diagnostics.map((d) => d.code).join(',')}`);
    const err = this.stderr.trim().split('\n').slice(-5).join('\n');
    return `\n  last diagnostics: ${last.join(' | ') || 'none'}\n  last logs: ${this.logs.slice(-3).join(' | ') || 'none'}${err ? `\n  stderr: ${err}` : ''}`;
  }
}

/** A started server and a fresh temporary folder for a suite's documents (the usual `before`). */
export async function startInTempDir(options: StartOptions = {}): Promise<{ client: LspTestClient; dir: string }> {
  const dir = makeTempDir();
  return { client: await LspTestClient.start(options), dir };
}

/** The usual `after`: stops the server and removes the folder, whatever state the suite left. */
export async function stopAndRemove(client: LspTestClient | undefined, dir: string | undefined): Promise<void> {
  await client?.stop();
  if (dir) removeDir(dir);
}
