// An engine expression written as Python, for tests that read what a lowering produced.

import type { Expr } from '../../engine/syntax/ast';

export function show(e: Expr | undefined): string {
  if (!e) return '_';
  switch (e.kind) {
    case 'name':
      return e.id;
    case 'num':
      return String(e.value);
    case 'str':
      return e.value === undefined ? 'f?' : JSON.stringify(e.value);
    case 'bool':
      return e.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'attr':
      return `${show(e.obj)}.${e.name}`;
    case 'subscript':
      return `${show(e.obj)}[${show(e.index)}]`;
    case 'starred':
      return `*${show(e.value)}`;
    case 'call':
      return `${show(e.func)}(${[...e.args.map(show), ...e.keywords.map((k) => `${k.name ?? '**'}=${show(k.value)}`)].join(', ')})`;
    case 'binop':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'unary':
      return e.op === 'not' ? `(not ${show(e.operand)})` : `(${e.op}${show(e.operand)})`;
    case 'compare':
      return `(${show(e.left)}${e.ops.map((o, i) => ` ${o} ${show(e.comparators[i])}`).join('')})`;
    case 'boolop':
      return `(${e.values.map(show).join(` ${e.op} `)})`;
    case 'ifexp':
      return `(${show(e.body)} if ${show(e.test)} else ${show(e.orelse)})`;
    case 'tuple':
      return `(${e.elts.map(show).join(', ')})`;
    case 'list':
      return `[${e.elts.map(show).join(', ')}]`;
    case 'dict':
      return `{${e.values.map((v, i) => `${e.keys[i] ? show(e.keys[i]) : '**'}: ${show(v)}`).join(', ')}}`;
    case 'lambda':
      return `lambda ${e.params.map((p) => p.name).join(', ')}: ${show(e.body)}`;
    default:
      return '?';
  }
}
