// Where a shape came from, as a place in the source: the engine's structured origin. An array value
// made by an operation carries the operation's expression (`np.dot(W1, X) + b1`); one a statement
// states carries that statement (an `assert`) or its comment (`# (n_h, m)`). The prose origin beside
// it (`np.dot on line 9`, `the docstring of forward`) is the plain text for the CLI; editors show the
// place (server/origin.ts renders it), so nothing downstream parses prose or re-reads the source.

import type { Span } from '../syntax/ast';

export interface OriginSite {
  /** operation: the expression computed it; statement: an assert stated it; comment: a shape comment stated it. */
  kind: 'operation' | 'statement' | 'comment';
  /** The unit the span is in: '' for the analysed document, else the module's name. */
  file: string;
  span: Span;
}
