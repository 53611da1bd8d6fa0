// A snippet's free names: what a document's top level reads but nothing in it binds (a forum post's
// `z1 = x.dot(theta1) + b1` with x, theta1 and b1 defined somewhere the post does not show). The run
// of the top level gives each a guessed value (concretize.ts `guess`: arrays for data and weights by
// the field's naming, sizes otherwise); a wrong guess only stops the run, since the truth a gradient
// is compared with is computed from the same values.

import type { Stmt } from '../syntax/ast';
import { scanNames } from './boundNames';
import { builtinValue } from '../concrete/pyBuiltins';

/** Names read at the top level of `body` that no statement of it binds; empty after a `from m import *`. */
export function freeNames(body: Stmt[]): Set<string> {
  const read = new Set<string>();
  const { bindings, starImport } = scanNames(body, false, (x) => {
    if (x.kind === 'name') read.add(x.id);
  });
  if (starImport) return new Set();
  return new Set([...read].filter((n) => !bindings.has(n) && builtinValue(n) === undefined && !PYTHON_NAMES.has(n)));
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
