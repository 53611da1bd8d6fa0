// Shapes stated by the author in docstrings and comments, read without running anything.
//
// - shapesFromDocstring(doc): shapes of parameters and return values (docstringShapes.ts)
// - shapeFromComment(comment): the shape a line comment states (commentShapes.ts)
// - dims are read by dimPhrases.ts, which also holds the English phrase table
//   (`number of examples` -> m, `size of previous layer` -> n[l-1], ...).
//
// Unknown rank: `(N, d_1, ..., d_k)` is reported with `variadic: true` and `dims` = the fixed
// leading dims ([N]); a run followed by more dims yields no shape.

export type { StatedDim, StatedShape, DocShapes } from './dimPhrases';
export { DIM_PHRASES, lookupDimPhrase, parseDim, declaredNames } from './dimPhrases';
export type { DeclaredNames } from './dimPhrases';
export { shapesFromDocstring } from './docstringShapes';
export { shapeFromComment } from './commentShapes';
