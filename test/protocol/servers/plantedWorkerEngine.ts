// The engine module the analysis worker loads in test/protocol/servers/workerStub.ts: the real engine,
// except that a document containing PLANTED_WORKER_EXIT ends the worker thread, PLANTED_WORKER_THROW
// throws outside the engine's reach once the job has answered (an uncaught error in an idle worker),
// PLANTED_WORKER_HANG never returns nor polls for cancellation, and PLANTED_WORKER_LOG writes to stdout
// (which must not reach the server's stdout, the JSON-RPC channel here).

import type { AnalysisResult, AnalyzeOptions, DocumentInput } from '../../../engine/index';
import { analyzeDocument as realAnalyze } from '../../../engine/index';

export function analyzeDocument(input: DocumentInput, options: AnalyzeOptions): AnalysisResult {
  const text = input.kind === 'python' ? input.text : input.cells.join('\n');
  if (text.includes('PLANTED_WORKER_EXIT')) process.exit(7);
  if (text.includes('PLANTED_WORKER_THROW')) {
    // thrown after this job has answered: the worker dies while idle
    setImmediate(() => {
      throw new TypeError('planted uncaught error in the worker');
    });
  }
  if (text.includes('PLANTED_WORKER_LOG')) console.log('planted output\nsecond line');
  if (text.includes('PLANTED_WORKER_HANG')) {
    for (;;) {
      // never returns, never polls isCancelled
    }
  }
  return realAnalyze(input, options);
}
