// Shapes stated in line comments: `# (n_h, m)`, `# shape: (n_h, m)`, `# Z1: (n_h, m)`,
// `# Z1 shape (n_h, m)`, `# Z1.shape == (n_h, m)`, `# -> (n_h, m)`, `# (n_h, n_x) . (n_x, m) -> (n_h, m)`.

import { findGroups, parseShapeList, type DeclaredNames, type ParsedShapeList, type StatedShape } from './dimPhrases';

/** A variable as named in a comment: `Z1`, `A_prev`, `self.W1`, `parameters["W1"]`, `params['W1']`. */
const VAR = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:\[\s*(?:"[^"\n]*"|'[^'\n]*'|\w+)\s*\])*$/;

/** Words that can sit where a variable would and are not one (`Output: (n_y, m)`). */
const NOT_VARS = new Set([
  'shape', 'shapes', 'size', 'dims', 'dim', 'dimensions', 'returns', 'return', 'result', 'output', 'input',
  'note', 'step', 'expected', 'hint', 'todo', 'answer', 'is', 'of', 'has', 'with', 'the', 'this', 'it', 'that',
  'which', 'here', 'now', 'then',
]);
/** Labels before a colon that announce a shape: `# Output: (n_y, m)`. */
const LABELS = new Set(['output', 'input', 'result', 'returns', 'return', 'expected', 'expected output', 'answer']);
const CONTAINER_NAME = /(?:^|_)caches?$|^(?:grads|gradients)$/i;

/** The introduction right before a group and the text before it. */
const TAIL =
  /(?:\.shape\s*(?:==|=|:|\bis\b)?|\b(?:(?:has|with|of)\s+)?(?:shapes?|sizes?|dims?|dimensions?)(?:\s*(?:==|=|:|\bis\b|\bof\b))?|:|->|→|=>|\bis\b)\s*$/i;

function wordCount(s: string): number {
  return s.split(/\s+/).filter((w) => /\w/.test(w)).length;
}

function normaliseVar(v: string): string {
  return v.replace(/\s+/g, '').replace(/\['([^']*)'\]/g, '["$1"]');
}

interface Candidate {
  shape: StatedShape;
  arrow: boolean;
}

/**
 * The shape a line comment states. `comment` may include the leading `#`. `name` is '' when the
 * comment names no variable (the shape then applies to the assignment on its line). Undefined when
 * the comment states no shape: prose with parentheses (`(≈ 1 line of code)`, `(see Figure 1)`),
 * calls (`np.dot(W1, X)`) and commented-out tuples (`cache = (Z1, A1)`) state none.
 */
export function shapeFromComment(comment: string, declared?: DeclaredNames): StatedShape | undefined {
  const lead = /^\s*#*\s*/.exec(comment)![0].length;
  const text = comment.slice(lead).replace(/\s+$/, '');
  const candidates: Candidate[] = [];
  for (const g of findGroups(text)) {
    const head = text.slice(0, g.start).trimEnd();
    let name = '';
    let parsed: ParsedShapeList | undefined;
    let arrow = false;
    if (head === '') {
      parsed = parseShapeList(g.inner, 'weak', declared);
    } else {
      const tail = TAIL.exec(head);
      if (tail) {
        const before = head.slice(0, tail.index).trim();
        const word = tail[0].trim();
        arrow = /^(?:->|→|=>)$/.test(word);
        const isVar = VAR.test(before) && !NOT_VARS.has(before.toLowerCase());
        if (/^is$/i.test(word) && !isVar) continue;
        if (!isVar && !arrow) {
          // prose around the shape: `# hidden activations, shape (n_h, m)` yes; a sentence about a
          // shape (`# Planted bug: W1 is initialised with shape (n_x, n_h) instead of ...`) or a
          // label before a colon (`# accidental-broadcast: (N, N)`) no
          const shapeWord = /\b(?:shapes?|sizes?|dims?|dimensions?)\b/i.test(word);
          if (!shapeWord && before !== '' && !LABELS.has(before.toLowerCase())) continue;
          if (wordCount(before) > 4 || wordCount(text.slice(g.end + 1)) > 4) continue;
        }
        if (isVar) name = normaliseVar(before);
        // `(n_h, n_x) . (n_x, m) -> (n_h, m)`: the text before an arrow is not a name
        if (arrow && !isVar) name = '';
        parsed = parseShapeList(g.inner, 'strong', declared);
      } else if (VAR.test(head) && !NOT_VARS.has(head.toLowerCase())) {
        // `Z1 (n_h, m)`
        name = normaliseVar(head);
        parsed = parseShapeList(g.inner, 'weak', declared);
      }
    }
    if (!parsed) continue;
    if (name !== '' && CONTAINER_NAME.test(name.replace(/\[.*$/, '').replace(/^.*\./, ''))) continue;
    const line = (comment.slice(0, lead + g.start).match(/\r\n|\r|\n/g) ?? []).length;
    const shape: StatedShape = { name, dims: parsed.dims, line, raw: g.raw };
    if (parsed.variadic) shape.variadic = true;
    candidates.push({ shape, arrow });
  }
  const arrows = candidates.filter((c) => c.arrow);
  if (arrows.length > 0) return arrows[arrows.length - 1]!.shape;
  return candidates[0]?.shape;
}
