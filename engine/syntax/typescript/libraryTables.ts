// Which library is which: module specifiers, conventional global names, and each library's table
// of spellings (libraries/*.ts) the lowering maps onto NumPy.

import type { LibraryId, LibraryTable } from './libraries/types';
import { TFJS, isTfjsModule } from './libraries/tfjs';
import { MATHJS } from './libraries/mathjs';
import { ML_MATRIX } from './libraries/mlMatrix';
import { NUMJS } from './libraries/numjs';

export const TABLES: Record<Exclude<LibraryId, 'own'>, LibraryTable> = { tfjs: TFJS, mathjs: MATHJS, 'ml-matrix': ML_MATRIX, numjs: NUMJS };

/** Module specifier → library. */
export function libraryOfModule(spec: string): Exclude<LibraryId, 'own'> | undefined {
  if (isTfjsModule(spec)) return 'tfjs';
  if (spec === 'mathjs' || spec === 'mathjs/number') return 'mathjs';
  if (spec === 'ml-matrix') return 'ml-matrix';
  if (spec === 'numjs' || spec === '@d4c/numjs') return 'numjs';
  return undefined;
}

export const GLOBAL_NAMESPACES: Record<string, Exclude<LibraryId, 'own'>> = { tf: 'tfjs', math: 'mathjs', nj: 'numjs' };

export const MATH_UFUNCS: Record<string, string> = {
  exp: 'exp', log: 'log', tanh: 'tanh', sqrt: 'sqrt', abs: 'abs', sin: 'sin', cos: 'cos', log1p: 'log1p', expm1: 'expm1', sign: 'sign', log2: 'log2', log10: 'log10',
};
