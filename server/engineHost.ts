// Where the engine runs. `WorkerEngine` (the default) runs analyzeDocument in a worker thread
// (dist/analysisWorker.js), one job at a time, so the server's main thread keeps answering while a
// long document is analysed, and a stale run really stops: the cancel flag lives in a
// SharedArrayBuffer that the engine's `isCancelled` poll (every 1,024 steps) reads with Atomics.
// A worker that dies or hangs is replaced (one log line) and the server carries on.
// `InProcessEngine` runs the engine synchronously on the main thread (`--no-worker`, test stubs, and
// the fallback when no worker can be started).
// Memory: `setHeapGrowth` (heapGrowth.ts) keeps V8's heaps small except while a large document is analysed;
// build.mjs keeps the engine out of the main thread's bundle (`loadEngine`).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ParseCache, type AnalysisResult, type AnalyzeOptions, type DocumentInput } from '../engine/index';
import type { AnalysisInternals, ComputationGraph, GraphTarget } from '../engine/graph';
import { GraphStore } from './graphStore';
import { joinResult, type WorkerAnswerRest } from './answerParts';
import { heapGrowthFor, reapplyHeapGrowth, setHeapGrowth } from './heapGrowth';
import { createModuleReader } from './modules';
import { pathKey } from './uris';

export type AnalyzeFn = (input: DocumentInput, options: AnalyzeOptions, inspect?: (x: AnalysisInternals) => void) => AnalysisResult;

/** What one analysis needs; plain data, so it can be posted to the worker. */
export interface EngineJob {
  input: DocumentInput;
  /** The document's key (its URI): the engine's parse of its previous version is kept under it. */
  documentKey?: string;
  /** Folder of the file on disk (for imports); undefined for untitled documents. */
  dir: string | undefined;
  /** Editor texts of the open files under `dir`, as [pathKey, text]: imports read these before the disk. */
  openTexts: [string, string][];
  extraDimensionNames: string[];
  /** Wall-clock budget; the engine stops early (a partial result) once it is spent. */
  budgetMs: number;
  /** Wall-clock budget of gradient verification, within `budgetMs` (the engine's default when undefined). */
  verifyBudgetMs?: number;
}

export interface EngineOutcome {
  /** Undefined when the engine threw or the worker failed (see `error`). */
  result?: AnalysisResult;
  /** `pathKey`s of the module files the engine asked for. */
  deps: string[];
  /** The engine threw (`RangeError: …`), or the worker died or hung. */
  error?: string;
  /** The engine saw the cancel flag and stopped early (or the job was cancelled before it started). */
  cancelled: boolean;
  /** False when the job was cancelled while still queued. */
  started: boolean;
  /** Wall time from handing the job to the engine to its answer. */
  ms: number;
  /** Of which the engine's own time (in the worker: without posting the job and its result). */
  engineMs?: number;
}

/** A cancellable run: `cancel()` is called when a newer version arrives or the unit closes. */
export class RunToken {
  private cancelledFlag = false;
  private readonly listeners: (() => void)[] = [];

  get cancelled(): boolean {
    return this.cancelledFlag;
  }

  cancel(): void {
    if (this.cancelledFlag) return;
    this.cancelledFlag = true;
    for (const l of this.listeners.splice(0)) l();
  }

  onCancel(listener: () => void): void {
    if (this.cancelledFlag) listener();
    else this.listeners.push(listener);
  }
}

export interface RunOptions {
  /**
   * Called with the result as soon as its findings are known, before the rest of it (its shapes,
   * expression shapes and derivations) has come back from the worker; the outcome follows as usual.
   * Not called when the job is cancelled or fails, nor by the in-process engine.
   */
  onFindings?: (result: AnalysisResult) => void;
  /**
   * A background job (the rest of a document's gradient verification): any other job that arrives
   * goes before it, and stops it if it is running (its outcome is then `cancelled`, its token not).
   */
  background?: boolean;
}

export interface AnalysisEngine {
  readonly kind: 'worker' | 'in-process';
  /** `label` names the document in log lines. */
  run(job: EngineJob, token: RunToken, label?: string, options?: RunOptions): Promise<EngineOutcome>;
  /** The graph of the document's last analysis, when it was of this input (server/graph.ts). */
  graph?(documentKey: string, input: DocumentInput, target: GraphTarget): Promise<ComputationGraph | undefined>;
  /** Gets ready for the first job (starts the worker); optional. */
  start?(): void;
  /** The document was closed: drop what the engine keeps of it (its last parse). */
  forget(documentKey: string): void;
  dispose(): void;
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** How many documents' last parses are kept (least recently analysed dropped first). */
export const PARSE_CACHE_DOCUMENTS = 4;

/** The last parse of the documents analysed most recently, by document key: each next version re-parses only what changed. */
export class ParseCaches {
  private readonly byKey = new Map<string, ParseCache>();

  constructor(private readonly limit = PARSE_CACHE_DOCUMENTS) {}

  forget(key: string): void {
    this.byKey.delete(key);
  }

  get(key: string | undefined): ParseCache | undefined {
    if (key === undefined) return undefined;
    const cache = this.byKey.get(key) ?? new ParseCache();
    this.byKey.delete(key);
    this.byKey.set(key, cache);
    for (const old of this.byKey.keys()) {
      if (this.byKey.size <= this.limit) break;
      this.byKey.delete(old);
    }
    return cache;
  }
}

/** Runs one job with `analyze` (in the worker, or on the main thread); `isCancelled` is polled by the engine. */
export function runJob(analyze: AnalyzeFn, job: EngineJob, isCancelled: () => boolean, caches?: ParseCaches, graphs?: GraphStore): Omit<EngineOutcome, 'started'> {
  const t0 = performance.now();
  const deps = new Set<string>();
  const open = new Map(job.openTexts);
  const deadline = Date.now() + job.budgetMs;
  // Whether the engine saw the request to stop: then something (the shape analysis, or verification,
  // which does not mark the result truncated) stopped early, and the result is partial.
  let noticed = false;
  try {
    const result = analyze(job.input, {
      readModule: createModuleReader(job.dir, (p) => open.get(pathKey(p)), deps),
      extraDimensionNames: job.extraDimensionNames,
      isCancelled: () => (isCancelled() ? (noticed = true) : Date.now() > deadline),
      parseCache: caches?.get(job.documentKey),
      ...(job.verifyBudgetMs !== undefined ? { verifyBudgetMs: job.verifyBudgetMs } : {}),
    }, graphs?.hook(job.documentKey, job.input));
    // Cancelled = asked to stop and stopped early; a run that completed before it noticed is only stale.
    return { result, deps: [...deps], cancelled: noticed, ms: performance.now() - t0 };
  } catch (e) {
    return { error: errorText(e), deps: [...deps], cancelled: isCancelled(), ms: performance.now() - t0 };
  }
}

/**
 * The engine on this thread (`--no-worker`, and the fallback when no worker can be started). In the
 * bundle it is dist/analysisWorker.js, which exports analyzeDocument when it is required outside a
 * worker (build.mjs), so that dist/server.js need not carry (and load) a second copy of the engine;
 * run from the sources (tests, through tsx), engine/index.ts. Without dist/analysisWorker.js, each
 * analysis fails: "the engine could not be loaded (Error: Cannot find module '…/analysisWorker.js')".
 */
function loadEngine(): AnalyzeFn {
  const file = __filename.endsWith('.ts') ? path.join(__dirname, '..', 'engine', 'index') : path.join(__dirname, 'analysisWorker.js');
  try {
    return (require(file) as { analyzeDocument: AnalyzeFn }).analyzeDocument;
  } catch (e) {
    throw new Error(`the engine could not be loaded (${errorText(e).split('\n')[0]})`);
  }
}

/**
 * `loadEngine` on the first analysis (the worker's fallback, rarely needed), or at once (`now`:
 * `--no-worker`); a failure to load is the error of each analysis, never of the server.
 */
export function lazyEngine(now = false): AnalyzeFn {
  let analyze: AnalyzeFn | undefined;
  if (now) {
    try {
      analyze = loadEngine();
    } catch {
      // reported by each analysis
    }
  }
  return (input, options, inspect) => (analyze ??= loadEngine())(input, options, inspect);
}

export class InProcessEngine implements AnalysisEngine {
  readonly kind = 'in-process' as const;

  private readonly caches = new ParseCaches();
  private readonly graphs = new GraphStore();

  constructor(private readonly analyze: AnalyzeFn) {}

  run(job: EngineJob, token: RunToken): Promise<EngineOutcome> {
    if (token.cancelled) return Promise.resolve({ deps: [], cancelled: true, started: false, ms: 0 });
    setHeapGrowth(heapGrowthFor(job.input));
    return Promise.resolve({ ...runJob(this.analyze, job, () => token.cancelled, this.caches, this.graphs), started: true });
  }

  graph(documentKey: string, input: DocumentInput, target: GraphTarget): Promise<ComputationGraph | undefined> {
    return Promise.resolve(this.graphs.graph(documentKey, input, target));
  }

  forget(documentKey: string): void {
    this.caches.forget(documentKey);
    this.graphs.forget(documentKey);
  }

  dispose(): void {}
}

/** Main thread → worker. */
export interface WorkerRequest {
  id: number;
  job: EngineJob;
}

/** Main thread → worker, between jobs: a document was closed (its parse is dropped; no answer). */
export interface WorkerForget {
  forget: string;
}

/** Main thread → worker, between jobs: the graph of a document's last analysis (answered with WorkerGraphAnswer). */
export interface WorkerGraphAsk {
  graph: { id: number; documentKey: string; input: DocumentInput; target: GraphTarget };
}

export interface WorkerGraphAnswer {
  graphAnswer: number;
  graph?: ComputationGraph;
}

/** Worker → main thread: an answer to a job, or `{ ready: true }` once the worker has loaded. */
export interface WorkerAnswer extends Omit<EngineOutcome, 'started'> {
  id: number;
  /** The result's shapes, expression shapes and derivations follow in a WorkerAnswerRest (answerParts.ts). */
  more?: true;
}
export interface WorkerReady {
  ready: true;
}

export interface WorkerData {
  /** One Int32: non-zero asks the running job to stop. */
  cancel: SharedArrayBuffer;
  /** Tests: a module whose `analyzeDocument` replaces the engine's. */
  engineModule?: string;
}

export interface WorkerEngineOptions {
  /** The worker entry (default: analysisWorker.js beside the running server bundle). */
  script?: string;
  engineModule?: string;
  /** A job that has not answered after this long is abandoned and its worker replaced. */
  hangTimeoutMs?: number;
  /** Used once the worker has failed to start MAX_START_FAILURES times in a row. */
  fallback: AnalyzeFn;
  log: (line: string) => void;
}

interface Pending {
  id: number;
  job: EngineJob;
  token: RunToken;
  label: string;
  resolve: (o: EngineOutcome) => void;
  background: boolean;
  onFindings?: (result: AnalysisResult) => void;
  /** The worker's first message, waiting for the rest of its result. */
  head?: WorkerAnswer;
  startedAt?: number;
  timer?: NodeJS.Timeout;
}

/** Workers that die before they have loaded, in a row, after which the engine runs in-process instead. */
const MAX_START_FAILURES = 3;

export class WorkerEngine implements AnalysisEngine {
  private worker: Worker | undefined;
  private readonly cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  private readonly queue: Pending[] = [];
  private current: Pending | undefined;
  private nextId = 1;
  private startFailures = 0;
  private loaded = false;
  private lastWorkerError: string | undefined;
  private fallback: InProcessEngine | undefined;
  private disposed = false;
  /** Workers replaced after dying or hanging (for logs and tests). */
  restarts = 0;
  private readonly graphAsks = new Map<number, (g: ComputationGraph | undefined) => void>();

  constructor(private readonly options: WorkerEngineOptions) {}

  get kind(): 'worker' | 'in-process' {
    return this.fallback ? 'in-process' : 'worker';
  }

  /** Starts the worker ahead of the first document (it takes about 50 ms to load). */
  start(): void {
    this.restart();
  }

  run(job: EngineJob, token: RunToken, label = '', options: RunOptions = {}): Promise<EngineOutcome> {
    if (this.fallback) return this.fallback.run(job, token);
    return new Promise<EngineOutcome>((resolve) => {
      const background = options.background === true;
      const p: Pending = { id: this.nextId++, job, token, label, resolve, background, onFindings: options.onFindings };
      // A document's own analysis goes before any background verification, and stops a running one.
      const firstBackground = background ? -1 : this.queue.findIndex((q) => q.background);
      if (firstBackground >= 0) this.queue.splice(firstBackground, 0, p);
      else this.queue.push(p);
      if (!background && this.current?.background) Atomics.store(this.cancelFlag, 0, 1);
      token.onCancel(() => this.cancelJob(p));
      this.pump();
    });
  }

  graph(documentKey: string, input: DocumentInput, target: GraphTarget): Promise<ComputationGraph | undefined> {
    if (this.fallback) return this.fallback.graph(documentKey, input, target);
    const worker = this.worker;
    if (!worker) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.graphAsks.set(id, resolve);
      try {
        worker.postMessage({ graph: { id, documentKey, input, target } } satisfies WorkerGraphAsk);
      } catch {
        this.graphAsks.delete(id);
        resolve(undefined);
      }
    });
  }

  forget(documentKey: string): void {
    if (this.fallback) return this.fallback.forget(documentKey);
    try {
      this.worker?.postMessage({ forget: documentKey } satisfies WorkerForget);
    } catch {
      // a worker that cannot take a message is replaced (with empty caches) at its next job
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.queue.splice(0)) p.resolve({ deps: [], cancelled: true, started: false, ms: 0 });
    const w = this.worker;
    this.worker = undefined;
    if (this.current) this.finish(this.current, { deps: [], cancelled: true, ms: 0 });
    void w?.terminate();
  }

  private cancelJob(p: Pending): void {
    if (this.current === p) {
      Atomics.store(this.cancelFlag, 0, 1);
      return;
    }
    const i = this.queue.indexOf(p);
    if (i >= 0) {
      this.queue.splice(i, 1);
      p.resolve({ deps: [], cancelled: true, started: false, ms: 0 });
    }
  }

  private pump(): void {
    if (this.current || this.disposed) return;
    const p = this.queue.shift();
    if (!p) return;
    if (this.fallback) {
      void this.fallback.run(p.job, p.token).then(p.resolve);
      this.pump();
      return;
    }
    const worker = this.ensureWorker();
    if (!worker) {
      // Could not even construct one: run this job and the rest in-process.
      this.queue.unshift(p);
      this.pump();
      return;
    }
    this.current = p;
    p.startedAt = performance.now();
    Atomics.store(this.cancelFlag, 0, 0);
    const hangMs = this.options.hangTimeoutMs ?? p.job.budgetMs + 10_000;
    p.timer = setTimeout(() => this.onHang(p, hangMs), hangMs);
    const request: WorkerRequest = { id: p.id, job: p.job };
    setHeapGrowth(heapGrowthFor(p.job.input));
    try {
      worker.postMessage(request);
    } catch (e) {
      this.finish(p, { deps: [], cancelled: false, ms: 0, error: `could not send the document to the analysis worker (${errorText(e)})` });
    }
  }

  private finish(p: Pending, answer: Omit<EngineOutcome, 'started'>): void {
    if (p.timer) clearTimeout(p.timer);
    if (this.current === p) this.current = undefined;
    const ms = p.startedAt === undefined ? answer.ms : performance.now() - p.startedAt;
    p.resolve({ ...answer, started: true, ms, engineMs: answer.ms });
    this.pump();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    const script = this.options.script ?? path.join(__dirname, 'analysisWorker.js');
    if (!fs.existsSync(script)) {
      this.useFallback(`the analysis worker ${script} does not exist`);
      return undefined;
    }
    const data: WorkerData = { cancel: this.cancelFlag.buffer as SharedArrayBuffer, engineModule: this.options.engineModule };
    let worker: Worker;
    try {
      // No resourceLimits (measured with the 10,000-line benchmark file, Node 20): an old-generation
      // limit under 2 GiB also lowers V8's heap growing factor (4 → 1.3–1.8), so more full collections:
      // 41 edits took 20–40 % longer (the "10–20 %" once noted here); a young-generation limit of 6 MiB
      // (2 MiB semi-spaces) ≈ 15 % longer, of 24 MiB no faster nor smaller than V8's default (16 MiB
      // semi-spaces). setHeapGrowth keeps the heaps small for small documents instead.
      // Node ends only the worker when it runs out of memory (ERR_WORKER_OUT_OF_MEMORY), and onExit replaces it.
      // stdout: true keeps the worker's console.log off the server's stdout, which may be the LSP channel.
      worker = new Worker(script, { workerData: data, stdout: true, stderr: false });
    } catch (e) {
      this.useFallback(`the analysis worker could not be started (${errorText(e)})`);
      return undefined;
    }
    this.worker = worker;
    this.loaded = false;
    this.lastWorkerError = undefined;
    worker.unref();
    worker.stdout.setEncoding('utf8');
    worker.stdout.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) this.options.log(`backprop-lint: analysis worker: ${line}`);
    });
    worker.on('message', (m: WorkerAnswer | WorkerAnswerRest | WorkerReady | WorkerGraphAnswer) => {
      if (worker !== this.worker) return;
      if ('graphAnswer' in m) {
        this.graphAsks.get(m.graphAnswer)?.(m.graph);
        this.graphAsks.delete(m.graphAnswer);
        return;
      }
      if ('ready' in m) {
        // V8 raised --semi-space-growth-factor back to 2 when it set up this worker's heap.
        reapplyHeapGrowth();
        this.loaded = true;
        this.startFailures = 0;
        return;
      }
      const p = this.current;
      if ('restOf' in m) {
        const head = p?.head;
        if (!p || !head || m.restOf !== p.id) return;
        const result = m.rest && head.result ? joinResult(head.result, m.rest) : undefined;
        this.finish(p, { result, deps: Array.isArray(head.deps) ? head.deps : [], error: result ? head.error : (m.error ?? 'no result'), cancelled: head.cancelled === true, ms: head.ms });
        return;
      }
      if (!p || m?.id !== p.id) return;
      if (m.more && m.result) {
        // The findings are here; the rest of the result follows in the next message.
        p.head = m;
        if (m.error === undefined && m.cancelled !== true) p.onFindings?.(m.result);
        return;
      }
      this.finish(p, { result: m.result, deps: Array.isArray(m.deps) ? m.deps : [], error: m.error, cancelled: m.cancelled === true, ms: m.ms });
    });
    worker.on('error', (e) => {
      if (worker === this.worker) this.lastWorkerError = errorText(e);
    });
    worker.on('exit', (code) => this.onExit(worker, code));
    return worker;
  }

  /**
   * The worker died (an uncaught error, process.exit, out of memory). The job it was running fails
   * with the reason (the analyzer logs it: one line); with no job running, the line is logged here.
   * A new worker is started at once, unless workers keep dying before they have even loaded.
   */
  private onExit(worker: Worker, code: number): void {
    if (worker !== this.worker || this.disposed) return;
    this.worker = undefined;
    this.restarts++;
    this.dropGraphAsks();
    if (!this.loaded) this.startFailures++;
    const why = `the analysis worker stopped (exit code ${code}${this.lastWorkerError ? `, ${this.lastWorkerError}` : ''})`;
    const p = this.current;
    if (this.startFailures >= MAX_START_FAILURES) {
      this.useFallback(`${why}, ${this.startFailures} times in a row before it had loaded`);
    } else {
      this.restart();
      if (!p) this.options.log(`backprop-lint: ${why}; restarted`);
    }
    if (p) this.finish(p, { deps: [], cancelled: false, ms: 0, error: `${why}; ${this.fallback ? 'analysing on the main thread from now on' : 'restarted'}` });
    else this.pump();
  }

  /** A job ran past the hang timeout without answering (the engine stopped polling): replace the worker. */
  private onHang(p: Pending, ms: number): void {
    if (this.current !== p || !this.worker) return;
    const worker = this.worker;
    this.worker = undefined;
    this.restarts++;
    void worker.terminate();
    this.restart();
    this.finish(p, { deps: [], cancelled: false, ms, error: `the analysis did not finish within ${ms} ms; its worker was stopped and restarted` });
  }

  /** Graph questions to a worker that is gone get no graph (the view asks again after the next analysis). */
  private dropGraphAsks(): void {
    for (const resolve of this.graphAsks.values()) resolve(undefined);
    this.graphAsks.clear();
  }

  private restart(): void {
    if (!this.disposed && !this.fallback) this.ensureWorker();
  }

  private useFallback(why: string): void {
    if (this.fallback) return;
    this.options.log(`backprop-lint: ${why}; analysing on the server's main thread from now on`);
    this.fallback = new InProcessEngine(this.options.fallback);
  }
}
