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
 * cannot be loaded.
 */
export function parseTypeScript(text: string, language: ScriptLanguage = 'typescript', fileName?: string, cache?: ParseCache): TypeScriptParse {
  void cache;
  const ts = typescript();
  initTables(ts);
  try {
    const create = (t: string) => ts.createSourceFile(fileName ?? (language === 'javascript' ? 'file.js' : 'file.ts'), t, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, scriptKindOf(ts, fileName, language));
    const sf = create(text);
    const errors = parseErrors(ts, sf);
    if (errors.length === 0) return new Lowerer(ts, sf, text, language, errors).run();
    const repaired = recover(sf, text, create);
    return new Lowerer(ts, repaired.sf, repaired.text, language, errors).run();
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
  run(): TypeScriptParse {
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
    for (const s of this.sf.statements) body.push(...this.stmt(s));
    // The most used library first: the file's idiom for fixes.
    this.libraries.sort((a, b) => (this.libraryUse.get(b) ?? 0) - (this.libraryUse.get(a) ?? 0));
    const errors = this.errors;
    this.comments.sort((a, b) => a.span.start - b.span.start);
    return {
      module: { body, comments: this.comments, errors, docstring: undefined },
      info: { language: this.language, namespaces: this.namespaces, libraries: this.libraries, notes: this.notes, ownClasses: this.ownClasses, callbacks: this.callbacks },
    };
  }
}
