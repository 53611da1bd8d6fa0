// Every handler runs behind a guard: a throw becomes one log line and a neutral answer, never a crash.

import type { Connection } from 'vscode-languageserver/node';

export function guarded<P extends unknown[], R, F>(
  connection: Connection,
  name: string,
  fallback: F,
  fn: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R | F> {
  return async (...args: P) => {
    try {
      return await fn(...args);
    } catch (e) {
      connection.console.log(`backprop-lint: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  };
}
