// What each request the server answers must carry, checked before its handler runs (guard.ts,
// `guardedRequest`): a request without it is answered InvalidParams (-32602) with the first thing
// missing, never a TypeError from deep inside a handler (or from the LSP library's own wrappers).

/** The first problem with `params`, in words (`position.line must be a number`), or undefined. */
export type ParamsCheck = (params: unknown) => string | undefined;

type Field = (value: unknown, path: string) => string | undefined;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** `${path} must be ${what}, not …`, or `${path} is missing`. */
function wrong(path: string, what: string, value: unknown): string {
  return value === undefined ? `${path} is missing` : `${path} must be ${what}, not ${describe(value)}`;
}

const string: Field = (v, path) => (typeof v === 'string' ? undefined : wrong(path, 'a string', v));
const number: Field = (v, path) => (typeof v === 'number' ? undefined : wrong(path, 'a number', v));

function arrayOf(item: Field): Field {
  return (v, path) => {
    if (!Array.isArray(v)) return wrong(path, 'an array', v);
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

function object(fields: Record<string, Field>): Field {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return wrong(path || 'params', 'an object', v);
    for (const [name, field] of Object.entries(fields)) {
      const problem = field((v as Record<string, unknown>)[name], path ? `${path}.${name}` : name);
      if (problem) return problem;
    }
    return undefined;
  };
}

const position = object({ line: number, character: number });
const range = object({ start: position, end: position });
const textDocument = object({ uri: string });

function check(fields: Record<string, Field>): ParamsCheck {
  const whole = object(fields);
  return (params) => whole(params, '');
}

export const HOVER_PARAMS = check({ textDocument, position });
/** The diagnostics a code action request carries: the server reads the range of its own. */
const diagnostic = object({ range });
export const CODE_ACTION_PARAMS = check({ textDocument, range, context: object({ diagnostics: arrayOf(diagnostic) }) });
export const INLAY_HINT_PARAMS = check({ textDocument, range });
export const SHAPES_PARAMS = check({ uri: string });
