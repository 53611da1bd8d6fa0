// Entry of dist/analysisWorker.js: the engine in a worker thread (see engineHost.ts). Jobs arrive one
// at a time; the main thread sets the shared cancel flag to stop the running one, which the engine
// notices at its next poll (every 1,024 steps) and returns what it had, marked truncated.

import { parentPort, workerData } from 'node:worker_threads';
import { analyzeDocument } from '../engine/index';
import { runJob, type AnalyzeFn, type WorkerAnswer, type WorkerData, type WorkerReady, type WorkerRequest } from './engineHost';

const data = workerData as WorkerData;
const cancel = new Int32Array(data.cancel);
const analyze: AnalyzeFn = data.engineModule ? (require(data.engineModule) as { analyzeDocument: AnalyzeFn }).analyzeDocument : analyzeDocument;

parentPort?.on('message', (req: WorkerRequest) => {
  const outcome = runJob(analyze, req.job, () => Atomics.load(cancel, 0) !== 0);
  const answer: WorkerAnswer = { id: req.id, ...outcome };
  try {
    parentPort!.postMessage(answer);
  } catch (e) {
    // A result that cannot be cloned: the document gets no findings, and the reason.
    parentPort!.postMessage({ id: req.id, deps: outcome.deps, cancelled: outcome.cancelled, ms: outcome.ms, error: `the result could not be sent back (${String(e)})` } satisfies WorkerAnswer);
  }
});

parentPort?.postMessage({ ready: true } satisfies WorkerReady);
