// The compiler's parse of one document, kept between its versions in the document's ParseCache so
// that a keystroke re-parses only around the edit: ts.updateSourceFile is TypeScript's own
// incremental parser (the one its language service runs on every keystroke), given the change as
// the common prefix and suffix of the old and new text. Nodes outside the change are reused, so a
// keystroke allocates a few nodes instead of a whole tree (less time, and less garbage for the
// collector to pause the next analysis on).
//
// updateSourceFile mutates the old tree (it moves the nodes after the edit and marks those across
// it), so the memo holds only the tree of the text last parsed and is replaced by every parse: a
// tree is lowered only for its own text and never after a newer text was parsed from it. The
// compiler re-parses every node that held a syntax error, so the new tree's parse diagnostics are
// those a full parse gives. A memo of another file name or script kind, a text sharing little with
// the last one (another document), or an incremental parse that fails: a full parse.

import type * as TS from 'typescript';
import type { ParseCache } from '../parseCache';
import type { StatementMemo } from './statementMemo';

/** What ParseCache.typescript holds: the last tree (here) and the last lowering's statements (statementMemo.ts). */
export class TypeScriptMemo {
  source: SourceFileMemo | undefined;
  statements: StatementMemo | undefined;
}

/** The cache's TypeScript memo (a new one if it holds none). */
export function typescriptMemo(cache: ParseCache | undefined): TypeScriptMemo | undefined {
  if (!cache) return undefined;
  if (cache.typescript instanceof TypeScriptMemo) return cache.typescript;
  const memo = new TypeScriptMemo();
  cache.typescript = memo;
  return memo;
}

/** The last text parsed and its tree. */
class SourceFileMemo {
  constructor(
    readonly fileName: string,
    readonly scriptKind: TS.ScriptKind,
    readonly text: string,
    readonly sf: TS.SourceFile,
  ) {}
}

/**
 * The text's tree: from the document's last tree when it was parsed from a close enough text of
 * the same file, else a full parse (`create`, which must parse as `fileName` and `scriptKind`).
 * Either way the cache then holds this text's tree.
 */
export function sourceFileOf(ts: typeof TS, text: string, create: (text: string) => TS.SourceFile, fileName: string, scriptKind: TS.ScriptKind, memo: TypeScriptMemo | undefined): TS.SourceFile {
  const last = memo?.source;
  // Taken out before the update: a tree the update mutated must not stay behind if it throws.
  if (memo) memo.source = undefined;
  let sf: TS.SourceFile | undefined;
  if (last && last.fileName === fileName && last.scriptKind === scriptKind) sf = update(ts, last, text);
  sf ??= create(text);
  if (memo) memo.source = new SourceFileMemo(fileName, scriptKind, text, sf);
  return sf;
}

/** The incremental parse, or undefined when a full parse is the better (or only sound) choice. */
function update(ts: typeof TS, memo: SourceFileMemo, text: string): TS.SourceFile | undefined {
  const old = memo.text;
  if (old === text) return memo.sf;
  const max = Math.min(old.length, text.length);
  let prefix = 0;
  while (prefix < max && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  // The change never starts or ends inside a surrogate pair.
  if (prefix > 0 && isHighSurrogate(text.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(text.charCodeAt(text.length - suffix))) suffix--;
  // Another document, or most of this one replaced: nothing worth reusing.
  if (prefix + suffix < text.length / 2) return undefined;
  const change = ts.createTextChangeRange(ts.createTextSpan(prefix, old.length - suffix - prefix), text.length - suffix - prefix);
  try {
    return ts.updateSourceFile(memo.sf, text, change);
  } catch {
    // A compiler assertion: the old tree may be half moved; it is dropped with the memo.
    return undefined;
  }
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
