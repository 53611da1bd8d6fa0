// Runs the engine on open units: after an adaptive pause following edits, stale runs cancelled
// (really stopped, in the worker), results kept per unit and version (code actions, hovers and hints
// read them), diagnostics and status published.

import * as path from 'node:path';
import type { Connection, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { AnalysisResult } from '../engine/index';
import { DEFAULT_VERIFY_BUDGET_SECONDS } from '../engine/index';
import { notAnalysedResult, overSizeLimit } from '../engine/limits';
import { toDiagnostic } from './convert';
import type { SettingsStore } from './configuration';
import { RunToken, type AnalysisEngine, type EngineJob } from './engineHost';
import { STATUS_NOTIFICATION, type StatusParams } from './protocol';
import type { Settings } from './settings';
import { pathKey } from './uris';
import { inputLength } from './inputLength';
import { isScriptUnit, type UnitSnapshot, type Workspace } from './workspace';

export type { AnalyzeFn } from './engineHost';

/**
 * The pause after an edit before analysing grows with how long the last analysis of that unit took:
 * PAUSE_FACTOR × (that time − FREE_ANALYSIS_MS), clamped to [MIN_PAUSE_MS, MAX_PAUSE_MS]. An analysis
 * cheaper than FREE_ANALYSIS_MS is over before the next keystroke, so it is not worth delaying. A unit
 * not analysed yet waits MIN_PAUSE_MS. See server/README.md.
 */
export const PAUSE_FACTOR = 0.3;
export const FREE_ANALYSIS_MS = 40;
export const MIN_PAUSE_MS = 2;
export const MAX_PAUSE_MS = 100;
/** Wall-clock budget per analysis; the engine polls `isCancelled` and stops early once it is spent. */
export const ANALYSIS_TIME_BUDGET_MS = 2000;
/**
 * Gradient verification's budget in the analysis published after an edit (the engine's defaults: a
 * long document's shape findings must not wait on checking every gradient).
 */
export const FIRST_VERIFY_BUDGET_MS = 400;
export const LONG_FIRST_VERIFY_BUDGET_MS = 100;
/** Past this many characters (≈ 4,000 lines) the first verification gets LONG_FIRST_VERIFY_BUDGET_MS. */
export const LONG_DOCUMENT_CHARS = 150_000;
/**
 * When the first verification ran out of its budget, the worker goes on verifying in the background
 * with the CLI's budget (engine/config/budget.ts), so that the editor ends with what the
 * CLI reports; an edit cancels it, another document's analysis goes first.
 */
export const BACKGROUND_VERIFY_BUDGET_MS = 1000 * DEFAULT_VERIFY_BUDGET_SECONDS;
/**
 * The background verification starts once the document has been left alone this long: while the user
 * types (a keystroke every 150–250 ms), each run would be cancelled by the next edit, its work wasted
 * and the worker busy when that edit's analysis arrives.
 */
export const BACKGROUND_DELAY_MS = 300;

/** The first verification budget for a document of `chars` characters. */
export function firstVerifyBudget(chars: number): number {
  return chars > LONG_DOCUMENT_CHARS ? LONG_FIRST_VERIFY_BUDGET_MS : FIRST_VERIFY_BUDGET_MS;
}

/**
 * Whether an analysis's gradient verification was cut short by its time budget: it ran at least that
 * long (the engine stops it at the first poll past its deadline). A verification that finished, was
 * skipped (syntax errors, a truncated shape analysis) or stopped at a step limit took less.
 */
export function verificationTimedOut(result: AnalysisResult, budgetMs: number): boolean {
  const ms = result.timings?.verifyMs;
  return !result.truncated && typeof ms === 'number' && ms >= budgetMs;
}

/** The pause before analysing a unit whose last analysis took `lastMs` (undefined: never analysed). */
export function pauseFor(lastMs: number | undefined): number {
  if (lastMs === undefined || !Number.isFinite(lastMs)) return MIN_PAUSE_MS;
  return Math.round(Math.min(MAX_PAUSE_MS, Math.max(MIN_PAUSE_MS, (lastMs - FREE_ANALYSIS_MS) * PAUSE_FACTOR)));
}

export interface StoredResult {
  snapshot: UnitSnapshot;
  settings: Settings;
  /** Empty when analysis is disabled, skipped or failed. */
  result: AnalysisResult;
  /** `pathKey`s of the module files the engine asked for. */
  deps: Set<string>;
  failed: boolean;
}

function emptyResult(): AnalysisResult {
  return notAnalysedResult();
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
    derivations: Array.isArray(r.derivations) ? r.derivations : [],
    truncated: r.truncated === true,
    timings: r.timings ?? base.timings,
  };
}

/** `detail` of the analysing status while the first TypeScript or JavaScript document loads the compiler. */
export const LOADING_TYPESCRIPT = 'loading TypeScript';

/** How the engine words a document it did not analyse (engine/analyze.ts). */
const NOT_ANALYSED = 'not analysed';

/** The TypeScript compiler's load time, when this analysis was the first to need it in its process. */
function loadTime(result: AnalysisResult): number | undefined {
  const ms = result.timings?.loadMs;
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
}

export class Analyzer {
  private readonly results = new Map<string, StoredResult>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly tokens = new Map<string, RunToken>();
  /** Unit key → the result whose diagnostics were published before the rest of it arrived (see currentFindings). */
  private readonly earlyResults = new Map<string, StoredResult>();
  /** Unit key → its running (or queued) background verification. */
  private readonly backgroundTokens = new Map<string, RunToken>();
  private readonly inflight = new Map<string, { version: string; promise: Promise<StoredResult | undefined> }>();
  /** Unit key → the document URIs it last published diagnostics to. */
  private readonly published = new Map<string, Set<string>>();
  /** Unit key → how long its last analysis took (ms): sets the pause before the next one. */
  private readonly lastMs = new Map<string, number>();
  /** Unit key → the "not analysed" reason last logged for it (logged once, not on every edit). */
  private readonly notAnalysed = new Map<string, string>();
  /** Whether a TypeScript or JavaScript analysis has come back: the engine has loaded the compiler. */
  private typescriptLoaded = false;

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly settings: SettingsStore,
    private readonly engine: AnalysisEngine,
    /** A fixed pause instead of the adaptive one (tests). */
    private readonly fixedPauseMs?: number,
  ) {}

  /** The pause the next analysis of `key` would wait. */
  pauseFor(key: string): number {
    return this.fixedPauseMs ?? pauseFor(this.lastMs.get(key));
  }

  /** Analyse a unit after the pause; an earlier pending or running analysis of it is cancelled. */
  schedule(key: string): void {
    this.cancel(key);
    const pause = this.pauseFor(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.run(key, pause);
      }, pause),
    );
  }

  scheduleAll(): void {
    for (const key of this.workspace.allUnitKeys()) this.schedule(key);
  }

  /**
   * Re-analyse the open units that import one of these files, or sit in the same folder (a file created
   * there may be what an import was looking for). A Python file matters to Python units only, a
   * TypeScript or JavaScript file (`script`) to script units only: neither can import the other.
   */
  scheduleDependents(files: { path: string; script: boolean }[], except?: string): void {
    for (const unitKey of this.workspace.allUnitKeys()) {
      if (unitKey === except) continue;
      const stored = this.results.get(unitKey);
      const snap = stored?.snapshot ?? this.workspace.snapshot(unitKey);
      if (!snap) continue;
      const script = isScriptUnit(snap);
      const relevant = files.filter((f) => f.script === script);
      if (relevant.length === 0) continue;
      const keys = new Set(relevant.map((f) => pathKey(f.path)));
      const importsOne = stored !== undefined && [...stored.deps].some((d) => keys.has(d));
      const sameDir = snap.dir !== undefined && relevant.some((f) => pathKey(path.dirname(f.path)) === pathKey(snap.dir!));
      if (importsOne || sameDir) this.schedule(unitKey);
    }
  }

  /** The last result, only if it was computed for the unit's current text. */
  current(key: string): StoredResult | undefined {
    const stored = this.results.get(key);
    if (!stored) return undefined;
    return stored.snapshot.version === this.workspace.currentVersion(key) ? stored : undefined;
  }

  /**
   * The findings of the unit's current text (code actions): the stored result, or the one whose
   * diagnostics were published while the rest of it was still on its way from the worker (its shapes
   * and derivations empty).
   */
  currentFindings(key: string): StoredResult | undefined {
    const early = this.earlyResults.get(key);
    if (early && early.snapshot.version === this.workspace.currentVersion(key)) return early;
    return this.current(key);
  }

  /**
   * The result for the unit's current text, analysing now if needed (hovers, hints, shapes). If that
   * run is cancelled while the text stays the same (settings changed, a dependency changed), it waits
   * for the next one; once the text has changed, it gives up (undefined).
   */
  async fresh(key: string): Promise<StoredResult | undefined> {
    const version = this.workspace.currentVersion(key);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (version === undefined || this.workspace.currentVersion(key) !== version) return undefined;
      const stored = this.results.get(key);
      if (stored?.snapshot.version === version) return stored;
      const running = this.inflight.get(key);
      const r = running?.version === version ? await running.promise : await this.run(key);
      if (r) return r.snapshot.version === version ? r : undefined;
    }
    return undefined;
  }

  /** Analyses the unit's current text again now, even if a result for it is stored (the graph request, when the engine kept another text's analysis). */
  reanalyse(key: string): Promise<StoredResult | undefined> {
    return this.run(key);
  }

  /** The unit was closed: forget it and clear its diagnostics. */
  close(key: string): void {
    this.cancel(key);
    this.engine.forget(key);
    this.results.delete(key);
    this.earlyResults.delete(key);
    this.inflight.delete(key);
    this.lastMs.delete(key);
    this.notAnalysed.delete(key);
    for (const uri of this.published.get(key) ?? []) this.sendDiagnostics({ uri, diagnostics: [] });
    this.published.delete(key);
  }

  /** Readies the engine (starts its worker) before the first document arrives. */
  start(): void {
    this.engine.start?.();
  }

  dispose(): void {
    for (const key of [...this.timers.keys(), ...this.tokens.keys(), ...this.backgroundTokens.keys()]) this.cancel(key);
    this.engine.dispose();
  }

  private cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    this.tokens.get(key)?.cancel();
    this.tokens.delete(key);
    this.backgroundTokens.get(key)?.cancel();
    this.backgroundTokens.delete(key);
  }

  /** Analyses the unit's current text now; `pause` is how long it waited (for the log). */
  private run(key: string, pause = 0): Promise<StoredResult | undefined> {
    this.cancel(key);
    const snapshot = this.workspace.snapshot(key);
    if (!snapshot) return Promise.resolve(undefined);
    const token = new RunToken();
    this.tokens.set(key, token);
    const promise = this.analyse(snapshot, token, pause)
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

  private async analyse(snapshot: UnitSnapshot, token: RunToken, pause: number): Promise<StoredResult | undefined> {
    const settings = await this.settings.get(snapshot.key);
    if (this.isStale(snapshot, token)) return undefined;
    const deps = new Set<string>();
    let result = emptyResult();
    let failed = false;
    const name = `${snapshot.key} (version ${snapshot.version})`;
    let notAnalysed = false;
    let background: EngineJob | undefined;
    /** The findings whose diagnostics were published before the whole result arrived. */
    let early: AnalysisResult['findings'] | undefined;
    const script = isScriptUnit(snapshot);
    if (settings.enable) {
      // The first TypeScript or JavaScript document loads the compiler (≈ 150–250 ms, in the worker).
      const loading = script && !this.typescriptLoaded;
      this.sendStatus({ state: 'analysing', findings: 0, uri: snapshot.key, ...(loading ? { detail: LOADING_TYPESCRIPT } : {}) });
      const chars = inputLength(snapshot.input);
      const over = overSizeLimit(chars);
      if (over) {
        // The engine's own limit and message: the same as the CLI's, for every language.
        result = notAnalysedResult(over);
        notAnalysed = this.reportNotAnalysed(snapshot.key, result);
      } else {
        const job: EngineJob = {
          input: snapshot.input,
          documentKey: snapshot.key,
          dir: snapshot.dir,
          openTexts: snapshot.dir === undefined ? [] : this.workspace.openTextsFor(snapshot.dir, script, snapshot.key),
          extraDimensionNames: settings.dimensionNames,
          budgetMs: ANALYSIS_TIME_BUDGET_MS,
          verifyBudgetMs: firstVerifyBudget(chars),
        };
        // The diagnostics go out as soon as the worker has sent the findings (answerParts.ts); the
        // result is stored once the rest of it has arrived, and its diagnostics are not sent again.
        const onFindings = (partial: AnalysisResult) => {
          if (this.isStale(snapshot, token)) return;
          early = partial.findings;
          const stored: StoredResult = { snapshot, settings, result: sanitize(partial), deps, failed: false };
          this.earlyResults.set(snapshot.key, stored);
          this.publish(stored);
        };
        const outcome = await this.engine.run(job, token, snapshot.key, { onFindings });
        // From here on the whole result is stored below, or dropped.
        if (this.earlyResults.get(snapshot.key)?.snapshot === snapshot) this.earlyResults.delete(snapshot.key);
        const ms = Math.round(outcome.ms);
        if (outcome.cancelled || this.isStale(snapshot, token)) {
          // Debug level: hidden in VS Code's output unless its log level is Debug; tests read it.
          const how = !outcome.started
            ? 'cancelled before it started'
            : outcome.cancelled
              ? `cancelled after ${ms} ms`
              : `finished after ${ms} ms, for a version no longer current`;
          this.connection.console.debug(`backprop-lint: analysis of ${name} ${how}; result dropped`);
          // A run cut short still shows the unit costs at least that much.
          if (outcome.started) this.lastMs.set(snapshot.key, Math.max(this.lastMs.get(snapshot.key) ?? 0, outcome.ms));
          return undefined;
        }
        for (const d of outcome.deps) deps.add(d);
        if (outcome.error !== undefined || !outcome.result) {
          failed = true;
          this.connection.console.log(`backprop-lint: could not analyse ${name}: ${outcome.error ?? 'no result'}`);
        } else {
          result = sanitize(outcome.result);
          // The compiler's one-time load is not what the document costs: it does not lengthen the pause.
          // Nor does the whole-document parse of a unit's first analysis: later ones re-parse what changed
          // (the engine's ParseCache), so on a 10,000-line file that parse (≈ 250 ms cold) would
          // otherwise hold back the first edit by the longest pause.
          const loadMs = script ? loadTime(result) : undefined;
          const firstParseMs = this.lastMs.has(snapshot.key) ? 0 : result.timings.parseMs;
          this.lastMs.set(snapshot.key, Math.max(0, outcome.ms - (loadMs ?? 0) - firstParseMs));
          if (script) {
            this.typescriptLoaded = true;
            if (loadMs !== undefined) {
              this.connection.console.log(
                `backprop-lint: loaded the TypeScript compiler in ${Math.round(loadMs)} ms (${this.engine.kind === 'worker' ? 'in the analysis worker' : 'on the main thread'}), for ${snapshot.key}`,
              );
            }
          }
          notAnalysed = this.reportNotAnalysed(snapshot.key, result);
          if (result.truncated) {
            this.connection.console.log(`backprop-lint: analysis of ${snapshot.key} stopped early (step or time budget); findings are partial`);
          }
          // Only in the worker: on the main thread a long verification would hold up every request.
          if (!notAnalysed && this.engine.kind === 'worker' && verificationTimedOut(result, job.verifyBudgetMs!)) {
            background = { ...job, verifyBudgetMs: BACKGROUND_VERIFY_BUDGET_MS, budgetMs: ANALYSIS_TIME_BUDGET_MS + BACKGROUND_VERIFY_BUDGET_MS };
          }
          this.connection.console.debug(
            `backprop-lint: analysed ${name} in ${ms} ms (${this.engine.kind}${outcome.engineMs !== undefined && this.engine.kind === 'worker' ? `, engine ${Math.round(outcome.engineMs)} ms` : ''}) after a ${pause} ms pause; next pause ${this.pauseFor(snapshot.key)} ms`,
          );
        }
      }
    }
    if (this.isStale(snapshot, token)) return undefined;
    const stored: StoredResult = { snapshot, settings, result, deps, failed };
    this.results.set(snapshot.key, stored);
    const count = this.publish(stored, early === undefined || early !== result.findings);
    if (background) {
      this.sendStatus({ state: 'verifying', findings: count, uri: snapshot.key });
      void this.verifyInBackground(stored, background, count);
    } else {
      this.sendStatus({ state: failed || notAnalysed ? 'error' : 'idle', findings: count, uri: snapshot.key });
    }
    return stored;
  }

  /**
   * The first analysis's verification ran out of its budget: analyse again in the worker with the
   * CLI's verification budget, then store and publish that result for the same version. An edit, a
   * settings change or closing the document cancels it (`cancel`); another document's analysis stops
   * it (the engine's `background` jobs), and it is queued again behind that one.
   */
  private async verifyInBackground(first: StoredResult, job: EngineJob, firstCount: number): Promise<void> {
    const { snapshot } = first;
    const key = snapshot.key;
    const name = `${key} (version ${snapshot.version})`;
    const token = new RunToken();
    this.backgroundTokens.get(key)?.cancel();
    this.backgroundTokens.set(key, token);
    const t0 = performance.now();
    const cancelled = () => this.connection.console.debug(`backprop-lint: background verification of ${name} cancelled after ${Math.round(performance.now() - t0)} ms; result dropped`);
    try {
      await new Promise((resolve) => setTimeout(resolve, BACKGROUND_DELAY_MS));
      if (this.isStale(snapshot, token)) {
        this.connection.console.debug(`backprop-lint: background verification of ${name} not started: the document changed or closed`);
        return;
      }
      this.connection.console.debug(`backprop-lint: verifying ${name} in the background (budget ${job.verifyBudgetMs} ms)`);
      for (let preempted = 0; ; preempted++) {
        const outcome = await this.engine.run(job, token, key, { background: true });
        if (this.isStale(snapshot, token)) return cancelled();
        if (outcome.cancelled) continue; // another document's analysis went first
        if (outcome.error !== undefined || !outcome.result) {
          this.connection.console.log(`backprop-lint: background verification of ${name} failed: ${outcome.error ?? 'no result'}`);
          this.sendStatus({ state: 'idle', findings: firstCount, uri: key });
          return;
        }
        const stored: StoredResult = { ...first, result: sanitize(outcome.result), deps: new Set(outcome.deps) };
        this.results.set(key, stored);
        const count = this.publish(stored);
        const timedOut = verificationTimedOut(stored.result, job.verifyBudgetMs!);
        this.connection.console.debug(
          `backprop-lint: verified ${name} in the background in ${Math.round(performance.now() - t0)} ms${preempted ? ` (stopped for other documents ${preempted === 1 ? 'once' : `${preempted} times`} and started again)` : ''}: ${count} findings, ${firstCount} before${timedOut ? `; verification still ran out of its ${job.verifyBudgetMs} ms` : ''}`,
        );
        this.sendStatus({ state: 'idle', findings: count, uri: key });
        return;
      }
    } catch (e) {
      this.connection.console.error(`backprop-lint: internal error while verifying ${key}: ${String(e)}`);
    } finally {
      if (this.backgroundTokens.get(key) === token) this.backgroundTokens.delete(key);
    }
  }

  /**
   * A TypeScript or JavaScript document the engine did not analyse (the compiler could not be
   * loaded, a binary file, over the size limit): one log line per unit and reason, and true (an
   * error status). Python keeps its silent behaviour for these.
   */
  private reportNotAnalysed(key: string, result: AnalysisResult): boolean {
    const reason = result.syntaxErrors.find((e) => typeof e.message === 'string' && e.message.startsWith(NOT_ANALYSED))?.message;
    if (reason === undefined) {
      this.notAnalysed.delete(key);
      return false;
    }
    if (this.notAnalysed.get(key) !== reason) {
      this.notAnalysed.set(key, reason);
      // One line: Node's "Cannot find module" message lists its require stack on the lines after it.
      const line = reason.replace(/\nRequire stack:(\n- [^\n)]*)*/g, '').replace(/\s*\n\s*/g, ' ');
      this.connection.console.log(`backprop-lint: ${key} ${line}`);
    }
    return true;
  }

  /**
   * Sends diagnostics for every Python document of the unit (empty lists clear old ones); returns how
   * many. `send` false: they were sent already (the same findings, published early), only counted.
   */
  private publish(stored: StoredResult, send = true): number {
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
    if (!send) return count;
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
