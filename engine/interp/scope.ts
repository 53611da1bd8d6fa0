// Python name scopes: a function's locals over its enclosing scopes, down to the module.

import type { Value } from './values';

export class Scope {
  readonly vars = new Map<string, Value>();
  constructor(readonly parent: Scope | undefined, readonly kind: 'module' | 'function' | 'class') {}

  lookup(name: string): Value | undefined {
    // Class bodies are not enclosing scopes for the functions defined in them.
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  set(name: string, v: Value): void {
    this.vars.set(name, v);
  }

}
