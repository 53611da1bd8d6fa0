// Runs the engine on open units: debounced after edits, stale runs cancelled, results kept per
// unit and version (code actions, hovers and hints read them), diagnostics and status published.

import * as path from 'node:path';
import type { Connection, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { AnalysisResult, AnalyzeOptions, DocumentInput } from '../engine/index';
import { toDiagnostic } from './convert';
import type { SettingsStore } from './configuration';
import { createModuleReader } from './modules';
import { STATUS_NOTIFICATION, type StatusParams } from './protocol';
import type { Settings } from './settings';
import { pathKey } from './uris';
import type { UnitSnapshot, Workspace } from './workspace';

/** Pause after the last edit before analysing. */
export const DEBOUNCE_MS = 150;
/** Wall-clock budget per analysis; the engine polls `isCancelled` and stops early once it is spent. */
export const ANALYSIS_TIME_BUDGET_MS = 2000;
/** Longer documents are not analysed (no diagnostics, one log line). */
export const MAX_ANALYSED_CHARS = 5_000_000;

export type AnalyzeFn = (input: DocumentInput, options: AnalyzeOptions) => AnalysisResult;

export interface StoredResult {
  snapshot: UnitSnapshot;
  settings: Settings;
  /** Empty when analysis is disabled, skipped or failed. */
  result: AnalysisResult;
  /** `pathKey`s of the module files the engine asked for. */
  deps: Set<string>;
  failed: boolean;
}

interface RunToken {
  cancelled: boolean;
}

function emptyResult(): AnalysisResult {
  return { findings: [], shapes: [], exprShapes: [], syntaxErrors: [], truncated: false, timings: { parseMs: 0, analyzeMs: 0 } };
}

/** Guards against a partial result object (the engine is a separate component). */
function sanitize(r: Partial<AnalysisResult> | undefined): AnalysisResult {
  const base = emptyResult();
  if (!r || typeof r !== 'object') return base;
  return {
    findings: Array.isArray(r.findings) ? r.findings : base.findings,
    shapes: Array.isArray(r.shapes) ? r.shapes : base.shapes,
    exprShapes: Array.isArray(r.exprShapes) ? r.exprShapes : base.exprShapes,
    syntaxErrors: Array.isArray(r.syntaxErrors) ? r.syntaxErrors : base.syntaxErrors,
    truncated: r.truncated === true,
    timings: r.timings ?? base.timings,
  };
}

function inputLength(input: DocumentInput): number {
  return input.kind === 'python' ? input.text.length : input.cells.reduce((n, c) => n + c.length, 0);
}

export class Analyzer {
  private readonly results = new Map<string, StoredResult>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly tokens = new Map<string, RunToken>();
  private readonly inflight = new Map<string, { version: string; promise: Promise<StoredResult | undefined> }>();
  /** Unit key → the document URIs it last published diagnostics to. */
  private readonly published = new Map<string, Set<string>>();

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly settings: SettingsStore,
    private readonly analyze: AnalyzeFn,
    private readonly debounceMs = DEBOUNCE_MS,
  ) {}

  /** Analyse a unit after the debounce pause; an earlier pending or running analysis of it is dropped. */
  schedule(key: string): void {
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.run(key);
      }, this.debounceMs),
    );
  }

  scheduleAll(): void {
    for (const key of this.workspace.allUnitKeys()) this.schedule(key);
  }

  /** Re-analyse the open units that import one of these files, or sit in the same folder. */
  scheduleDependents(filePaths: string[], except?: string): void {
    const keys = new Set(filePaths.map(pathKey));
    const dirs = new Set(filePaths.map((p) => pathKey(path.dirname(p))));
    for (const unitKey of this.workspace.allUnitKeys()) {
      if (unitKey === except) continue;
      const stored = this.results.get(unitKey);
      const snap = stored?.snapshot ?? this.workspace.snapshot(unitKey);
      const importsOne = stored !== undefined && [...stored.deps].some((d) => keys.has(d));
      const sameDir = snap?.dir !== undefined && dirs.has(pathKey(snap.dir));
      if (importsOne || sameDir) this.schedule(unitKey);
    }
  }

  /** The last result, only if it was computed for the unit's current text. */
  current(key: string): StoredResult | undefined {
    const stored = this.results.get(key);
    if (!stored) return undefined;
    return stored.snapshot.version === this.workspace.currentVersion(key) ? stored : undefined;
  }

  /** The result for the unit's current text, analysing now if needed (hovers, hints, shapes). */
  async fresh(key: string): Promise<StoredResult | undefined> {
    const version = this.workspace.currentVersion(key);
    if (version === undefined) return undefined;
    const stored = this.results.get(key);
    if (stored?.snapshot.version === version) return stored;
    const running = this.inflight.get(key);
    if (running?.version === version) return running.promise;
    return this.run(key);
  }

  /** The unit was closed: forget it and clear its diagnostics. */
  close(key: string): void {
    this.cancel(key);
    this.results.delete(key);
    for (const uri of this.published.get(key) ?? []) this.sendDiagnostics({ uri, diagnostics: [] });
    this.published.delete(key);
  }

  private cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    const token = this.tokens.get(key);
    if (token) token.cancelled = true;
  }

  private run(key: string): Promise<StoredResult | undefined> {
    this.cancel(key);
    const snapshot = this.workspace.snapshot(key);
    if (!snapshot) return Promise.resolve(undefined);
    const token: RunToken = { cancelled: false };
    this.tokens.set(key, token);
    const promise = this.analyse(snapshot, token)
      .catch((e: unknown) => {
        this.connection.console.error(`backprop-lint: internal error while analysing ${key}: ${String(e)}`);
        return undefined;
      })
      .finally(() => {
        if (this.inflight.get(key)?.promise === promise) this.inflight.delete(key);
        if (this.tokens.get(key) === token) this.tokens.delete(key);
      });
    this.inflight.set(key, { version: snapshot.version, promise });
    return promise;
  }

  private isStale(snapshot: UnitSnapshot, token: RunToken): boolean {
    return token.cancelled || this.workspace.currentVersion(snapshot.key) !== snapshot.version;
  }

  private async analyse(snapshot: UnitSnapshot, token: RunToken): Promise<StoredResult | undefined> {
    const settings = await this.settings.get(snapshot.key);
    if (this.isStale(snapshot, token)) return undefined;
    const deps = new Set<string>();
    let result = emptyResult();
    let failed = false;
    if (settings.enable) {
      this.sendStatus({ state: 'analysing', findings: 0, uri: snapshot.key });
      if (inputLength(snapshot.input) > MAX_ANALYSED_CHARS) {
        this.connection.console.log(`backprop-lint: ${snapshot.key} is longer than ${MAX_ANALYSED_CHARS} characters; not analysed`);
      } else {
        const deadline = Date.now() + ANALYSIS_TIME_BUDGET_MS;
        try {
          result = sanitize(
            this.analyze(snapshot.input, {
              readModule: createModuleReader(snapshot.dir, (p) => this.workspace.openTextAt(p), deps),
              extraDimensionNames: settings.dimensionNames,
              isCancelled: () => token.cancelled || Date.now() > deadline,
            }),
          );
          if (result.truncated) {
            this.connection.console.log(`backprop-lint: analysis of ${snapshot.key} stopped early (step or time budget, or cancelled); findings are partial`);
          }
        } catch (e) {
          failed = true;
          const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
          this.connection.console.log(`backprop-lint: could not analyse ${snapshot.key} (version ${snapshot.version}): ${msg}`);
        }
      }
    }
    // The engine is synchronous today; should it ever yield, an edit may have landed meanwhile.
    if (this.isStale(snapshot, token)) return undefined;
    const stored: StoredResult = { snapshot, settings, result, deps, failed };
    this.results.set(snapshot.key, stored);
    const count = this.publish(stored);
    this.sendStatus({ state: failed ? 'error' : 'idle', findings: count, uri: snapshot.key });
    return stored;
  }

  /** Sends diagnostics for every Python document of the unit (empty lists clear old ones); returns how many. */
  private publish(stored: StoredResult): number {
    const { snapshot, settings, result } = stored;
    const byUri = new Map<string, Diagnostic[]>(snapshot.docUris.map((u) => [u, []]));
    let count = 0;
    if (settings.enable) {
      for (const finding of result.findings) {
        const idx = snapshot.kind === 'python' ? 0 : (finding.cell ?? 0);
        const list = byUri.get(snapshot.docUris[idx] ?? '');
        const diagnostic = toDiagnostic(finding, settings);
        if (list && diagnostic) {
          list.push(diagnostic);
          count++;
        }
      }
    }
    for (const uri of this.published.get(snapshot.key) ?? []) {
      if (!byUri.has(uri)) this.sendDiagnostics({ uri, diagnostics: [] });
    }
    snapshot.docUris.forEach((uri, i) => {
      this.sendDiagnostics({ uri, version: snapshot.docVersions[i], diagnostics: byUri.get(uri) ?? [] });
    });
    this.published.set(snapshot.key, new Set(byUri.keys()));
    return count;
  }

  private sendDiagnostics(params: PublishDiagnosticsParams): void {
    void this.connection.sendDiagnostics(params).catch(() => undefined);
  }

  private sendStatus(params: StatusParams): void {
    void this.connection.sendNotification(STATUS_NOTIFICATION, params).catch(() => undefined);
  }
}
