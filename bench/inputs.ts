// Benchmark inputs, generated at run time into a fresh temp directory (nothing large is committed):
//   small/planar.py      the planar fixture as is (~320 lines), planar_utils.py beside it
//   large/planar_10k.py  exactly 10,000 lines: the planar fixture's header once, then renamed copies
//                        of its body (every function `f` defined in it becomes `f_k` in copy k)

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

export const REPO_ROOT = path.resolve(__dirname, '..');
const PLANAR_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'python', 'planar', 'correct');
export const LARGE_LINES = 10_000;

export interface BenchFile {
  label: string;
  path: string;
  dir: string;
  text: string;
  lines: number;
  /** Sibling modules, read once up front so timed runs do no disk I/O. */
  modules: Map<string, string>;
}

export interface Inputs {
  root: string;
  small: BenchFile;
  large: BenchFile;
  /** `python3 -m py_compile` verdict per file, when python3 exists. */
  pythonCheck: string;
  cleanup(): void;
}

export function readModuleFrom(file: BenchFile): (name: string) => string | undefined {
  return (name) => file.modules.get(name);
}

function lineCount(text: string): number {
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits the fixture into its header (comments, imports, seed) and its body (from the first blank line after the imports). */
function splitHeader(lines: string[]): { header: string[]; body: string[] } {
  let lastImport = -1;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*def\s/.test(lines[i]!)) break;
    if (/^(import|from)\s/.test(lines[i]!) || /^np\.random\.seed/.test(lines[i]!)) lastImport = i;
  }
  return { header: lines.slice(0, lastImport + 1), body: lines.slice(lastImport + 1) };
}

/** Top-level blocks of the body: each starts at a `def`/`if` line together with the comments and blanks just above it. */
function topLevelBlocks(body: string[]): string[][] {
  const starts: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (/^(def|if|class)\s/.test(body[i]!)) {
      let s = i;
      while (s > 0 && (body[s - 1]!.trim() === '' || body[s - 1]!.startsWith('#'))) s--;
      starts.push(starts.length === 0 ? 0 : s);
    }
  }
  return starts.map((s, k) => body.slice(s, k + 1 < starts.length ? starts[k + 1] : body.length));
}

function renamer(names: string[], suffix: string): (line: string) => string {
  if (names.length === 0) return (l) => l;
  const re = new RegExp(`\\b(${names.map(escapeRegExp).join('|')})\\b`, 'g');
  return (line) => line.replace(re, (n) => `${n}${suffix}`);
}

/** Header once, then copies of the body with every defined function renamed `name_k`, padded to exactly `total` lines. */
export function buildLargeFile(fixture: string, total: number): string {
  const lines = fixture.replace(/\n$/, '').split('\n');
  const { header, body } = splitHeader(lines);
  const names = [...new Set(body.map((l) => /^def\s+([A-Za-z_]\w*)/.exec(l)?.[1]).filter((n): n is string => !!n))];
  const blocks = topLevelBlocks(body);
  const out: string[] = [...header];
  for (let k = 1; out.length < total; k++) {
    const rename = renamer(names, `_${k}`);
    let added = false;
    for (const block of blocks) {
      if (out.length + block.length > total) continue;
      out.push(...block.map(rename));
      added = true;
    }
    if (!added) break;
  }
  while (out.length < total) out.push(out.length === total - 1 ? '# end of generated benchmark input' : '');
  return out.join('\n') + '\n';
}

function pythonCompiles(files: string[]): string {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'python3 not found; generated files not compile-checked';
  const r = spawnSync('python3', ['-c', 'import ast,sys\nfor p in sys.argv[1:]: ast.parse(open(p).read(), p)', ...files], {
    encoding: 'utf8',
  });
  return r.status === 0 ? 'valid Python (python3 ast.parse)' : `INVALID Python: ${r.stderr.trim().split('\n').pop()}`;
}

export function generateInputs(): Inputs {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-lint-bench-'));
  const planar = fs.readFileSync(path.join(PLANAR_DIR, 'planar.py'), 'utf8');
  const utils = fs.readFileSync(path.join(PLANAR_DIR, 'planar_utils.py'), 'utf8');
  const modules = new Map([['planar_utils', utils]]);

  const make = (label: string, sub: string, name: string, text: string): BenchFile => {
    const dir = path.join(root, sub);
    fs.mkdirSync(dir, { recursive: true });
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    fs.writeFileSync(path.join(dir, 'planar_utils.py'), utils);
    return { label, path: p, dir, text, lines: lineCount(text), modules };
  };

  const small = make('planar.py', 'small', 'planar.py', planar);
  const largeText = buildLargeFile(planar, LARGE_LINES);
  const large = make('planar_10k.py', 'large', 'planar_10k.py', largeText);
  const pythonCheck = pythonCompiles([small.path, large.path]);
  return {
    root,
    small,
    large,
    pythonCheck,
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
