// A parameter's TypeScript type as a shape source (issue 11), for a function analysed on its own
// when nothing else (a docstring, a link from the program model) gives the parameter a value. The
// lowering writes types as annotation expressions (engine/syntax/typescript/typeShapes.ts); here
// they become values of the rank they state, with one fresh size per axis, inferred (holes.ts: an
// assumed rank never makes a rank contradiction, fresh sizes never contradict anything):
//
//   number[] → 1-D, number[][] → 2-D, Tensor2D / Matrix → 2-D (Tensor1D, Tensor3D, Tensor4D alike),
//   an object type, an interface, a type alias → a dict of those (unseen keys read as holes),
//   a tuple type → a tuple of those (holes where an element says nothing),
//   ReturnType<typeof initParams> → a copy of initParams' analysed result.
//
// `number` alone says nothing (a size, a rate or a scalar): the parameter stays a hole.

import type { Expr, Module } from '../syntax/ast';
import type { DimStore } from '../shapes/dim';
import { TYPE_DECL_PREFIX, TYPE_MARK } from '../syntax/typescript/typeShapes';
import { copyValue, newHole } from './holes';
import type { Value } from './values';

const NAMED_RANKS: Record<string, number> = {
  Matrix: 2, Matrix2D: 2, Mat: 2, Tensor2D: 2, Array2D: 2,
  Vector: 1, Tensor1D: 1, Array1D: 1,
  Tensor3D: 3, Tensor4D: 4,
};
const MAX_DEPTH = 8;

interface ModuleTypes {
  decls: Map<string, Expr>;
  classes: Set<string>;
}

const byModule = new WeakMap<Module, ModuleTypes>();

function moduleTypes(module: Module): ModuleTypes {
  let t = byModule.get(module);
  if (t) return t;
  t = { decls: new Map(), classes: new Set() };
  for (const s of module.body) {
    if (s.kind === 'annassign' && !s.value && s.target.kind === 'name' && s.target.id.startsWith(TYPE_DECL_PREFIX)) {
      const inner = unmark(s.annotation);
      if (inner) t.decls.set(s.target.id.slice(TYPE_DECL_PREFIX.length), inner);
    } else if (s.kind === 'class') t.classes.add(s.name);
  }
  byModule.set(module, t);
  return t;
}

function unmark(a: Expr | undefined): Expr | undefined {
  return a?.kind === 'call' && a.func.kind === 'name' && a.func.id === TYPE_MARK && a.args.length === 1 ? a.args[0] : undefined;
}

/**
 * The value a parameter's type annotation states, or undefined when it states nothing about shapes.
 * `resultOf(f)`: the analysed result of the module's function f, if it has run.
 */
export function annotatedValue(dims: DimStore, module: Module, annotation: Expr | undefined, param: string, resultOf: (f: string) => Value | undefined): Value | undefined {
  const t = unmark(annotation);
  if (!t) return undefined;
  const types = moduleTypes(module);
  const v = valueOf(t, param, 0);
  // `number` on its own is no shape: the parameter stays a hole.
  return v && v.t !== 'float' ? v : undefined;

  function valueOf(e: Expr, base: string, depth: number): Value | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (e.kind) {
      case 'name': {
        if (e.id === 'float') return { t: 'float' };
        const decl = types.decls.get(e.id);
        if (decl) return valueOf(decl, base, depth + 1);
        const rank = NAMED_RANKS[e.id];
        // A class of the file's own (an own Matrix class) is read by its methods, not as an array.
        if (rank === undefined || types.classes.has(e.id)) return undefined;
        return array(rank, base, e.id);
      }
      case 'subscript': {
        let rank = 0;
        let x: Expr = e;
        while (x.kind === 'subscript' && x.obj.kind === 'name' && x.obj.id === 'list') {
          rank++;
          x = x.index;
        }
        if (x.kind === 'name' && x.id === 'float') return array(rank, base, `number${'[]'.repeat(rank)}`);
        // An array of named matrices (`Matrix[]`) is a list, not a higher-rank array.
        return undefined;
      }
      case 'dict': {
        const entries = new Map<string, Value>();
        e.keys.forEach((k, i) => {
          if (k?.kind !== 'str' || k.value === undefined) return;
          const v = valueOf(e.values[i]!, k.value, depth + 1);
          entries.set(k.value, v && v.t !== 'float' ? v : newHole(`${param}["${k.value}"]`));
        });
        return { t: 'dict', entries, open: true, inferred: true };
      }
      case 'tuple':
        return { t: 'tuple', items: e.elts.map((x, i) => (x.kind === 'none' ? undefined : valueOf(x, `${base}[${i}]`, depth + 1)) ?? newHole(`${base}[${i}]`)) };
      case 'call': {
        // ReturnType<typeof f>: what f's analysis returned, as a copy (nothing learned here changes f's sizes).
        if (e.func.kind !== 'name' || e.func.id !== 'ReturnType' || e.args[0]?.kind !== 'name') return undefined;
        const r = resultOf(e.args[0].id);
        if (!r || r.t === 'unknown' || r.t === 'none') return undefined;
        // The initialisation is the specification: the sizes it names (nHidden, nOut) are frozen, different unless the code makes them equal.
        const c = copyValue(dims, r, new Map(), dims.newScope(), new Map(), `from ${e.args[0].id}() (the type ReturnType<typeof ${e.args[0].id}>)`);
        return unknownFieldsAsHoles(c, param);
      }
      default:
        return undefined;
    }
  }

  function array(rank: number, base: string, typeText: string): Value {
    const shape = Array.from({ length: rank }, (_, i) => dims.hinted(`${base}.shape[${i}]`, true));
    return { t: 'array', shape, origin: `inferred from the type of ${base} (${typeText})` };
  }
}

/**
 * A dict that crossed from another function with fields its analysis could not shape
 * (`W1: randomMatrix(nH, nIn)` built by loops): those fields are holes, decided by use where they arrive.
 */
export function unknownFieldsAsHoles(v: Value, param: string): Value {
  if (v.t === 'dict') for (const [k, x] of v.entries) if (x.t === 'unknown' && !x.hole) v.entries.set(k, newHole(`${param}["${k}"]`));
  return v;
}
