// Custom messages between the Backprop Lint client and server, beyond LSP. Shared by both sides;
// types and method names only (no vscode or LSP library imports), so the client bundle stays small.

import type { ShapeRecord } from '../engine/index';

/** Server → client notification: analysis state of one document (a file, or a notebook by its URI). */
export const STATUS_NOTIFICATION = 'backpropLint/status';

/**
 * `analysing`: the analysis after an edit is running; `verifying`: its findings are published, but
 * gradient verification ran out of the editor's first budget and goes on in the background (more
 * findings may follow, then `idle`); `idle`: done; `error`: the document could not be analysed.
 */
export type StatusState = 'analysing' | 'verifying' | 'idle' | 'error';

export interface StatusParams {
  state: StatusState;
  /** Findings published for the document so far (0 while analysing or after an error). */
  findings: number;
  uri: string;
  /** What the analysis is busy with, when worth saying (`loading TypeScript`: the first TypeScript or JavaScript document). */
  detail?: string;
}

/** Client → server request: the shapes the engine inferred for a document (a file, a notebook or one of its cells). */
export const SHAPES_REQUEST = 'backpropLint/shapes';

export interface ShapesParams {
  uri: string;
}

/** The document's ShapeRecords; empty when the document is not open or not analysed. */
export type ShapesResult = ShapeRecord[];

/** The code action kind of "fix all certain problems". */
export const FIX_ALL_KIND = 'source.fixAll.backpropLint';

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'backprop-lint';
