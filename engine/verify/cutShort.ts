// Whether gradient verification stopped before it had checked what it set out to: its time budget ran
// out, or a run hit its step or array-memory limit. The CLI prints it as a note, so that a clean result
// from a file whose verification was cut short is not read as a verified one.

import type { VerifyResult } from './verify';

/** The reason, in words (`the time budget of 5 s ran out`), or undefined when verification finished. */
export function cutShortReason(result: VerifyResult | undefined, timedOut: boolean, budgetMs: number): string | undefined {
  if (timedOut) return `the time budget of ${seconds(budgetMs)} ran out`;
  const stopped = result?.runs.find((r) => r.stopped?.startsWith(RAN_OUT) && !r.stopped.endsWith('(cancelled)'));
  if (!stopped?.stopped) return undefined;
  const why = stopped.stopped.slice(RAN_OUT.length).replace(/^\s*\((.*)\)$/, '$1');
  return `running ${stopped.entry === '<module>' ? "the file's top level" : stopped.entry}, ${why === 'step budget' ? 'the step limit was reached' : why}`;
}

/** How verify.ts words a run stopped by a budget (StopRun): `it ran out of its budget (reason)`. */
const RAN_OUT = 'it ran out of its budget';

function seconds(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
