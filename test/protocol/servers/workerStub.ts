// The real server with its worker (dist/analysisWorker.js), whose engine is
// test/protocol/servers/plantedWorkerEngine.ts: documents can kill or hang the worker on demand.
// Runs through tsx (the worker inherits `--require tsx/cjs` and so loads the .ts engine module).

import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../../../server/server';

const root = path.resolve(__dirname, '..', '..', '..');
startServer(createConnection(ProposedFeatures.all), {
  worker: {
    script: path.join(root, 'dist', 'analysisWorker.js'),
    engineModule: path.join(__dirname, 'plantedWorkerEngine.ts'),
    hangTimeoutMs: 1500,
  },
});
