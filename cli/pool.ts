// Checking many files on every core: worker threads (dist/cliWorker.js, built from cli/worker.ts)
// each take the next file as soon as they are free. Reports come back in any order; `onReport` gets
// them in the files' order (a report waits for the ones before it), so the output is the same on every
// run. One file, or one core: no workers (starting one costs more than it saves).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkFile, type CheckOptions, type FileReport } from './checkFile';

export interface PoolRequest {
  index: number;
  file: string;
  options: CheckOptions;
}

/**
 * A worker per core, on machines with more than two. On two cores the workers lose: a 200-file folder
 * took 5.0 s in one thread and 6.0 s with two workers on an idle 2-core machine (`npx tsx bench/bounds.ts`,
 * 2026-12-04): each worker's isolate warms the engine up again and the two compete with V8's own threads.
 */
export function defaultJobs(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores > 2 ? cores : 1;
}

/** Checks `files`, calling `onReport` in file order and `onProgress` as each finishes. */
export async function checkFiles(
  files: string[],
  options: CheckOptions,
  jobs: number,
  onReport: (r: FileReport, index: number) => void,
  onProgress?: (done: number, total: number, file: string) => void,
): Promise<void> {
  const workerFile = path.join(__dirname, 'cliWorker.js');
  const n = Math.min(jobs, files.length);
  if (n <= 1 || !fs.existsSync(workerFile)) {
    files.forEach((file, i) => {
      onProgress?.(i, files.length, file);
      onReport(checkFile(file, options), i);
    });
    return;
  }
  const done: (FileReport | undefined)[] = new Array(files.length);
  let next = 0;
  let printed = 0;
  let finished = 0;
  const flush = () => {
    while (printed < files.length && done[printed]) {
      onReport(done[printed]!, printed);
      done[printed] = undefined;
      printed++;
    }
  };
  await new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    const feed = (w: Worker) => {
      if (next >= files.length) {
        void w.terminate();
        return;
      }
      const index = next++;
      w.postMessage({ index, file: files[index], options } satisfies PoolRequest);
    };
    for (let k = 0; k < n; k++) {
      const w = new Worker(workerFile);
      workers.push(w);
      w.on('message', (m: { index: number; report: FileReport }) => {
        done[m.index] = m.report;
        finished++;
        onProgress?.(finished, files.length, files[m.index]);
        flush();
        if (printed === files.length) {
          for (const x of workers) void x.terminate();
          resolve();
        } else feed(w);
      });
      w.on('error', (err) => {
        for (const x of workers) void x.terminate();
        reject(err);
      });
      feed(w);
    }
  });
}
