// Every handler runs behind a guard: a throw becomes one log line and a neutral answer, never a crash.
// Requests are registered through `guardedRequest`, the one place where their params are checked.

import { ErrorCodes, ResponseError, type Connection, type RequestType } from 'vscode-languageserver/node';
import type { ParamsCheck } from './requestParams';

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

/**
 * Answers `method` with `fn`, guarded. Params that fail `check` get InvalidParams (-32602) and the
 * first problem (`textDocument/hover: params must be an object, not null`) without `fn` running.
 * Registered on the connection directly, not through the library's `onHover` and the like, whose
 * wrappers read the params (for progress tokens) before any handler could check them.
 */
export function guardedRequest<P, R, F>(
  connection: Connection,
  method: string | RequestType<P, R, unknown>,
  check: ParamsCheck,
  fallback: F,
  fn: (params: P) => R | Promise<R>,
): void {
  const name = typeof method === 'string' ? method : method.method;
  const answer = guarded(connection, name, fallback, fn);
  connection.onRequest(name, (params: unknown) => {
    const problem = check(params);
    if (problem !== undefined) return new ResponseError(ErrorCodes.InvalidParams, `${name}: ${problem}`);
    return answer(params as P);
  });
}
