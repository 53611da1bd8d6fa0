// Attribute reads on concrete values: numpy's namespaces, user modules, objects and classes,
// array attributes (`.T`, `.shape`) and methods, container methods.

import type { Span } from '../syntax/ast';
import { transpose } from '../numeric/kernels';
import type { Evaluator } from './evaluator';
import { type CValue, NONE, Unevaluable, num } from './values';
import { SAVE_BUILTIN, SAVE_FOR_BACKWARD } from '../conventions/autograd';
import { numpyCall } from './numpyCalls';
import { bind, findClassAttr, findMethod, methodKind } from './classes';
import { mathConstant } from './mathModule';
import { isTorchModule, torchAttribute } from '../ops/torch';

const NP_SUBMODULES = new Set(['random', 'linalg']);
const NP_CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E, inf: Infinity };

export function attributeOf(ev: Evaluator, obj: CValue, name: string, span: Span): CValue {
  switch (obj.t) {
    case 'module': {
      if (obj.name === 'opaque:math') {
        const c = mathConstant(name);
        if (c) return c;
      }
      if (obj.name.startsWith('opaque:')) return { t: 'module', name: `${obj.name}.${name}` };
      if (isTorchModule(obj.name)) {
        const got = torchAttribute(obj.name, name);
        // What torch's table does not model is what it was before: an opaque library's name.
        return !got ? { t: 'module', name: `opaque:${obj.name}.${name}` } : 'module' in got ? { t: 'module', name: got.module } : { t: 'builtin', name: got.builtin };
      }
      if (obj.ns) {
        const v = obj.ns.vars.get(name);
        if (!v) throw new Unevaluable(`${obj.name}.${name} is not defined`);
        return v;
      }
      if (obj.name === 'np' && NP_SUBMODULES.has(name)) return { t: 'module', name: `np.${name}` };
      if (obj.name === 'np' && name === 'newaxis') return NONE;
      if (obj.name === 'np' && name in NP_CONSTANTS) return num(NP_CONSTANTS[name], false);
      return { t: 'builtin', name: `${obj.name}.${name}` };
    }
    case 'object': {
      const m = findMethod(obj.cls, name);
      // A property is read by calling its getter (it takes precedence over the instance's own attributes).
      if (m && methodKind(m.fn.def) === 'property') return ev.call(bind(m, obj), [], new Map(), span);
      const own = obj.attrs.get(name);
      if (own) return own;
      if (m) return m.fn.static ? m.fn : bind(m, obj);
      const ca = findClassAttr(obj.cls, name);
      if (ca) return ca;
      // A custom autograd function's context (conventions/autograd.ts): `ctx.save_for_backward(x, w)`.
      if (name === SAVE_FOR_BACKWARD) return { t: 'builtin', name: SAVE_BUILTIN, self: obj };
      // JavaScript's `node.requiresGrad || false` on an object (the lowering reads a field with a default as `.get`).
      if (name === 'get') return { t: 'builtin', name: 'object.get', self: obj };
      throw new Unevaluable(`${obj.cls.name} has no attribute ${name}`);
    }
    case 'class': {
      if (name === '__name__') return { t: 'str', v: obj.name };
      const v = findMethod(obj, name)?.fn ?? findClassAttr(obj, name);
      if (!v) throw new Unevaluable(`${obj.name}.${name}`);
      return v;
    }
    case 'arr':
      switch (name) {
        case 'T':
          return ev.record('transpose', [obj], {}, transpose(obj.a), span);
        case 'shape':
          return { t: 'tuple', items: obj.a.shape.map((d) => num(d, true)) };
        case 'size':
          return num(obj.a.size, true);
        case 'ndim':
          return num(obj.a.ndim, true);
        case 'dtype':
          return { t: 'str', v: obj.a.dtype === 'float' ? 'float64' : obj.a.dtype === 'int' ? 'int64' : 'bool' };
        default:
          return { t: 'builtin', name: `array.${name}`, self: obj };
      }
    case 'dict':
      return { t: 'builtin', name: `dict.${name}`, self: obj };
    case 'list':
      // `.T` of nested lists: a JavaScript file's own `transpose(m)` function, lowered to m.T, on a plain array.
      if (name === 'T') return numpyCall(ev, 'np.transpose', [numpyCall(ev, 'np.array', [obj], new Map(), undefined, span)], new Map(), undefined, span);
      return { t: 'builtin', name: `list.${name}`, self: obj };
    case 'str':
      return { t: 'builtin', name: `str.${name}`, self: obj };
    case 'builtin':
      // A text file `open()` gave (pyBuiltins.ts): its read methods.
      if (obj.name === 'file') return { t: 'builtin', name: `file.${name}`, self: obj.self };
      throw new Unevaluable(`attribute ${name} of ${obj.name}`);
    case 'num':
      if (name === 'real') return obj;
      throw new Unevaluable(`number attribute ${name}`);
    default:
      throw new Unevaluable(`attribute ${name} of ${obj.t}`);
  }
}
