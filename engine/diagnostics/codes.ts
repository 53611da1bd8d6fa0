// The one table of diagnostic codes. Stable string ids: settings, suppression comments, docs
// anchors and tests all key on them. A test checks that package.json, the docs and this table agree.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface CodeInfo {
  /** Default severity. */
  severity: Severity;
  /** One line for settings descriptions and docs. */
  summary: string;
}

export const DIAGNOSTIC_CODES = {
  'shape-mismatch': {
    severity: 'error',
    summary:
      'Matrix product inner dimensions differ, shapes do not broadcast, a shape assert cannot hold, or an update changes a parameter\'s shape.',
  },
  'missing-transpose': {
    severity: 'error',
    summary: 'A shape mismatch that transposing exactly one operand resolves, consistently with everything else known.',
  },
  'gradient-shape': {
    severity: 'error',
    summary: 'A gradient whose shape differs from the shape of what it differentiates (dW1 and W1).',
  },
  'missing-keepdims': {
    severity: 'warning',
    summary: 'A reduction drops to rank 1 where the result is combined with a rank-2 array or is a bias gradient.',
  },
  'rank-1-array': {
    severity: 'warning',
    summary: 'A rank-1 array (n,) is made or produced where the code then uses it as a column or a row.',
  },
  'accidental-broadcast': {
    severity: 'warning',
    summary: 'A legal broadcast yields a shape none of its operands had, and the result is used as if it had an operand\'s shape.',
  },
  'missing-batch-mean': {
    severity: 'error',
    summary: 'A gradient m times too large: the 1/m of the averaged cost is missing along its path (checked numerically).',
  },
  'extra-batch-mean': {
    severity: 'error',
    summary: 'A gradient m times too small: the 1/m of the averaged cost is applied twice along its path (checked numerically).',
  },
  'wrong-scale': {
    severity: 'error',
    summary: 'A gradient off by another constant factor or with the wrong sign (checked numerically).',
  },
  'wrong-activation-derivative': {
    severity: 'error',
    summary: "The activation's derivative is wrong: another activation's, taken at the wrong value, or a wrong mask (checked numerically).",
  },
  'elementwise-vs-matmul': {
    severity: 'error',
    summary: 'An elementwise product where the chain rule needs a matrix product, or the reverse (checked numerically).',
  },
  'wrong-sum-axis': {
    severity: 'error',
    summary: 'A gradient summed over the wrong axis (checked numerically).',
  },
  'gradient-mismatch': {
    severity: 'error',
    summary: 'A hand-written gradient that disagrees with the derivative of the forward pass, and no single edit explains it.',
  },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export const ALL_CODES = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];

export function isDiagnosticCode(s: string): s is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, s);
}

/** The docs anchor for a code: README.md#<code>. */
export function docsAnchor(code: DiagnosticCode): string {
  return code;
}
