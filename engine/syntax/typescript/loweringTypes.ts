// The shapes the TypeScript adapter hands back: the lowered module and what the lowering learnt
// about the file (its libraries, their local names, the notes fixes are spelled from).

import type { Expr, Module, Span } from '../ast';
import type { LibNote, LibraryId } from './libraries/types';
import type { OwnMatrixClass } from './ownMatrix';

export type ScriptLanguage = 'typescript' | 'javascript';

export interface LoweringInfo {
  language: ScriptLanguage;
  /** Local names of library namespaces (`tf` → tfjs, `Matrix` → ml-matrix). */
  namespaces: Map<string, LibraryId>;
  /** Libraries the file uses, the first one the file's main library. */
  libraries: LibraryId[];
  /** What each library-made node came from, for fixes in the file's idiom. */
  notes: Map<Expr, LibNote>;
  /** The user's own matrix classes (a class whose methods are a matrix product, elementwise ops, a transpose). */
  ownClasses: Map<string, OwnMatrixClass>;
  /** Bodies of elementwise callbacks (math.map(A, (v) => …)), lowered with the array in place of `param`. */
  callbacks: (Span & { param: string })[];
}

export interface TypeScriptParse {
  module: Module;
  info: LoweringInfo;
}

/** A name imported from a library module (`import { matMul } from '@tensorflow/tfjs'`). */
export interface NamedImport {
  lib: Exclude<LibraryId, 'own'>;
  member: string;
}
