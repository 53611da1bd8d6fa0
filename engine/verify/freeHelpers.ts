// Helpers a document calls but never defines: a notebook whose cell defining `zero_init(rows, cols)`
// was lost calls it from its methods. A helper whose name says it makes zeros, called with sizes,
// runs as np.zeros of those sizes (pyBuiltins.ts `helper:zeros`): a made-up input like any other, so
// the truth a gradient is compared with is computed from the same values. Any other undefined helper
// is left to concrete/undefinedHelpers.ts (the standard activations assumed, any other skipped).

import type { CValue } from '../concrete/values';

/** A helper whose name says it makes an array of zeros (`zero_init`, `zeros_matrix`, `init_zeros`). */
const ZEROS_HELPER = /^(zeros?|init_?zeros?|zeros?_?(init|initiali[sz]e|array|matrix|vector)?|make_?zeros?|create_?zeros?)$/i;

/** The value an undefined helper runs as, when its name says what it makes; undefined otherwise. */
export function freeHelperValue(name: string): CValue | undefined {
  return ZEROS_HELPER.test(name) ? { t: 'builtin', name: 'helper:zeros' } : undefined;
}
