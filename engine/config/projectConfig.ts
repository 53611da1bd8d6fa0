// A project's own configuration for backprop-lint, read by the CLI and the language server alike:
//   [tool.backprop-lint] in pyproject.toml
//   backprop-lint.json
//   "backpropLint" in package.json
// Parsing only (no file system): findConfig.ts finds the file through a reader the caller gives.
// Keys (kebab-case, or camelCase as JSON likes): severity (per code: error, warning, information,
// hint, off), select / ignore (codes), include / exclude (globs relative to the file's folder),
// verify-budget (seconds of gradient verification per file, CLI), dimension-names.

import { parse as parseToml } from 'smol-toml';
import { isDiagnosticCode, type DiagnosticCode, type Severity } from '../diagnostics/codes';

export type SeverityOrOff = Severity | 'off';
const SEVERITIES: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];

export type ConfigFileKind = 'pyproject' | 'json' | 'package';

/** The file names, most specific first: in one folder, the first that holds a configuration wins. */
export const CONFIG_FILES: readonly { name: string; kind: ConfigFileKind }[] = [
  { name: 'backprop-lint.json', kind: 'json' },
  { name: 'pyproject.toml', kind: 'pyproject' },
  { name: 'package.json', kind: 'package' },
];

export interface ProjectConfig {
  /** The file it came from, and its folder (globs are relative to it). */
  file: string;
  root: string;
  severity: Partial<Record<DiagnosticCode, SeverityOrOff>>;
  /** Only these codes are reported (undefined: all). */
  select?: DiagnosticCode[];
  ignore: DiagnosticCode[];
  /** Files found under folders are checked only when they match one of these (undefined: every analysable file). */
  include?: string[];
  exclude: string[];
  /** Gradient verification's wall-clock budget per file in the CLI, seconds. */
  verifyBudgetSeconds?: number;
  dimensionNames: string[];
  /** What was wrong in the file (unknown keys, bad values); the rest of it still applies. */
  problems: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The tool's section of a configuration file's text; undefined when the file has none. Throws on a file that does not parse. */
function sectionOf(kind: ConfigFileKind, text: string): unknown {
  if (kind === 'pyproject') {
    const tool = (parseToml(text) as Record<string, unknown>).tool;
    return isRecord(tool) ? tool['backprop-lint'] : undefined;
  }
  const json: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
  if (kind === 'package') return isRecord(json) ? json.backpropLint : undefined;
  return json;
}

const KEYS = ['severity', 'select', 'ignore', 'include', 'exclude', 'verify-budget', 'dimension-names'] as const;
type Key = (typeof KEYS)[number];

function camel(key: string): string {
  return key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Reads one configuration file's text. Undefined when the file holds no backprop-lint section (a
 * pyproject.toml for other tools); a file that does not parse gives a configuration with a problem.
 */
export function parseProjectConfig(kind: ConfigFileKind, text: string, file: string, root: string): ProjectConfig | undefined {
  const config: ProjectConfig = { file, root, severity: {}, ignore: [], exclude: [], dimensionNames: [], problems: [] };
  let raw: unknown;
  try {
    raw = sectionOf(kind, text);
  } catch (err) {
    config.problems.push(`cannot be read: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return config;
  }
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    config.problems.push('the backprop-lint section is not a table');
    return config;
  }
  const get = (key: Key): unknown => raw[key] ?? raw[camel(key)];
  for (const k of Object.keys(raw)) {
    if (!KEYS.some((key) => key === k || camel(key) === k)) config.problems.push(`unknown key '${k}'`);
  }
  const strings = (key: Key): string[] | undefined => {
    const v = get(key);
    if (v === undefined) return undefined;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    config.problems.push(`'${key}' must be a list of strings`);
    return undefined;
  };
  const codes = (key: Key): DiagnosticCode[] | undefined => {
    const list = strings(key);
    if (!list) return undefined;
    for (const c of list) if (!isDiagnosticCode(c)) config.problems.push(`'${key}': unknown code '${c}'`);
    return list.filter(isDiagnosticCode);
  };
  const severity = get('severity');
  if (severity !== undefined) {
    if (!isRecord(severity)) config.problems.push(`'severity' must be a table of code = level`);
    else {
      for (const [code, level] of Object.entries(severity)) {
        if (!isDiagnosticCode(code)) config.problems.push(`'severity': unknown code '${code}'`);
        else if (typeof level !== 'string' || !SEVERITIES.includes(level)) config.problems.push(`'severity': ${code} must be one of ${SEVERITIES.join(', ')}`);
        else config.severity[code] = level as SeverityOrOff;
      }
    }
  }
  config.select = codes('select');
  config.ignore = codes('ignore') ?? [];
  config.include = strings('include');
  config.exclude = strings('exclude') ?? [];
  config.dimensionNames = (strings('dimension-names') ?? []).filter((n) => n.length > 0);
  const budget = get('verify-budget');
  if (budget !== undefined) {
    if (typeof budget === 'number' && budget > 0 && Number.isFinite(budget)) config.verifyBudgetSeconds = budget;
    else config.problems.push(`'verify-budget' must be a positive number of seconds`);
  }
  return config;
}

/** The severity a code is reported at under this configuration (`off`: not reported); `fallback` is the code's default. */
export function configuredSeverity(config: ProjectConfig | undefined, code: DiagnosticCode, fallback: Severity): SeverityOrOff {
  if (!config) return fallback;
  if (config.ignore.includes(code) || (config.select && !config.select.includes(code))) return 'off';
  return config.severity[code] ?? fallback;
}
