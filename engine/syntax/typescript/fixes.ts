// Fixes in the file's own idiom. The engine makes its fixes as edits on the source text written
// for Python (insert `.T`, add `keepdims=True`, `1 / m * ...`, `(1 - np.power(A1, 2))`). For a
// TypeScript or JavaScript document each edit is rewritten here with what the adapter knows about
// the lowered node at its span:
//
//   transpose an operand of tf.matMul   → set its transposeA/transposeB argument (or clear it)
//   transpose anything else             → tf.transpose(x) / math.transpose(x) / x.transpose() / x.T
//   keepdims=True                       → tf.sum(x, axis, true) / x.sum(axis, true);
//                                         ml-matrix: Matrix.columnVector(A.sum('row'))
//   1 / m * EXPR                        → EXPR.div(m) (tf), math.divide(EXPR, m), Matrix.div(EXPR, m), EXPR.divide(m) (numjs)
//   any other NumPy text (np.dot, *, -, np.power, .T on arrays) → the library's functions
//
// An edit that cannot be said in the library is dropped with its fix: a TypeScript file is never
// offered Python text. The same rewriting runs when verification re-checks a repair on an edited
// copy (lower.ts reads the Python spellings a repair inserts), and the tests apply every certain
// fix in its idiom and re-analyse the file.

import type * as TS from 'typescript';
import type { Expr, Module, Span } from '../ast';
import type { RawFinding, RawFix, SpanEdit } from '../../diagnostics/contradiction';
import { applySpanEdits } from '../../fixes/edits';
import { typescript } from './load';
import type { LoweringInfo } from './lower';
import { TABLES } from './lower';
import { entry, libraryAlias, type Emitter, type LibNote, type LibraryId } from './libraries/types';
import { isAtomicText } from './libraries/common';
import { ownMatrixTable } from './ownMatrix';

const EXPR_KINDS = new Set([
  'name', 'num', 'str', 'bool', 'none', 'attr', 'subscript', 'slice', 'ellipsis', 'starred', 'call', 'binop', 'unary', 'compare',
  'boolop', 'ifexp', 'tuple', 'list', 'dict', 'comprehension', 'lambda', 'unknown',
]);
const ATOMIC = new Set(['name', 'attr', 'subscript', 'call']);

export interface IdiomInput {
  text: string;
  module: Module;
  info: LoweringInfo;
  /** Source texts of the expressions the shape analysis found to be arrays. */
  arrayTexts: Set<string>;
}

interface Emitted {
  text: string;
  array: boolean;
}

export class Idiom {
  private readonly exprs: Expr[] = [];
  private readonly parent = new Map<Expr, Expr>();
  private emitters = new Map<string, Emitter>();
  private baseErrors: number | undefined;

  constructor(private readonly input: IdiomInput) {
    const seen = new Set<unknown>();
    const visit = (x: unknown, parentExpr: Expr | undefined): void => {
      if (!x || typeof x !== 'object' || seen.has(x)) return;
      seen.add(x);
      if (Array.isArray(x)) {
        for (const y of x) visit(y, parentExpr);
        return;
      }
      const o = x as { kind?: string; span?: Span };
      let p = parentExpr;
      if (typeof o.kind === 'string' && o.span && EXPR_KINDS.has(o.kind)) {
        const e = o as Expr;
        this.exprs.push(e);
        if (parentExpr) this.parent.set(e, parentExpr);
        p = e;
      }
      for (const [k, v] of Object.entries(o)) if (k !== 'span' && k !== 'nameSpan' && v && typeof v === 'object') visit(v, p);
    };
    visit(input.module.body, undefined);
  }

  private get text(): string {
    return this.input.text;
  }

  private src(s: Span): string {
    return this.text.slice(s.start, s.end);
  }

  private note(e: Expr): LibNote | undefined {
    return this.input.info.notes.get(e);
  }

  /** The library whose idiom applies at a span: the innermost library-made node around it, else the file's main library. */
  libraryAt(span: Span): LibraryId | undefined {
    let best: { lib: LibraryId; size: number } | undefined;
    for (const e of this.exprs) {
      const n = this.note(e);
      if (!n || n.kind === 'axis-word') continue;
      if (e.span.start <= span.start && span.end <= e.span.end) {
        const size = e.span.end - e.span.start;
        if (!best || size < best.size) best = { lib: n.lib, size };
      }
    }
    return best?.lib ?? this.input.info.libraries[0];
  }

  emitter(lib: LibraryId | undefined): Emitter | undefined {
    if (!lib) return undefined;
    const cached = this.emitters.get(lib);
    if (cached) return cached;
    let em: Emitter | undefined;
    if (lib === 'own') em = this.input.info.ownClasses.size ? ownMatrixTable(this.input.info.ownClasses).emit('') : undefined;
    else em = TABLES[lib].emit(this.alias(lib));
    if (em) this.emitters.set(lib, em);
    return em;
  }

  private alias(lib: LibraryId): string {
    return libraryAlias(this.input.info.namespaces, lib);
  }

  /** The outermost node of these kinds with exactly this end (and, when given, this start). */
  private outermost(end: number, kinds: Set<string>, start?: number): Expr | undefined {
    let best: Expr | undefined;
    for (const e of this.exprs) {
      if (e.span.end !== end || !kinds.has(e.kind) || (start !== undefined && e.span.start !== start)) continue;
      if (!best || e.span.start < best.span.start || (e.span.start === best.span.start && this.isAncestor(e, best))) best = e;
    }
    return best;
  }

  private isAncestor(a: Expr, b: Expr): boolean {
    for (let p = this.parent.get(b); p; p = this.parent.get(p)) if (p === a) return true;
    return false;
  }

  // ------------------------------------------------------------------ edits

  /** One engine edit in the file's idiom, or undefined when the library cannot say it. */
  translateEdit(edit: SpanEdit): SpanEdit[] | undefined {
    const { span, newText } = edit;
    const old = this.src(span);
    // Inside an elementwise callback (`(v) => 1 - v * v`) only scalar text of that callback can go.
    const cb = this.input.info.callbacks.find((c) => c.start <= span.start && span.end <= c.end);
    if (cb) {
      const rest = newText.replace(new RegExp(`\\b${cb.param}\\b`, 'g'), '').replace(/\bMath\.\w+/g, '');
      return /^[\s\d.+\-*/()]*$/.test(rest) ? [edit] : undefined;
    }
    // Insert a transpose after an operand: `X` → `X.T`.
    if (newText === '.T' && span.start === span.end) {
      const e = this.outermost(span.start, ATOMIC);
      return e ? this.transposeOf(e) : undefined;
    }
    // Remove a transpose: the edit deletes `.T`, the text between a T node's operand and its end.
    if (newText === '') {
      const t = this.exprs.find((e) => e.kind === 'attr' && e.name === 'T' && e.obj.span.end === span.start && e.span.end === span.end && (span.start < span.end || this.note(e)?.kind === 'transpose'));
      if (t) return this.untranspose(t as Expr & { kind: 'attr' });
      if (span.start === span.end) return [];
    }
    // Wrap in a transpose: `(a + b).T`, `np.dot(a, b).T`.
    const wrapped = /^\(([\s\S]*)\)\.T$/.exec(newText);
    if ((wrapped && wrapped[1] === old) || newText === `${old}.T`) {
      const e = this.exprs.find((x) => x.span.start === span.start && x.span.end === span.end);
      return e ? this.transposeOf(e) : undefined;
    }
    // keepdims=True before a reduction's closing parenthesis.
    if (/^,?\s*keepdims=True$/.test(newText.trim()) && span.start === span.end) return this.keepDims(span.start);
    // An axis written as a word (ml-matrix 'row' / 'column').
    const axisNode = this.exprs.find((x) => x.span.start === span.start && x.span.end === span.end && this.note(x)?.kind === 'axis-word');
    if (axisNode) {
      const words = (this.note(axisNode) as LibNote & { kind: 'axis-word' }).words;
      const w = entry(words as Record<string, string>, newText.trim());
      return w ? [{ span, newText: w }] : undefined;
    }
    // "Make it a column": a shape written [n] becomes [n, 1].
    if (old.startsWith('[') && /^\(.*\)$/s.test(newText)) return [{ span, newText: `[${newText.slice(1, -1)}]` }];
    // A comparison operator swapped: only on a comparison JavaScript spells with the same token.
    if (/^[<>]=?$/.test(newText)) return /^[<>]=?$/.test(old) ? [edit] : undefined;
    // Whole-line deletions and plain text (names, numbers, the file's own text) need no change.
    if (newText === '' || !/\bnp\.|\.T\b|[-+*/]|\*\*|[<>]|\bTrue\b|\bFalse\b|\bNone\b/.test(newText)) return [edit];
    if (/^\n/.test(newText)) return undefined; // a new statement (`dx /= N`) in Python's syntax
    const t = this.translateExpression(newText);
    return t === undefined ? undefined : [{ span, newText: t }];
  }

  /** `e` transposed: flip a tf.matMul flag when e is one of its operands, else wrap it. */
  private transposeOf(e: Expr): SpanEdit[] | undefined {
    const p = this.parent.get(e);
    const pn = p && this.note(p);
    if (pn?.kind === 'matmul' && pn.lib === 'tfjs' && pn.flags) {
      const i = pn.lowered[0] === e ? 0 : pn.lowered[1] === e ? 1 : -1;
      if (i >= 0) return this.setFlag(pn, i as 0 | 1, true);
    }
    const en = this.note(e);
    if (en?.kind === 'transpose' && en.form === 'flag' && e.kind === 'attr' && p) {
      // transposing an already flag-transposed operand clears the flag
      const ppn = this.note(p);
      if (ppn?.kind === 'matmul' && ppn.flags) return this.setFlag(ppn, en.flagIndex!, false);
    }
    const em = this.emitter(this.libraryAt(e.span));
    const src = this.src(e.span);
    const t = em?.transpose(src, isAtomicText(src));
    return t === undefined ? undefined : [{ span: e.span, newText: t }];
  }

  private setFlag(n: LibNote & { kind: 'matmul' }, i: 0 | 1, value: boolean): SpanEdit[] {
    const flag = n.flags![i];
    if (flag) return [{ span: { start: startOf(this.text, flag), end: flag.end }, newText: String(value) }];
    if (!value) return [];
    const other = n.flags![1 - i];
    if (i === 1) {
      // transposeB without transposeA written: add both
      return [{ span: { start: n.lastArgEnd, end: n.lastArgEnd }, newText: other ? `, true` : `, false, true` }];
    }
    return [{ span: { start: n.lastArgEnd, end: n.lastArgEnd }, newText: ', true' }];
  }

  private untranspose(t: Expr & { kind: 'attr' }): SpanEdit[] | undefined {
    const n = this.note(t);
    if (!n || n.kind !== 'transpose') {
      // a plain `.T` (numjs, or Python text): the engine's edit is right as it is
      return [{ span: { start: t.obj.span.end, end: t.span.end }, newText: '' }];
    }
    if (n.form === 'flag') {
      const p = this.parent.get(t);
      const pn = p && this.note(p);
      return pn?.kind === 'matmul' && pn.flags ? this.setFlag(pn, n.flagIndex!, false) : undefined;
    }
    if (n.form === 'attr') return [{ span: { start: t.obj.span.end, end: t.span.end }, newText: '' }];
    // tf.transpose(x), math.transpose(x), x.transpose() → x
    return [{ span: t.span, newText: this.src(t.obj.span) }];
  }

  private keepDims(at: number): SpanEdit[] | undefined {
    for (const e of this.exprs) {
      const n = this.note(e);
      if (n?.kind !== 'reduce' || n.close < at || this.text.slice(at, n.close).trim() !== '') continue;
      if (n.lib === 'tfjs') {
        if (n.keepDims) return [{ span: { start: startOf(this.text, n.keepDims), end: n.keepDims.end }, newText: 'true' }];
        const noArgs = this.text.slice(n.opensAt + 1, n.close).trim() === '';
        if (n.form === 'method') return [{ span: { start: n.lastArgEnd, end: n.lastArgEnd }, newText: n.axis ? ', true' : noArgs ? 'null, true' : ', null, true' }];
        return [{ span: { start: n.lastArgEnd, end: n.lastArgEnd }, newText: n.axis ? ', true' : ', null, true' }];
      }
      if (n.lib === 'ml-matrix' && n.axis) {
        // A.sum('row') is a plain array: a column again with Matrix.columnVector
        const by = this.src({ start: startOf(this.text, n.axis), end: n.axis.end }).replace(/['"`]/g, '');
        const M = this.alias('ml-matrix');
        return [{ span: e.span, newText: `${M}.${by === 'row' ? 'columnVector' : 'rowVector'}(${this.src(e.span)})` }];
      }
      if (n.lib === 'mathjs' && n.axis && n.operand) {
        // math.sum(A, 1) is a vector: reshape it to a column (or, over dim 0, a row)
        const axis = this.src({ start: startOf(this.text, n.axis), end: n.axis.end }).trim();
        const x = this.src({ start: startOf(this.text, n.operand), end: n.operand.end });
        const math = this.alias('mathjs');
        const size = axis === '1' ? `[${math}.size(${x})[0], 1]` : axis === '0' ? `[1, ${math}.size(${x})[1]]` : undefined;
        return size ? [{ span: e.span, newText: `${math}.reshape(${this.src(e.span)}, ${size})` }] : undefined;
      }
      return undefined;
    }
    return undefined;
  }

  // ------------------------------------------------------------------ NumPy text → library text

  /** NumPy-spelled expression text (a repair's replacement) in the file's library, or undefined. */
  translateExpression(code: string, at?: Span): string | undefined {
    const ts = typescript();
    const sf = ts.createSourceFile('snippet.ts', `(${code}\n)`, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const diags = (sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? [];
    if (diags.length || sf.statements.length !== 1 || !ts.isExpressionStatement(sf.statements[0])) return undefined;
    const root = (sf.statements[0].expression as TS.ParenthesizedExpression).expression;
    const em = this.emitter(at ? this.libraryAt(at) : this.input.info.libraries[0]);
    if (!em) return undefined;
    const viaMap = em.map ? this.asMap(ts, sf, unparen(ts, root), em) : undefined;
    if (viaMap) return viaMap;
    const out = this.emit(ts, sf, root, em, true);
    return out?.text;
  }

  /**
   * An elementwise function of a single array (`1 - np.power(A1, 2)`) as one map over it
   * (`math.map(A1, (v) => 1 - v ** 2)`), when the library has a map.
   */
  private asMap(ts: typeof TS, sf: TS.SourceFile, root: TS.Expression, em: Emitter): string | undefined {
    const arrays = new Set<string>();
    const body = (n: TS.Expression): string | undefined => {
      if (ts.isParenthesizedExpression(n)) {
        const b = body(n.expression);
        return b === undefined ? undefined : `(${b})`;
      }
      if (ts.isNumericLiteral(n)) return n.text;
      if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.MinusToken) {
        const b = body(n.operand);
        return b === undefined ? undefined : `-${b}`;
      }
      if (ts.isBinaryExpression(n)) {
        const op = ts.tokenToString(n.operatorToken.kind);
        if (!op || !['+', '-', '*', '/', '**', '>'].includes(op)) return undefined;
        const a = body(n.left);
        const b = body(n.right);
        if (a === undefined || b === undefined) return undefined;
        return op === '>' ? `(${a} > ${b} ? 1 : 0)` : `${a} ${op} ${b}`;
      }
      if (ts.isCallExpression(n)) {
        const callee = dottedName(ts, n.expression);
        const args = n.arguments.map(body);
        if (args.some((a) => a === undefined)) return undefined;
        if (callee === 'np.power' && args.length === 2) return `${args[0]} ** ${args[1]}`;
        if (callee === 'np.square' && args.length === 1) return `${args[0]} ** 2`;
        const fn = callee?.startsWith('np.') ? callee.slice(3) : undefined;
        if (fn && ['exp', 'log', 'tanh', 'sqrt', 'abs'].includes(fn) && args.length === 1) return `Math.${fn}(${args[0]})`;
      }
      const t = n.getText(sf).trim();
      if (this.isArrayText(t) && (ts.isIdentifier(n) || ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n))) {
        arrays.add(t);
        return 'v';
      }
      if (ts.isIdentifier(n)) return t; // a number the code names (m, lambd)
      return undefined;
    };
    const b = body(root);
    if (b === undefined || arrays.size !== 1 || b === 'v') return undefined;
    return em.map!([...arrays][0], b);
  }

  private isArrayText(t: string): boolean {
    const s = t.trim();
    if (this.input.arrayTexts.has(s)) return true;
    // the library's own calls make arrays (tf.matMul(...), math.multiply(...), a.mmul(...))
    for (const [name, lib] of this.input.info.namespaces) if (lib !== 'own' && s.startsWith(`${name}.`) && s.endsWith(')')) return true;
    return false;
  }

  private emit(ts: typeof TS, sf: TS.SourceFile, n: TS.Expression, em: Emitter, top: boolean): Emitted | undefined {
    const verbatim = (): Emitted => {
      const t = n.getText(sf);
      return { text: t, array: this.isArrayText(t) };
    };
    if (ts.isParenthesizedExpression(n)) {
      const inner = this.emit(ts, sf, n.expression, em, false);
      if (!inner) return undefined;
      // parentheses stay around JavaScript arithmetic; a library call needs none
      const needs = /^[^(]*[-+*/<>]/.test(inner.text) && !isAtomicText(inner.text);
      return { text: needs && !top ? `(${inner.text})` : inner.text, array: inner.array };
    }
    if (ts.isCallExpression(n)) {
      const callee = dottedName(ts, n.expression);
      if (callee?.startsWith('np.')) {
        const fn = callee.slice(3);
        const args = n.arguments.map((a) => this.emit(ts, sf, a, em, true));
        if (args.some((a) => !a)) return undefined;
        const [a, b] = args as Emitted[];
        let t: string | undefined;
        if ((fn === 'dot' || fn === 'matmul') && a && b) t = em.matmul(a.text, b.text);
        else if (fn === 'power' && a && b) t = em.pow(a.text, b.text);
        else if (fn === 'multiply' && a && b) t = em.binop('*', a.text, b.text, a.array, b.array);
        else if (a && args.length === 1) t = em.ufunc(fn, a.text);
        return t === undefined ? undefined : { text: t, array: true };
      }
      return verbatim();
    }
    if (ts.isPropertyAccessExpression(n) && n.name.text === 'T') {
      const x = this.emit(ts, sf, n.expression, em, false);
      if (!x) return undefined;
      const t = em.transpose(x.text, isAtomicText(x.text));
      return t === undefined ? undefined : { text: t, array: true };
    }
    if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.MinusToken) {
      const x = this.emit(ts, sf, n.operand, em, false);
      if (!x) return undefined;
      if (!x.array) return { text: `-${x.text}`, array: false };
      const t = em.neg(x.text);
      return t === undefined ? undefined : { text: t, array: true };
    }
    if (ts.isBinaryExpression(n)) {
      const k = n.operatorToken.kind;
      const op = k === ts.SyntaxKind.PlusToken ? '+' : k === ts.SyntaxKind.MinusToken ? '-' : k === ts.SyntaxKind.AsteriskToken ? '*' : k === ts.SyntaxKind.SlashToken ? '/' : k === ts.SyntaxKind.AsteriskAsteriskToken ? '**' : k === ts.SyntaxKind.GreaterThanToken ? '>' : undefined;
      if (!op) return verbatim();
      // `1 / m * EXPR`: a division of an array by m
      if (op === '*') {
        const l = unparen(ts, n.left);
        if (ts.isBinaryExpression(l) && l.operatorToken.kind === ts.SyntaxKind.SlashToken && ts.isNumericLiteral(l.left) && Number(l.left.text) === 1) {
          const r = this.emit(ts, sf, n.right, em, true);
          if (r?.array) {
            const m = this.emit(ts, sf, l.right, em, false);
            const t = m && em.divideBy(r.text, m.text, /\)$/.test(r.text));
            return t === undefined ? undefined : { text: t, array: true };
          }
        }
      }
      const a = this.emit(ts, sf, n.left, em, false);
      const b = this.emit(ts, sf, n.right, em, false);
      if (!a || !b) return undefined;
      if (!a.array && !b.array) return { text: `${a.text} ${op} ${b.text}`, array: false };
      let t: string | undefined;
      if (op === '**') t = a.array && !b.array ? em.pow(a.text, b.text) : undefined;
      else if (op === '>') t = a.array && !b.array ? em.greater?.(a.text, b.text) : undefined;
      else if (op === '/' && a.array && !b.array) t = em.divideBy(a.text, b.text, /\)$/.test(a.text));
      else t = em.binop(op, a.text, b.text, a.array, b.array);
      return t === undefined ? undefined : { text: t, array: true };
    }
    return verbatim();
  }

  // ------------------------------------------------------------------ fixes and messages

  /** A finding as the file's library says it: its fixes in the idiom, `np.dot:` as the call is spelled. */
  finding(f: RawFinding): RawFinding {
    const fixes = f.fixes.length ? this.fixes(f.fixes) : f.fixes;
    let message = f.fixes.length ? messageInIdiom(f.message, f.fixes, fixes) : f.message;
    const op = /^(np\.dot|np\.matmul):/.exec(message);
    if (op) {
      const call = this.exprs.find((e) => e.span.start === f.span.start && e.span.end === f.span.end && this.note(e)?.kind === 'matmul');
      const n = call && (this.note(call) as LibNote & { kind: 'matmul' });
      if (call && call.kind === 'call' && n) {
        const spelled = this.src(call.func.span);
        message = `${spelled.replace(/\s+/g, '')}${message.slice(op[1].length)}`;
      }
    }
    // A plain object's field as JavaScript writes it: parameters["b1"] → parameters.b1
    message = message.replace(/\b([A-Za-z_$][\w$]*)\["([A-Za-z_$][\w$]*)"\]/g, '$1.$2');
    return { ...f, fixes, message };
  }

  /** A finding's fixes in the file's idiom (untranslatable ones dropped), with titles to match. */
  fixes(fixes: RawFix[]): RawFix[] {
    const out: RawFix[] = [];
    for (const f of fixes) {
      const edits: SpanEdit[] = [];
      let ok = true;
      for (const e of f.edits) {
        const t = this.translateEdit(e);
        if (!t) {
          ok = false;
          break;
        }
        edits.push(...t);
      }
      const unique = edits.filter((e, i) => edits.findIndex((x) => x.span.start === e.span.start && x.span.end === e.span.end && x.newText === e.newText) === i);
      if (!ok || unique.length === 0 || !this.stillParses(unique)) continue;
      out.push({ ...f, title: this.title(f, unique), edits: unique });
    }
    return out;
  }

  /** The text with the edits applied must not have more syntax errors than before. */
  private stillParses(edits: SpanEdit[]): boolean {
    const ts = typescript();
    const t = applySpanEdits(this.text, edits);
    const count = (s: string) => ((ts.createSourceFile('f.ts', s, ts.ScriptTarget.Latest, false, this.input.info.language === 'javascript' ? ts.ScriptKind.JS : ts.ScriptKind.TS) as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? []).length;
    this.baseErrors ??= count(this.text);
    return count(t) <= this.baseErrors;
  }

  private title(f: RawFix, edits: SpanEdit[]): string {
    const t = f.title;
    const after = this.afterText(edits);
    const shown = after ? ` (${after})` : '';
    const removeT = /^Remove \.T from (.*)$/.exec(t);
    if (removeT) return `Remove the transpose of ${removeT[1]}${shown}`;
    const transpose = /^Transpose (.*?) \(/.exec(t);
    if (transpose) return `Transpose ${transpose[1]}${shown}`;
    if (/^Transpose the product/.test(t)) return `Transpose the product${shown}`;
    if (t === 'Add keepdims=True') return `Keep the summed axis${shown}`;
    const divide = /^Divide by ([^:]+):/.exec(t);
    if (divide) return `Divide by ${divide[1]}${shown}`;
    const use = /^Use (the derivative|an elementwise product|a matrix product)\b/.exec(t);
    if (use) return `Use ${use[1]}${shown}`;
    if (/\bnp\.|\.T\b|keepdims|=True/.test(t)) return `Change to${shown}`;
    return t;
  }

  /** The smallest lowered expression around the edits, as it reads once they are applied. */
  private afterText(edits: SpanEdit[]): string | undefined {
    if (edits.length === 0) return undefined;
    const lo = Math.min(...edits.map((e) => e.span.start));
    const hi = Math.max(...edits.map((e) => e.span.end));
    let best: Span | undefined;
    for (const e of this.exprs) {
      const s = e.span;
      // strictly around the edits, so the reader sees the edit in its context
      const inside = lo === hi ? s.start < lo && hi < s.end : s.start <= lo && hi <= s.end && (s.start < lo || hi < s.end);
      if (inside && (!best || s.end - s.start < best.end - best.start)) best = s;
    }
    if (!best || best.end - best.start > 160) return edits.length === 1 ? edits[0].newText.replace(/^,\s*/, '') : undefined;
    let t = this.src(best);
    for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) {
      t = t.slice(0, e.span.start - best.start) + e.newText + t.slice(e.span.end - best.start);
    }
    return t.replace(/\s+/g, ' ');
  }
}

/** Where a node's own text starts (after the whitespace and comments before it). */
export function startOf(text: string, n: TS.TextRange): number {
  let i = n.pos;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else return i;
  }
}

function unparen(ts: typeof TS, n: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(n)) n = n.expression;
  return n;
}

function dottedName(ts: typeof TS, n: TS.Expression): string | undefined {
  if (ts.isIdentifier(n)) return n.text;
  if (ts.isPropertyAccessExpression(n)) {
    const l = dottedName(ts, n.expression);
    return l ? `${l}.${n.name.text}` : undefined;
  }
  return undefined;
}

/** Messages name the NumPy fix (`keepdims=True`, a fix title): say it as the file's library does. */
export function messageInIdiom(message: string, before: RawFix[], after: RawFix[]): string {
  let m = message;
  const first = before[0];
  if (first && m.includes(`fix: ${first.title}`)) {
    // the title of the same fix in the idiom, if it survived translation
    const same = after.find((f) => f.certain === first.certain);
    m = same ? m.replace(`fix: ${first.title}`, `fix: ${same.title}`) : m.replace(`; fix: ${first.title}`, '');
  }
  return m.replace(/needs keepdims=True to keep its value/, 'needs its summed axis kept (keepDims) to keep its value');
}
