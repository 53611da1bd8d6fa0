// Methods a class inherits from a base class defined in the same module (`class Sigmoid(Activation)`
// where Activation defines forward/backward and Sigmoid only its function): verification runs them
// on the subclass, where they can run, as well as on the base, where they often cannot.

import type { Stmt } from '../syntax/ast';

type ClassStmt = Stmt & { kind: 'class' };
type DefStmt = Stmt & { kind: 'def' };

/** Defs of the module-level bases of `cls` (nearest first) that `cls` and nearer bases do not define, with the base that defines each. */
export function inheritedMethods(body: Stmt[], cls: ClassStmt): { def: DefStmt; definedIn: string }[] {
  const classes = new Map(body.filter((s): s is ClassStmt => s.kind === 'class').map((s) => [s.name, s]));
  const seen = new Set<string>(cls.body.filter((m): m is DefStmt => m.kind === 'def').map((m) => m.name));
  const out: { def: DefStmt; definedIn: string }[] = [];
  const visited = new Set([cls.name]);
  let base = baseName(cls);
  while (base && classes.has(base) && !visited.has(base)) {
    visited.add(base);
    const b = classes.get(base)!;
    for (const m of b.body) {
      if (m.kind !== 'def' || seen.has(m.name)) continue;
      seen.add(m.name);
      if (m.decorators.length === 0 && m.name !== '__init__') out.push({ def: m, definedIn: base });
    }
    base = baseName(b);
  }
  return out;
}

function baseName(cls: ClassStmt): string | undefined {
  return cls.bases.length === 1 && cls.bases[0].kind === 'name' ? cls.bases[0].id : undefined;
}
