// Where a finding is, as the CLI shows it. Notebooks follow ruff: `path:cell N:line:col`, N the
// cell's 1-based position among ALL the notebook's cells (markdown ones too, as Jupyter numbers
// them), line and column inside that cell; JSON gives `cell` the same N.

/** The 1-based cell number shown for the engine's 0-based code cell `cell`. */
export function cellNumber(cellNumbers: number[] | undefined, cell: number): number {
  return (cellNumbers?.[cell] ?? cell) + 1;
}

export function cellLabel(cellNumbers: number[] | undefined, cell: number): string {
  return `cell ${cellNumber(cellNumbers, cell)}`;
}

/** `path:line:col` or `path:cell N:line:col` (1-based). */
export function where(path: string, cellNumbers: number[] | undefined, f: { range: { start: { line: number; column: number } }; cell?: number }): string {
  const pos = `${f.range.start.line + 1}:${f.range.start.column + 1}`;
  return f.cell !== undefined ? `${path}:${cellLabel(cellNumbers, f.cell)}:${pos}` : `${path}:${pos}`;
}

/** The engine's code cell for a notebook cell number N (1-based, counted among all cells); undefined when cell N is not a code cell. */
export function codeCellOf(cellNumbers: number[] | undefined, n: number): number | undefined {
  const i = cellNumbers ? cellNumbers.indexOf(n - 1) : n - 1;
  return i >= 0 ? i : undefined;
}
