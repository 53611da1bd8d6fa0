// The TypeScript parse through a document's ParseCache (engine/syntax/typescript/incremental.ts:
// ts.updateSourceFile from the last tree; statementMemo.ts: top-level statements reused from the
// last lowering) must give, for every text, what a parse without a cache gives: the same Module
// (spans, errors, comments included) and the same lowering info, with the same node identities
// where the fix pass relies on them (a note's key, a matmul's lowered operands). Checked at every
// step of typing sequences over every fixture, and with a cache handed other documents.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TS_FIXTURE, tsEditScript } from '../../bench/server';
import { analyzeDocument } from '../../engine/analyze';
import type { Expr, Module } from '../../engine/syntax/ast';
import { ParseCache } from '../../engine/syntax/parseCache';
import { scriptLanguageOf } from '../../engine/syntax/typescript/files';
import { typescript } from '../../engine/syntax/typescript/load';
import { parseTypeScript, type TypeScriptParse } from '../../engine/syntax/typescript/lower';
import { NO_WALL_CLOCK } from './budget';
import { SCRIPT_FIXTURES_ROOT, scriptFixtures } from './scriptFixtures';

const ROOT = SCRIPT_FIXTURES_ROOT;
const ADAPTER = path.join(__dirname, '..', '..', 'engine', 'syntax', 'typescript');
const files = scriptFixtures();

/** Where each object of the module first appears, and every later appearance of one already seen. */
function identities(module: Module): { first: Map<object, string>; shared: string[] } {
  const first = new Map<object, string>();
  const shared: string[] = [];
  const visit = (x: unknown, at: string): void => {
    if (!x || typeof x !== 'object') return;
    const seen = first.get(x);
    if (seen !== undefined) {
      shared.push(`${at} = ${seen}`);
      return;
    }
    first.set(x, at);
    for (const [k, v] of Object.entries(x)) visit(v, `${at}.${k}`);
  };
  visit(module, '');
  return { first, shared };
}

/** The lowering info as comparable data: notes by where their key and lowered operands sit in the module. */
function infoOf(p: TypeScriptParse): unknown {
  const { first, shared } = identities(p.module);
  const where = (e: Expr) => first.get(e) ?? `detached ${JSON.stringify(e)}`;
  const notes = [...p.info.notes].map(([e, n]) => [where(e), n.kind === 'matmul' ? { ...n, lowered: n.lowered.map(where) } : n]);
  return {
    language: p.info.language,
    namespaces: [...p.info.namespaces],
    libraries: p.info.libraries,
    ownClasses: JSON.stringify([...p.info.ownClasses].map(([k, c]) => [k, { ...c, methods: [...c.methods] }])),
    callbacks: p.info.callbacks,
    notes,
    shared,
  };
}

/** Parses `text` through the cache and afresh, and asserts the two agree. */
function check(cache: ParseCache, text: string, file: string, step: string): void {
  const language = scriptLanguageOf(file);
  const incremental = parseTypeScript(text, language, file, cache);
  // compared before the next parse through the cache moves the tree's nodes
  const incrementalInfo = infoOf(incremental);
  const fresh = parseTypeScript(text, language, file);
  assert.deepStrictEqual(incremental.module, fresh.module, `${path.relative(ROOT, file)}, ${step}: module differs`);
  assert.deepStrictEqual(incrementalInfo, infoOf(fresh), `${path.relative(ROOT, file)}, ${step}: lowering info differs`);
}

/** An edit as offsets: replace text[start, end) with `insert`. */
interface Edit {
  start: number;
  end: number;
  insert: string;
  label: string;
}

function apply(text: string, e: Edit): string {
  return text.slice(0, e.start) + e.insert + text.slice(e.end);
}

/** Typing `chars` at `at` one UTF-16 code unit at a time (an emoji arrives half by half). */
function typing(at: number, chars: string, label: string): Edit[] {
  return [...Array(chars.length).keys()].map((k) => ({ start: at + k, end: at + k, insert: chars[k]!, label: `${label}: type ${JSON.stringify(chars[k])}` }));
}

/** Offset of the start of the line `i` (0-based). */
function lineStart(text: string, i: number): number {
  let at = 0;
  for (let k = 0; k < i; k++) at = text.indexOf('\n', at) + 1;
  return at;
}

/**
 * Edits over a file, each undone before the next where it says so: a call cut from a line near
 * the middle and typed back char by char (half-typed calls, unclosed parentheses), a declaration
 * left open at column 0 (the recovery's blanking), an unterminated comment and template (the rest of
 * the file lexed differently), edits at both ends, a top-level statement deleted, an import added
 * (the file-wide context changes), a destructuring that numbers temporaries added above the rest,
 * an emoji typed half by half.
 */
function typingSequence(text: string): Edit[] {
  const lines = text.split('\n');
  const edits: Edit[] = [];
  const mid = Math.floor(lines.length / 2);
  const callLine = [...lines.keys()].filter((i) => /\w\(/.test(lines[i]!)).sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid))[0];
  let t = text;
  const push = (e: Edit) => {
    edits.push(e);
    t = apply(t, e);
  };
  const andUndo = (e: Edit) => {
    const before = t;
    push(e);
    push({ start: e.start, end: e.start + e.insert.length, insert: before.slice(e.start, e.end), label: `undo ${e.label}` });
  };
  if (callLine !== undefined) {
    const from = lineStart(t, callLine) + lines[callLine]!.search(/\w\(/) + 1;
    const to = lineStart(t, callLine) + lines[callLine]!.length;
    const cut = t.slice(from, to);
    push({ start: from, end: to, insert: '', label: `cut ${JSON.stringify(cut)}` });
    for (const e of typing(from, cut, 'retype')) push(e);
  }
  const third = lineStart(t, Math.floor(lines.length / 3));
  andUndo({ start: third, end: third, insert: 'function broken(a, \n', label: 'open declaration' });
  for (const e of typing(third, 'function half(x', 'declaration typed')) push(e);
  push({ start: third, end: third + 'function half(x'.length, insert: '', label: 'declaration deleted' });
  andUndo({ start: lineStart(t, mid), end: lineStart(t, mid), insert: '/* ', label: 'unterminated comment' });
  andUndo({ start: lineStart(t, mid), end: lineStart(t, mid), insert: 'const s = `', label: 'unterminated template' });
  andUndo({ start: 0, end: 0, insert: '// header\n', label: 'line at the start' });
  andUndo({ start: t.length, end: t.length, insert: '\nconst zz = [1, 2];\n', label: 'statement at the end' });
  const firstEnd = t.indexOf('\n', t.search(/^(?:import|const|let|var|function|class)\b/m)) + 1;
  andUndo({ start: 0, end: firstEnd, insert: '', label: 'first statement deleted' });
  andUndo({ start: 0, end: 0, insert: "import * as tf2 from '@tensorflow/tfjs';\n", label: 'import added' });
  // the library's module name mistyped: the same names declared, no longer a library's
  const spec = t.search(/(?:from |require\()'[^']+'/);
  if (spec >= 0) {
    const close = t.indexOf("'", t.indexOf("'", spec) + 1);
    andUndo({ start: close - 1, end: close, insert: '', label: 'module name backspaced' });
  }
  // temporaries are numbered through the file: one added above another renumbers it (the same
  // name declared again, so the file-wide context stays the same)
  push({ start: t.length, end: t.length, insert: '\nconst { qd } = pair(3);\n', label: 'temporary at the end' });
  andUndo({ start: firstEnd, end: firstEnd, insert: 'const { qd } = pair(2);\n', label: 'temporary added above it' });
  const comment = t.indexOf('//', third);
  if (comment >= 0) {
    for (const e of typing(comment + 2, ' 😀', 'emoji')) push(e);
    push({ start: comment + 2, end: comment + 5, insert: '', label: 'emoji deleted' });
  }
  return edits;
}

describe('TypeScript parse through a ParseCache', () => {
  it('equals a fresh parse at every step of the server benchmark typing sequence (tsEditScript)', () => {
    const cache = new ParseCache();
    let text = fs.readFileSync(TS_FIXTURE, 'utf8');
    check(cache, text, TS_FIXTURE, 'opened');
    const lines = () => text.split('\n');
    for (const e of tsEditScript(text)) {
      const ls = lines();
      const at = (p: { line: number; character: number }) => lineStart(text, p.line) + Math.min(p.character, ls[p.line]!.length);
      text = apply(text, { start: at(e.range.start), end: at(e.range.end), insert: e.text, label: e.label });
      check(cache, text, TS_FIXTURE, e.label);
    }
  });

  for (const file of files) {
    it(`equals a fresh parse at every step of typing into ${path.relative(ROOT, file)}`, () => {
      const cache = new ParseCache();
      let text = fs.readFileSync(file, 'utf8');
      check(cache, text, file, 'opened');
      for (const e of typingSequence(text)) {
        text = apply(text, e);
        check(cache, text, file, e.label);
      }
    });
  }

  it('replays the library uses of reused statements (the most used library leads)', () => {
    const file = path.join(ROOT, 'two_libraries.ts');
    let text = [
      "import * as tf from '@tensorflow/tfjs';",
      "import * as math from 'mathjs';",
      'function a(x: number[][]) {',
      '  return math.multiply(math.add(x, x), math.subtract(x, x));',
      '}',
      'function b(y: tf.Tensor) {',
      '  return tf.add(y, y);',
      '}',
      '',
    ].join('\n');
    const cache = new ParseCache();
    check(cache, text, file, 'opened');
    const at = text.indexOf('tf.add(y, y)');
    for (const e of typing(at, 'tf.mul(y, ', 'typing in b')) {
      text = apply(text, e);
      check(cache, text, file, e.label);
    }
  });

  it('gives the right parse when handed another document, under its name or under the same name', () => {
    const cache = new ParseCache();
    const read = (rel: string) => ({ file: path.join(ROOT, rel), text: fs.readFileSync(path.join(ROOT, rel), 'utf8') });
    const a = read('tfjs/correct/planar.ts');
    const b = read('tfjs/bugs/db2_missing_keepdims.ts');
    const c = read('mathjs/correct/planar.js');
    const d = read('own-matrix/correct/planar.ts');
    check(cache, a.text, a.file, 'a');
    check(cache, b.text, b.file, 'b under its own name');
    check(cache, b.text, a.file, 'b under a’s name');
    check(cache, a.text, a.file, 'a again');
    check(cache, c.text, c.file, 'a JavaScript file');
    check(cache, c.text, a.file, 'JavaScript text under a TypeScript name');
    check(cache, d.text, a.file, 'another library under the same name');
    check(cache, a.text, a.file, 'a once more');
    check(cache, '', a.file, 'empty');
    check(cache, a.text, a.file, 'a after empty');
  });

  it('gives the same analysis with and without the cache along the benchmark sequence', () => {
    const cache = new ParseCache();
    let text = fs.readFileSync(TS_FIXTURE, 'utf8');
    const strip = (r: ReturnType<typeof analyzeDocument>) => ({ ...r, timings: undefined });
    const analyze = (t: string, withCache: boolean) =>
      strip(analyzeDocument({ kind: 'typescript', path: TS_FIXTURE, text: t, language: 'typescript' }, { ...NO_WALL_CLOCK, ...(withCache ? { parseCache: cache } : {}) }));
    assert.deepStrictEqual(analyze(text, true), analyze(text, false));
    for (const e of tsEditScript(text)) {
      const at = (p: { line: number; character: number }) => lineStart(text, p.line) + p.character;
      text = apply(text, { start: at(e.range.start), end: at(e.range.end), insert: e.text, label: e.label });
      assert.deepStrictEqual(analyze(text, true), analyze(text, false), e.label);
    }
  });
});

describe('compilerView', () => {
  it('holds every compiler member the adapter uses as its own (fast) property', () => {
    const view = typescript();
    const sources = [ADAPTER, path.join(ADAPTER, 'libraries')].flatMap((dir) =>
      fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')),
    );
    const used = new Set(sources.flatMap((src) => [...src.matchAll(/\bts\.([A-Za-z_]\w*)/g)].map((m) => m[1]!)));
    const missing = [...used].filter((name) => !Object.prototype.hasOwnProperty.call(view, name));
    assert.deepEqual(missing, [], `add to compilerView.ts: ${missing.join(', ')}`);
  });
});
