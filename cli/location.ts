// FILE, FILE:LINE, or for a notebook FILE:cell N:LINE or FILE:N:LINE, as the commands take them.
// LINE is 1-based on the command line and 0-based here, as in the engine; N stays the notebook's
// 1-based cell number counted among all its cells (cli/locations.ts codeCellOf maps it to a code cell).

export function parseLocation(arg: string): { file: string; cell?: number; line?: number } {
  const m = /^(.*?)(?::(?:cell ?)?(\d+))?(?::(\d+))?$/.exec(arg)!;
  if (m[3] !== undefined) return { file: m[1], cell: Number(m[2]), line: Number(m[3]) - 1 };
  if (m[2] !== undefined) return { file: m[1], line: Number(m[2]) - 1 };
  return { file: arg };
}
