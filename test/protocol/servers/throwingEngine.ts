// A language server whose engine throws on every document containing "PLANTED_FAILURE" (and
// otherwise returns nothing): the server must log one line, publish no diagnostics, report
// `error`, and keep serving.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../../../server/server';

startServer(createConnection(ProposedFeatures.all), {
  analyze: (input) => {
    const text = input.kind === 'python' ? input.text : input.cells.join('\n');
    if (text.includes('PLANTED_FAILURE')) throw new RangeError('Maximum call stack size exceeded (planted)');
    return { findings: [], shapes: [], exprShapes: [], syntaxErrors: [], truncated: false, timings: { parseMs: 0, analyzeMs: 0 } };
  },
});
