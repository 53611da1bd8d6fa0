// What is open: Python, TypeScript and JavaScript files (TextDocuments) and notebooks
// (NotebookDocuments), seen as analysis units. A unit is keyed by the file's URI or the notebook's
// URI; a notebook's Python code cells form one program, in cell order.

import * as path from 'node:path';
import { NotebookCellKind, type NotebookDocuments, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentInput, SourceLanguage } from '../engine/index';
import { isScriptLanguage, PYTHON_LANGUAGE, sourceLanguageOf } from './languages';
import { pathKey, uriToPath } from './uris';

/** An immutable view of a unit at one version: what the engine is given and how to map results back. */
export interface UnitSnapshot {
  /** The file URI, or the notebook URI. */
  key: string;
  /** `python` for any source file (Python, TypeScript, JavaScript: see `language`), as in DocumentInput. */
  kind: 'python' | 'notebook';
  /** The file's language (notebooks: python). */
  language: SourceLanguage;
  /** Identifies the text analysed; any edit gives a different string. */
  version: string;
  input: DocumentInput;
  /** Folder of the file on disk (for imports); undefined for untitled documents. */
  dir: string | undefined;
  /** Engine cell index → cell URI (notebooks); `[key]` for a file. */
  docUris: string[];
  /** Engine cell index → LSP version of that cell's text document (or the file's). */
  docVersions: number[];
}

/** A TypeScript or JavaScript file (lowered by the engine; no imports read; `//` comments). */
export function isScriptUnit(snapshot: UnitSnapshot): boolean {
  return snapshot.language !== 'python';
}

export class Workspace {
  constructor(
    readonly documents: TextDocuments<TextDocument>,
    readonly notebooks: NotebookDocuments<TextDocument>,
  ) {}

  /** The unit a URI belongs to: a file, a notebook, or the notebook owning a cell. */
  unitKeyFor(uri: string): string | undefined {
    if (typeof uri !== 'string') return undefined;
    const nb = this.notebooks.findNotebookDocumentForCell(uri);
    if (nb) return nb.uri;
    if (this.notebooks.getNotebookDocument(uri)) return uri;
    if (this.documents.get(uri)) return uri;
    return undefined;
  }

  /** The text document for a file or a cell URI. */
  textDocument(uri: string): TextDocument | undefined {
    return this.documents.get(uri) ?? this.notebooks.cellTextDocuments.get(uri);
  }

  allUnitKeys(): string[] {
    const keys = this.documents.keys().filter((uri) => sourceLanguageOf(this.documents.get(uri)?.languageId) !== undefined);
    for (const doc of this.notebooks.cellTextDocuments.all()) {
      const nb = this.notebooks.findNotebookDocumentForCell(doc.uri);
      if (nb && !keys.includes(nb.uri)) keys.push(nb.uri);
    }
    return keys;
  }

  /** Text of an open Python file at a path, if the editor has it open (it may differ from disk). */
  openTextAt(filePath: string): string | undefined {
    const key = pathKey(filePath);
    for (const doc of this.documents.all()) {
      const p = uriToPath(doc.uri);
      if (p !== undefined && pathKey(p) === key) return doc.getText();
    }
    return undefined;
  }

  /**
   * Editor texts of the open files an import of a file in `dir` can resolve to (engine/moduleFiles.ts),
   * as [pathKey, text], the importing document itself left out (the job carries it). Sent to the
   * analysis worker with the document, so imports see unsaved editor text. Python modules lie in `dir`
   * or below it; a script's relative import may also climb out of it (`../lib/layers`), so a script
   * unit gets the open script files anywhere.
   */
  openTextsFor(dir: string, script: boolean, importer: string): [string, string][] {
    const root = pathKey(dir);
    const prefix = root.endsWith(path.sep) ? root : root + path.sep;
    const out: [string, string][] = [];
    for (const doc of this.documents.all()) {
      const p = uriToPath(doc.uri);
      if (p === undefined || doc.uri === importer) continue;
      const k = pathKey(p);
      if (script ? isScriptLanguage(doc.languageId) : k.startsWith(prefix)) out.push([k, doc.getText()]);
    }
    return out;
  }

  snapshot(key: string): UnitSnapshot | undefined {
    const nb = this.notebooks.getNotebookDocument(key);
    if (nb) {
      const cells: string[] = [];
      const docUris: string[] = [];
      const docVersions: number[] = [];
      // Messages cite cells as the CLI does (ruff's convention): counting every cell, markdown ones too.
      const cellNumbers: number[] = [];
      for (const [n, cell] of nb.cells.entries()) {
        if (cell.kind !== NotebookCellKind.Code) continue;
        const doc = this.notebooks.cellTextDocuments.get(cell.document);
        if (!doc || doc.languageId !== PYTHON_LANGUAGE) continue;
        cells.push(doc.getText());
        cellNumbers.push(n);
        docUris.push(doc.uri);
        docVersions.push(doc.version);
      }
      const p = uriToPath(key);
      return {
        key,
        kind: 'notebook',
        language: 'python',
        version: `${nb.version}|${docUris.map((u, i) => `${u}@${docVersions[i]}`).join('|')}`,
        input: { kind: 'notebook', path: p ?? key, cells, cellNumbers },
        dir: p === undefined ? undefined : path.dirname(p),
        docUris,
        docVersions,
      };
    }
    const doc = this.documents.get(key);
    const language = sourceLanguageOf(doc?.languageId);
    if (!doc || language === undefined) return undefined;
    const p = uriToPath(key);
    return {
      key,
      kind: 'python',
      language,
      version: String(doc.version),
      // TypeScript and JavaScript go to the engine as source files with their language (as the CLI
      // sends them, cli/document.ts); Python's input stays exactly as it was.
      input: language === 'python' ? { kind: 'python', path: p ?? key, text: doc.getText() } : { kind: 'python', path: p ?? key, text: doc.getText(), language },
      dir: p === undefined ? undefined : path.dirname(p),
      docUris: [key],
      docVersions: [doc.version],
    };
  }

  /** The current version string of a unit, cheaply enough to compare on every request. */
  currentVersion(key: string): string | undefined {
    return this.snapshot(key)?.version;
  }

  /** Engine cell index of a URI inside its unit: 0 for a file... undefined when the URI is not a Python cell of it. */
  cellIndex(snapshot: UnitSnapshot, uri: string): number | undefined {
    const i = snapshot.docUris.indexOf(uri);
    return i < 0 ? undefined : i;
  }
}
