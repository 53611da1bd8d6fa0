// `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. One run; the driver lists every
// code as a rule (with its help link and default level); each finding is a result with its rule, level,
// message and a physical location: the file's path relative to the working folder (`/`-separated,
// under %SRCROOT%) and a 1-based region. A notebook has no lines of its own in SARIF's sense: its
// results name the cell in the message and give no region. A file not analysed is a notification.

import * as path from 'node:path';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import { ALL_CODES, DIAGNOSTIC_CODES, type DiagnosticCode, type Severity } from '../engine/index';
import type { FileReport } from './checkFile';
import { cellLabel } from './locations';
import { VERSION } from './version';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * A code's documentation: its page in the repository (docs/diagnostics/<code>.md, the page the editor's
 * diagnostics link to), relative to the repository root until the documentation has a published
 * address; GitHub shows the rule's `help` text beside it.
 */
export function ruleHelpUri(code: DiagnosticCode): string {
  return `docs/diagnostics/${code}.md`;
}

function level(s: Severity): Result.level {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

function artifactUri(file: string, cwd: string): string {
  const rel = path.relative(cwd, path.resolve(file));
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}

export function sarifLog(reports: FileReport[], cwd = process.cwd()): Log {
  const rules: ReportingDescriptor[] = ALL_CODES.map((code) => ({
    id: code,
    name: code.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: DIAGNOSTIC_CODES[code].summary },
    helpUri: ruleHelpUri(code),
    help: { text: DIAGNOSTIC_CODES[code].summary, markdown: `${DIAGNOSTIC_CODES[code].summary} See [${code}](${ruleHelpUri(code)}).` },
    defaultConfiguration: { level: level(DIAGNOSTIC_CODES[code].severity) },
  }));
  const results: Result[] = [];
  const notifications: Notification[] = [];
  for (const r of reports) {
    const uri = artifactUri(r.path, cwd);
    if (r.notAnalysed) {
      notifications.push({ level: 'error', message: { text: `${r.path}: not analysed: ${r.notAnalysed}` }, locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' } } }] });
      continue;
    }
    for (const f of r.result.findings) {
      const inCell = f.cell !== undefined;
      results.push({
        ruleId: f.code,
        ruleIndex: ALL_CODES.indexOf(f.code),
        level: level(f.severity),
        message: { text: inCell ? `${cellLabel(r.cellNumbers, f.cell!)}, line ${f.range.start.line + 1}: ${f.message}` : f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
              ...(inCell
                ? {}
                : {
                    region: {
                      startLine: f.range.start.line + 1,
                      startColumn: f.range.start.column + 1,
                      endLine: f.range.end.line + 1,
                      endColumn: f.range.end.column + 1,
                    },
                  }),
            },
          },
        ],
      });
    }
  }
  return {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [
      {
        tool: { driver: { name: 'backprop-lint', version: VERSION, informationUri: 'README.md', rules } },
        results,
        invocations: [{ executionSuccessful: notifications.length === 0, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
      },
    ],
  };
}
