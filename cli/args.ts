// The command line: commands, options and the help text.

import { ALL_CODES, isDiagnosticCode, SCRIPT_EXTENSIONS, type DiagnosticCode } from '../engine/index';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';
const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github'];

export interface Args {
  command: 'check' | 'shapes' | 'explain' | 'help' | 'version';
  format: OutputFormat;
  fix: boolean;
  /** Print only the findings (text) and nothing when clean; errors still go to stderr. */
  quiet: boolean;
  /** Exit 0 even when findings were reported (usage and read errors still exit 2). */
  exitZero: boolean;
  select?: DiagnosticCode[];
  ignore: DiagnosticCode[];
  /** Seconds of gradient verification per file (overrides the configuration). */
  verifyBudgetSeconds?: number;
  /** Do not read pyproject.toml / backprop-lint.json / package.json. */
  noConfig: boolean;
  /** Worker threads for a folder (default: one per core on more than 2 cores, else 1). */
  jobs?: number;
  paths: string[];
}

export class UsageError extends Error {}

const EXTENSIONS = ['.py', '.ipynb', ...SCRIPT_EXTENSIONS].join(' ');

export const USAGE = `usage: backprop-lint check [options] PATH...
       backprop-lint shapes [--format text|json] FILE
       backprop-lint explain [--format text|json] FILE[:LINE]   (notebooks: FILE:cell N:LINE)
       backprop-lint graph [--format svg|dot|json] [--unit NAME] [--output FILE] FILE[:LINE]
       backprop-lint --help | --version

check    report shape bugs and wrong gradients in ${EXTENSIONS} files
         (folders are searched recursively, symbolic links followed)
shapes   print every assignment with the shape the engine infers
explain  print the chain-rule derivation of the gradient line at LINE (every gradient line without
         LINE), checked against the derivative of the forward pass
graph    draw the computational graph of the unit at LINE: shapes on every edge, each gradient line
         on the value it differentiates with its verdict (SVG, Graphviz DOT or JSON)

options of check:
  --format FORMAT      text (default), json, sarif (SARIF 2.1.0, for code scanning), github (workflow annotations)
  --fix                apply the fixes that are certain, and say what changed
  --select CODE,...    report only these codes
  --ignore CODE,...    do not report these codes
  --quiet              print findings only (no summary, nothing when clean)
  --exit-zero          exit 0 even when there are findings
  --verify-budget SEC  seconds of gradient verification per file (default 5)
  --jobs N             worker threads for several files (default: one per core on more than 2 cores, else 1)
  --no-config          ignore pyproject.toml [tool.backprop-lint], backprop-lint.json and package.json "backpropLint"

exit status: 0 clean, 1 findings, 2 usage error or a file not analysed
codes: ${ALL_CODES.join(', ')}`;

function codeList(v: string | undefined, option: string): DiagnosticCode[] {
  if (!v) throw new UsageError(`${option} takes a list of codes`);
  const codes = v.split(',').map((c) => c.trim()).filter(Boolean);
  for (const c of codes) if (!isDiagnosticCode(c)) throw new UsageError(`${option}: unknown code '${c}' (codes: ${ALL_CODES.join(', ')})`);
  return codes as DiagnosticCode[];
}

export function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  const args: Args = { command: 'check', format: 'text', fix: false, quiet: false, exitZero: false, ignore: [], noConfig: false, paths: [] };
  if (command === '--help' || command === '-h' || command === 'help') return { ...args, command: 'help' };
  if (command === '--version' || command === '-V') return { ...args, command: 'version' };
  if (!command) throw new UsageError('');
  if (command !== 'check' && command !== 'shapes' && command !== 'explain') throw new UsageError(`unknown command '${command}'`);
  args.command = command;
  for (let i = 0; i < rest.length; i++) {
    const raw = rest[i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const a = eq > 0 ? raw.slice(0, eq) : raw;
    const value = () => (eq > 0 ? raw.slice(eq + 1) : rest[++i]);
    if (a === '--help' || a === '-h') return { ...args, command: 'help' };
    if (a === '--format') {
      const v = value();
      if (!(FORMATS as readonly string[]).includes(v ?? '')) throw new UsageError(`--format takes ${FORMATS.join(', ')}, not '${v ?? ''}'`);
      if (command !== 'check' && v !== 'text' && v !== 'json') throw new UsageError(`${command} --format takes text or json`);
      args.format = v as OutputFormat;
    } else if (a === '--fix') args.fix = true;
    else if (a === '--quiet' || a === '-q') args.quiet = true;
    else if (a === '--exit-zero') args.exitZero = true;
    else if (a === '--no-config') args.noConfig = true;
    else if (a === '--select') args.select = codeList(value(), '--select');
    else if (a === '--ignore') args.ignore.push(...codeList(value(), '--ignore'));
    else if (a === '--verify-budget') {
      const v = Number(value());
      if (!(v > 0) || !Number.isFinite(v)) throw new UsageError('--verify-budget takes a positive number of seconds');
      args.verifyBudgetSeconds = v;
    } else if (a === '--jobs' || a === '-j') {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 1) throw new UsageError('--jobs takes a whole number ≥ 1');
      args.jobs = v;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
    else args.paths.push(raw);
  }
  if (args.paths.length === 0) throw new UsageError('no path given');
  if ((command === 'shapes' || command === 'explain') && args.paths.length !== 1) throw new UsageError(`${command} takes one file`);
  return args;
}
