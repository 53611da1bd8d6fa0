// Shapes stated in docstrings: Coursera (`X -- input data of size (n_x, m)`), CS231n
// (`- x: Input data, of shape (N, D)`), numpydoc (`X : ndarray of shape (n, m)`), Google
// (`X (np.ndarray): shape (n_x, m)`) and plain (`X: (n_x, m)`), in Arguments/Returns sections.

import {
  findGroups,
  parseShapeList,
  type DeclaredNames,
  STRONG_TAIL,
  WEAK_BLOCKERS,
  type DocShapes,
  type Group,
  type ParsedShapeList,
  type StatedShape,
} from './dimPhrases';

type Section = 'preamble' | 'params' | 'returns' | 'other';

interface Segment {
  /** offset of this line's text inside the joined description */
  offset: number;
  line: number;
}

interface Entry {
  /** the name as written, quotes stripped */
  key: string;
  /** the reported name (`parameters["W1"]` for dict members) */
  name: string;
  indent: number;
  section: Section;
  desc: string;
  segs: Segment[];
  /** Google style type in parentheses: `X (np.ndarray of shape (n, m)): ...` */
  typeText?: { text: string; line: number };
  /** CS231n bullet without a colon (`- running_var Array of shape (D,)`): only strong shapes count */
  bulletNoColon: boolean;
  member: boolean;
  /** listed under a `<name> -- tuple of ...` entry: a tuple element, not a variable of that name */
  tupleElement: boolean;
  blankAfter: boolean;
}

interface DictScope {
  name: string;
  indent: number;
  /** header ended with ':' so entries at the same indent are listed members */
  colonOpen: boolean;
  blankSeen: boolean;
}

const NAME = String.raw`(?:"[A-Za-z_]\w*"|'[A-Za-z_]\w*'|[A-Za-z_]\w*)`;
const COURSERA = new RegExp(String.raw`^(?:[-*•]\s+)?(${NAME})\s*(?:--+|—|–)\s*(.*)$`);
const SINGLE_DASH = new RegExp(String.raw`^(${NAME})\s+-\s+(.*)$`);
const BULLET_COLON = new RegExp(String.raw`^[-*•]\s+(${NAME})\s*:\s*(.*)$`);
const PLAIN_COLON = new RegExp(String.raw`^(${NAME})\s*:\s*(.*)$`);
const GOOGLE_START = new RegExp(String.raw`^(?:[-*•]\s+)?(${NAME})\s*\(`);
const BULLET_BARE = new RegExp(String.raw`^[-*•]\s+(${NAME})\s+(.+)$`);

/** Names that start prose lines (`Note: ...`), never documented variables. */
const NOT_NAMES = new Set([
  'note', 'notes', 'hint', 'hints', 'tip', 'tips', 'example', 'examples', 'warning', 'warnings', 'todo',
  'see', 'http', 'https', 'step', 'exercise', 'instructions', 'reminder', 'important', 'also', 'where',
  'if', 'else', 'then', 'and', 'or', 'the', 'this', 'it', 'we', 'you', 'for', 'with',
]);

/** Entries that are containers (caches, gradient dicts): their parentheses list values, not dims. */
const CONTAINER_NAME = /^(?:\w*_)?caches?$|^(?:grads|gradients)$/i;
const DICT_DESC = /^\W*(?:(?:an?|the)\s+)?(?:python\s+)?(?:dictionary|dict)\b/i;
const TUPLE_DESC = /^\W*(?:(?:an?|the)\s+)?(?:python\s+)?tuple\b/i;
const CONTAINER_DESC = /\b(?:tuple|dictionary|dict|list)\b/i;

const PARAM_WORDS = '(?:arguments?|args|parameters|params|inputs?|keyword arguments|kwargs|other parameters)';
const RETURN_WORDS = '(?:returns?|outputs?|yields?)';
const PARAM_HDR = new RegExp(String.raw`^${PARAM_WORDS}\s*:\s*(.*)$`, 'i');
const PARAM_HDR_BARE = new RegExp(String.raw`^${PARAM_WORDS}$`, 'i');
const RETURN_HDR = new RegExp(String.raw`^${RETURN_WORDS}\b([^:]{0,40}):\s*(.*)$`, 'i');
const RETURN_HDR_BARE = new RegExp(String.raw`^${RETURN_WORDS}$`, 'i');
const OTHER_HDR =
  /^(?:raises|note|notes|example|examples|see also|references|tips?|hints?|warnings?|todo|attributes|methods)\s*:?$/i;
const UNDERLINE = /^[-=~]{3,}$/;
const SHAPE_WORD_TAIL = /\b(?:shapes?|sizes?|dims?|dimensions?|dimensionality)\W*(?:is|of)?\W*$/i;
/** Entries documenting a number (`lambd -- regularization hyperparameter, scalar`), unless an array of them. */
const SCALAR_DESC = /\bscalar\b/i;
const NOT_SCALAR_DESC = /\b(?:array|vector|matrix|tensor|list|of shape)\b/i;
/** Entries documenting a dimension (`n_h -- size of the hidden layer`), not an array. */
const SIZE_DESC = /^\W*(?:(?:the|an?)\s+)?(?:size|number|dimension|length|count|integer|int)\b|\bsize of\b/i;

interface LineEntry {
  key: string;
  desc: string;
  typeText?: string;
  bulletNoColon: boolean;
}

function unquote(name: string): string {
  return name.replace(/^["'](.*)["']$/, '$1');
}

function parseEntryLine(s: string): LineEntry | undefined {
  const make = (m: RegExpExecArray, bulletNoColon = false): LineEntry | undefined => {
    const key = unquote(m[1]!);
    if (NOT_NAMES.has(key.toLowerCase())) return undefined;
    return { key, desc: m[2]!, bulletNoColon };
  };
  let m = COURSERA.exec(s);
  if (m) return make(m);
  m = BULLET_COLON.exec(s);
  if (m) return make(m);
  m = GOOGLE_START.exec(s);
  if (m) {
    const open = m[0].length - 1;
    let depth = 0;
    let close = -1;
    for (let i = open; i < s.length; i++) {
      if (s[i] === '(') depth++;
      else if (s[i] === ')' && --depth === 0) { close = i; break; }
    }
    const after = close >= 0 ? /^\s*:\s*/.exec(s.slice(close + 1)) : null;
    if (close >= 0 && after) {
      const key = unquote(m[1]!);
      if (NOT_NAMES.has(key.toLowerCase())) return undefined;
      const descCol = close + 1 + after[0].length;
      return { key, desc: s.slice(descCol), typeText: s.slice(open + 1, close), bulletNoColon: false };
    }
  }
  m = SINGLE_DASH.exec(s);
  if (m) return make(m);
  m = PLAIN_COLON.exec(s);
  if (m) return make(m);
  m = BULLET_BARE.exec(s);
  if (m) return make(m, true);
  return undefined;
}

function indentOf(line: string): number {
  let n = 0;
  for (const c of line) {
    if (c === ' ') n++;
    else if (c === '\t') n += 4 - (n % 4);
    else break;
  }
  return n;
}

interface Found {
  group: Group;
  parsed: ParsedShapeList;
}

interface ScanOptions {
  strongOnly: boolean;
  noWeak: boolean;
  documented: ReadonlySet<string>;
  declared?: DeclaredNames;
}

/** A comma list whose items are all names documented in the same docstring is a tuple of values: `- cache: (x, w, b)`. */
function isDocumentedTuple(p: ParsedShapeList, documented: ReadonlySet<string>): boolean {
  return !p.declared && p.identifiers.length >= 2 && p.identifiers.length === p.dims.length && p.identifiers.every((id) => documented.has(id));
}

/** The shape stated in an entry's description: the first strongly introduced one, else the first plain comma list. */
export function shapeInDescription(desc: string, opts: ScanOptions): Found | undefined {
  let weak: Found | undefined;
  for (const group of findGroups(desc)) {
    const head = desc.slice(0, group.start).trimEnd();
    if (head === '' || STRONG_TAIL.test(head)) {
      if (opts.strongOnly && head === '') continue;
      const parsed = parseShapeList(group.inner, 'strong', opts.declared);
      // `- cache: (x, w, b)` lists values; `of shape (n_h, n_x)` is a shape whatever n_h names
      if (parsed && !(SHAPE_WORD_TAIL.test(head) ? false : isDocumentedTuple(parsed, opts.documented))) return { group, parsed };
      continue;
    }
    if (opts.strongOnly || opts.noWeak || weak || WEAK_BLOCKERS.test(head)) continue;
    const parsed = parseShapeList(group.inner, 'weak', opts.declared);
    if (parsed && !isDocumentedTuple(parsed, opts.documented)) weak = { group, parsed };
  }
  return weak;
}

function lineAt(segs: Segment[], offset: number): number {
  let line = segs[0]?.line ?? 0;
  for (const s of segs) if (s.offset <= offset) line = s.line;
  return line;
}

/**
 * Shapes stated for the parameters and return values of a function, read from its docstring.
 * Entries with no shape (`dA -- post-activation gradient, of any shape`), dict and tuple
 * descriptions (`cache -- a python dictionary containing "Z1" ...`) are left out. Lines listed under
 * `<dict> -- python dictionary containing ...` are reported as `<dict>["<key>"]`.
 */
export function shapesFromDocstring(doc: string, declared?: DeclaredNames): DocShapes {
  const lines = doc.split(/\r\n|\r|\n/);
  const entries: Entry[] = [];
  let section: Section = 'preamble';
  let current: Entry | undefined;
  let dict: DictScope | undefined;
  let tuple: { indent: number } | undefined;

  const startEntry = (le: LineEntry, indent: number, lineNo: number): void => {
    // the previous entry may open a dict whose members follow
    if (current && !current.member && DICT_DESC.test(current.desc)) {
      dict = { name: current.key, indent: current.indent, colonOpen: /:\s*$/.test(current.desc), blankSeen: current.blankAfter };
    }
    if (current && !current.tupleElement && TUPLE_DESC.test(current.desc)) tuple = { indent: current.indent };
    if (tuple && indent <= tuple.indent) tuple = undefined;
    let member = false;
    if (dict) {
      if (indent > dict.indent || (indent === dict.indent && dict.colonOpen && !dict.blankSeen)) member = true;
      else dict = undefined;
    }
    current = {
      key: le.key,
      name: member && dict ? `${dict.name}["${le.key}"]` : le.key,
      indent,
      section,
      desc: le.desc,
      segs: [{ offset: 0, line: lineNo }],
      bulletNoColon: le.bulletNoColon,
      member,
      tupleElement: tuple !== undefined,
      blankAfter: false,
    };
    if (le.typeText !== undefined) current.typeText = { text: le.typeText, line: lineNo };
    entries.push(current);
  };

  const setSection = (s: Section): void => {
    section = s;
    current = undefined;
    dict = undefined;
    tuple = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const s = raw.trim();
    const indent = indentOf(raw);
    if (s === '') {
      if (current) current.blankAfter = true;
      if (dict) dict.blankSeen = true;
      continue;
    }
    if (UNDERLINE.test(s)) continue;

    // section headers
    let hdr: Section | undefined;
    let rest = '';
    let m: RegExpExecArray | null;
    if (PARAM_HDR_BARE.test(s)) hdr = 'params';
    else if (RETURN_HDR_BARE.test(s)) hdr = 'returns';
    else if ((m = PARAM_HDR.exec(s))) { hdr = 'params'; rest = m[1]!; }
    else if ((m = RETURN_HDR.exec(s))) { hdr = 'returns'; rest = m[2]!; }
    else if (OTHER_HDR.test(s)) hdr = 'other';
    if (hdr) {
      const restEntry = rest.trim() === '' ? undefined : parseEntryLine(rest.trim());
      // `inputs: (N, D)` is a variable named inputs, not a header with text after it
      if (rest.trim() !== '' && !restEntry && hdr === 'params') {
        const self = parseEntryLine(s);
        if (self) {
          startEntry(self, indent, i);
          continue;
        }
      }
      setSection(hdr);
      if (restEntry) startEntry(restEntry, indent + s.length - rest.trim().length, i);
      continue;
    }

    const le = parseEntryLine(s);
    if (le) {
      startEntry(le, indent, i);
      continue;
    }
    if (current && indent > current.indent && !current.blankAfter) {
      current.segs.push({ offset: current.desc.length + 1, line: i });
      current.desc += ` ${s}`;
      continue;
    }
    current = undefined;
    if (dict && indent <= dict.indent) dict = undefined;
    if (tuple && indent <= tuple.indent) tuple = undefined;
  }

  const documented = new Set(entries.filter((e) => !SIZE_DESC.test(e.desc)).map((e) => e.key));
  const scalars = entries
    .filter((e) => (e.section === 'preamble' || e.section === 'params') && !e.member && !e.tupleElement)
    .filter((e) => SCALAR_DESC.test(e.desc) && !/[([]/.test(e.desc) && !NOT_SCALAR_DESC.test(e.desc))
    .map((e) => e.key);
  const out: DocShapes = { params: [], returns: [], scalars };
  for (const e of entries) {
    if (e.section === 'other' || e.tupleElement) continue;
    if (CONTAINER_NAME.test(e.key) && !e.member) continue;
    if (!e.member && DICT_DESC.test(e.desc)) continue;
    let found: Found | undefined;
    let line = 0;
    if (e.typeText) {
      found = shapeInDescription(e.typeText.text, { strongOnly: true, noWeak: true, documented, declared });
      line = e.typeText.line;
    }
    if (!found) {
      found = shapeInDescription(e.desc, { strongOnly: e.bulletNoColon, noWeak: CONTAINER_DESC.test(e.desc), documented, declared });
      if (found) line = lineAt(e.segs, found.group.start);
    }
    if (!found) continue;
    const shape: StatedShape = { name: e.name, dims: found.parsed.dims, line, raw: found.group.raw };
    if (found.parsed.variadic) shape.variadic = true;
    (e.section === 'returns' ? out.returns : out.params).push(shape);
  }
  return out;
}
