// The derivation's mathematics (engine/verify/derivation.ts writes it in Unicode: `W2ᵀ · dZ2 ⊙ tanh′(Z1)`)
// as TeX for KaTeX, with the transpose and the 1/m marked where they enter (\htmlClass, so the view's
// theme colours them). Only spelling changes: the expression is the derivation's, already checked.

const SYMBOLS: [RegExp, string][] = [
  [/∂/, '\\partial '],
  [/·/, ' \\cdot '],
  [/⊙/, ' \\odot '],
  [/⊘/, ' \\oslash '],
  [/−/, ' - '],
  [/×/, ' \\times '],
  [/Σ/, '\\sum '],
  [/σ/, '\\sigma '],
  [/′/, "'"],
  [/²/, '^{2}'],
  [/→/, ' \\to '],
];

/** A name as TeX: W1 → W_{1}, dZ2 → dZ_{2}, A_prev → A_{\text{prev}}, tanh → \tanh. */
function name(id: string): string {
  if (id === 'tanh' || id === 'exp' || id === 'log') return `\\${id}`;
  if (id === 'relu') return '\\operatorname{relu}';
  const digits = /^([A-Za-z]+)(\d+)$/.exec(id);
  if (digits) return `${digits[1]}_{${digits[2]}}`;
  const under = /^([A-Za-z]+)_([A-Za-z0-9]+)$/.exec(id);
  if (under) return `${under[1]}_{\\text{${under[2]}}}`;
  return id.length > 1 && id.includes('_') ? `\\text{${id.replace(/_/g, '\\_')}}` : id;
}

const TOKEN = /1\/([A-Za-z_]\w*)|∂([A-Za-z]\w*)\/∂([A-Za-z]\w*)|ᵀ|[A-Za-z_][A-Za-z0-9_]*|…|[\s\S]/g;

export function texOf(math: string): string {
  let out = '';
  for (const m of math.matchAll(TOKEN)) {
    const t = m[0];
    // 1/m (1/N, 1/batch_size): the batch mean, marked where it enters.
    if (m[1] !== undefined) out += `\\htmlClass{bp-batch}{\\frac{1}{${name(m[1])}}}`;
    else if (m[2] !== undefined) out += `\\frac{\\partial ${name(m[2])}}{\\partial ${name(m[3])}}`;
    else if (t === 'ᵀ') out += '^{\\htmlClass{bp-transpose}{\\top}}';
    else if (/^[A-Za-z_]/.test(t)) out += name(t);
    else if (t === '…') out += '\\dots ';
    else out += SYMBOLS.find(([re]) => re.test(t))?.[1] ?? (/[{}\\#$%&^~]/.test(t) ? `\\${t}` : t);
  }
  // Σ(dZ2, axis=1): the sum over an axis, written under the Σ.
  out = out.replace(/\\sum \(((?:[^()]|\([^()]*\))*), axis=([\d,]+)\)/g, (_, body: string, axis: string) => `\\sum_{\\text{axis ${axis}}} ${body}`);
  return out.replace(/ {2,}/g, ' ').trim();
}

/** A NumPy line in math (for a ✗ whose right line the shape checks' fix gives): np.dot(a, b) → a · b, X.T → Xᵀ, 1 / m * → 1/m. */
export function mathOfPython(line: string): string {
  let s = line;
  for (let k = 0; k < 4; k++) s = s.replace(/np\.dot\(([^,()]+(?:\([^()]*\))?), ([^()]+(?:\([^()]*\))?)\)/g, '$1 · $2');
  return s
    .replace(/np\.sum\(([^,()]+), axis=(\d), keepdims=True\)/g, 'Σ($1, axis=$2)')
    .replace(/\b([A-Za-z]\w*)\.T\b/g, '$1ᵀ')
    .replace(/\b1 \/ ([A-Za-z_]\w*) \* /g, '1/$1 ')
    .replace(/ \* /g, ' ⊙ ');
}
