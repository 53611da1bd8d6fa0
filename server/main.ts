// Entry point of the bundled language server (dist/server.js). The transport comes from argv:
// `--stdio`, `--node-ipc` (what vscode-languageclient passes for TransportKind.ipc) or `--socket=<port>`.
// The engine runs in a worker thread (dist/analysisWorker.js, see engineHost.ts).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);

// Last resort: a bug outside a guarded handler is logged, and the server keeps serving.
process.on('uncaughtException', (e) => {
  connection.console.error(`backprop-lint: uncaught exception: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
});
process.on('unhandledRejection', (e) => {
  connection.console.error(`backprop-lint: unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
});

// `--no-worker`: analyse on the main thread (for comparison, or where worker threads misbehave).
startServer(connection, { inProcess: process.argv.includes('--no-worker') || process.env.BACKPROP_LINT_NO_WORKER === '1' });
