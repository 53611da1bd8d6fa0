// `--format github`: GitHub Actions workflow commands, one annotation per finding
// (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), shown on the pull request's
// lines. Values are escaped as the runner expects (% CR LF, and , : in properties).

import type { FileReport } from './checkFile';
import { cellLabel } from './locations';

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubLines(reports: FileReport[]): string[] {
  const out: string[] = [];
  for (const r of reports) {
    if (r.notAnalysed) {
      out.push(`::error file=${escapeProperty(r.path)},title=${escapeProperty('backprop-lint: not analysed')}::${escapeData(r.notAnalysed)}`);
      continue;
    }
    for (const f of r.result.findings) {
      const command = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
      const title = escapeProperty(`backprop-lint ${f.code}`);
      if (f.cell !== undefined) {
        // A notebook's lines are not the file's: the annotation goes on the file, the message names the cell.
        out.push(`::${command} file=${escapeProperty(r.path)},title=${title}::${escapeData(`${cellLabel(r.cellNumbers, f.cell)}, line ${f.range.start.line + 1}: ${f.message}`)}`);
        continue;
      }
      const s = f.range.start;
      const e = f.range.end;
      out.push(`::${command} file=${escapeProperty(r.path)},line=${s.line + 1},col=${s.column + 1},endLine=${e.line + 1},endColumn=${e.column + 1},title=${title}::${escapeData(f.message)}`);
    }
    if (r.result.verificationCutShort) out.push(`::notice file=${escapeProperty(r.path)},title=${escapeProperty('backprop-lint: verification cut short')}::${escapeData(r.result.verificationCutShort)}`);
  }
  return out;
}
