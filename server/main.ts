// Entry point of the bundled language server (dist/server.js). The transport comes from argv:
// `--stdio`, `--node-ipc` (what vscode-languageclient passes for TransportKind.ipc) or `--socket=<port>`.
// The engine runs in a worker thread (dist/analysisWorker.js, see engineHost.ts).

import { setHeapGrowth } from './heapGrowth';

// `--no-worker`: analyse on the main thread (for comparison, or where worker threads misbehave).
const inProcess = process.argv.includes('--no-worker') || process.env.BACKPROP_LINT_NO_WORKER === '1';

// V8's heaps in their small-document regime (heapGrowth.ts) before anything else loads, so
// that this thread's young generation keeps its starting size (1 MiB semi-spaces), which loading the
// server would double twice. Hence `require` below, which runs in order, where `import`s would all run
// first. With `--no-worker` the engine runs on this thread: loading grows it to 2 MiB semi-spaces
// first, as the worker's (with 1 MiB, the 323-line session's edit → diagnostics p50 was ≈ 1.7 ms slower).
if (!inProcess) setHeapGrowth('small');

const { createConnection, ProposedFeatures } = require('vscode-languageserver/node') as typeof import('vscode-languageserver/node');
const { startServer } = require('./server') as typeof import('./server');
if (inProcess) setHeapGrowth('small');

const connection = createConnection(ProposedFeatures.all);

// Last resort: a bug outside a guarded handler is logged, and the server keeps serving.
process.on('uncaughtException', (e) => {
  connection.console.error(`backprop-lint: uncaught exception: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
});
process.on('unhandledRejection', (e) => {
  connection.console.error(`backprop-lint: unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
});

startServer(connection, { inProcess });
