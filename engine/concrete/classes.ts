// Single inheritance for the concrete evaluator: a class's methods and class attributes are looked
// up through its base classes (those defined in the analysed code; a base the evaluator cannot see,
// such as `nn.Module`, ends the chain), `super()` starts the lookup above the class a method was
// defined in, and `isinstance` follows the chain. A name found nowhere stays Unevaluable.

import type { Expr, Stmt } from '../syntax/ast';
import type { CClass, CFunc, CValue } from './values';

/** The class and its bases, nearest first (bounded: a cycle cannot come from Python source, but a chain is never walked twice). */
export function mro(cls: CClass): CClass[] {
  const out: CClass[] = [];
  for (let c: CClass | undefined = cls; c && !out.includes(c) && out.length < 32; c = c.base) out.push(c);
  return out;
}

/** A method defined on `cls` or inherited, with the class that defines it. */
export function findMethod(cls: CClass, name: string): { fn: CFunc; owner: CClass } | undefined {
  for (const c of mro(cls)) {
    const fn = c.methods.get(name);
    if (fn) return { fn, owner: c };
  }
  return undefined;
}

/** A class attribute (`trainable = True`) defined on `cls` or inherited. */
export function findClassAttr(cls: CClass, name: string): CValue | undefined {
  for (const c of mro(cls)) {
    const v = c.attrs.get(name);
    if (v) return v;
  }
  return undefined;
}

/** A method bound to `self`: it remembers its defining class, so `super()` inside it knows where to start. */
export function bind(found: { fn: CFunc; owner: CClass }, self: CValue): CFunc {
  return { ...found.fn, self, owner: found.owner };
}

/** `isinstance(obj, cls)` for a class of the analysed code. */
export function isSubclass(cls: CClass, of: CClass): boolean {
  return mro(cls).includes(of);
}

/**
 * Attribute `name` of `super()` (or `super(Cls, self)`) in a method defined in `owner` and bound to
 * `self`: lookup starts at owner's base. `object.__init__` (no base defines `__init__`) does nothing.
 */
export function superAttribute(owner: CClass, self: CValue, name: string): CValue | undefined {
  const base = owner.base;
  const found = base && findMethod(base, name);
  if (found) return bind(found, self);
  if (name === '__init__') return { t: 'builtin', name: 'object.__init__' };
  return base ? findClassAttr(base, name) : undefined;
}

function decoratorName(d: Expr): string | undefined {
  if (d.kind === 'name') return d.id;
  if (d.kind === 'attr' && d.obj.kind === 'name') return `${d.obj.id}.${d.name}`;
  return undefined;
}

/**
 * How a def in a class body is bound: a plain method, a `@staticmethod` (never bound to an instance), a
 * `@property` getter, or `@x.setter` (stored apart, so it does not replace the getter).
 */
export function methodKind(def: Stmt & { kind: 'def' }): 'method' | 'static' | 'property' | 'setter' | 'other' {
  const names = def.decorators.map(decoratorName);
  if (names.length === 0) return 'method';
  if (names.length === 1 && names[0] === 'staticmethod') return 'static';
  if (names.length === 1 && names[0] === 'property') return 'property';
  if (names.length === 1 && names[0] === `${def.name}.setter`) return 'setter';
  return 'other';
}

/** A property's setter on `cls` or a base (`self.is_init = True` runs it, as Python does). */
export function findSetter(cls: CClass, name: string): { fn: CFunc; owner: CClass } | undefined {
  for (const c of mro(cls)) {
    const fn = c.setters?.get(name);
    if (fn) return { fn, owner: c };
    if (c.methods.has(name)) return undefined;
  }
  return undefined;
}
