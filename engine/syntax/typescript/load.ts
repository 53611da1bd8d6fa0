// Loads the TypeScript compiler lazily: the first TypeScript or JavaScript document pays for it
// (≈ 180 ms on a 2-core machine), Python-only sessions never do. `typescript` is external to the
// dist bundles (build.mjs), so this is a plain require resolved from node_modules at run time.

import type * as TS from 'typescript';
import { compilerView } from './compilerView';

let loaded: typeof TS | undefined;
let loadMs: number | undefined;
let failure: string | undefined;

/** The compiler's API (a fast view of the module), loaded on first use; throws when it cannot be loaded (the caller reports it). */
export function typescript(): typeof TS {
  if (loaded) return loaded;
  if (failure) throw new Error(failure);
  const t0 = performance.now();
  try {
    // A plain require inside a function: esbuild leaves it as is (typescript is external) and
    // Node resolves it only when the first TypeScript or JavaScript document arrives.
    loaded = require('typescript') as typeof TS;
  } catch (err) {
    failure = `the TypeScript compiler could not be loaded (${err instanceof Error ? err.message : String(err)})`;
    throw new Error(failure);
  }
  loadMs = performance.now() - t0;
  if (typeof loaded.createSourceFile !== 'function') {
    failure = `typescript ${loaded.version} has no createSourceFile (7.x is the native port; 6.0.x is needed)`;
    loaded = undefined;
    throw new Error(failure);
  }
  // Callers get the fast view (compilerView.ts): the same API, through a small object.
  loaded = compilerView(loaded);
  return loaded;
}

/** Milliseconds the compiler took to load, or undefined before the first TypeScript document. */
export function typescriptLoadMs(): number | undefined {
  return loadMs;
}

/** Whether the compiler has been loaded in this process. */
export function typescriptLoaded(): boolean {
  return loaded !== undefined;
}
