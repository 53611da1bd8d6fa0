// Runs every benchmark and prints one Markdown report (also written to bench/last-run.md).
// `npm run bench` (builds first), or `npx tsx bench/run.ts` with an up-to-date dist/.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchBounds, boundsRows } from './bounds';
import { benchCli, cliRows } from './cli';
import { benchEngine, engineRows, WARM_RUNS, WARMUP_RUNS } from './engine';
import { generateInputs, REPO_ROOT } from './inputs';
import { benchServer, serverRows } from './server';
import { benchVerify, verifyRows } from './verify';
import { benchGraph, benchGraphRequest, graphRequestRows, graphRows } from './graph';
import { nowMs, type Row } from './stats';

function cell(s: string | undefined): string {
  return (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(rows: Row[]): string {
  const out = ['| Benchmark | Figure | Measured | Target | Result | Notes |', '|---|---|---:|---|---|---|'];
  let lastSection = '';
  for (const r of rows) {
    const section = r.section === lastSection ? '' : r.section;
    lastSection = r.section;
    const result = r.pass === undefined ? '' : r.pass ? 'pass' : '**FAIL**';
    out.push(`| ${cell(section)} | ${cell(r.figure)} | ${cell(r.value)} | ${cell(r.target)} | ${result} | ${cell(r.note)} |`);
  }
  return out.join('\n');
}

function machine(): string[] {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
  return [
    `- Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}`,
    `- Node ${process.version}; load average at start ${load}`,
  ];
}

async function main(): Promise<void> {
  const started = nowMs();
  const date = new Date().toISOString();
  const header = machine();
  const inputs = generateInputs();
  const lines: string[] = [];
  try {
    process.stderr.write(`bench: inputs in ${inputs.root}\nbench: engine (${WARMUP_RUNS} warm-ups + ${WARM_RUNS} runs per file, cold runs in fresh processes)…\n`);
    const engine = engineRows(benchEngine(inputs));
    process.stderr.write('bench: gradient verification…\n');
    const verify = verifyRows(benchVerify());
    process.stderr.write('bench: graph…\n');
    const graph = [...graphRows(benchGraph()), ...graphRequestRows(await benchGraphRequest())];
    process.stderr.write('bench: CLI…\n');
    const cli = cliRows(benchCli(inputs.small));
    process.stderr.write('bench: CLI bounds (hostile programs, a 200-file folder)…\n');
    const bounds = boundsRows(benchBounds());
    process.stderr.write('bench: language servers (scripted editing sessions)…\n');
    const server = await benchServer(inputs);
    const rows = [...engine, ...verify, ...graph, ...cli, ...bounds, ...serverRows(server)];
    const failed = rows.filter((r) => r.pass === false).length;
    const withTarget = rows.filter((r) => r.pass !== undefined).length;

    lines.push(`# Backprop Lint benchmarks`, '', `Run ${date}, ${((nowMs() - started) / 1000).toFixed(0)} s in all.`, '', ...header);
    lines.push(
      `- Inputs (generated in ${os.tmpdir()}): \`${inputs.small.label}\` = test/fixtures/python/planar/correct/planar.py as is (${inputs.small.lines} lines); ` +
        `\`${inputs.large.label}\` = its header plus renamed copies of its functions (\`f\` → \`f_k\` in copy k), ${inputs.large.lines} lines; ` +
        `planar_utils.py beside both; ${inputs.pythonCheck}.`,
    );
    lines.push(`- ${withTarget - failed} of ${withTarget} figures with a target pass.`, '');
    lines.push(table(rows), '');
    lines.push('Notes:', '');
    lines.push(
      `- Engine figures are \`analyzeDocument\`'s own \`timings.parseMs\` / \`timings.analyzeMs\` (run from TypeScript source via tsx); ` +
        `"parse + analysis" is their sum per run. Cold = the first call in a fresh Node process (module loading excluded).`,
    );
    lines.push(
      '- Verification figures are `timings.verifyMs`: concrete runs of the forward, cost and backward code on random inputs, ' +
        'gradient checks, the repair search\'s re-runs when a gradient is wrong, and derivations. Engine "analysis" figures exclude it.',
    );
    lines.push('- CLI figures are whole-process wall times from spawn to exit, after one untimed run; `node -e 0` shows the Node startup floor.');
    lines.push(
      '- Server sessions: initialize, didOpen, then 41 incremental didChange edits on a gradient line of backward_propagation ' +
        '(clear `np.sum(dZ2, axis=1, keepdims=True)`, type `np.sum(dZ2, axis=1)` a character at a time, backspace `)`, type `, keepdims=True)`, ' +
        'backspace and retype the `.T` of `A1.T` in the dW2 line; in the 10,000-line file, the occurrence nearest the middle). ' +
        'Each edit is sent after the previous edit\'s diagnostics arrived, and its latency runs from sending the didChange to the ' +
        'publishDiagnostics carrying that document version, so it includes the pause before analysing. Memory is VmRSS / VmHWM from /proc/<pid>/status ' +
        '(Backprop Lint\'s worker thread is in the same process).',
    );
    for (const n of server.notes) lines.push(`- ${n}`);
  } finally {
    inputs.cleanup();
  }
  const report = lines.join('\n') + '\n';
  process.stdout.write(report);
  fs.writeFileSync(path.join(REPO_ROOT, 'bench', 'last-run.md'), report);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
