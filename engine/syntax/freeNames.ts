// A snippet's free names: what a document's top level reads but nothing in it binds (a forum post's
// `z1 = x.dot(theta1) + b1` with x, theta1 and b1 defined somewhere the post does not show). The shape
// analysis makes each a hole at the top level (interp/snippetNames.ts: decided by its use, like an input
// with no stated shape); the concrete run of the top level gives each a guessed value (verify/concretize.ts
// `guess`: arrays for data and weights by the field's naming, sizes otherwise); a wrong guess only stops
// the run, since the truth a gradient is compared with is computed from the same values.

import type { Stmt } from './ast';
import { scanNames } from './boundNames';

/**
 * Names read at the top level of `body` that no statement of it binds; empty after a `from m import *`.
 * `isBuiltin`: the caller's builtins (each layer models its own), never free.
 */
export function freeNames(body: Stmt[], isBuiltin: (name: string) => boolean): Set<string> {
  const read = new Set<string>();
  const { bindings, starImport } = scanNames(body, false, (x) => {
    if (x.kind === 'name') read.add(x.id);
  });
  if (starImport) return new Set();
  return new Set([...read].filter((n) => !bindings.has(n) && !isBuiltin(n) && !PYTHON_NAMES.has(n)));
}

/** Builtins the evaluator does not model: a snippet that uses them stops there rather than guessing them. */
const PYTHON_NAMES = new Set([
  'print', 'open', 'input', 'exit', 'quit', 'globals', 'locals', 'vars', 'dir', 'help', 'eval', 'exec', '__name__', '__file__',
  'frozenset', 'map', 'filter', 'any', 'all', 'iter', 'next', 'ord', 'chr', 'hash', 'id', 'type', 'super', 'object', 'repr',
  'hasattr', 'getattr', 'setattr', 'delattr', 'callable', 'divmod', 'pow', 'bytes', 'bytearray', 'slice', 'property',
  'staticmethod', 'classmethod', 'format', 'bin', 'hex', 'oct', 'complex', 'iter', 'NotImplemented', 'Ellipsis', '__import__',
  'Exception', 'ValueError', 'TypeError', 'KeyError', 'IndexError', 'RuntimeError', 'AssertionError', 'NotImplementedError',
  'StopIteration', 'ZeroDivisionError', 'AttributeError', 'OSError', 'IOError', 'FileNotFoundError', 'ImportError',
]);
