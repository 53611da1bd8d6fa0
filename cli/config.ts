// The project configuration as the CLI applies it: found from each file's folder upwards (cached per
// folder), with the command line's --select / --ignore / --verify-budget over it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_VERIFY_BUDGET_SECONDS, configuredSeverity, findProjectConfig, type DiagnosticCode, type Finding, type ProjectConfig } from '../engine/index';


export interface Overrides {
  select?: DiagnosticCode[];
  ignore: DiagnosticCode[];
  verifyBudgetSeconds?: number;
  noConfig: boolean;
}

const diskReader = {
  read(file: string): string | undefined {
    try {
      return fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  },
};

const byDir = new Map<string, ProjectConfig | undefined>();

/** The configuration that applies to `file` (undefined: none, or --no-config). */
export function configFor(file: string, o: Pick<Overrides, 'noConfig'>): ProjectConfig | undefined {
  if (o.noConfig) return undefined;
  const dir = path.resolve(path.dirname(file));
  if (!byDir.has(dir)) byDir.set(dir, findProjectConfig(dir, diskReader));
  return byDir.get(dir);
}

/** The findings a file reports under its configuration and the command line, with their configured severities. */
export function applyConfig(findings: Finding[], config: ProjectConfig | undefined, o: Overrides): Finding[] {
  const effective: ProjectConfig | undefined =
    config || o.select || o.ignore.length
      ? {
          ...(config ?? { file: '', root: '', severity: {}, exclude: [], dimensionNames: [], problems: [], ignore: [] }),
          select: o.select ?? config?.select,
          ignore: [...(config?.ignore ?? []), ...o.ignore],
        }
      : undefined;
  const out: Finding[] = [];
  for (const f of findings) {
    const severity = configuredSeverity(effective, f.code, f.severity);
    if (severity !== 'off') out.push(severity === f.severity ? f : { ...f, severity });
  }
  return out;
}

export function verifyBudgetMs(config: ProjectConfig | undefined, o: Overrides): number {
  return 1000 * (o.verifyBudgetSeconds ?? config?.verifyBudgetSeconds ?? DEFAULT_VERIFY_BUDGET_SECONDS);
}
