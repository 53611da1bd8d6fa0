// Stated shapes: types, the English dimension-phrase table, and the parser for one written shape
// literal such as `(n_h, m)`, `(M,)`, `[n_h, m]` or `(size of previous layer, number of examples)`.
//
// Pure functions only; no dependency on other engine files.

/** One dimension as written: a symbolic name, a constant, or unknown (`...`, `?`, `None`, anything unreadable). */
export type StatedDim = { kind: 'name'; name: string } | { kind: 'const'; value: number } | { kind: 'unknown' };

export interface StatedShape {
  /** The variable the shape is stated for; `parameters["W1"]` for members of a documented dict; '' when a comment names none. */
  name: string;
  /**
   * The dims as written. When `variadic` is set, these are only the dims written before an
   * indexed run like `d_1, ..., d_k`; the shape then has rank >= dims.length.
   */
  dims: StatedDim[];
  /** 0-based line offset inside the docstring/comment text */
  line: number;
  /** the raw text of the shape, e.g. "(n_h, m)" */
  raw: string;
  /**
   * Unknown rank: the written shape ended with an indexed run such as `(N, d_1, ..., d_k)`.
   * `dims` holds the fixed leading dims ([N]); any number (>= 0) of unknown dims follow.
   * A run that is followed by more dims (`(d_1, ..., d_k, M)`) yields no shape at all.
   */
  variadic?: true;
}

export interface DocShapes {
  params: StatedShape[];
  returns: StatedShape[];
  /** Parameters the docstring calls a scalar and gives no shape (`b -- bias, a scalar`). */
  scalars: string[];
}

// ---------------------------------------------------------------------------------------------
// Phrase table

/** English dimension phrases (as normalised by `phraseKey`) and the short name they stand for. */
export const DIM_PHRASES: ReadonlyArray<readonly [phrase: string, name: string]> = [
  // examples
  ['number of examples', 'm'],
  ['number of training examples', 'm'],
  ['number of samples', 'm'],
  ['number of training samples', 'm'],
  ['number of examples in mini-batch', 'm'],
  ['mini-batch size', 'm'],
  ['mini batch size', 'm'],
  ['minibatch size', 'm'],
  ['batch size', 'm'],
  // generic layer l (Coursera deep network)
  ['size of current layer', 'n[l]'],
  ['number of units in current layer', 'n[l]'],
  ['number of units in layer l', 'n[l]'],
  ['size of layer l', 'n[l]'],
  ['size of previous layer', 'n[l-1]'],
  ['number of units in previous layer', 'n[l-1]'],
  ['size of layer l-1', 'n[l-1]'],
  ['size of next layer', 'n[l+1]'],
  ['number of units in next layer', 'n[l+1]'],
  // input layer
  ['size of input layer', 'n_x'],
  ['input size', 'n_x'],
  ['input layer size', 'n_x'],
  ['number of features', 'n_x'],
  ['number of input features', 'n_x'],
  ['input dimension', 'n_x'],
  // hidden layer
  ['size of hidden layer', 'n_h'],
  ['hidden layer size', 'n_h'],
  ['hidden size', 'n_h'],
  ['number of hidden units', 'n_h'],
  ['number of units in hidden layer', 'n_h'],
  ['number of neurons in hidden layer', 'n_h'],
  // output layer
  ['size of output layer', 'n_y'],
  ['output layer size', 'n_y'],
  ['output size', 'n_y'],
  ['number of outputs', 'n_y'],
  ['number of output units', 'n_y'],
  ['number of classes', 'n_y'],
];

/** Lower-case, collapse blanks, drop articles and trailing punctuation: "Size of the Current layer." -> "size of current layer". */
export function phraseKey(phrase: string): string {
  return phrase
    .toLowerCase()
    .replace(/[.;,:]+$/, '')
    .split(/\s+/)
    .filter((w) => w !== '' && w !== 'the' && w !== 'a' && w !== 'an')
    .join(' ');
}

const PHRASE_MAP: ReadonlyMap<string, string> = new Map(DIM_PHRASES.map(([p, n]) => [phraseKey(p), n] as const));

/**
 * Dimension names the user declares (setting `backpropLint.dimensionNames`, `dimension-names` in the
 * project configuration): keyed by phraseKey, valued by the name as the user wrote it (blanks collapsed).
 */
export type DeclaredNames = ReadonlyMap<string, string>;

/** The declared-names table for a list of names (blank and repeated entries dropped). */
export function declaredNames(names: readonly string[] | undefined): DeclaredNames {
  const out = new Map<string, string>();
  for (const raw of names ?? []) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (name !== '' && !out.has(phraseKey(name))) out.set(phraseKey(name), name);
  }
  return out;
}

/** The short name for a known English dimension phrase, or undefined. */
export function lookupDimPhrase(phrase: string): string | undefined {
  return PHRASE_MAP.get(phraseKey(phrase));
}

// ---------------------------------------------------------------------------------------------
// One dim

/** How a dim was read; decides whether a parenthesised list can count as a shape. */
export type DimClass = 'int' | 'expr' | 'unknown' | 'knownPhrase' | 'phrase' | 'typeWord' | 'bad';

export interface ParsedDim {
  dim: StatedDim;
  cls: DimClass;
  /** A name the user declared as a dimension name. */
  declared?: true;
}

const UNKNOWN_TOKENS = new Set(['?', '...', '…', '*', 'None', 'none', '_', '-', ':', 'any']);

/** Words that, written inside parentheses, are a type or a remark, never a dim. */
const TYPE_WORDS = new Set([
  'int', 'integer', 'float', 'str', 'string', 'bool', 'boolean', 'optional', 'default', 'ndarray', 'array',
  'list', 'tuple', 'dict', 'dictionary', 'scalar', 'object', 'vector', 'matrix', 'tensor', 'number', 'true',
  'false', 'function', 'callable', 'or', 'and', 'see', 'eg', 'ie', 'etc', 'optionally', 'required',
]);

const BAD: ParsedDim = { dim: { kind: 'unknown' }, cls: 'bad' };

/** Read one dim as written between the commas of a shape literal; a name the user declared is always a dim. */
export function parseDim(text: string, declared?: DeclaredNames): ParsedDim {
  const t = text.trim().replace(/^`(.*)`$/, '$1').trim();
  if (t === '') return BAD;
  const own = declared?.size ? declared.get(phraseKey(t)) : undefined;
  if (own !== undefined) return { dim: { kind: 'name', name: own }, cls: 'knownPhrase', declared: true };
  if (UNKNOWN_TOKENS.has(t)) return { dim: { kind: 'unknown' }, cls: 'unknown' };
  if (/^\d+$/.test(t)) return { dim: { kind: 'const', value: Number(t) }, cls: 'int' };
  if (TYPE_WORDS.has(t.toLowerCase()) || /^(np|numpy|torch|tf)\./.test(t)) return { dim: { kind: 'unknown' }, cls: 'typeWord' };
  // `non-cat`, `pre-activation`: a hyphenated English word, not a subtraction
  const hyphenatedWord = /(^|[^\w])[A-Za-z]{3,}-[A-Za-z]{3,}($|[^\w])/.test(t);
  if (!hyphenatedWord) {
    // `4H` (CS231n's LSTM weights, `(D, 4H)`): a multiple written without its `*`, read as `4 * H`.
    const e = parseExpr(/^\d+[A-Za-z_]\w*$/.test(t) ? t.replace(/^(\d+)/, '$1*') : t);
    if (e) {
      if (e.value !== undefined && Number.isSafeInteger(e.value) && e.value >= 0) {
        return { dim: { kind: 'const', value: e.value }, cls: 'int' };
      }
      return { dim: { kind: 'name', name: e.text }, cls: 'expr' };
    }
  }
  if (/^[A-Za-z][A-Za-z0-9_'\- ]*$/.test(t) && /[\s-]/.test(t)) {
    const known = lookupDimPhrase(t);
    if (known !== undefined) return { dim: { kind: 'name', name: known }, cls: 'knownPhrase' };
    return { dim: { kind: 'name', name: t.replace(/\s+/g, ' ') }, cls: 'phrase' };
  }
  return BAD;
}

// ---------------------------------------------------------------------------------------------
// Tiny arithmetic reader: identifiers (with `.attr`, `[index]`, `^[l]`, `_{l-1}`, calls), integers,
// + - * / // ** %, parentheses. Returns a normalised text (single spaces around top-level binary
// operators, no blanks inside brackets) and the value when every operand is an integer.

interface ExprResult {
  text: string;
  value?: number;
}

type Tok = { t: 'int' | 'id' | 'op' | 'open' | 'close' | 'post'; s: string };

function tokenize(src: string): Tok[] | undefined {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (/\d/.test(c)) {
      let j = i;
      while (j < src.length && /\d/.test(src[j]!)) j++;
      if (j < src.length && /[A-Za-z_.]/.test(src[j]!)) return undefined; // 1.5, 3x
      out.push({ t: 'int', s: src.slice(i, j) });
      i = j;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < src.length && /[A-Za-z0-9_]/.test(src[j]!)) j++;
      while (src[j] === "'") j++; // H', W' (CS231n output sizes)
      out.push({ t: 'id', s: src.slice(i, j) });
      i = j;
      continue;
    }
    if (src.startsWith('**', i) || src.startsWith('//', i)) { out.push({ t: 'op', s: src.slice(i, i + 2) }); i += 2; continue; }
    if ('+-*/%'.includes(c)) { out.push({ t: 'op', s: c }); i++; continue; }
    if (c === '(') { out.push({ t: 'open', s: c }); i++; continue; }
    if (c === ')') { out.push({ t: 'close', s: c }); i++; continue; }
    if (c === '[' || c === '{' || c === '^' || c === '.') {
      // postfix pieces: `[...]`, `{...}`, `^[...]`, `^{[...]}`, `.attr`
      if (c === '.') {
        const m = /^\.([A-Za-z_]\w*)/.exec(src.slice(i));
        if (!m) return undefined;
        out.push({ t: 'post', s: m[0] });
        i += m[0].length;
        continue;
      }
      let j = c === '^' ? i + 1 : i;
      let render: string;
      if (c === '^') {
        if (j >= src.length) return undefined;
        if (src[j] === '[' || src[j] === '{') {
          const end = matchClose(src, j);
          if (end < 0) return undefined;
          // ^[l], ^{[l]}, ^{l} -> [l]
          const inner = src.slice(j + 1, end).replace(/\s+/g, '').replace(/^\[(.*)\]$/, '$1');
          render = `[${inner}]`;
          j = end + 1;
        } else {
          const m = /^[A-Za-z0-9_]+/.exec(src.slice(j));
          if (!m) return undefined;
          render = `^${m[0]}`;
          j += m[0].length;
        }
      } else {
        const end = matchClose(src, j);
        if (end < 0) return undefined;
        render = src.slice(j, end + 1).replace(/\s+/g, '');
        j = end + 1;
      }
      out.push({ t: 'post', s: render });
      i = j;
      continue;
    }
    return undefined;
  }
  return out;
}

const PREC: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '//': 2, '%': 2, '**': 3 };

function parseExpr(src: string): ExprResult | undefined {
  const toks = tokenize(src);
  if (!toks || toks.length === 0) return undefined;
  let pos = 0;

  const atom = (): ExprResult | undefined => {
    const tk = toks[pos];
    if (!tk) return undefined;
    if (tk.t === 'op' && (tk.s === '-' || tk.s === '+')) {
      pos++;
      const a = atom();
      if (!a) return undefined;
      return { text: `${tk.s}${a.text}`, value: a.value === undefined ? undefined : tk.s === '-' ? -a.value : a.value };
    }
    if (tk.t === 'int') { pos++; return { text: tk.s, value: Number(tk.s) }; }
    if (tk.t === 'open') {
      pos++;
      const e = binary(0);
      if (!e || toks[pos]?.t !== 'close') return undefined;
      pos++;
      return { text: `(${e.text})`, value: e.value };
    }
    if (tk.t === 'id') {
      pos++;
      let text = tk.s;
      for (;;) {
        const nx = toks[pos];
        if (nx?.t === 'post') { text += nx.s; pos++; continue; }
        if (nx?.t === 'open') {
          // a call like len(layer_dims): keep its text without blanks
          let depth = 0;
          let s = '';
          do {
            const k = toks[pos]!;
            if (k.t === 'open') depth++;
            if (k.t === 'close') depth--;
            s += k.s;
            pos++;
          } while (depth > 0 && pos < toks.length);
          if (depth !== 0) return undefined;
          text += s;
          continue;
        }
        break;
      }
      return { text };
    }
    return undefined;
  };

  const binary = (minPrec: number): ExprResult | undefined => {
    let left = atom();
    if (!left) return undefined;
    for (;;) {
      const op = toks[pos];
      if (!op || op.t !== 'op') break;
      const p = PREC[op.s]!;
      if (p < minPrec) break;
      pos++;
      const right = binary(op.s === '**' ? p : p + 1);
      if (!right) return undefined;
      left = { text: `${left.text} ${op.s} ${right.text}`, value: evalOp(op.s, left.value, right.value) };
    }
    return left;
  };

  const r = binary(0);
  if (!r || pos !== toks.length) return undefined;
  return r;
}

function evalOp(op: string, a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined) return undefined;
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '//': return b === 0 ? undefined : Math.floor(a / b);
    case '%': return b === 0 ? undefined : a % b;
    case '**': return a ** b;
    case '/': return b !== 0 && a % b === 0 ? a / b : undefined;
    default: return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Bracket helpers

const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Index of the bracket closing the one at `open`, or -1 when unbalanced. */
export function matchClose(text: string, open: number): number {
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c in CLOSE) stack.push(CLOSE[c]!);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** Split at commas that are not nested inside brackets. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

// ---------------------------------------------------------------------------------------------
// A whole shape literal

/**
 * How much the surrounding text vouches for a bracketed list being a shape:
 * - 'strong': introduced by "of shape", "of size", "shape:", ":", "->" or first thing after a name.
 *   English phrases are accepted as dims, a single dim `(m)` and `()` too.
 * - 'weak': no such introduction. Needs a comma; every dim must be an identifier, integer,
 *   arithmetic or a known phrase; at least one must be symbolic.
 */
export type ShapeContext = 'strong' | 'weak';

export interface ParsedShapeList {
  dims: StatedDim[];
  variadic?: true;
  /** the dims that were plain identifiers, for the "tuple of documented names" check */
  identifiers: string[];
  /** Some dim is a name the user declared: the list is a shape, never a tuple of values. */
  declared?: true;
}

const ELLIPSIS = /^(?:\.\.\.|…)$/;
const INDEXED = /^([A-Za-z]+)_?\{?(\d+|[A-Za-z])\}?$/;

/** Parse the text between the brackets of a candidate shape; undefined when it is not a shape. */
export function parseShapeList(inner: string, ctx: ShapeContext, declared?: DeclaredNames): ParsedShapeList | undefined {
  if (inner.trim() === '') return ctx === 'strong' ? { dims: [], identifiers: [] } : undefined;
  let parts = splitTopLevel(inner).map((p) => p.trim());
  let trailingComma = false;
  if (parts.length > 1 && parts[parts.length - 1] === '') {
    parts.pop();
    trailingComma = true;
  }
  if (parts.some((p) => p === '')) return undefined;
  const multi = parts.length > 1 || trailingComma;
  if (!multi && ctx === 'weak') return undefined;

  // `d_1 ... d_k` written without commas
  parts = parts.flatMap((p) => {
    const m = /^(\S*?)\s*(?:\.\.\.|…)\s*(\S*)$/.exec(p);
    if (!m || (m[1] === '' && m[2] === '')) return [p];
    if ((m[1] !== '' && !INDEXED.test(m[1]!)) || (m[2] !== '' && !INDEXED.test(m[2]!))) return [p];
    return [...(m[1] ? [m[1]] : []), '...', ...(m[2] ? [m[2]] : [])];
  });

  // indexed run with an ellipsis: d_1, ..., d_k
  let variadic = false;
  const e = parts.findIndex((p) => ELLIPSIS.test(p));
  if (e > 0 && e < parts.length - 1) {
    const before = INDEXED.exec(parts[e - 1]!);
    const after = INDEXED.exec(parts[e + 1]!);
    if (before && after && before[1] === after[1]) {
      let start = e - 1;
      for (;;) {
        const prev = start > 0 ? INDEXED.exec(parts[start - 1]!) : null;
        if (prev && prev[1] === before[1] && /^\d+$/.test(prev[2]!)) start--;
        else break;
      }
      if (e + 1 !== parts.length - 1) return undefined; // fixed dims after a run of unknown length
      const first = INDEXED.exec(parts[start]!)!;
      if (/^\d+$/.test(first[2]!) && /^\d+$/.test(after[2]!)) {
        // d_1, ..., d_4: rank known; list the names
        const lo = Number(first[2]);
        const hi = Number(after[2]);
        if (hi < lo || hi - lo > 16) return undefined;
        const sep = parts[start]!.includes('_') ? '_' : '';
        const expanded: string[] = [];
        for (let k = lo; k <= hi; k++) expanded.push(`${first[1]}${sep}${k}`);
        parts = [...parts.slice(0, start), ...expanded];
      } else {
        parts = parts.slice(0, start);
        variadic = true;
      }
    }
  }

  const parsed = parts.map((p) => parseDim(p, declared));
  if (parsed.some((p) => p.cls === 'bad' || p.cls === 'typeWord')) return undefined;
  if (ctx === 'weak') {
    if (parsed.some((p) => p.cls === 'phrase')) return undefined;
    if (!parsed.some((p) => p.cls === 'expr' || p.cls === 'knownPhrase')) return undefined;
  } else if (!multi && !variadic) {
    const only = parsed[0]!;
    if (only.cls !== 'int' && only.cls !== 'expr' && only.cls !== 'knownPhrase') return undefined;
  }
  const identifiers = parsed.flatMap((p, i) => (p.cls === 'expr' && /^[A-Za-z_]\w*$/.test(parts[i]!) ? [parts[i]!] : []));
  const result: ParsedShapeList = { dims: parsed.map((p) => p.dim), identifiers };
  if (variadic) result.variadic = true;
  if (parsed.some((p) => p.declared)) result.declared = true;
  return result;
}

/** A bracketed group found in free text. */
export interface Group {
  start: number;
  /** index of the closing bracket */
  end: number;
  inner: string;
  raw: string;
}

/**
 * The top-level `(...)` / `[...]` groups of a text, skipping calls and indexing (`np.dot(W, X)`,
 * `X[i]`, `sigmoid(z)`), except after the words shape/size (`size(n, m)`).
 */
export function findGroups(text: string): Group[] {
  const out: Group[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '(' && c !== '[') continue;
    const end = matchClose(text, i);
    if (end < 0) continue;
    const before = text.slice(0, i);
    const glued = /[\w.\])'"]$/.test(before);
    if (!glued || (c === '(' && /\b(?:shape|size)$/i.test(before))) {
      out.push({ start: i, end, inner: text.slice(i + 1, end), raw: text.slice(i, end + 1) });
    }
    i = end;
  }
  return out;
}

/** Strong introductions right before a group: "of shape", "size:", "shape =", ":", "->". */
export const STRONG_TAIL =
  /(?:\b(?:shapes?|sizes?|dims?|dimensions?|dimensionality)(?:\s*(?:==|=|:|\bis\b|\bof\b))?|:|->|→|=>)\s*$/i;

/** Words right before a group that make a comma list a tuple, an interval or a reference, not a shape. */
export const WEAK_BLOCKERS =
  /\b(?:tuples?|contain|contains|containing|values|pair|pairs|list|lists|keys|e\.g|i\.e|see|such as|like|equations?|eq|figures?|fig|lines?|steps?|sections?|length|in|between|range|interval|from|to|and|or|at|for|called|namely)\W*$/i;
