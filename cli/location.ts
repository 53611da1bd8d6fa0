// FILE, FILE:LINE or FILE:CELL:LINE (1-based on the command line; 0-based here, as in the engine).

export function parseLocation(arg: string): { file: string; cell?: number; line?: number } {
  const m = /^(.*?)(?::(\d+))?(?::(\d+))?$/.exec(arg)!;
  if (m[3] !== undefined) return { file: m[1], cell: Number(m[2]) - 1, line: Number(m[3]) - 1 };
  if (m[2] !== undefined) return { file: m[1], line: Number(m[2]) - 1 };
  return { file: arg };
}
