// Collects findings as the interpreter meets them, keyed by file and span, and keeps the first
// report of each code at each place. Positions are resolved to lines later (analyze.ts).

import type { FindingSink, RawFinding } from '../diagnostics/contradiction';

export type { SpanEdit, RawFix, RawFinding } from '../diagnostics/contradiction';

export class Reporter implements FindingSink {
  /** One finding per place (span): the first one reported there. */
  private readonly byPlace = new Map<string, RawFinding>();

  report(f: RawFinding): void {
    if (f.file !== '') return;
    const place = `${f.span.start}:${f.span.end}`;
    if (!this.byPlace.has(place)) this.byPlace.set(place, f);
  }

  /** The findings, less one whose place holds another's (the inner one is the cause: a product inside a gradient's value). */
  findings(): RawFinding[] {
    const all = [...this.byPlace.values()].sort((a, b) => a.span.start - b.span.start);
    const inside = (g: RawFinding, f: RawFinding) => g !== f && g.span.start >= f.span.start && g.span.end <= f.span.end && (g.span.start !== f.span.start || g.span.end !== f.span.end);
    return all.filter((f) => !all.some((g) => inside(g, f)));
  }
}
