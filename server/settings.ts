// The `backpropLint.*` settings: their type, defaults and normalisation. Shared by the server and
// the client; package.json `contributes.configuration` mirrors this file (a protocol test checks it).
// No vscode or LSP imports here.

import {
  ALL_CODES,
  DIAGNOSTIC_CODES,
  anyGlobMatches,
  configuredSeverity,
  isDiagnosticCode,
  relativeToConfig,
  type DiagnosticCode,
  type ProjectConfig,
  type Severity,
} from '../engine/index';

/** The configuration section every setting lives under. */
export const SETTINGS_SECTION = 'backpropLint';

export type SeveritySetting = Severity | 'off';

export const SEVERITY_SETTING_VALUES: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

export type TraceSetting = 'off' | 'messages' | 'verbose';

export const TRACE_SETTING_VALUES: readonly TraceSetting[] = ['off', 'messages', 'verbose'];

export interface Settings {
  enable: boolean;
  /** Per code; a code missing here keeps the engine's default severity. */
  severity: Partial<Record<DiagnosticCode, SeveritySetting>>;
  inlayHints: { enabled: boolean };
  dimensionNames: string[];
  /** Read by the client only (vscode-languageclient traces the JSON-RPC traffic). */
  trace: { server: TraceSetting };
}

function defaultSeverities(): Record<DiagnosticCode, SeveritySetting> {
  const out = {} as Record<DiagnosticCode, SeveritySetting>;
  for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) out[code as DiagnosticCode] = info.severity;
  return out;
}

const defaults: Settings = {
  enable: true,
  severity: defaultSeverities(),
  inlayHints: { enabled: true },
  dimensionNames: [],
  trace: { server: 'off' },
};

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(defaults);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Turns whatever the client sent for the section into complete settings; bad values fall back to defaults. */
export function normalizeSettings(raw: unknown): Settings {
  const r = isRecord(raw) ? raw : {};
  const severity: Partial<Record<DiagnosticCode, SeveritySetting>> = { ...DEFAULT_SETTINGS.severity };
  if (isRecord(r.severity)) {
    for (const [code, level] of Object.entries(r.severity)) {
      if (isDiagnosticCode(code) && typeof level === 'string' && (SEVERITY_SETTING_VALUES as readonly string[]).includes(level)) {
        severity[code] = level as SeveritySetting;
      }
    }
  }
  const inlay = isRecord(r.inlayHints) ? r.inlayHints : {};
  const trace = isRecord(r.trace) ? r.trace : {};
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
    severity,
    inlayHints: { enabled: typeof inlay.enabled === 'boolean' ? inlay.enabled : DEFAULT_SETTINGS.inlayHints.enabled },
    dimensionNames: Array.isArray(r.dimensionNames)
      ? r.dimensionNames.filter((n): n is string => typeof n === 'string' && n.length > 0)
      : [...DEFAULT_SETTINGS.dimensionNames],
    trace: {
      server: typeof trace.server === 'string' && (TRACE_SETTING_VALUES as readonly string[]).includes(trace.server)
        ? (trace.server as TraceSetting)
        : DEFAULT_SETTINGS.trace.server,
    },
  };
}

/**
 * The settings for one file, given the project's configuration file (pyproject.toml
 * [tool.backprop-lint], backprop-lint.json, package.json "backpropLint"; engine/config): the project
 * sets severities (and select/ignore), dimension names and which files are checked, and the editor's
 * settings override it: a severity the editor sets to anything but the code's default wins, and the
 * editor's dimension names are added to the project's. A file the project excludes (or does not
 * include) is not analysed. The project's verify-budget is the CLI's; the editor keeps its own budget.
 */
export function withProjectConfig(editor: Settings, project: ProjectConfig | undefined, file: string | undefined): Settings {
  if (!project) return editor;
  const severity: Partial<Record<DiagnosticCode, SeveritySetting>> = {};
  for (const code of ALL_CODES) {
    const builtIn = DIAGNOSTIC_CODES[code].severity;
    const own = editor.severity[code] ?? builtIn;
    severity[code] = own !== builtIn ? own : configuredSeverity(project, code, builtIn);
  }
  const rel = file !== undefined ? relativeToConfig(project, file) : undefined;
  const excluded = rel !== undefined && ((project.exclude.length > 0 && anyGlobMatches(project.exclude, rel)) || (project.include !== undefined && !anyGlobMatches(project.include, rel)));
  return {
    ...editor,
    enable: editor.enable && !excluded,
    severity,
    dimensionNames: [...new Set([...project.dimensionNames, ...editor.dimensionNames])],
  };
}
