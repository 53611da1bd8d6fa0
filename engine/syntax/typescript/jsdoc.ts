// JSDoc in the forms the engine's shape readers understand (engine/shapes/*): a function's JSDoc
// becomes its docstring, written the Coursera way, and `@shape` on a declaration becomes a shape
// comment on the declaration's line.
//
//   /**
//    * Forward pass.
//    * @param X inputs, shape [nIn, m]
//    * @param parameters.W1 weights, shape [nH, nIn]
//    * @returns A2 -- output, shape [1, m]
//    */
//
// is read as the docstring
//
//   Forward pass.
//
//   Arguments:
//   X -- inputs of shape (nIn, m)
//   parameters -- dictionary containing:
//       W1 -- weights of shape (nH, nIn)
//
//   Returns:
//   A2 -- output of shape (1, m)
//
// and `/** @shape [n_h, m] */ const Z1 = …` as `# shape: (n_h, m)` on Z1's line.
// `@backpropLint <op>` declares what a method of a user's own Matrix class does (ownMatrix.ts).

export interface JsDoc {
  description: string;
  params: { name: string; type: string | undefined; text: string }[];
  returns: { type: string | undefined; text: string } | undefined;
  /** The shape of `@shape [n_h, m]`, as written. */
  shape: string | undefined;
  /** `@backpropLint <word>` */
  backpropLint: string | undefined;
  /** Where the `@shape` tag's line is written (trimmed), when the comment's place is known. */
  shapeLine?: { start: number; end: number };
}

/** Parses the text of a `/** ... *\/` comment. */
export function parseJsDoc(comment: string): JsDoc {
  const body = comment.replace(/^\/\*\*/, '').replace(/\*\/$/, '');
  const lines = body.split(/\r\n|\r|\n/).map((l) => l.replace(/^\s*\*(?!\/) ?/, '').replace(/\s+$/, ''));
  const out: JsDoc = { description: '', params: [], returns: undefined, shape: undefined, backpropLint: undefined };
  const desc: string[] = [];
  let current: { tag: string; text: string[] } | undefined;
  const tags: { tag: string; text: string[] }[] = [];
  for (const raw of lines) {
    // A tag starts a line or follows a space (`/** @param X … @param W … */` on one line).
    const parts = raw.trim().split(/(?:^|\s)(?=@[A-Za-z]\w*\b)/);
    for (const part of parts) {
      const l = part.trim();
      const m = /^@(\w+)\s*(.*)$/.exec(l);
      if (m) {
        current = { tag: m[1], text: [m[2]] };
        tags.push(current);
      } else if (current) current.text.push(l);
      else desc.push(l);
    }
  }
  out.description = desc.join('\n').trim();
  for (const t of tags) {
    let text = t.text.join(' ').replace(/\s+/g, ' ').trim();
    let type: string | undefined;
    const typed = /^\{((?:[^{}]|\{[^{}]*\})*)\}\s*/.exec(text);
    if (typed) {
      type = typed[1];
      text = text.slice(typed[0].length);
    }
    switch (t.tag) {
      case 'param':
      case 'arg':
      case 'argument': {
        const m = /^\[?([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(?:=[^\]]*)?\]?\s*(?:-\s+|—\s*|:\s*)?(.*)$/.exec(text);
        if (m) out.params.push({ name: m[1], type, text: m[2] });
        break;
      }
      case 'returns':
      case 'return':
        out.returns = { type, text };
        break;
      case 'shape':
        out.shape = text;
        break;
      case 'backpropLint':
      case 'backproplint':
        out.backpropLint = text.split(/\s+/)[0]?.toLowerCase();
        break;
    }
  }
  return out;
}

/** `shape [nIn, m]`, `[nIn, m]` → `of shape (nIn, m)`: the phrasing the docstring reader knows. */
export function shapePhrase(text: string): string {
  // Brackets holding sizes become parentheses: [nIn, m] → (nIn, m).
  let t = text.replace(/\[([\w$\s,+\-*/.]*)\]/g, (whole, inner: string) => (/^\s*[\w$]/.test(inner) ? `(${inner})` : whole));
  // "inputs, shape (a, b)" / "inputs shape: (a, b)" → "inputs of shape (a, b)"
  t = t.replace(/,?\s*\b(?:with\s+|of\s+)?shape\s*:?\s*(?=\()/i, ' of shape ');
  return t.trim();
}

/**
 * Shapes a function's comment states in free form for its parameters (issue 11): `X: [nX, m]`,
 * `X (nX × m)`, `dZ -- [n, m]`, `W: nH x nX matrix` is not read (no brackets). Only names of the
 * function's parameters count, each once; sizes are names or integers.
 */
export function freeFormShapes(text: string, params: readonly string[]): { name: string; shape: string }[] {
  if (params.length === 0 || !/[\[(]/.test(text)) return [];
  const out: { name: string; shape: string }[] = [];
  const size = String.raw`[A-Za-z_$][\w$]*|\d+`;
  const re = new RegExp(String.raw`(?<![\w$.])([A-Za-z_$][\w$]*)\s*(?::|--?|—|–|=)?\s*(?:(?:is\s+)?(?:of\s+)?(?:shape|size|dims?)\s*:?\s*)?[\[(]\s*((?:${size})(?:\s*(?:,|×|\*|\bx\b)\s*(?:${size}))*)\s*,?\s*[\])]`, 'g');
  for (const line of text.split(/\n/)) {
    for (const m of line.matchAll(re)) {
      const name = m[1]!;
      if (!params.includes(name) || out.some((o) => o.name === name)) continue;
      const dims = m[2]!.split(/\s*(?:,|×|\*|\bx\b)\s*/).filter((d) => d.length > 0);
      out.push({ name, shape: dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})` });
    }
  }
  return out;
}

/** The docstring a function's JSDoc stands for (undefined when the JSDoc says nothing useful); `params`: the function's parameter names, for shapes stated in free form. */
export function docstringFromJsDoc(doc: JsDoc, params: readonly string[] = []): string | undefined {
  const lines: string[] = [];
  if (doc.description) lines.push(doc.description, '');
  const top = doc.params.filter((p) => !p.name.includes('.'));
  // `X: [nX, m]` in the description, for a parameter no @param tag describes.
  for (const f of freeFormShapes(doc.description, params)) {
    if (!top.some((p) => p.name === f.name)) top.push({ name: f.name, type: undefined, text: `of shape ${f.shape}` });
  }
  const members = new Map<string, { name: string; text: string }[]>();
  for (const p of doc.params) {
    const dot = p.name.indexOf('.');
    if (dot < 0) continue;
    const parent = p.name.slice(0, dot);
    const list = members.get(parent) ?? [];
    list.push({ name: p.name.slice(dot + 1), text: p.text });
    members.set(parent, list);
  }
  for (const parent of members.keys()) if (!top.some((p) => p.name === parent)) top.push({ name: parent, type: undefined, text: '' });
  if (top.length > 0) {
    lines.push('Arguments:');
    for (const p of top) {
      const mem = members.get(p.name);
      if (mem) {
        lines.push(`${p.name} -- dictionary containing:`);
        for (const m of mem) lines.push(`    ${m.name} -- ${shapePhrase(m.text)}`);
      } else lines.push(`${p.name} -- ${shapePhrase(p.text) || 'parameter'}`);
    }
    lines.push('');
  }
  if (doc.returns && doc.returns.text) {
    lines.push('Returns:');
    const t = doc.returns.text;
    const named = /^([A-Za-z_$][\w$]*)\s*(?:--+|—|–|-\s|:)\s*(.*)$/.exec(t);
    lines.push(named ? `${named[1]} -- ${shapePhrase(named[2])}` : shapePhrase(t));
  }
  const out = lines.join('\n').trim();
  return out.length > 0 ? out : undefined;
}

/** The shape comment text a `@shape` tag stands for: `[n_h, m]` → ` shape: (n_h, m)`. */
export function shapeCommentFromJsDoc(doc: JsDoc): string | undefined {
  if (!doc.shape) return undefined;
  const t = doc.shape.trim().replace(/^\[(.*)\]$/, '($1)');
  return /^\(.*\)$/.test(t) ? ` shape: ${t}` : undefined;
}
