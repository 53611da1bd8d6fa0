// The TypeScript/JavaScript adapter: the compiler's syntax tree (ts.createSourceFile, no type
// checker) lowered into the engine's own tree (engine/syntax/ast.ts), the same tree the Python
// adapter makes. Library spellings are mapped onto the NumPy spellings the engine models
// (libraries/*.ts), so shape checks, gradient verification, derivations, hovers and fixes are
// the Python ones. Every lowered node keeps the span of the source it came from (a chained call's
// node spans the whole call).
//
// Which identifier is which library comes from the file's imports (`import * as tf from
// '@tensorflow/tfjs'`, `const math = require('mathjs')`, `import { Matrix } from 'ml-matrix'`,
// `import nj from 'numjs'`); a namespace used without any declaration in the file (a browser
// script's global `tf`) is taken by its conventional name.
//
// Statements: declarations → assignments (array destructuring → tuple targets, object
// destructuring → one subscript read per name), `+=` → augassign, if/else, C-style `for` loops of
// the counting form → `for i in range(a, b, k)` (others → while), for-of, while, return, functions
// and arrow functions → def, classes → class (`constructor` → `__init__`, `this` → `self`),
// `if (!cond) throw …` / `if (a.shape[0] !== b) throw …` → `assert cond` (a shape check that
// throws states a shape, as an assert does). What has no counterpart is `unknown` or `other`.

import type { ParseCache } from '../parseCache';
import type * as TS from 'typescript';
import type { Stmt } from '../ast';
import { typescript } from './load';
import type { LibraryId } from './libraries/types';
import { analyzeOwnClasses, ownMatrixTable } from './ownMatrix';
import { GLOBAL_NAMESPACES } from './libraryTables';
import type { ScriptLanguage, TypeScriptParse } from './loweringTypes';
import { parseErrors, recover } from './recovery';
import { initTables } from './syntaxHelpers';
import { DeclarationLowerer } from './declarations';
import type { StatementEffects } from './lowererBase';
import { sourceFileOf, typescriptMemo } from './incremental';
import { contextKey, type LoweredStatement, StatementMemo } from './statementMemo';

export type { LoweringInfo, ScriptLanguage, TypeScriptParse } from './loweringTypes';
export { TABLES, libraryOfModule } from './libraryTables';
export { skipOuter } from './syntaxHelpers';

function scriptKindOf(ts: typeof TS, fileName: string | undefined, language: ScriptLanguage): TS.ScriptKind {
  const f = fileName ?? '';
  if (/\.tsx$/i.test(f)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(f)) return ts.ScriptKind.JSX;
  if (/\.[cm]?ts$/i.test(f)) return ts.ScriptKind.TS;
  if (/\.[cm]?js$/i.test(f)) return ts.ScriptKind.JS;
  return language === 'javascript' ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

/**
 * Parses TypeScript or JavaScript and lowers it into the engine's tree. Never throws for any
 * text (a bug in the adapter becomes a syntax error entry); throws only when the compiler itself
 * cannot be loaded. With the document's ParseCache the parse starts from its last one (the tree
 * updated, unchanged top-level statements reused); the result equals a parse without the cache
 * (test/engine/typescriptIncremental.test.ts).
 */
export function parseTypeScript(text: string, language: ScriptLanguage = 'typescript', fileName?: string, cache?: ParseCache): TypeScriptParse {
  const ts = typescript();
  initTables(ts);
  try {
    const name = fileName ?? (language === 'javascript' ? 'file.js' : 'file.ts');
    const kind = scriptKindOf(ts, fileName, language);
    const create = (t: string) => ts.createSourceFile(name, t, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, kind);
    // With a cache, an incremental re-parse of the document's last tree (incremental.ts); the
    // recovery's blanked variants are parsed afresh (they must not replace the memo). The
    // lowering reuses the top-level statements the edit left alone (statementMemo.ts).
    const memo = typescriptMemo(cache);
    const last = memo?.statements;
    if (memo) memo.statements = undefined;
    const sf = sourceFileOf(ts, text, create, name, kind, memo);
    const errors = parseErrors(ts, sf);
    const repaired = errors.length === 0 ? { sf, text } : recover(sf, text, create);
    const lowerer = new Lowerer(ts, repaired.sf, repaired.text, language, errors);
    const parsed = lowerer.run(memo && { last, file: `${name}|${kind}` });
    if (memo) memo.statements = lowerer.memo;
    return parsed;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return {
      module: { body: [], comments: [], errors: [{ message: `internal parser error: ${message}`, span: { start: 0, end: 0 } }], docstring: undefined },
      info: { language, namespaces: new Map(), libraries: [], notes: new Map(), ownClasses: new Map(), callbacks: [] },
    };
  }
}

/** The whole lowering: pre-scan, then every top-level statement (the layers are lowererBase.ts → expressions.ts → calls.ts → bindings.ts → statements.ts → declarations.ts). */
class Lowerer extends DeclarationLowerer {
  /** This lowering's statements, for the next parse of the document. */
  memo: StatementMemo | undefined;

  /**
   * With `memo`, the top-level statements are recorded (this.memo) and those of `last`, the
   * document's last lowering, reused; `file`: what else decides the parse (name, script kind).
   */
  run(memo?: { last: StatementMemo | undefined; file: string }): TypeScriptParse {
    this.prescan(this.sf);
    this.ownClasses = analyzeOwnClasses(this.ts, this.sf, this.text);
    if (this.ownClasses.size > 0) this.ownTable = ownMatrixTable(this.ownClasses);
    for (const [name, lib] of Object.entries(GLOBAL_NAMESPACES)) {
      if (!this.declared.has(name) && this.usesIdentifier(name)) this.namespaces.set(name, lib);
    }
    const libs = new Set<LibraryId>(this.namespaces.values());
    for (const n of this.namedImports.values()) libs.add(n.lib);
    if (this.ownClasses.size > 0) libs.add('own');
    this.libraries = [...libs];
    const body: Stmt[] = [];
    // The lowered code is NumPy: `np` is bound as a Python module would bind it.
    body.push({ kind: 'import', names: [{ name: 'numpy', asname: 'np', span: { start: 0, end: 0 } }], span: { start: 0, end: 0 } });
    if (memo) body.push(...this.memoised(memo.last, memo.file));
    else for (const s of this.sf.statements) body.push(...this.stmt(s));
    // The most used library first: the file's idiom for fixes.
    this.libraries.sort((a, b) => (this.libraryUse.get(b) ?? 0) - (this.libraryUse.get(a) ?? 0));
    const errors = this.errors;
    this.comments.sort((a, b) => a.span.start - b.span.start);
    return {
      module: { body, comments: this.comments, errors, docstring: undefined },
      info: { language: this.language, namespaces: this.namespaces, libraries: this.libraries, notes: this.notes, ownClasses: this.ownClasses, callbacks: this.callbacks },
    };
  }

  /** The top-level statements, each reused from `last` when it can be (statementMemo.ts), all recorded in this.memo. */
  private memoised(last: StatementMemo | undefined, file: string): Stmt[] {
    // (names the lowering only looks up are sorted: a declaration added or moved keeps the context)
    const context = contextKey([
      file, this.language, this.ts.isExternalModule(this.sf), this.namespaces, this.namedImports, [...this.declared].sort(), [...this.userClasses].sort(),
      [...this.instances].sort(), this.libraries, this.ownClasses,
      // A constructor function's statement is lowered with its prototype's methods (es5.ts).
      [...this.prototypes].map(([cls, ps]) => [cls, ps.map((p) => p.text)]),
    ]);
    const reuse = last?.context === context ? last : undefined;
    const memo = new StatementMemo(context);
    const body: Stmt[] = [];
    for (const s of this.sf.statements) {
      const full = this.text.slice(s.pos, s.end);
      const taken = reuse?.take(full, s.pos, this.tmp);
      const lowered = taken ? this.replay(taken) : this.lowerTopLevel(s);
      memo.add(full, lowered);
      body.push(...lowered.body);
    }
    this.memo = memo;
    return body;
  }

  /** One top-level statement lowered, with the side effects it had (recorded for the memo). */
  private lowerTopLevel(s: TS.Statement): LoweredStatement {
    const effects: StatementEffects = { notes: [], uses: [] };
    this.effects = effects;
    const callbacks = this.callbacks.length;
    const comments = this.comments.length;
    const tmpBefore = this.tmp;
    const body = this.stmt(s);
    this.effects = undefined;
    return { at: s.pos, tmpBefore, tmpAfter: this.tmp, body, ...effects, callbacks: this.callbacks.slice(callbacks), comments: this.comments.slice(comments) };
  }

  /** A memoised statement's side effects, in the order its lowering had them. */
  private replay(l: LoweredStatement): LoweredStatement {
    for (const [e, note] of l.notes) this.setNote(e, note);
    for (const lib of l.uses) this.use(lib);
    this.callbacks.push(...l.callbacks);
    this.comments.push(...l.comments);
    this.tmp = l.tmpAfter;
    return l;
  }
}
