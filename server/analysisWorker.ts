// Entry of dist/analysisWorker.js: the engine in a worker thread (see engineHost.ts). Jobs arrive one
// at a time; the main thread sets the shared cancel flag to stop the running one, which the engine
// notices at its next poll (every 1,024 steps) and returns what it had, marked truncated.

import { parentPort, workerData } from 'node:worker_threads';
import { analyzeDocument } from '../engine/index';
import { ParseCaches, runJob, type AnalyzeFn, type WorkerAnswer, type WorkerData, type WorkerReady, type WorkerRequest, type WorkerForget, type WorkerGraphAnswer, type WorkerGraphAsk } from './engineHost';
import { GraphStore } from './graphStore';
import { splitResult, type WorkerAnswerRest } from './answerParts';
import { warmUpPython, warmUpTypeScript } from './warmup';

const data = workerData as WorkerData;
const cancel = new Int32Array(data.cancel);
const analyze: AnalyzeFn = data.engineModule ? (require(data.engineModule) as { analyzeDocument: AnalyzeFn }).analyzeDocument : analyzeDocument;

// The real engine only (tests plant engines that throw or hang): warm it up once it has answered.
const warm = !data.engineModule;
let typescriptWarm = false;
const caches = new ParseCaches();
const graphs = new GraphStore();

parentPort?.on('message', (req: WorkerRequest | WorkerForget | WorkerGraphAsk) => {
  if ('forget' in req) {
    caches.forget(req.forget);
    graphs.forget(req.forget);
    return;
  }
  if ('graph' in req) {
    const { id, documentKey, input, target } = req.graph;
    let graph;
    try {
      graph = graphs.graph(documentKey, input, target);
    } catch (e) {
      parentPort!.postMessage({ graphAnswer: id, graph: { unit: '', units: [], nodes: [], edges: [], gradients: [], sizes: '', message: `the graph could not be drawn (${String(e)})` } } satisfies WorkerGraphAnswer);
      return;
    }
    parentPort!.postMessage({ graphAnswer: id, graph } satisfies WorkerGraphAnswer);
    return;
  }
  const outcome = runJob(analyze, req.job, () => Atomics.load(cancel, 0) !== 0, caches, graphs);
  const input = req.job.input;
  const isScript = input.kind === 'python' && input.language !== undefined && input.language !== 'python';
  if (warm && isScript && !typescriptWarm) {
    // The compiler was just loaded for this document: warm the TypeScript path after answering.
    typescriptWarm = true;
    setImmediate(() => warmUpTypeScript(analyze));
  }
  // In two messages (answerParts.ts): the findings first, the shapes and derivations after them.
  const parts = outcome.result ? splitResult(outcome.result) : undefined;
  const answer: WorkerAnswer = { id: req.id, ...outcome, ...(parts ? { result: parts.head, more: true } : {}) };
  try {
    parentPort!.postMessage(answer);
  } catch (e) {
    // A result that cannot be cloned: the document gets no findings, and the reason.
    parentPort!.postMessage({ id: req.id, deps: outcome.deps, cancelled: outcome.cancelled, ms: outcome.ms, error: `the result could not be sent back (${String(e)})` } satisfies WorkerAnswer);
    return;
  }
  if (!parts) return;
  try {
    parentPort!.postMessage({ restOf: req.id, rest: parts.rest } satisfies WorkerAnswerRest);
  } catch (e) {
    parentPort!.postMessage({ restOf: req.id, error: `the result could not be sent back (${String(e)})` } satisfies WorkerAnswerRest);
  }
});

parentPort?.postMessage({ ready: true } satisfies WorkerReady);
if (warm) setImmediate(() => warmUpPython(analyze));
