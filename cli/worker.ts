// A worker thread of the CLI's pool (pool.ts): checks the files it is sent, one at a time.

import { parentPort } from 'node:worker_threads';
import { checkFile } from './checkFile';
import type { PoolRequest } from './pool';

parentPort?.on('message', (m: PoolRequest) => {
  parentPort!.postMessage({ index: m.index, report: checkFile(m.file, m.options) });
});
